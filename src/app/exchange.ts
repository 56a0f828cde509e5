/**
 * Bundles between machines: import a bundle file into the open assessment (merge), open one as an
 * assessment of its own (another year), export the open one, and resolve the conflicts an import left.
 * A file is parsed and checked in full before anything is written; the write is one transaction,
 * tracked by the save status.
 */
import { parseBundle, serializeBundle } from '../formats/bundle';
import type { ValidationIssue } from '../model/issues';
import type { Bundle } from '../model/assessment';
import { trackSave } from './saveStatus';
import { planMerge } from '../sync/merge';
import { contentHash } from '../sync/contentHash';
import {
  exportBundle,
  importBundle,
  importBundleWithFiles,
  importWithFilesTables,
  loadAssessmentData,
  loadBundleAsNewAssessment,
  type ExportScope,
  type ImportFilesReport,
  type ImportReport,
  type KaoheDb,
} from '../store/repo';
import { applyRuleSetChange, planRuleSetChange, type RuleSetChangePlan, type RuleSetDecisions } from './changeRuleSet';
import type { ReadBundle } from './openBundle';

export { listConflicts, resolveConflicts, type ConflictChoice, type ExportScope, type ImportFilesReport, type ImportReport } from '../store/repo';
export { listSelfConflicts, resolveSelfConflicts, type SelfConflictChoice, type SelfConflictRow, type SelfVersion } from '../store/repo';

export type FileOutcome<T> = { ok: false; errors: ValidationIssue[] } | ({ ok: true } & T);

/** Merges a bundle file into the assessment: new entries are added, later revisions win, conflicts wait. */
export async function importBundleFile(
  db: KaoheDb,
  assessmentId: string,
  text: string,
  fileName: string,
  who: string,
): Promise<FileOutcome<{ report: ImportReport }>> {
  const parsed = parseBundle(text, fileName);
  if (!parsed.ok) return parsed;
  return { ok: true, report: await mergeBundle(db, assessmentId, parsed.bundle, who) };
}

/** Merges a bundle already read and checked (readBundleInWorker.ts) in one tracked transaction. */
export function mergeBundle(db: KaoheDb, assessmentId: string, bundle: Bundle, who: string): Promise<ImportReport> {
  return trackSave(() => importBundle(db, assessmentId, bundle, who));
}

/** Opens a bundle file as an assessment of its own (e.g. last year's, for the year-over-year view). */
export async function openBundleFile(db: KaoheDb, text: string, fileName: string, who: string): Promise<FileOutcome<{ name: string; year: number }>> {
  const parsed = parseBundle(text, fileName);
  if (!parsed.ok) return parsed;
  await trackSave(() => loadBundleAsNewAssessment(db, parsed.bundle, { who }));
  return { ok: true, name: parsed.bundle.assessment.name, year: parsed.bundle.assessment.year };
}

/** The assessment (or one assessor's sheets) as the text of a bundle file. */
export async function exportBundleFile(db: KaoheDb, assessmentId: string, scope: ExportScope, who: string): Promise<string> {
  return serializeBundle(await exportBundle(db, assessmentId, scope, who));
}

/**
 * Merging a bundle whose rule set differs from the assessment's, for some group: the file's rule set
 * replaces the one in use, through the same impact report as any rule-set change (changeRuleSet.ts),
 * and only then are the entries merged — both in one transaction, so a cancelled or refused merge
 * leaves everything as it was. `ruleChanges` is empty when every group's rule set is the same.
 */
export interface BundleMergePlan {
  assessmentId: string;
  input: ReadBundle;
  ruleChanges: RuleSetChangePlan[];
  /** names of the assessment's units and groups here, for the impact report */
  unitNames: Record<string, string>;
  assessorNames: Record<string, string>;
  groupNames: Record<string, string>;
  /** the merge cannot happen whatever is decided (another assessment, a group this one lacks…) */
  refused?: string;
}

export async function planBundleMerge(db: KaoheDb, assessmentId: string, input: ReadBundle): Promise<BundleMergePlan> {
  const local = await loadAssessmentData(db, assessmentId);
  const incoming = input.bundle;
  const byHash = new Map(incoming.ruleSets.map((rs) => [contentHash(rs), rs]));
  const changed = incoming.assessment.groups.filter((g) => local.assessment.groups.some((l) => l.key === g.key && l.ruleSetHash !== g.ruleSetHash));
  // a dry run of the merge as it would be once the file's rule sets are in use: whatever it still
  // refuses (another assessment, a group missing here, duplicate ids) is refused now, before any dialog
  const adopted = {
    ...local,
    assessment: { ...local.assessment, groups: local.assessment.groups.map((l) => incoming.assessment.groups.find((g) => g.key === l.key && changed.includes(g)) ?? l) },
    ruleSets: [...local.ruleSets, ...incoming.ruleSets],
  };
  const unitNames = Object.fromEntries([...incoming.units, ...local.units].map((u) => [u.id, u.name]));
  const assessorNames = Object.fromEntries([...incoming.assessors, ...local.assessors].map((a) => [a.id, a.name]));
  const groupNames = Object.fromEntries(local.assessment.groups.map((g) => [g.key, g.name]));
  const dry = planMerge(adopted, incoming);
  if (dry.refused) return { assessmentId, input, ruleChanges: [], unitNames, assessorNames, groupNames, refused: dry.refused.message };
  const ruleChanges: RuleSetChangePlan[] = [];
  for (const g of changed) ruleChanges.push(await planRuleSetChange(db, assessmentId, g.key, byHash.get(g.ruleSetHash)!));
  return { assessmentId, input, ruleChanges, unitNames, assessorNames, groupNames };
}

export type BundleMergeOutcome =
  | { merged: true; report: ImportFilesReport; ruleSetsChanged: number }
  | { merged: false; reason: 'cancelled' | 'undecided' | 'refused'; message?: string };

class MergeAborted extends Error {
  constructor(readonly outcome: Extract<BundleMergeOutcome, { merged: false }>) {
    super(outcome.reason);
  }
}

/**
 * Applies the plan: each group's new rule set with the user's decisions for the entries it affects
 * (`decisions` by group key), then the merge of the file's entries, appeals and attachments — one
 * transaction. A locked assessment is refused by the store's guard (LockedError), nothing changed.
 */
export async function applyBundleMerge(db: KaoheDb, plan: BundleMergePlan, decisions: Record<string, RuleSetDecisions>, who: string): Promise<BundleMergeOutcome> {
  if (plan.refused !== undefined) return { merged: false, reason: 'refused', message: plan.refused };
  const { bundle } = plan.input;
  const why = `随评分文件合并更换规则集（导出于 ${bundle.exportedAt.slice(0, 16).replace('T', ' ')}）`;
  try {
    const report = await trackSave(() =>
      db.transaction('rw', importWithFilesTables(db), async () => {
        for (const change of plan.ruleChanges) {
          const out = await applyRuleSetChange(db, change, decisions[change.groupKey] ?? {}, who, why);
          if (!out.applied) throw new MergeAborted({ merged: false, reason: out.reason });
        }
        const merged = await importBundleWithFiles(db, plan.assessmentId, { bundle, files: new Map(plan.input.files ?? []) }, who);
        if (merged.refused) throw new MergeAborted({ merged: false, reason: 'refused', message: merged.refused.message });
        return merged;
      }),
    );
    return { merged: true, report, ruleSetsChanged: plan.ruleChanges.length };
  } catch (e) {
    if (e instanceof MergeAborted) return e.outcome;
    throw e;
  }
}
