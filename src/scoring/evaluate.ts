/**
 * Evaluate one unit against a compiled rule set: leaves from entries (aggregated over assessors),
 * groups bottom-up with weights, not-applicable handling, deduction floors, caps and gates, per-object
 * subtrees, then vetoes and thresholds. Rounding happens once, on the final total.
 */
import * as X from './exact';
import type { Q } from './exact';
import { isGroup, type CompiledRuleSet } from './compile';
import type { GroupNode, Leaf, RuleNode } from './ruleSchema';
import type { Assessor, ScoreEntry, Unit } from './sheetSchema';
import type { EvaluatedUnit, Explanation, NodeResult, TriggeredVeto } from './result';
import { scoreLeaf } from './leafScore';
import { aggregate, type AssessorScore } from './assessors';
import { collectVetoes, applyEffects, collectThresholds } from './veto';

export interface EvaluateOptions {
  /** build the "why" trail (costly at nation scale; the UI asks for it per unit) */
  explain?: boolean;
}

export interface NodeValue {
  score: Q;
  max: Q;
  applicable: boolean;
  gatedOut?: boolean;
}

const NO_OBJECT = '';
const memoKey = (key: string, objectId: string): string => `${key}|${objectId}`;
const fmt = (q: Q): string => X.formatShort(q);

/** Entries of one unit, indexed by node and object, one per assessor (highest revision wins). */
export class UnitSheet {
  private readonly byNode = new Map<string, ScoreEntry[]>();
  private readonly byObject = new Map<string, ScoreEntry[]>();

  constructor(entries: readonly ScoreEntry[] = []) {
    for (const e of entries) this.put(e);
  }

  /** Add or replace an entry (same id, or same assessor for the same cell). */
  put(e: ScoreEntry): void {
    const map = e.objectId === undefined ? this.byNode : this.byObject;
    const k = e.objectId === undefined ? e.node : memoKey(e.node, e.objectId);
    const list = map.get(k);
    if (!list) {
      map.set(k, [e]);
      return;
    }
    const i = list.findIndex((x) => x.assessorId === e.assessorId);
    if (i < 0) list.push(e);
    else if (e.rev >= list[i]!.rev || e.id === list[i]!.id) list[i] = e;
  }

  remove(e: ScoreEntry): boolean {
    const map = e.objectId === undefined ? this.byNode : this.byObject;
    const k = e.objectId === undefined ? e.node : memoKey(e.node, e.objectId);
    const list = map.get(k);
    const i = list?.findIndex((x) => x.id === e.id) ?? -1;
    if (!list || i < 0) return false;
    list.splice(i, 1);
    return true;
  }

  get(node: string, objectId: string): readonly ScoreEntry[] {
    return (objectId === NO_OBJECT ? this.byNode.get(node) : this.byObject.get(memoKey(node, objectId))) ?? EMPTY;
  }
}

const EMPTY: readonly ScoreEntry[] = [];

export class UnitEvaluator {
  readonly trail: Explanation[] = [];
  /** node values at unit level, and per object for per-object subtrees */
  private readonly memo = new Map<string, NodeValue>();
  private readonly objectMemo = new Map<string, Map<string, NodeValue>>();
  private readonly perObject = new Map<string, { objectId: string; value: NodeValue }[]>();
  private readonly excluded: Set<string>;
  private readonly inProgress = new Set<string>();
  readonly zeroed = new Set<string>();
  private readonly owners = new Map<string, string>();

  constructor(
    readonly c: CompiledRuleSet,
    readonly unit: Unit,
    readonly sheet: UnitSheet,
    assessors: readonly Assessor[],
    readonly explain: boolean,
  ) {
    const cls = c.ruleSet.unitClasses.find((k) => k.key === unit.unitClass);
    this.excluded = new Set(cls?.excludes ?? []);
    for (const a of assessors) for (const k of a.owns) this.owners.set(k, a.id);
  }

  /** Add a line to the "why" trail; the text is only built when explanations are asked for. */
  note(node: string, objectId: string, text: () => string): void {
    if (!this.explain) return;
    const t = text();
    this.trail.push(objectId === NO_OBJECT ? { node, text: t } : { node, objectId, text: t });
  }

  /** The assessor owning a node: declared on the node or its nearest ancestor. */
  ownerOf(key: string): string | undefined {
    for (let k: string | undefined = key; k !== undefined; k = this.c.parent.get(k)) {
      const o = this.owners.get(k);
      if (o !== undefined) return o;
    }
    return undefined;
  }

  /** Entries that count for a node under the aggregation mode (owner mode: the owner's, when present). */
  counted(node: string, objectId: string, ownerKey = node): readonly ScoreEntry[] {
    const all = this.sheet.get(node, objectId);
    if (this.c.ruleSet.assessors.aggregate !== 'owner' || all.length < 2) return all;
    const owner = this.ownerOf(ownerKey);
    const own = all.filter((e) => e.assessorId === owner);
    return own.length > 0 ? own : all;
  }

  objectsOf(scope: GroupNode): { id: string }[] {
    return this.unit.objects.filter((o) => o.kind === scope.perObject?.kind);
  }

  value(key: string, objectId: string): NodeValue {
    const node = this.c.byKey.get(key);
    if (!node) throw new Error(`unknown node ${key}`);
    return this.evalNode(node, objectId);
  }

  private memoFor(objectId: string): Map<string, NodeValue> {
    if (objectId === NO_OBJECT) return this.memo;
    let m = this.objectMemo.get(objectId);
    if (!m) this.objectMemo.set(objectId, (m = new Map()));
    return m;
  }

  remember(key: string, objectId: string, v: NodeValue): void {
    this.memoFor(objectId).set(key, v);
  }

  recalled(key: string, objectId: string): NodeValue | undefined {
    return (objectId === NO_OBJECT ? this.memo : this.objectMemo.get(objectId))?.get(key);
  }

  evalNode(node: RuleNode, objectId: string): NodeValue {
    const memo = this.memoFor(objectId);
    const hit = memo.get(node.key);
    if (hit) return hit;
    // only gates can revisit a node under evaluation; validation rejects gate cycles, this guards bundles
    const mk = memoKey(node.key, objectId);
    if (this.inProgress.has(mk)) throw new Error(`gate cycle through ${node.key}`);
    this.inProgress.add(mk);
    const v = this.compute(node, objectId);
    this.inProgress.delete(mk);
    memo.set(node.key, v);
    return v;
  }

  private isMarkedNotApplicable(node: RuleNode, objectId: string): boolean {
    return this.counted(node.key, objectId).some((e) => e.notApplicable === true);
  }

  private compute(node: RuleNode, objectId: string): NodeValue {
    if (this.isMarkedNotApplicable(node, objectId)) {
      this.note(node.key, objectId, () => `“${node.name}”不适用`);
      return { score: X.ZERO, max: this.c.maxOf(node.key), applicable: false };
    }
    if (!isGroup(node)) return this.evalLeaf(node, objectId);
    if (node.perObject && objectId === NO_OBJECT) return this.evalPerObject(node);
    return this.evalGroup(node, objectId);
  }

  private evalLeaf(leaf: Leaf, objectId: string): NodeValue {
    const max = this.c.maxOf(leaf.key);
    const entries = this.counted(leaf.key, objectId);
    if (entries.length <= 1) {
      const s = scoreLeaf(leaf, entries[0], this.explain);
      if (s.detail) this.note(leaf.key, objectId, () => `${leaf.name}：${s.detail}`);
      return { score: s.score, max, applicable: true };
    }
    const scores: AssessorScore[] = [];
    const parts: string[] = [];
    // explanations list assessors in a stable order; the aggregates themselves do not depend on order
    for (const e of this.explain ? [...entries].sort((a, b) => (a.assessorId < b.assessorId ? -1 : 1)) : entries) {
      const s = scoreLeaf(leaf, e, false);
      scores.push({ assessorId: e.assessorId, score: s.score });
      if (this.explain) parts.push(fmt(s.score));
    }
    const agg = aggregate(scores, this.c.ruleSet.assessors.aggregate, this.ownerOf(leaf.key));
    this.note(leaf.key, objectId, () => `${leaf.name}：${scores.length} 名评分人 ${parts.join('、')}，取${agg.how} ${fmt(agg.score)}`);
    return { score: agg.score, max, applicable: true };
  }

  private evalPerObject(node: GroupNode): NodeValue {
    const objects = this.objectsOf(node);
    const values = objects.map((o) => ({
      objectId: o.id,
      // one object (a website without services, say) may be marked not applicable on its own
      value: this.isMarkedNotApplicable(node, o.id)
        ? { score: X.ZERO, max: this.c.maxOf(node.key), applicable: false }
        : this.evalGroup(node, o.id),
    }));
    for (const v of values) this.remember(node.key, v.objectId, v.value);
    this.perObject.set(node.key, values);
    const applicable = values.filter((v) => v.value.applicable);
    if (applicable.length === 0) {
      this.note(node.key, NO_OBJECT, () => `“${node.name}”无适用的${node.perObject?.kind ?? ''}对象，不计`);
      return { score: X.ZERO, max: this.c.maxOf(node.key), applicable: false };
    }
    const scores = applicable.map((v) => v.value.score);
    const mode = node.perObject?.aggregate ?? 'mean';
    const score =
      mode === 'mean'
        ? X.div(X.sum(scores), X.int(scores.length))
        : scores.reduce(mode === 'min' ? X.min : X.max);
    const max = applicable.map((v) => v.value.max).reduce(X.max);
    const how = { mean: '平均', min: '最低', max: '最高' }[mode];
    this.note(node.key, NO_OBJECT, () => `“${node.name}”${applicable.length} 个对象取${how}：${fmt(score)}`);
    return { score, max, applicable: true };
  }

  private gatePasses(child: RuleNode, objectId: string): boolean {
    const gate = child.gate;
    if (!gate) return true;
    const refObject = this.c.objectScopeOf(gate.node) ? objectId : NO_OBJECT;
    const ref = this.value(gate.node, refObject);
    const refName = this.c.byKey.get(gate.node)?.name ?? gate.node;
    const ok =
      ref.applicable &&
      (gate.above !== undefined ? X.gt(ref.score, X.dec(gate.above)) : X.cmp(ref.score, X.dec(gate.atLeast ?? 0)) >= 0);
    if (!ok) {
      const cond = gate.above !== undefined ? `超过 ${gate.above}` : `达到 ${gate.atLeast}`;
      this.note(child.key, objectId, () => `“${child.name}”不计分：“${refName}”得分 ${fmt(ref.score)} 未${cond}`);
    }
    return ok;
  }

  private evalGroup(node: GroupNode, objectId: string): NodeValue {
    let sumA = X.ZERO;
    let maxA = X.ZERO;
    let maxNA = X.ZERO;
    const applicable: { weighted: Q; weightedMax: Q }[] = [];
    for (const child of node.children) {
      if (this.excluded.has(child.key)) continue; // the unit's class has no such item
      const v = this.evalNode(child, objectId);
      const w = X.dec(child.weight ?? 1);
      if (!v.applicable) {
        maxNA = X.add(maxNA, X.mul(w, v.max));
        continue;
      }
      let score = v.score;
      if (child.gate && !this.gatePasses(child, objectId)) {
        score = X.ZERO;
        this.remember(child.key, objectId, { ...v, score, gatedOut: true });
      }
      const weighted = X.mul(w, score);
      const weightedMax = X.mul(w, v.max);
      sumA = X.add(sumA, weighted);
      maxA = X.add(maxA, weightedMax);
      applicable.push({ weighted, weightedMax });
    }
    if (applicable.length === 0) return { score: X.ZERO, max: X.add(maxA, maxNA), applicable: false };

    let score = sumA;
    let max = maxA;
    if (X.gt(maxNA, X.ZERO)) {
      const policy = node.notApplicable ?? 'rescale';
      if (policy === 'rescale' && X.gt(maxA, X.ZERO)) {
        max = X.add(maxA, maxNA);
        score = X.mul(sumA, X.div(max, maxA));
        this.note(node.key, objectId, () => `“${node.name}”有不适用项，按 ${fmt(maxA)} 分折算：×${fmt(max)}/${fmt(maxA)} = ${fmt(score)}`);
      } else if (policy === 'redistribute') {
        const sharers = applicable.filter((a) => X.gt(a.weightedMax, X.ZERO));
        const share = X.div(maxNA, X.int(Math.max(1, sharers.length)));
        score = X.sum(
          applicable.map((a) =>
            X.gt(a.weightedMax, X.ZERO) ? X.mul(a.weighted, X.div(X.add(a.weightedMax, share), a.weightedMax)) : a.weighted,
          ),
        );
        max = X.add(maxA, maxNA);
        this.note(node.key, objectId, () => `“${node.name}”不适用项的 ${fmt(maxNA)} 分平均分配给其余 ${sharers.length} 项：${fmt(score)}`);
      } else {
        this.note(node.key, objectId, () => `“${node.name}”去掉不适用项，满分为 ${fmt(max)}`);
      }
    }
    if (node.max !== undefined) {
      const cap = X.min(X.dec(node.max), max);
      if (X.gt(score, cap)) this.note(node.key, objectId, () => `“${node.name}”${fmt(score)} 超过上限，按 ${fmt(cap)} 计`);
      score = X.min(score, cap);
      max = cap;
    }
    if (node.floor !== false && X.lt(score, X.ZERO)) {
      this.note(node.key, objectId, () => `“${node.name}”扣完为止，记 0 分`);
      score = X.ZERO;
    }
    if (this.zeroed.size > 0 && this.zeroed.has(memoKey(node.key, objectId))) {
      this.note(node.key, objectId, () => `“${node.name}”因否决项记 0 分`);
      score = X.ZERO;
    }
    return { score, max, applicable: true };
  }

  /** Per-node results at unit level; nodes inside a per-object subtree aggregate over objects. */
  nodeResults(display: number): Record<string, NodeResult> {
    const out: Record<string, NodeResult> = {};
    const shown = (q: Q): number => X.toDecimals(q, display);
    for (const [key, node] of this.c.byKey) {
      const scope = this.c.objectScopeOf(key);
      let v = this.memo.get(key);
      let objects: { objectId: string; score: number }[] | undefined;
      if (scope && scope.key !== key) {
        const per = this.objectsOf(scope)
          .map((o) => ({ objectId: o.id, value: this.recalled(key, o.id) }))
          .filter((p): p is { objectId: string; value: NodeValue } => p.value !== undefined);
        objects = per.map((p) => ({ objectId: p.objectId, score: shown(p.value.score) }));
        const app = per.filter((p) => p.value.applicable);
        if (app.length > 0) {
          const scores = app.map((p) => p.value.score);
          const mode = scope.perObject?.aggregate ?? 'mean';
          const score =
            mode === 'mean' ? X.div(X.sum(scores), X.int(scores.length)) : scores.reduce(mode === 'min' ? X.min : X.max);
          v = { score, max: app.map((p) => p.value.max).reduce(X.max), applicable: true };
        }
      } else if (scope && scope.key === key) {
        objects = (this.perObject.get(key) ?? []).map((p) => ({ objectId: p.objectId, score: shown(p.value.score) }));
      }
      const value = v ?? { score: X.ZERO, max: this.c.maxOf(key), applicable: false };
      out[key] = {
        key,
        name: node.name,
        score: shown(value.score),
        exact: value.score,
        max: X.toNumber(value.max),
        maxExact: value.max,
        applicable: value.applicable && !this.excluded.has(key),
        ...(value.gatedOut ? { gatedOut: true } : {}),
        ...(objects ? { objects } : {}),
      };
    }
    return out;
  }
}

export function evaluateUnit(
  c: CompiledRuleSet,
  unit: Unit,
  entries: readonly ScoreEntry[],
  assessors: readonly Assessor[],
  options: EvaluateOptions = {},
): EvaluatedUnit {
  const own = entries.filter((e) => e.unitId === unit.id);
  const ev = new UnitEvaluator(c, unit, new UnitSheet(own), assessors, options.explain ?? false);
  const vetoes: TriggeredVeto[] = collectVetoes(ev);
  const root = ev.value(c.ruleSet.root.key, NO_OBJECT);
  vetoes.push(...collectThresholds(ev));
  const { total: totalExact, unscored } = applyEffects(ev, root.score, vetoes);

  const { precision } = c.ruleSet;
  const rounded = X.roundTo(totalExact, c.step, precision.rounding);
  if (!X.eq(rounded, totalExact)) ev.note(c.ruleSet.root.key, NO_OBJECT, () => `总分 ${X.format(totalExact, 4)} 按 ${precision.step} 取舍为 ${X.format(rounded, precision.display)}`);
  return {
    unitId: unit.id,
    unitName: unit.name,
    group: unit.group,
    total: X.toNumber(rounded),
    totalExact,
    display: X.format(rounded, precision.display),
    maxScore: X.toNumber(root.max),
    unscored,
    nodes: ev.nodeResults(precision.display),
    vetoes,
    trail: ev.trail,
  };
}
