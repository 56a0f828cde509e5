/**
 * What replacing a group's rule set does to the entries already stored: every entry (and unit) that the
 * new rule set would refuse, by kind, with what "clamp" would make of it. Pure: rule sets + units +
 * entries in, a list out. The list is complete by construction: each entry is run through the entry
 * validator against the new rule set, and every problem it reports is in the list (kind "other" when it
 * fits no named kind), so that after the user's decisions the full export imports again.
 */
import * as X from '../arith/exact';
import { compileRuleSet, type CompiledRuleSet } from '../rules/compile';
import { validateEntry } from '../validate/entryValidate';
import type { Leaf, RuleSet } from '../../model/ruleSet';
import type { ScoreEntry, Unit } from '../../model/entries';

export const IMPACT_KINDS = ['aboveMax', 'offStep', 'leafRemoved', 'leafRetyped', 'checkpointRemoved', 'unitClassRemoved', 'other'] as const;
export type ImpactKind = (typeof IMPACT_KINDS)[number];

/** clamp: bring the entry within the new rule (only where the kind allows it); note: take the entry out of
 *  scoring, its content kept in the audit log for the unit; cancel: the rule set is not changed. */
export type ImpactDecision = 'clamp' | 'note' | 'cancel';

/** Kinds where clamping has a meaning (the others can only be noted or cancelled). */
export const CLAMPABLE: ReadonlySet<ImpactKind> = new Set(['aboveMax', 'offStep', 'checkpointRemoved', 'unitClassRemoved']);

export interface ImpactItem {
  kind: ImpactKind;
  unitId: string;
  node?: string;
  entry?: ScoreEntry;
  /** what the entry or unit holds now, in words */
  detail: string;
  /** the entry as clamped (kinds in CLAMPABLE with an entry) */
  clamped?: ScoreEntry;
}

export interface RuleSetImpact {
  items: ImpactItem[];
  /** entries and units touched, counted once each */
  entries: number;
  units: number;
}

function exactOrUndefined(x: number): X.Q | undefined {
  try {
    return X.dec(x);
  } catch {
    return undefined;
  }
}

/** The largest multiple of step not above min(value, max). */
function clampValue(value: number, max: number, step: number): number {
  const s = X.dec(step);
  const v = X.max(X.ZERO, X.min(exactOrUndefined(value) ?? X.int(Math.floor(value)), X.dec(max)));
  return X.toNumber(X.roundTo(v, s, 'down'));
}

function leafChange(oldLeaf: Leaf | undefined, newLeaf: Leaf, rs: RuleSet, e: ScoreEntry): ImpactItem | undefined {
  const base = { unitId: e.unitId, node: e.node, entry: e };
  if (oldLeaf && oldLeaf.type !== newLeaf.type) return { ...base, kind: 'leafRetyped', detail: `“${newLeaf.name}”由${oldLeaf.type}改为${newLeaf.type}` };
  if ((newLeaf.type === 'points' || newLeaf.type === 'bonus') && e.value !== undefined) {
    const step = newLeaf.step ?? rs.precision.step;
    const v = exactOrUndefined(e.value);
    if (v && X.gt(v, X.dec(newLeaf.max))) {
      return { ...base, kind: 'aboveMax', detail: `录入 ${e.value} 分，新满分 ${newLeaf.max} 分`, clamped: { ...e, value: clampValue(e.value, newLeaf.max, step) } };
    }
    if (v && !X.isMultipleOf(v, X.dec(step))) {
      return { ...base, kind: 'offStep', detail: `录入 ${e.value} 分，新步长 ${step} 分`, clamped: { ...e, value: clampValue(e.value, newLeaf.max, step) } };
    }
  }
  if ((newLeaf.type === 'deduction' || newLeaf.type === 'penalty') && e.findings) {
    const keys = new Set((newLeaf.checkpoints ?? []).map((c) => c.key));
    const gone = e.findings.filter((f) => f.checkpoint !== undefined && !keys.has(f.checkpoint));
    if (gone.length > 0) {
      const oldCps = oldLeaf && (oldLeaf.type === 'deduction' || oldLeaf.type === 'penalty') ? (oldLeaf.checkpoints ?? []) : [];
      // a finding keeps its reason and its deduction, now as explicit points
      const findings = e.findings.map((f) => {
        if (f.checkpoint === undefined || keys.has(f.checkpoint)) return f;
        const { checkpoint: _gone, ...rest } = f;
        const d = f.points ?? oldCps.find((c) => c.key === f.checkpoint)?.deduction ?? newLeaf.perFinding ?? 1;
        return { ...rest, points: d };
      });
      return { ...base, kind: 'checkpointRemoved', detail: `检查点 ${[...new Set(gone.map((f) => f.checkpoint))].join('、')} 已删除（${gone.length} 条问题）`, clamped: { ...e, findings } };
    }
  }
  if (newLeaf.type === 'checklist' && e.checks) {
    const keys = new Set(newLeaf.items.map((i) => i.key));
    const gone = Object.keys(e.checks).filter((k) => !keys.has(k));
    if (gone.length > 0) {
      const checks = Object.fromEntries(Object.entries(e.checks).filter(([k]) => keys.has(k)));
      return { ...base, kind: 'checkpointRemoved', detail: `要点 ${gone.join('、')} 已删除`, clamped: { ...e, checks } };
    }
  }
  return undefined;
}

/** The impact of replacing `before` by `after` on the group's units and their entries. */
export function ruleSetImpact(before: RuleSet, after: RuleSet, units: readonly Unit[], entries: readonly ScoreEntry[]): RuleSetImpact {
  const next: CompiledRuleSet = compileRuleSet(after);
  const prev = compileRuleSet(before);
  const group = new Map(units.filter((u) => u.group === after.group.key).map((u) => [u.id, u]));
  const items: ImpactItem[] = [];
  const classes = new Set(after.unitClasses.map((c) => c.key));
  for (const u of group.values()) {
    if (u.unitClass !== undefined && !classes.has(u.unitClass)) items.push({ kind: 'unitClassRemoved', unitId: u.id, detail: `单位类别“${u.unitClass}”已删除` });
  }
  // entries are checked as the unit will be after any class change (a removed class is cleared)
  const asAfter = (u: Unit): Unit => (u.unitClass !== undefined && !classes.has(u.unitClass) ? { ...u, unitClass: undefined } : u);
  for (const e of entries) {
    const unit = group.get(e.unitId);
    if (!unit) continue;
    const problems = validateEntry(next, asAfter(unit), e);
    if (problems.length === 0) continue;
    const newNode = next.byKey.get(e.node);
    const isVeto = after.vetoes.some((v) => v.key === e.node);
    const oldNode = prev.byKey.get(e.node);
    const base = { unitId: e.unitId, node: e.node, entry: e };
    if (!newNode && !isVeto) {
      items.push({ ...base, kind: 'leafRemoved', detail: `指标“${oldNode?.name ?? before.vetoes.find((v) => v.key === e.node)?.name ?? e.node}”已删除` });
      continue;
    }
    if (newNode && newNode.type === 'group' && oldNode && oldNode.type !== 'group' && !e.notApplicable) {
      items.push({ ...base, kind: 'leafRetyped', detail: `“${newNode.name}”改为分组` });
      continue;
    }
    const named = newNode && newNode.type !== 'group' && !e.notApplicable ? leafChange(oldNode && oldNode.type !== 'group' ? oldNode : undefined, newNode, after, e) : undefined;
    // a clamp that still leaves a problem is no clamp: such an entry can only be noted
    if (named && (!named.clamped || validateEntry(next, asAfter(unit), named.clamped).length === 0)) items.push(named);
    else items.push({ ...base, kind: 'other', detail: problems.map((p) => p.message).join('；') });
  }
  return { items, entries: new Set(items.filter((i) => i.entry).map((i) => i.entry?.id)).size, units: new Set(items.map((i) => i.unitId)).size };
}
