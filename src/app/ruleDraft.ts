/**
 * Writing a rule set in the editor: start a draft from any rule set (a shipped file, one stored in
 * this browser, the one in use, a blank one, a 考核细则 table once read), save it as it is typed with
 * its undo history, and apply it. A group that is already scored changes through the impact report
 * (app/changeRuleSet.ts) like any other rule file; this command adds a new group, and refuses to
 * replace a rule set where stored entries would be affected.
 */
import { planRuleSetChange } from './changeRuleSet';
import { parseRuleSet, type RuleSet, type RuleWarning, type ValidationIssue } from '../engine';
import { HISTORY_LIMIT, type DraftHistory } from '../report/ruleDraft/history';
import {
  deleteRuleDraft,
  getRuleDraft,
  listRuleDrafts,
  listRuleSets,
  putRuleDraft,
  setGroupRuleSet,
  type KaoheDb,
  type RuleDraftOrigin,
  type RuleDraftRow,
} from '../store/repo';
import { newId } from '../store/ids';
import { trackSave } from './saveStatus';

export { deleteRuleDraft, getRuleDraft, listRuleDrafts, listRuleSets, type RuleDraftOrigin, type RuleDraftRow };

/** A rule set with nothing in it yet but what every rule set needs: a total, one tier, the usual precision. */
export function blankRuleSet(year: number, group: { key: string; name: string }): RuleSet {
  return {
    schemaVersion: 1,
    id: `${group.key}-${year}`,
    name: `${year}年度政务公开考核（${group.name}）`,
    year,
    version: '1.0.0',
    source: 'example value',
    group: { ...group },
    precision: { step: 0.01, rounding: 'halfUp', display: 2, rankBy: 'rounded' },
    assessors: { aggregate: 'mean' },
    root: { key: 'total', name: '总分', type: 'group', children: [] },
    vetoes: [],
    thresholds: [],
    tiers: [{ key: 'qualified', name: '合格' }],
    tieBreak: [],
    unitClasses: [],
  };
}

/** Starts a draft from any rule set object (copied: the source is never changed). */
export async function startRuleDraft(db: KaoheDb, assessmentId: string, ruleSet: RuleSet, origin: RuleDraftOrigin): Promise<RuleDraftRow> {
  const now = new Date().toISOString();
  const row: RuleDraftRow = {
    id: newId('draft-'),
    assessmentId,
    origin,
    ruleSet: structuredClone(ruleSet),
    past: [],
    future: [],
    createdAt: now,
    updatedAt: now,
  };
  await trackSave(() => putRuleDraft(db, row));
  return row;
}

/** Saves the draft and its undo history (the oldest steps beyond the limit are let go). */
export async function saveRuleDraft(db: KaoheDb, row: RuleDraftRow, history: DraftHistory): Promise<RuleDraftRow> {
  const next: RuleDraftRow = {
    ...row,
    ruleSet: history.present,
    past: history.past.slice(-HISTORY_LIMIT),
    future: history.future.slice(0, HISTORY_LIMIT),
    updatedAt: new Date().toISOString(),
  };
  await trackSave(() => putRuleDraft(db, next));
  return next;
}

export async function removeRuleDraft(db: KaoheDb, id: string): Promise<void> {
  await trackSave(() => deleteRuleDraft(db, id));
}

export type ApplyResult =
  | { ok: true; ruleSet: RuleSet; hash: string; warnings: RuleWarning[] }
  | { ok: false; errors: ValidationIssue[] };

/**
 * Makes the draft the rule set of its group in the assessment (adding the group when it has none),
 * only when it passes the rule-file door; otherwise nothing changes and the problems come back.
 */
export async function applyRuleDraft(db: KaoheDb, assessmentId: string, draft: RuleSet, who: string): Promise<ApplyResult> {
  const parsed = parseRuleSet(draft);
  if (!parsed.ok) return { ok: false, errors: parsed.errors };
  const plan = await planRuleSetChange(db, assessmentId, parsed.ruleSet.group.key, parsed.ruleSet);
  if (plan.items.length > 0) {
    return { ok: false, errors: [{ path: '', message: `更换规则集会影响 ${plan.items.length} 条已录入的记录，须在影响报告中逐类决定` }] };
  }
  const hash = await trackSave(() => setGroupRuleSet(db, assessmentId, parsed.ruleSet.group.key, parsed.ruleSet, who));
  return { ok: true, ruleSet: parsed.ruleSet, hash, warnings: parsed.warnings };
}
