/**
 * Evaluate one unit against a compiled rule set: leaves from entries (aggregated over assessors),
 * groups bottom-up with weights, not-applicable handling, deduction floors, caps and gates, per-object
 * subtrees, then vetoes and thresholds. Rounding happens once, on the final total.
 *
 * Built for a nation-wide group (3,000 units × 150 check points × 3 assessors): node values live in
 * typed arrays indexed by the rule set's plan (plan.ts) and are computed as unboxed fractions (pairs.ts);
 * a leaf reads its entries' scores from the unit's sheet (sheet.ts); node results that many units share
 * are made once (sharedResults.ts). Every shortcut yields the same reduced fraction as the plain
 * arithmetic of exact.ts, so results do not depend on which path computed them.
 */
import * as X from '../arith/exact';
import type { Q } from '../arith/exact';
import type { CompiledRuleSet } from '../rules/compile';
import type { GroupNode, Leaf } from '../../model/ruleSet';
import type { Assessor, ScoreEntry, Unit } from '../../model/entries';
import type { EvaluatedUnit, Explanation, NodeResult, TriggeredVeto } from '../result';
import { entryScore, scoreInto, scoreLeaf } from './leafScore';
import { aggregate, type AssessorScore } from './assessors';
import { collectVetoes, applyEffects, collectThresholds, zeroTargets } from './veto';
import { planOf, type Plan } from '../rules/plan';
import { APPLICABLE, BUSY, DONE, GATED, releaseValues, takeValues, Values, type NodeValue } from './nodeValues';
import { notApplicableResult, sharedFor, sharedResult } from './sharedResults';
import { memoKey, SLOTS, SPILLED, UnitSheet } from './entryIndex';
import * as P from '../arith/pairs';
import { unitCompleteness } from './completeness';
import { blendSelf } from './selfBlend';

export interface EvaluateOptions {
  /** build the "why" trail (costly at nation scale; the UI asks for it per unit) */
  explain?: boolean;
  /**
   * Self scores units sent back, by unit id and leaf key. They count only when the rule set has
   * `selfAssessment` (selfBlend.ts); otherwise they are not read at all.
   */
  selfScores?: ReadonlyMap<string, ReadonlyMap<string, number>>;
}

export { UnitSheet };

/**
 * Numbers of a few nodes (indicators, tie-breaks) copied out of each unit's results as they are made, so
 * that ranking and statistics over thousands of units read one packed array instead of every unit's
 * node map. Row `row`, node slot k: exact n, d, maximum n, d, applicable (1/0).
 */
export interface Capture {
  /** slot of each plan node, −1 for nodes not captured */
  slots: Int32Array;
  width: number;
  values: Float64Array;
  row: number;
}

export const CAPTURED = 5;

export type { NodeValue };

const NO_OBJECT = '';
const fmt = (q: Q): string => X.formatShort(q);

function markedNotApplicable(entries: readonly ScoreEntry[]): boolean {
  for (let k = 0; k < entries.length; k++) if (entries[k]!.notApplicable === true) return true;
  return false;
}

export class UnitEvaluator {
  readonly trail: Explanation[] = [];
  readonly zeroed = new Set<string>();
  private readonly plan: Plan;
  /** node values at unit level, and per object for per-object subtrees */
  private readonly top: Values;
  private objectValues: Map<string, Values> | undefined;
  private perObject: Map<number, { objectId: string; value: NodeValue }[]> | undefined;
  private readonly excluded: Uint8Array;
  /** unit-level entries straight from the sheet's cells (a sheet built with this plan) */
  private readonly slotted: boolean;
  /** ... and the cells' scores and marks count as they are (every entry counts: not owner mode) */
  private readonly cells: boolean;
  private readonly ownerMode: boolean;
  private readonly meanMode: boolean;
  private owners: Map<string, string> | undefined;
  /** the unit's class states full marks and rescales its total to them */
  private classMax: { name: string; max: Q } | undefined;

  constructor(
    readonly c: CompiledRuleSet,
    readonly unit: Unit,
    readonly sheet: UnitSheet,
    private readonly assessors: readonly Assessor[],
    readonly explain: boolean,
    /** the unit's self scores by leaf, given only when the rule set weights them */
    private readonly self?: ReadonlyMap<string, number>,
  ) {
    const plan = planOf(c);
    this.plan = plan;
    this.top = takeValues(plan);
    this.excluded = plan.excludedFor(unit.unitClass);
    const cls = c.ruleSet.unitClasses.find((k) => k.key === unit.unitClass);
    if (cls?.max !== undefined && cls.rescale === true) this.classMax = { name: cls.name, max: X.dec(cls.max) };
    this.slotted = sheet.plan === plan;
    const mode = c.ruleSet.assessors.aggregate;
    this.ownerMode = mode === 'owner';
    this.cells = this.slotted && !this.ownerMode;
    this.meanMode = mode === 'mean' && !explain;
  }

  /** Hands the unit-level table to the next unit; the evaluator must not be used afterwards. */
  release(): void {
    releaseValues(this.plan, this.top);
  }

  /** Add a line to the "why" trail; the text is only built when explanations are asked for. */
  note(node: string, objectId: string, text: () => string): void {
    if (!this.explain) return;
    const t = text();
    this.trail.push(objectId === NO_OBJECT ? { node, text: t } : { node, objectId, text: t });
  }

  /** The assessor owning a node: declared on the node or its nearest ancestor. */
  ownerOf(key: string): string | undefined {
    if (!this.owners) {
      this.owners = new Map();
      for (const a of this.assessors) for (const k of a.owns) this.owners.set(k, a.id);
    }
    const i = this.plan.index.get(key);
    if (i === undefined) return this.owners.get(key);
    for (let k = i; k >= 0; k = this.plan.parent[k]!) {
      const o = this.owners.get(this.plan.keys[k]!);
      if (o !== undefined) return o;
    }
    return undefined;
  }

  /** Entries that count for a node under the aggregation mode (owner mode: the owner's, when present). */
  counted(node: string, objectId: string, ownerKey = node): readonly ScoreEntry[] {
    return this.byOwner(this.sheet.get(node, objectId), ownerKey);
  }

  private byOwner(all: readonly ScoreEntry[], ownerKey: string): readonly ScoreEntry[] {
    if (!this.ownerMode || all.length < 2) return all;
    const owner = this.ownerOf(ownerKey);
    const own = all.filter((e) => e.assessorId === owner);
    return own.length > 0 ? own : all;
  }

  private countedAt(i: number, objectId: string): readonly ScoreEntry[] {
    const all = this.slotted && objectId === NO_OBJECT ? this.sheet.at(i) : this.sheet.get(this.plan.keys[i]!, objectId);
    return this.ownerMode ? this.byOwner(all, this.plan.keys[i]!) : all;
  }

  objectsOf(scope: GroupNode): { id: string }[] {
    return this.unit.objects.filter((o) => o.kind === scope.perObject?.kind);
  }

  value(key: string, objectId: string): NodeValue {
    const i = this.plan.index.get(key);
    if (i === undefined) throw new Error(`unknown node ${key}`);
    return this.evalAt(i, objectId).value(i)!;
  }

  private valuesFor(objectId: string): Values {
    if (objectId === NO_OBJECT) return this.top;
    if (!this.objectValues) this.objectValues = new Map();
    let v = this.objectValues.get(objectId);
    if (!v) this.objectValues.set(objectId, (v = new Values(this.plan.size)));
    return v;
  }

  remember(key: string, objectId: string, v: NodeValue): void {
    const i = this.plan.index.get(key);
    if (i === undefined) return;
    const t = this.valuesFor(objectId);
    t.setQ(i, v.score, v.max, v.applicable);
    if (v.gatedOut) t.flags[i]! |= GATED;
  }

  recalled(key: string, objectId: string): NodeValue | undefined {
    const i = this.plan.index.get(key);
    if (i === undefined) return undefined;
    const t = objectId === NO_OBJECT ? this.top : this.objectValues?.get(objectId);
    return t?.value(i);
  }

  /** Evaluates node `i` (once) and returns the table holding its value. */
  private evalAt(i: number, objectId: string): Values {
    const t = this.valuesFor(objectId);
    const f = t.flags[i]!;
    if (f & DONE) return t;
    // only gates can revisit a node under evaluation; validation rejects gate cycles, this guards bundles
    if (f & BUSY) throw new Error(`gate cycle through ${this.plan.keys[i]}`);
    t.flags[i] = BUSY;
    this.compute(i, objectId, t);
    // a zeroNode effect: leaves and per-object groups are zeroed here (groups also in evalGroup, where a
    // per-object group's own objects are scored)
    if (this.zeroed.size > 0 && this.zeroed.has(memoKey(this.plan.keys[i]!, objectId)) && (t.sn[i] !== 0)) {
      const name = this.plan.names[i]!;
      this.note(this.plan.keys[i]!, objectId, () => `“${name}”因否决项记 0 分`);
      t.sn[i] = 0;
      t.sd[i] = 1;
    }
    if (this.classMax && i === this.plan.root && objectId === NO_OBJECT) this.rescaleToClass(t, i, this.classMax);
    return t;
  }

  /** 只考共性指标，满分95: the total over the items the class has, × stated / reachable. */
  private rescaleToClass(t: Values, i: number, cls: { name: string; max: Q }): void {
    const reachable = t.max(i);
    if (!X.gt(reachable, X.ZERO) || X.eq(reachable, cls.max)) return;
    const scored = t.score(i);
    const score = X.mul(scored, X.div(cls.max, reachable));
    this.note(this.plan.keys[i]!, NO_OBJECT, () => `${cls.name}：满分 ${fmt(cls.max)}，${fmt(scored)} × ${fmt(cls.max)}/${fmt(reachable)} = ${fmt(score)}`);
    t.setQ(i, score, cls.max, (t.flags[i]! & APPLICABLE) !== 0);
  }

  /**
   * The value of node `i` as seen from outside its per-object subtree: the objects' values aggregated
   * as the subtree's group declares (mean, min, max over the applicable objects).
   */
  private aggregatedValue(i: number): { score: Q; applicable: boolean } {
    const sc = this.plan.scope[i]!;
    const top = this.evalAt(sc, NO_OBJECT);
    if (sc === i) return { score: top.score(i), applicable: (top.flags[i]! & APPLICABLE) !== 0 };
    const scope = this.plan.nodes[sc] as GroupNode;
    const per: NodeValue[] = [];
    for (const o of this.objectsOf(scope)) {
      const value = this.objectValues?.get(o.id)?.value(i);
      if (value !== undefined) per.push(value);
    }
    const agg = aggregateObjects(per, scope);
    return agg ? { score: agg.score, applicable: true } : { score: X.ZERO, applicable: false };
  }

  private isMarkedNotApplicable(i: number, objectId: string): boolean {
    return markedNotApplicable(this.countedAt(i, objectId));
  }

  private compute(i: number, objectId: string, t: Values): void {
    const plan = this.plan;
    const node = plan.nodes[i]!;
    const own = this.self && objectId === NO_OBJECT && node.type !== 'group' && node.type !== 'penalty' ? this.self.get(node.key) : undefined;
    // unit level, every entry counts: the sheet's cell already knows its scores and not-applicable marks
    if (this.cells && objectId === NO_OBJECT) {
      if (this.sheet.notApplicable![i]) {
        this.note(node.key, objectId, () => `“${node.name}”不适用`);
        t.set(i, 0, 1, plan.maxN[i]!, plan.maxD[i]!, false);
        return;
      }
      if (node.type === 'group') {
        if (node.perObject) this.evalPerObject(i, node, t);
        else this.evalGroup(i, node, objectId, t);
        return;
      }
      if (!this.explain && own === undefined && this.leafFromCell(i, t)) return;
    }
    const entries = this.countedAt(i, objectId);
    if (markedNotApplicable(entries)) {
      this.note(node.key, objectId, () => `“${node.name}”不适用`);
      t.set(i, 0, 1, plan.maxN[i]!, plan.maxD[i]!, false);
      return;
    }
    if (node.type !== 'group') {
      this.evalLeaf(i, node, objectId, entries, t);
      if (own !== undefined) this.blendOwn(i, node.name, own, t);
    } else if (node.perObject && objectId === NO_OBJECT) this.evalPerObject(i, node, t);
    else this.evalGroup(i, node, objectId, t);
  }

  /**
   * A leaf scored from its cell's entry scores: the one entry's score, or their mean. The sum is kept over
   * a common denominator and reduced once — the same fraction as adding the scores one by one.
   * False when the cell cannot answer (another aggregate, an entry that failed to score, a sum too large).
   */
  private leafFromCell(i: number, t: Values): boolean {
    const plan = this.plan;
    const count = this.sheet.count![i]!;
    if (count === 0) {
      scoreInto(plan.leaf[i]!, undefined);
      t.set(i, P.R.n, P.R.d, plan.maxN[i]!, plan.maxD[i]!, true);
      return true;
    }
    if (count === SPILLED || (count > 1 && !this.meanMode)) return false;
    const scores = this.sheet.scores!;
    const at = 2 * i * SLOTS;
    let s = scores[at]!;
    let l = scores[at + 1]!;
    if (!(l > 0)) return false; // NaN: the entry failed to score
    for (let k = 1; k < count; k++) {
      const n = scores[at + 2 * k]!;
      const d = scores[at + 2 * k + 1]!;
      if (!(d > 0)) return false;
      if (l === d) s += n;
      else {
        // over the product of the denominators; one reduction at the end
        s = s * d + n * l;
        l *= d;
        if (l > 0x7fffffff || !Number.isSafeInteger(s)) return false;
      }
    }
    if (!Number.isSafeInteger(s) || !Number.isSafeInteger(l * count)) return false;
    P.reduce(s, l * count, 'add');
    t.set(i, P.R.n, P.R.d, plan.maxN[i]!, plan.maxD[i]!, true);
    return true;
  }

  private evalLeaf(i: number, leaf: Leaf, objectId: string, entries: readonly ScoreEntry[], t: Values): void {
    const plan = this.plan;
    const lp = plan.leaf[i]!;
    if (entries.length <= 1) {
      scoreInto(lp, entries[0]);
      t.set(i, P.R.n, P.R.d, plan.maxN[i]!, plan.maxD[i]!, true);
      if (this.explain) {
        const detail = scoreLeaf(leaf, entries[0], true).detail;
        if (detail) this.note(leaf.key, objectId, () => `${leaf.name}：${detail}`);
      }
      return;
    }
    if (this.meanMode) {
      let n = 0;
      let d = 1;
      for (let k = 0; k < entries.length; k++) {
        scoreInto(lp, entries[k]);
        P.add(n, d, P.R.n, P.R.d);
        n = P.R.n;
        d = P.R.d;
      }
      P.divInt(n, d, entries.length);
      t.set(i, P.R.n, P.R.d, plan.maxN[i]!, plan.maxD[i]!, true);
      return;
    }
    const mode = this.c.ruleSet.assessors.aggregate;
    const scores: AssessorScore[] = [];
    const parts: string[] = [];
    // explanations list assessors in a stable order; the aggregates themselves do not depend on order
    for (const e of this.explain ? [...entries].sort((a, b) => (a.assessorId < b.assessorId ? -1 : 1)) : entries) {
      const score = entryScore(lp, e);
      scores.push({ assessorId: e.assessorId, score });
      if (this.explain) parts.push(fmt(score));
    }
    const agg = aggregate(scores, mode, mode === 'owner' ? this.ownerOf(leaf.key) : undefined);
    this.note(leaf.key, objectId, () => `${leaf.name}：${scores.length} 名评分人 ${parts.join('、')}，取${agg.how} ${fmt(agg.score)}`);
    t.setQ(i, agg.score, plan.max[i]!, true);
  }

  /** The leaf's score with the unit's self score weighted in, as the rule set says. */
  private blendOwn(i: number, name: string, own: number, t: Values): void {
    const weight = this.c.ruleSet.selfAssessment!.weight;
    const assessed = t.score(i);
    const score = blendSelf(assessed, own, this.plan.max[i]!, weight);
    this.note(this.plan.keys[i]!, NO_OBJECT, () => `${name}：评分 ${fmt(assessed)}，自评 ${own}，自评占 ${weight}，计 ${fmt(score)}`);
    t.setQ(i, score, this.plan.max[i]!, true);
  }

  private evalPerObject(i: number, node: GroupNode, t: Values): void {
    const plan = this.plan;
    const values = this.objectsOf(node).map((o) => {
      const ot = this.valuesFor(o.id);
      // one object (a website without services, say) may be marked not applicable on its own
      if (this.isMarkedNotApplicable(i, o.id)) ot.set(i, 0, 1, plan.maxN[i]!, plan.maxD[i]!, false);
      else this.evalGroup(i, node, o.id, ot);
      return { objectId: o.id, value: ot.value(i)! };
    });
    if (!this.perObject) this.perObject = new Map();
    this.perObject.set(i, values);
    const applicable = values.filter((v) => v.value.applicable);
    if (applicable.length === 0) {
      this.note(node.key, NO_OBJECT, () => `“${node.name}”无适用的${node.perObject?.kind ?? ''}对象，不计`);
      t.set(i, 0, 1, plan.maxN[i]!, plan.maxD[i]!, false);
      return;
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
    t.setQ(i, score, max, true);
  }

  private gatePasses(child: number, objectId: string): boolean {
    const plan = this.plan;
    const node = plan.nodes[child]!;
    const gate = plan.gate[child]!;
    if (gate.ref < 0) throw new Error(`unknown node ${node.gate!.node}`);
    const refScope = plan.scope[gate.ref]!;
    let ref: Q;
    let applicable: boolean;
    if (refScope >= 0 && (objectId === NO_OBJECT || plan.scope[child] !== refScope)) {
      // read from outside the reference's per-object subtree: its aggregate over the objects
      ({ score: ref, applicable } = this.aggregatedValue(gate.ref));
    } else {
      const t = this.evalAt(gate.ref, refScope >= 0 ? objectId : NO_OBJECT);
      ref = t.score(gate.ref);
      applicable = (t.flags[gate.ref]! & APPLICABLE) !== 0;
    }
    const g = node.gate!;
    const ok =
      applicable &&
      (g.above !== undefined ? X.gt(ref, X.dec(g.above)) : X.cmp(ref, X.dec(g.atLeast ?? 0)) >= 0);
    if (!ok) {
      const refName = plan.names[gate.ref]!;
      const cond = g.above !== undefined ? `超过 ${g.above}` : `达到 ${g.atLeast}`;
      this.note(node.key, objectId, () => `“${node.name}”不计分：“${refName}”得分 ${fmt(ref)} 未${cond}`);
    }
    return ok;
  }

  /** A group's value from its children, written to `out` at `i`. */
  private evalGroup(i: number, node: GroupNode, objectId: string, out: Values): void {
    const plan = this.plan;
    const excluded = this.excluded;
    const kids = plan.children[i]!;
    // Σ weighted scores as sn / sl over a common denominator, reduced once at the end; Σ weighted maxima
    // of the applicable children (the plan's sum when every child is there at its nominal maximum);
    // Σ weighted maxima of the others
    let sn = 0;
    let sl = 1;
    let fast = true;
    let nominal = true;
    let nn = 0;
    let nd = 1;
    let count = 0;
    const policy = node.notApplicable ?? 'rescale';
    const shares: { weighted: Q; weightedMax: Q }[] | undefined =
      policy === 'redistribute' || policy === 'addToOthers' ? [] : undefined;
    const t = this.valuesFor(objectId);
    for (let k = 0; k < kids.length; k++) {
      const ch = kids[k]!;
      if (excluded[ch]) {
        nominal = false;
        continue; // the unit's class has no such item
      }
      this.evalAt(ch, objectId);
      const one = plan.weightIsOne[ch] === 1;
      const w = plan.weight[ch]!;
      if (!(t.flags[ch]! & APPLICABLE)) {
        nominal = false;
        if (one) P.add(nn, nd, t.mn[ch]!, t.md[ch]!);
        else {
          P.mul(w.n, w.d, t.mn[ch]!, t.md[ch]!);
          P.add(nn, nd, P.R.n, P.R.d);
        }
        nn = P.R.n;
        nd = P.R.d;
        continue;
      }
      if (t.mn[ch] !== plan.maxN[ch] || t.md[ch] !== plan.maxD[ch]) nominal = false;
      let cn = t.sn[ch]!;
      let cd = t.sd[ch]!;
      if (plan.gate[ch] && !this.gatePasses(ch, objectId)) {
        cn = 0;
        cd = 1;
        t.sn[ch] = 0;
        t.sd[ch] = 1;
        t.flags[ch]! |= GATED;
      }
      if (!one) {
        P.mul(w.n, w.d, cn, cd);
        cn = P.R.n;
        cd = P.R.d;
      }
      if (fast) {
        if (cd === sl) sn += cn;
        else if (cd <= 0x7fffffff && (sl | 0) % (cd | 0) === 0) sn += cn * (sl / cd);
        else if (cd <= 0x7fffffff) {
          const m = (sl / P.gcd(sl, cd)) * cd;
          if (m > 0x7fffffff) fast = false;
          sn = sn * (m / sl) + cn * (m / cd);
          sl = m;
        } else fast = false;
        if (!Number.isSafeInteger(sn)) fast = false;
      }
      count++;
      if (shares) {
        const mq = one ? P.toQ(t.mn[ch]!, t.md[ch]!) : X.mul(w, P.toQ(t.mn[ch]!, t.md[ch]!));
        shares.push({ weighted: P.toQ(cn, cd), weightedMax: mq });
      }
    }
    if (count === 0) {
      out.set(i, 0, 1, nn, nd, false);
      return;
    }
    let sd: number;
    if (fast) {
      P.reduce(sn, sl, 'add');
      sn = P.R.n;
      sd = P.R.d;
    } else {
      // too large for the common denominator: add one by one, exactly as exact.add would
      sn = 0;
      sd = 1;
      this.eachApplicable(i, t, (n, d) => {
        P.add(sn, sd, n, d);
        sn = P.R.n;
        sd = P.R.d;
      }, false);
    }
    let an: number;
    let ad: number;
    if (nominal) {
      an = plan.childMaxN[i]!;
      ad = plan.childMaxD[i]!;
    } else {
      an = 0;
      ad = 1;
      this.eachApplicable(i, t, (n, d) => {
        P.add(an, ad, n, d);
        an = P.R.n;
        ad = P.R.d;
      }, true);
    }

    let mn = an;
    let md = ad;
    if (nn > 0) {
      const sumA = P.toQ(sn, sd);
      const maxA = P.toQ(an, ad);
      const maxNA = P.toQ(nn, nd);
      let score = sumA;
      let max = maxA;
      if (policy === 'rescale' && an > 0) {
        max = X.add(maxA, maxNA);
        score = X.mul(sumA, X.div(max, maxA));
        this.note(node.key, objectId, () => `“${node.name}”有不适用项，按 ${fmt(maxA)} 分折算：×${fmt(max)}/${fmt(maxA)} = ${fmt(score)}`);
      } else if (policy === 'redistribute') {
        const sharers = shares!.filter((a) => X.gt(a.weightedMax, X.ZERO));
        const share = X.div(maxNA, X.int(Math.max(1, sharers.length)));
        score = X.sum(
          shares!.map((a) =>
            X.gt(a.weightedMax, X.ZERO) ? X.mul(a.weighted, X.div(X.add(a.weightedMax, share), a.weightedMax)) : a.weighted,
          ),
        );
        max = X.add(maxA, maxNA);
        this.note(node.key, objectId, () => `“${node.name}”不适用项的 ${fmt(maxNA)} 分平均分配给其余 ${sharers.length} 项，按各项得分率折算：${fmt(score)}`);
      } else if (policy === 'addToOthers') {
        // each other item's maximum grows by the share; what it lost stays lost
        const sharers = shares!.filter((a) => X.gt(a.weightedMax, X.ZERO));
        const share = X.div(maxNA, X.int(Math.max(1, sharers.length)));
        score = sharers.length > 0 ? X.add(sumA, X.mul(share, X.int(sharers.length))) : sumA;
        max = sharers.length > 0 ? X.add(maxA, maxNA) : maxA;
        this.note(node.key, objectId, () => `“${node.name}”不适用项的 ${fmt(maxNA)} 分平均计入其余 ${sharers.length} 项的满分，失分照计：${fmt(score)}`);
      } else {
        this.note(node.key, objectId, () => `“${node.name}”去掉不适用项，满分为 ${fmt(max)}`);
      }
      sn = score.n;
      sd = score.d;
      mn = max.n;
      md = max.d;
    }
    const cap = plan.cap[i];
    if (cap !== undefined) {
      // the cap never exceeds the (possibly reduced) maximum
      if (P.cmp(cap.n, cap.d, mn, md) <= 0) {
        mn = cap.n;
        md = cap.d;
      }
      if (P.cmp(sn, sd, mn, md) > 0) {
        const over = P.toQ(sn, sd);
        const capped = P.toQ(mn, md);
        this.note(node.key, objectId, () => `“${node.name}”${fmt(over)} 超过上限，按 ${fmt(capped)} 计`);
        sn = mn;
        sd = md;
      }
    }
    if (node.floor !== false && sn < 0) {
      this.note(node.key, objectId, () => `“${node.name}”扣完为止，记 0 分`);
      sn = 0;
      sd = 1;
    }
    if (this.zeroed.size > 0 && this.zeroed.has(memoKey(node.key, objectId))) {
      this.note(node.key, objectId, () => `“${node.name}”因否决项记 0 分`);
      sn = 0;
      sd = 1;
    }
    out.set(i, sn, sd, mn, md, true);
  }

  /** Weighted score (or maximum) of each applicable child of group `i`, as evaluated, in declared order. */
  private eachApplicable(i: number, t: Values, f: (n: number, d: number) => void, maxima: boolean): void {
    const plan = this.plan;
    for (const ch of plan.children[i]!) {
      if (this.excluded[ch] || !(t.flags[ch]! & APPLICABLE)) continue;
      const n = maxima ? t.mn[ch]! : t.sn[ch]!;
      const d = maxima ? t.md[ch]! : t.sd[ch]!;
      if (plan.weightIsOne[ch] === 1) f(n, d);
      else {
        const w = plan.weight[ch]!;
        P.mul(w.n, w.d, n, d);
        f(P.R.n, P.R.d);
      }
    }
  }

  /** Per-node results at unit level; nodes inside a per-object subtree aggregate over objects. */
  nodeResults(display: number, capture?: Capture): Record<string, NodeResult> {
    const plan = this.plan;
    const top = this.top;
    const excluded = this.excluded;
    const common = sharedFor(plan, display);
    const out: Record<string, NodeResult> = { ...common.record };
    for (let i = 0; i < plan.size; i++) {
      const key = plan.keys[i]!;
      let f = top.flags[i]!;
      let objects: { objectId: string; score: number }[] | undefined;
      let inside: { score: Q; max: Q } | undefined;
      if (plan.scope[i]! >= 0) {
        const o = this.objectResults(i, plan.scope[i]!, display);
        objects = o.objects;
        if (o.value) {
          inside = o.value;
          f = DONE | APPLICABLE;
        }
      }
      let r: NodeResult | undefined;
      if (!objects) {
        const atMax = !(f & DONE) || (top.mn[i] === plan.maxN[i] && top.md[i] === plan.maxD[i]);
        if (atMax && (f & (APPLICABLE | GATED)) === 0) {
          // not evaluated, or not applicable at its nominal maximum
          r = notApplicableResult(common, plan, i);
        } else if (atMax && f === (DONE | APPLICABLE) && excluded[i] === 0) {
          r = sharedResult(common, plan, i, top.sn[i]!, top.sd[i]!, display);
        }
      }
      if (!r) {
        const score = inside ? inside.score : f & DONE ? top.score(i) : X.ZERO;
        const nominal = !(f & DONE) || (top.mn[i] === plan.maxN[i] && top.md[i] === plan.maxD[i]);
        const max = inside ? inside.max : nominal ? plan.max[i]! : top.max(i);
        const sameMax = max === plan.max[i] || X.eq(max, plan.max[i]!);
        r = {
          key,
          name: plan.names[i]!,
          score: X.toDecimals(score, display),
          exact: score,
          max: sameMax ? plan.maxNumber[i]! : X.toNumber(max),
          maxExact: sameMax ? plan.max[i]! : max,
          applicable: (f & APPLICABLE) !== 0 && excluded[i] === 0,
        };
        if (f & GATED) r.gatedOut = true;
        if (objects) r.objects = objects;
      }
      out[key] = r;
      if (capture && capture.slots[i]! >= 0) {
        const o = (capture.row * capture.width + capture.slots[i]!) * CAPTURED;
        const v = capture.values;
        v[o] = r.exact.n;
        v[o + 1] = r.exact.d;
        v[o + 2] = r.maxExact.n;
        v[o + 3] = r.maxExact.d;
        v[o + 4] = r.applicable ? 1 : 0;
      }
    }
    return out;
  }

  /** A node of a per-object subtree: its score per object, and (inside the subtree) their aggregate. */
  private objectResults(
    i: number,
    sc: number,
    display: number,
  ): { objects: { objectId: string; score: number }[]; value?: { score: Q; max: Q } } {
    const shown = (q: Q): number => X.toDecimals(q, display);
    if (sc === i) {
      const objects = (this.perObject?.get(i) ?? []).map((p) => ({ objectId: p.objectId, score: shown(p.value.score) }));
      return { objects };
    }
    const scope = this.plan.nodes[sc] as GroupNode;
    const per: { objectId: string; value: NodeValue }[] = [];
    for (const o of this.objectsOf(scope)) {
      const value = this.objectValues?.get(o.id)?.value(i);
      if (value !== undefined) per.push({ objectId: o.id, value });
    }
    const objects = per.map((p) => ({ objectId: p.objectId, score: shown(p.value.score) }));
    const value = aggregateObjects(per.map((p) => p.value), scope);
    return value ? { objects, value } : { objects };
  }
}

/** A node's values over a unit's objects, aggregated as the per-object group declares; none applicable: undefined. */
function aggregateObjects(values: readonly NodeValue[], scope: GroupNode): { score: Q; max: Q } | undefined {
  const app = values.filter((v) => v.applicable);
  if (app.length === 0) return undefined;
  const scores = app.map((v) => v.score);
  const mode = scope.perObject?.aggregate ?? 'mean';
  const score =
    mode === 'mean' ? X.div(X.sum(scores), X.int(scores.length)) : scores.reduce(mode === 'min' ? X.min : X.max);
  return { score, max: app.map((v) => v.max).reduce(X.max) };
}

/** Evaluate one unit from its sheet (built with or without the rule set's plan). */
export function evaluateSheet(
  c: CompiledRuleSet,
  unit: Unit,
  sheet: UnitSheet,
  assessors: readonly Assessor[],
  options: EvaluateOptions = {},
  capture?: Capture,
): EvaluatedUnit {
  const explain = options.explain ?? false;
  const self = c.ruleSet.selfAssessment ? options.selfScores?.get(unit.id) : undefined;
  let ev = new UnitEvaluator(c, unit, sheet, assessors, explain, self);
  const vetoes: TriggeredVeto[] = collectVetoes(ev);
  let root = ev.value(c.ruleSet.root.key, NO_OBJECT);
  const thresholds = collectThresholds(ev);
  const zeroing = thresholds.flatMap((t) => zeroTargets(ev, t));
  if (zeroing.length > 0) {
    // a threshold zeroes a node: score the tree again with it zeroed (thresholds are not read again)
    const first = ev;
    first.release();
    ev = new UnitEvaluator(c, unit, sheet, assessors, explain, self);
    collectVetoes(ev);
    for (const z of zeroing) ev.zeroed.add(z);
    const keys = new Set(thresholds.map((t) => t.key));
    ev.trail.push(...first.trail.filter((line) => keys.has(line.node)));
    root = ev.value(c.ruleSet.root.key, NO_OBJECT);
  }
  if (thresholds.length > 0) vetoes.push(...thresholds);
  const { total: totalExact, unscored } = applyEffects(ev, root.score, vetoes);

  const { precision } = c.ruleSet;
  const rounded = X.roundTo(totalExact, c.step, precision.rounding);
  if (!X.eq(rounded, totalExact)) ev.note(c.ruleSet.root.key, NO_OBJECT, () => `总分 ${X.format(totalExact, 4)} 按 ${precision.step} 取舍为 ${X.format(rounded, precision.display)}`);
  const nodes = ev.nodeResults(precision.display, capture);
  ev.release();
  // read apart from the scores above: whether the unit is complete never changes a number
  const { complete, missing } = unitCompleteness(c, unit, sheet, assessors);
  return {
    unitId: unit.id,
    unitName: unit.name,
    group: unit.group,
    total: X.toNumber(rounded),
    totalExact,
    display: X.format(rounded, precision.display),
    maxScore: X.toNumber(root.max),
    unscored,
    complete,
    missing,
    nodes,
    vetoes,
    trail: ev.trail,
  };
}

export function evaluateUnit(
  c: CompiledRuleSet,
  unit: Unit,
  entries: readonly ScoreEntry[],
  assessors: readonly Assessor[],
  options: EvaluateOptions = {},
): EvaluatedUnit {
  const own = entries.filter((e) => e.unitId === unit.id);
  return evaluateSheet(c, unit, new UnitSheet(own, planOf(c)), assessors, options);
}
