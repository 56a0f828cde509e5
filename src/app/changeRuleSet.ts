/**
 * Changing the rule set of an assessment that has entries (a rule file, a 考核细则 table, the editor):
 * `planRuleSetChange` lists every stored entry and unit the new rule set would refuse, by kind;
 * `applyRuleSetChange` carries out the user's decision per kind — clamp, keep as a note (the entry leaves
 * scoring, its content stays in the audit log under the unit), or cancel (nothing changes) — in one
 * transaction with the old rule set's hash and the decisions in the audit log. A locked assessment is
 * refused. Whatever the decisions, every entry left validates against the new rule set, so the full
 * export imports again.
 */
import { CLAMPABLE, IMPACT_KINDS, ruleSetImpact, type ImpactDecision, type ImpactItem, type ImpactKind, type RuleSet, type ScoreEntry, type Unit } from '../engine';
import { contentHash } from '../sync/contentHash';
import { changeGroupRuleSet, loadAssessmentData, type KaoheDb } from '../store/repo';

export type { ImpactDecision, ImpactItem, ImpactKind };
export { CLAMPABLE, IMPACT_KINDS };

export interface RuleSetChangePlan {
  assessmentId: string;
  groupKey: string;
  ruleSet: RuleSet;
  /** the rule set in use (absent: the group has none yet), for names of removed items */
  oldRuleSet?: RuleSet;
  oldHash: string;
  newHash: string;
  /** the assessment is locked: the change is refused whatever the decisions */
  locked: boolean;
  items: ImpactItem[];
  /** kinds present, in IMPACT_KINDS order, with their counts */
  kinds: { kind: ImpactKind; count: number }[];
}

export type RuleSetDecisions = Partial<Record<ImpactKind, ImpactDecision>>;

export async function planRuleSetChange(db: KaoheDb, assessmentId: string, groupKey: string, ruleSet: RuleSet): Promise<RuleSetChangePlan> {
  const data = await loadAssessmentData(db, assessmentId);
  const current = data.groupRuleSets.find((g) => g.group.key === groupKey);
  const oldHash = current?.group.ruleSetHash ?? '';
  const items = current ? ruleSetImpact(current.ruleSet, ruleSet, data.units, data.entries).items : [];
  const kinds = IMPACT_KINDS.map((kind) => ({ kind, count: items.filter((i) => i.kind === kind).length })).filter((k) => k.count > 0);
  return {
    assessmentId,
    groupKey,
    ruleSet,
    ...(current && { oldRuleSet: current.ruleSet }),
    oldHash,
    newHash: contentHash(ruleSet),
    locked: data.assessment.status === 'locked',
    items,
    kinds,
  };
}

/** The decision for a kind: what the user chose, never clamp where clamping means nothing. */
export function decisionFor(kind: ImpactKind, decisions: RuleSetDecisions): ImpactDecision | undefined {
  const d = decisions[kind];
  return d === 'clamp' && !CLAMPABLE.has(kind) ? 'note' : d;
}

export type RuleSetChangeOutcome =
  | { applied: true; hash: string; clamped: number; noted: number }
  | { applied: false; reason: 'cancelled' | 'undecided'; kinds: ImpactKind[] };

/**
 * Refuses a locked assessment inside the write (the store's guard), whatever the decisions. `why` names
 * what brought the change (a merged file); the old rule set's hash is always added to it.
 */
export async function applyRuleSetChange(
  db: KaoheDb,
  plan: RuleSetChangePlan,
  decisions: RuleSetDecisions,
  who: string,
  why = '更换规则集',
): Promise<RuleSetChangeOutcome> {
  const undecided = plan.kinds.filter((k) => decisionFor(k.kind, decisions) === undefined).map((k) => k.kind);
  if (undecided.length > 0) return { applied: false, reason: 'undecided', kinds: undecided };
  const cancelled = plan.kinds.filter((k) => decisionFor(k.kind, decisions) === 'cancel').map((k) => k.kind);
  if (cancelled.length > 0) return { applied: false, reason: 'cancelled', kinds: cancelled };

  const saves = new Map<string, ScoreEntry>();
  const removes = new Map<string, ScoreEntry>();
  const classCleared = new Set<string>();
  for (const item of plan.items) {
    const d = decisionFor(item.kind, decisions);
    if (item.kind === 'unitClassRemoved') {
      classCleared.add(item.unitId);
      continue;
    }
    if (!item.entry) continue;
    if (d === 'clamp' && item.clamped) saves.set(item.entry.id, item.clamped);
    else removes.set(item.entry.id, item.entry);
  }
  for (const id of removes.keys()) saves.delete(id);
  const data = await loadAssessmentData(db, plan.assessmentId);
  const units: Unit[] = data.units
    .filter((u) => classCleared.has(u.id))
    .map(({ unitClass: _cleared, ...u }) => u);
  const record = {
    oldRuleSetHash: plan.oldHash,
    decisions: Object.fromEntries(plan.kinds.map((k) => [k.kind, decisionFor(k.kind, decisions)])),
    affected: Object.fromEntries(plan.kinds.map((k) => [k.kind, k.count])),
  };
  const hash = await changeGroupRuleSet(db, plan.assessmentId, plan.groupKey, plan.ruleSet, who, {
    expectedHash: plan.oldHash,
    saves: [...saves.values()],
    removes: [...removes.values()],
    units,
    why: `${why}（原规则集 ${plan.oldHash.slice(0, 19)}…）`,
    record,
  });
  return { applied: true, hash, clamped: saves.size, noted: removes.size };
}
