/**
 * Results first, on opening an assessment: a worker reads its stored inputs in one transaction and scores
 * them, so the ranking page shows while the page itself still reads the entries, a chunk at a time, into
 * the model edits work on (assessmentModel.ts). What comes back is the engine's result of each group,
 * and a signature of the setup it was scored with: results whose setup is not the page's are not shown.
 */
import type { GroupResult } from '../engine';
import { loadCountedData, openDb, readResultSnapshot, type AssessmentFrame, type KaoheDb } from '../store/repo';
import { scoreGroups, type GroupView } from './assessmentView';
import { snapshotRow, storeSnapshot } from './resultSnapshot';

export interface FirstResults {
  /** frameSignature of the setup read with the entries */
  frame: string;
  /** each group's result, in group order, named as the assessment names it */
  groups: GroupResult[];
  /** the inputs' change count read with them (store/inputChanges.ts) */
  changes: number;
}

export interface FirstResultsRequest {
  dbName: string;
  assessmentId: string;
  /** only store the snapshot (after edits, when the page is idle): no results are sent */
  snapshotOnly?: boolean;
}

/** `scored` comes first, then `stored` once the snapshot is written (or refused: the inputs changed meanwhile). */
export type FirstResultsMessage = { kind: 'scored'; results: FirstResults } | { kind: 'stored'; stored: boolean } | { kind: 'failed'; message: string };

/** What scoring reads besides the entries: the groups and their rule sets (by hash), units, assessors, counted self scores. */
export function frameSignature(frame: AssessmentFrame): string {
  const self = [...frame.selfScores].map(([unitId, leaves]) => [unitId, [...leaves]]);
  return JSON.stringify([frame.assessment.groups, frame.units, frame.assessors, self]);
}

/** The stored results snapshot as first results, if it was scored from the inputs as stored now (resultSnapshot.ts). */
export async function storedFirstResults(db: KaoheDb, assessmentId: string): Promise<FirstResults | null> {
  const row = await readResultSnapshot(db, assessmentId);
  return row ? { frame: row.frame, groups: row.groups as GroupResult[], changes: row.changes } : null;
}

/** Reads the assessment as stored now, with the change count, in one read, and scores every group. */
export async function scoreStored(db: KaoheDb, assessmentId: string): Promise<FirstResults & { views: GroupView[] }> {
  const { data, changes } = await loadCountedData(db, assessmentId);
  const views = scoreGroups(data);
  return { frame: frameSignature(data), groups: views.map((g) => g.result), changes, views };
}

/**
 * The worker's handler: opens its own connection to the page's database, sends the results, then stores
 * them as the assessment's snapshot — refused if anything wrote the inputs since they were read.
 */
export async function handleFirstResultsRequest({ dbName, assessmentId, snapshotOnly }: FirstResultsRequest, post: (m: FirstResultsMessage) => void): Promise<void> {
  const db = openDb(dbName);
  try {
    const { views, ...results } = await scoreStored(db, assessmentId);
    if (!snapshotOnly) post({ kind: 'scored', results });
    const stored = await storeSnapshot(db, snapshotRow(assessmentId, results.changes, results.frame, views, new Date().toISOString()));
    post({ kind: 'stored', stored });
  } catch (e) {
    post({ kind: 'failed', message: e instanceof Error ? e.message : String(e) });
  } finally {
    db.close();
  }
}

export interface FirstResultsRun {
  /** null where no worker runs or it failed: the page then waits for its own full read */
  done: Promise<FirstResults | null>;
  /** whether a snapshot was stored (false also where no worker runs or it failed) */
  stored: Promise<boolean>;
  stop(): void;
}

function startWorker(): Worker | undefined {
  try {
    return new Worker(new URL('./firstResults.worker.ts', import.meta.url), { type: 'module' });
  } catch {
    return undefined;
  }
}

/**
 * Scores the stored assessment in a worker and stores the results snapshot. Scoring on the page's thread
 * instead would gain nothing over its own read. `snapshotOnly`: no results are sent, `done` is null.
 */
export function firstResultsInWorker(db: KaoheDb, assessmentId: string, { snapshotOnly = false }: { snapshotOnly?: boolean } = {}): FirstResultsRun {
  const worker = typeof Worker === 'undefined' ? undefined : startWorker();
  if (!worker) return { done: Promise.resolve(null), stored: Promise.resolve(false), stop: () => undefined };
  let settle: (r: FirstResults | null) => void = () => undefined;
  let settleStored: (s: boolean) => void = () => undefined;
  const done = new Promise<FirstResults | null>((ok) => (settle = ok));
  const stored = new Promise<boolean>((ok) => (settleStored = ok));
  const end = (s: boolean) => {
    worker.terminate();
    settle(null);
    settleStored(s);
  };
  worker.onmessage = (e: MessageEvent<FirstResultsMessage>) => {
    const m = e.data;
    if (m.kind === 'scored') settle(m.results);
    else end(m.kind === 'stored' && m.stored);
  };
  worker.onerror = (e) => {
    e.preventDefault();
    end(false);
  };
  worker.postMessage({ dbName: db.name, assessmentId, ...(snapshotOnly && { snapshotOnly }) } satisfies FirstResultsRequest);
  if (snapshotOnly) settle(null);
  return { done, stored, stop: () => end(false) };
}
