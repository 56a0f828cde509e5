/**
 * Opening a bundle file as an assessment of its own, start to end where it runs: read, checked (as an
 * import is, bundleIngest.ts) and stored through the repository — in the worker, so a nation's million
 * entries are never copied to the page, parsed or written on its thread. The page hears progress and,
 * at the end, only the assessment's name and year; its live reads see the new rows as they see another
 * tab's (Dexie tells every context of a write).
 */
import type { ValidationIssue } from '../model/issues';
import { loadBundleAsNewAssessment, openDb, type KaoheDb } from '../store/repo';
import { explainFailure, type Failure } from './appError';
import { ingestBundle, type IngestProgress, type IngestRequest } from './bundleIngest';

export interface OpenRequest extends IngestRequest {
  open: { dbName: string; who: string };
}

export type Opened = { ok: true; id: string; name: string; year: number } | { ok: false; errors: ValidationIssue[] };

/** Storing, once the checks passed: with the entries stored so far, and in all, where that is known. */
export interface StoreProgress {
  stage: 'store';
  stored?: number;
  total?: number;
}

/** Where opening stands: the reading stages, then storing. */
export type OpenStep = IngestProgress | StoreProgress;

export type OpenMessage = { kind: 'step'; step: OpenStep } | { kind: 'opened'; opened: Opened } | { kind: 'refused'; failure: Failure };

export const isOpenRequest = (r: IngestRequest): r is OpenRequest => 'open' in r && r.open !== undefined;

/**
 * Reads, checks and stores; `stop` is asked between chunks (a cancel on the page's thread). A refusal
 * of the store (the assessment is already here, storage full) comes back as its words for the user.
 * `pageDb`: the page's own connection, when this runs on the page (no worker); a worker opens its own.
 */
export async function openBundle(request: OpenRequest, post: (m: OpenMessage) => void, stop: () => boolean = () => false, pageDb?: KaoheDb): Promise<void> {
  const read = await ingestBundle(request, (step) => post({ kind: 'step', step }), stop);
  if (!read) return;
  if (!read.ok) return post({ kind: 'opened', opened: read });
  post({ kind: 'step', step: { stage: 'store' } });
  const db = pageDb ?? openDb(request.open.dbName);
  try {
    const id = await loadBundleAsNewAssessment(db, read.bundle, {
      who: request.open.who,
      stored: (stored, total) => post({ kind: 'step', step: { stage: 'store', stored, total } }),
    });
    const { name, year } = read.bundle.assessment;
    post({ kind: 'opened', opened: { ok: true, id, name, year } });
  } catch (e) {
    post({ kind: 'refused', failure: explainFailure(e, 'import') });
  } finally {
    if (!pageDb) db.close();
  }
}
