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
import { exportBundle, importBundle, loadBundleAsNewAssessment, type ExportScope, type ImportReport, type KaoheDb } from '../store/repo';

export { listConflicts, resolveConflicts, type ConflictChoice, type ExportScope, type ImportReport } from '../store/repo';

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
