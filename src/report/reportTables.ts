/**
 * The tables every export shares (circular attachments in .docx, .xlsx sheets, CSV, the print view):
 * one row per unit in display order with 序号, 单位, each first-level indicator, 加分, 扣分, 总分, 排名, 等次,
 * and the per-unit problem lists (问题清单). Pure data: no file format here.
 *
 * 加分/扣分 are the contributions to the total of the parts outside the first-level indicators whose
 * leaves are all bonus items (创新工作加分) or all penalty items (重大扣分项); a bonus or penalty inside an
 * indicator is already part of that indicator's score and is not counted twice.
 */
import { unitStatus } from './provisional';
import {
  exact as X,
  type Q,
  compileRuleSet,
  isGroup,
  type CompiledRuleSet,
  UnitEvaluator,
  UnitSheet,
  findingDeduction,
  entriesByUnit,
  type GroupResult,
  type UnitResult,
} from '../engine';
import type { DeductionLeaf, Effect, Leaf, PenaltyLeaf, RuleNode, RuleSet } from '../model/ruleSet';
import type { Assessor, Finding, ScoreEntry, Unit } from '../model/entries';
import { effectWords as modelEffectWords } from '../model/effectWords';
import { isTicked, ownValue } from '../model/ownKeys';

export interface ItemColumn {
  key: string;
  name: string;
  /** nominal points of the item */
  max: number;
}

export interface IndicatorColumn extends ItemColumn {
  /** second-level items (empty when the indicator is itself a leaf) */
  items: ItemColumn[];
}

export interface ResultRow {
  /** 序号: position in display order, from 1 */
  index: number;
  unitId: string;
  unitName: string;
  /** by indicator key, then by second-level item key; null: not applicable or not scored (shown "—") */
  indicators: Record<string, number | null>;
  items: Record<string, number | null>;
  bonus: number | null;
  /** points taken off by penalty parts, as a positive number */
  penalty: number | null;
  total: number;
  /** the total with the rule set's display decimals */
  totalText: string;
  rank: number;
  tierKey: string;
  tierName: string;
  unscored: boolean;
  /** false: cells not yet entered, the row's total, rank and tier are 初步结果 */
  complete: boolean;
  /** 状态: 已评完 / 未完成 */
  status: string;
  /** 备注: triggered vetoes, e.g. "一票否决：发生失泄密事件" */
  note: string;
}

export interface GroupTable {
  ruleSetId: string;
  group: string;
  groupName: string;
  /** decimals shown for scores (the rule set's precision.display) */
  decimals: number;
  /** spreadsheet number format for scores, e.g. "0.00" */
  numberFormat: string;
  indicators: IndicatorColumn[];
  /** the rule set has bonus / penalty parts outside the indicators: show the 加分 / 扣分 columns */
  hasBonus: boolean;
  hasPenalty: boolean;
  /** some unit has a triggered veto: show the 备注 column */
  hasNote: boolean;
  /** every unit complete; otherwise the table is 初步结果 and shows a 状态 column */
  complete: boolean;
  rows: ResultRow[];
}

export const numberFormatFor = (decimals: number): string => (decimals > 0 ? `0.${'0'.repeat(decimals)}` : '0');

/** Shown for a score that does not exist for the unit (not applicable, or not scored after a veto). */
export const NO_SCORE = '—';

/** Score text with fixed decimals ("—" for none). */
export function scoreText(value: number | null, decimals: number): string {
  return value === null ? NO_SCORE : X.format(X.dec(value), decimals);
}

/** Indicator header with its points, as circular tables print it: 基础信息公开（20分）. */
export const withPoints = (name: string, max: number): string => `${name}（${X.formatShort(X.dec(max))}分）`;

interface Contribution {
  key: string;
  /** product of the weights from the node up to the root: its share in the total */
  factor: Q;
}

function leafTypes(n: RuleNode, out = new Set<string>()): Set<string> {
  if (isGroup(n)) for (const c of n.children) leafTypes(c, out);
  else out.add(n.type);
  return out;
}

/** Parts outside the indicators made only of bonus leaves, and only of penalty leaves. */
export function contributionParts(c: CompiledRuleSet): { bonus: Contribution[]; penalty: Contribution[] } {
  const indicatorKeys = new Set(c.indicators.map((i) => i.key));
  const contains = (n: RuleNode): boolean => indicatorKeys.has(n.key) || (isGroup(n) && n.children.some(contains));
  const factorOf = (key: string): Q => {
    let f = X.ONE;
    for (let k: string | undefined = key; k !== undefined && k !== c.ruleSet.root.key; k = c.parent.get(k)) {
      f = X.mul(f, X.dec(c.byKey.get(k)?.weight ?? 1));
    }
    return f;
  };
  const bonus: Contribution[] = [];
  const penalty: Contribution[] = [];
  const visit = (n: RuleNode) => {
    if (indicatorKeys.has(n.key)) return;
    if (isGroup(n) && n.children.some(contains)) {
      n.children.forEach(visit);
      return;
    }
    const types = leafTypes(n);
    if (types.size !== 1) return;
    if (types.has('bonus')) bonus.push({ key: n.key, factor: factorOf(n.key) });
    if (types.has('penalty')) penalty.push({ key: n.key, factor: factorOf(n.key) });
  };
  visit(c.ruleSet.root);
  return { bonus, penalty };
}

function contribution(u: UnitResult, parts: readonly Contribution[]): Q {
  let s = X.ZERO;
  for (const p of parts) {
    const n = ownValue(u.nodes, p.key);
    if (n?.applicable) s = X.add(s, X.mul(n.exact, p.factor));
  }
  return s;
}

/** What a veto's effect means, in the words of a circular. */
export function effectWords(e: Effect, ruleSet: RuleSet): string {
  return modelEffectWords(e, {
    tier: (k) => ruleSet.tiers.find((t) => t.key === k)?.name ?? k,
    node: (k) => nodeName(ruleSet.root, k),
  });
}

function nodeName(root: RuleNode, key: string): string {
  const find = (n: RuleNode): string | undefined =>
    n.key === key ? n.name : isGroup(n) ? n.children.map(find).find((x) => x !== undefined) : undefined;
  return find(root) ?? key;
}

/** Several effects of one veto, in declared order. */
export const effectsWords = (effects: readonly Effect[], ruleSet: RuleSet): string =>
  effects.map((e) => effectWords(e, ruleSet)).join('，');

function vetoNote(u: UnitResult, ruleSet: RuleSet): string {
  return u.vetoes.map((v) => `${v.name}（${effectsWords(v.effects, ruleSet)}）`).join('；');
}

/** The table of one group, rows in the engine's display order. */
export function groupTable(ruleSet: RuleSet, result: GroupResult, compiled?: CompiledRuleSet): GroupTable {
  const c = compiled ?? compileRuleSet(ruleSet);
  const decimals = ruleSet.precision.display;
  const shown = (q: Q): number => X.toNumber(X.roundTo(q, X.frac(1, 10 ** decimals), 'halfUp'));
  const indicators: IndicatorColumn[] = c.indicators.map((ind) => {
    const node = c.byKey.get(ind.key);
    const items = node && isGroup(node) ? node.children.map((ch) => ({ key: ch.key, name: ch.name, max: X.toNumber(c.maxOf(ch.key)) })) : [];
    return { key: ind.key, name: ind.name, max: X.toNumber(c.maxOf(ind.key)), items };
  });
  const parts = contributionParts(c);
  const score = (u: UnitResult, key: string): number | null => {
    const n = ownValue(u.nodes, key);
    return u.unscored || !n || !n.applicable ? null : n.score;
  };
  const rows = result.units.map((u, i): ResultRow => {
    const ind: Record<string, number | null> = {};
    const items: Record<string, number | null> = {};
    for (const col of indicators) {
      ind[col.key] = score(u, col.key);
      for (const it of col.items) items[it.key] = score(u, it.key);
    }
    return {
      index: i + 1,
      unitId: u.unitId,
      unitName: u.unitName,
      indicators: ind,
      items,
      bonus: u.unscored || parts.bonus.length === 0 ? null : shown(contribution(u, parts.bonus)),
      penalty: u.unscored || parts.penalty.length === 0 ? null : shown(X.neg(contribution(u, parts.penalty))),
      total: u.total,
      totalText: u.display,
      rank: u.rank,
      tierKey: u.tier,
      tierName: u.tierName,
      unscored: u.unscored,
      complete: u.complete,
      status: unitStatus(u),
      note: vetoNote(u, ruleSet),
    };
  });
  return {
    ruleSetId: ruleSet.id,
    group: result.group,
    groupName: result.groupName,
    decimals,
    numberFormat: numberFormatFor(decimals),
    indicators,
    hasBonus: parts.bonus.length > 0,
    hasPenalty: parts.penalty.length > 0,
    hasNote: rows.some((r) => r.note !== ''),
    complete: rows.every((r) => r.complete),
    rows,
  };
}

/* ---------- the flat (one header row) form used by CSV, the circular's attachments and the print view ---------- */

export type FlatKind = 'index' | 'unit' | 'indicator' | 'bonus' | 'penalty' | 'total' | 'rank' | 'tier' | 'status' | 'note';

export interface FlatColumn {
  kind: FlatKind;
  /** indicator key for kind "indicator" */
  key?: string;
  header: string;
  /** the header without the points, for tables that mix groups with different points */
  name: string;
  /** a score column: number format and right alignment */
  isScore: boolean;
}

export function flatColumns(t: GroupTable): FlatColumn[] {
  const plain = (kind: FlatKind, header: string, isScore: boolean): FlatColumn => ({ kind, header, name: header, isScore });
  const cols: FlatColumn[] = [
    plain('index', '序号', false),
    plain('unit', '单位', false),
    ...t.indicators.map((i): FlatColumn => ({ kind: 'indicator', key: i.key, header: withPoints(i.name, i.max), name: i.name, isScore: true })),
  ];
  if (t.hasBonus) cols.push(plain('bonus', '加分', true));
  if (t.hasPenalty) cols.push(plain('penalty', '扣分', true));
  cols.push(plain('total', '总分', true), plain('rank', '排名', false), plain('tier', '等次', false));
  // a provisional table says per row which results can still change
  if (!t.complete) cols.push(plain('status', '状态', false));
  if (t.hasNote) cols.push(plain('note', '备注', false));
  return cols;
}

/** The raw value of a cell: numbers stay numbers, null is a score that does not exist. */
export function flatValue(row: ResultRow, col: FlatColumn): string | number | null {
  switch (col.kind) {
    case 'index':
      return row.index;
    case 'unit':
      return row.unitName;
    case 'indicator':
      return ownValue(row.indicators, col.key ?? '') ?? null;
    case 'bonus':
      return row.bonus;
    case 'penalty':
      return row.penalty;
    case 'total':
      return row.unscored ? null : row.total;
    case 'rank':
      return row.rank;
    case 'tier':
      return row.tierName;
    case 'status':
      return row.status;
    case 'note':
      return row.note;
  }
}

/** A cell as text, scores with the table's decimals. */
export function flatText(t: GroupTable, row: ResultRow, col: FlatColumn): string {
  const v = flatValue(row, col);
  if (col.isScore) return typeof v === 'number' ? scoreText(v, t.decimals) : NO_SCORE;
  return v === null ? '' : String(v);
}

/* ---------- 问题清单: what each unit lost points for, to rectify ---------- */

export interface ProblemFinding {
  /** first-level indicator (or top-level part) the item belongs to */
  indicator: string;
  /** the leaf check point */
  item: string;
  /** the named check point of the deduction, with its count ("未按时公开（2处）"), or "" */
  checkpoint: string;
  /** website / account the finding is about, for per-object items */
  object: string;
  reason: string;
  evidence: string;
  points: number;
  /** the findings listed as this line (the same finding entered by several assessors is listed once) */
  ids: string[];
}

/** A leaf scored below its points without a recorded deduction (打分, 比率, 清单 items). */
export interface ProblemLoss {
  indicator: string;
  item: string;
  score: number;
  max: number;
  lost: number;
  note: string;
}

export interface ProblemVeto {
  name: string;
  effect: string;
  reason: string;
}

export interface UnitProblems {
  unitId: string;
  unitName: string;
  groupName: string;
  totalText: string;
  rank: number;
  groupSize: number;
  tierName: string;
  unscored: boolean;
  /** cells not yet entered: the list may grow and the score is 初步结果 */
  missing: number;
  decimals: number;
  findings: ProblemFinding[];
  losses: ProblemLoss[];
  vetoes: ProblemVeto[];
}

/** The section a node is reported under: its first-level indicator, else its top-level part. */
export function sectionOf(c: CompiledRuleSet, key: string): { key: string; name: string } {
  const indicatorKeys = new Set(c.indicators.map((i) => i.key));
  let top = key;
  for (let k: string | undefined = key; k !== undefined && k !== c.ruleSet.root.key; k = c.parent.get(k)) {
    if (indicatorKeys.has(k)) return { key: k, name: c.byKey.get(k)?.name ?? k };
    top = k;
  }
  return { key: top, name: c.byKey.get(top)?.name ?? top };
}

const NO_OBJECT = '';

/** Entries that do not mark their cell not applicable (the list itself when none does). */
const applicable = (entries: readonly ScoreEntry[]): readonly ScoreEntry[] =>
  entries.some((e) => e.notApplicable) ? entries.filter((e) => !e.notApplicable) : entries;

/**
 * Problem lists of a group's units in display order. Findings come from the entries the engine counts
 * (under "owner" aggregation the owner's); the same finding recorded by several assessors is listed once.
 */
export function unitProblems(
  ruleSet: RuleSet,
  result: GroupResult,
  units: readonly Unit[],
  entries: readonly ScoreEntry[],
  assessors: readonly Assessor[],
  compiled?: CompiledRuleSet,
): UnitProblems[] {
  return [...eachUnitProblems(ruleSet, result, units, entries, assessors, compiled)];
}

/** `unitProblems` one unit at a time, for writers that need not hold every unit's list at once. */
export function* eachUnitProblems(
  ruleSet: RuleSet,
  result: GroupResult,
  units: readonly Unit[],
  entries: readonly ScoreEntry[],
  assessors: readonly Assessor[],
  compiled?: CompiledRuleSet,
): Generator<UnitProblems> {
  const c = compiled ?? compileRuleSet(ruleSet);
  const decimals = ruleSet.precision.display;
  const shown = (q: Q): number => X.toNumber(X.roundTo(q, X.frac(1, 10 ** decimals), 'halfUp'));
  const byId = new Map(units.map((u) => [u.id, u]));
  // grouped once: a nation-wide group has thousands of units and over a million entries
  const byUnit = entriesByUnit(entries);
  const sections = new Map(c.leaves.map((l) => [l.key, sectionOf(c, l.key).name]));
  // a leaf's findings mostly repeat a few kinds (points, check point, count): their points are worked out once
  const points = new Map<string, Map<string, number>>();
  const pointsOf = (leaf: DeductionLeaf | PenaltyLeaf, f: Finding): number => {
    let known = points.get(leaf.key);
    if (!known) points.set(leaf.key, (known = new Map()));
    const k = `${f.points ?? ''}|${f.checkpoint ?? ''}|${f.count ?? ''}`;
    let p = known.get(k);
    if (p === undefined) known.set(k, (p = shown(findingDeduction(leaf, f))));
    return p;
  };
  for (const r of result.units) {
    const unit = byId.get(r.unitId) ?? { id: r.unitId, name: r.unitName, group: r.group, objects: [] };
    const ev = new UnitEvaluator(c, unit, new UnitSheet(byUnit.get(unit.id) ?? []), assessors, false);
    const objectName = new Map(unit.objects.map((o) => [o.id, o.name]));
    const findings: ProblemFinding[] = [];
    const losses: ProblemLoss[] = [];
    for (const leaf of c.leaves) {
      const node = ownValue(r.nodes, leaf.key);
      if (!node?.applicable) continue;
      const section = sections.get(leaf.key) ?? leaf.key;
      const scope = c.objectScopeOf(leaf.key);
      const counted = scope
        ? ev.objectsOf(scope).flatMap((o) => applicable(ev.counted(leaf.key, o.id)))
        : applicable(ev.counted(leaf.key, NO_OBJECT));
      if (leaf.type === 'deduction' || leaf.type === 'penalty') {
        const first = findings.length;
        let seen: Map<string, number> | undefined;
        for (const e of counted) {
          for (const f of e.findings ?? []) {
            const points = pointsOf(leaf, f);
            const cp = f.checkpoint !== undefined ? (leaf.checkpoints?.find((k) => k.key === f.checkpoint)?.name ?? f.checkpoint) : '';
            const count = f.count ?? 1;
            const checkpoint = count > 1 ? `${cp || leaf.name}（${count}处）` : cp;
            const object = e.objectId !== undefined ? (objectName.get(e.objectId) ?? e.objectId) : '';
            const reason = f.reason;
            const evidence = f.evidence ?? '';
            // a leaf has a few findings: compare with the ones listed so far; a set once there are many
            if (findings.length - first < 16) {
              let listed: ProblemFinding | undefined;
              for (let k = first; k < findings.length && !listed; k++) {
                const x = findings[k]!;
                if (x.checkpoint === checkpoint && x.object === object && x.reason === reason && x.evidence === evidence && x.points === points) listed = x;
              }
              if (listed) {
                listed.ids.push(f.id);
                continue;
              }
            } else {
              if (!seen) {
                seen = new Map();
                for (let k = first; k < findings.length; k++) {
                  const x = findings[k]!;
                  seen.set(JSON.stringify([x.checkpoint, x.object, x.reason, x.evidence, x.points]), k);
                }
              }
              const id = JSON.stringify([checkpoint, object, reason, evidence, points]);
              const at = seen.get(id);
              if (at !== undefined) {
                findings[at]!.ids.push(f.id);
                continue;
              }
              seen.set(id, findings.length);
            }
            findings.push({ indicator: section, item: leaf.name, checkpoint, object, reason, evidence, points, ids: [f.id] });
          }
        }
      } else if (!r.unscored && X.lt(node.exact, X.dec(node.max))) {
        losses.push({
          indicator: section,
          item: leaf.name,
          score: node.score,
          max: node.max,
          lost: shown(X.sub(X.dec(node.max), node.exact)),
          note: node.gatedOut ? '未达到计分条件' : lossNote(leaf, counted),
        });
      }
    }
    ev.release();
    yield {
      unitId: r.unitId,
      unitName: r.unitName,
      groupName: result.groupName,
      totalText: r.display,
      rank: r.rank,
      groupSize: result.units.length,
      tierName: r.tierName,
      unscored: r.unscored,
      missing: r.missing.length,
      decimals,
      findings,
      losses,
      vetoes: r.vetoes.map((v) => ({
        name: v.objectId !== undefined ? `${v.name}（${objectName.get(v.objectId) ?? v.objectId}）` : v.name,
        effect: effectsWords(v.effects, ruleSet),
        reason: v.reason ?? '',
      })),
    };
  }
}

/** Why a leaf without findings lost points: unmet checklist items, the measured ratio, the assessor's note. */
function lossNote(leaf: Leaf, counted: readonly ScoreEntry[]): string {
  const notes = counted.map((e) => e.note).filter((n): n is string => n !== undefined && n !== '');
  const parts: string[] = [];
  if (counted.length === 0) parts.push('未评分');
  else if (leaf.type === 'checklist') {
    const unmet = leaf.items.filter((i) => counted.some((e) => !isTicked(e.checks, i.key))).map((i) => i.name);
    if (unmet.length > 0) parts.push(`未达标：${unmet.join('、')}`);
  } else if (leaf.type === 'ratio') {
    const values = counted.map((e) => e.value).filter((v): v is number => v !== undefined);
    if (values.length > 0) parts.push(`${leaf.measure ?? '比率'}${values.map((v) => `${v}%`).join('、')}`);
  }
  return [...parts, ...notes].join('；');
}
