/**
 * Results first, on opening an assessment: a worker reads its stored inputs in one transaction and scores
 * them, so the ranking page shows while the page itself still reads the entries, a chunk at a time, into
 * the model edits work on (assessmentModel.ts). What comes back is the engine's result of each group,
 * and a signature of the setup it was scored with: results whose setup is not the page's are not shown.
 */
import type { GroupResult } from '../engine';
import { loadAssessmentData, openDb, type AssessmentFrame, type KaoheDb } from '../store/repo';
import { scoreGroups } from './assessmentView';

export interface FirstResults {
  /** frameSignature of the setup read with the entries */
  frame: string;
  /** each group's result, in group order, named as the assessment names it */
  groups: GroupResult[];
}

export interface FirstResultsRequest {
  dbName: string;
  assessmentId: string;
}

export type FirstResultsMessage = { kind: 'scored'; results: FirstResults } | { kind: 'failed'; message: string };

/** What scoring reads besides the entries: the groups and their rule sets (by hash), units, assessors, counted self scores. */
export function frameSignature(frame: AssessmentFrame): string {
  const self = [...frame.selfScores].map(([unitId, leaves]) => [unitId, [...leaves]]);
  return JSON.stringify([frame.assessment.groups, frame.units, frame.assessors, self]);
}

/** Reads the assessment as stored now and scores every group. */
export async function scoreStored(db: KaoheDb, assessmentId: string): Promise<FirstResults> {
  const data = await loadAssessmentData(db, assessmentId);
  return { frame: frameSignature(data), groups: scoreGroups(data).map((g) => g.result) };
}

/** The worker's handler: opens its own connection to the page's database. */
export async function handleFirstResultsRequest({ dbName, assessmentId }: FirstResultsRequest, post: (m: FirstResultsMessage) => void): Promise<void> {
  const db = openDb(dbName);
  try {
    post({ kind: 'scored', results: await scoreStored(db, assessmentId) });
  } catch (e) {
    post({ kind: 'failed', message: e instanceof Error ? e.message : String(e) });
  } finally {
    db.close();
  }
}

export interface FirstResultsRun {
  /** null where no worker runs or it failed: the page then waits for its own full read */
  done: Promise<FirstResults | null>;
  stop(): void;
}

function startWorker(): Worker | undefined {
  try {
    return new Worker(new URL('./firstResults.worker.ts', import.meta.url), { type: 'module' });
  } catch {
    return undefined;
  }
}

/** Scores the stored assessment in a worker. Scoring on the page's thread instead would gain nothing over its own read. */
export function firstResultsInWorker(db: KaoheDb, assessmentId: string): FirstResultsRun {
  const worker = typeof Worker === 'undefined' ? undefined : startWorker();
  if (!worker) return { done: Promise.resolve(null), stop: () => undefined };
  let settle: (r: FirstResults | null) => void = () => undefined;
  const done = new Promise<FirstResults | null>((ok) => (settle = ok));
  const end = (r: FirstResults | null) => {
    worker.terminate();
    settle(r);
  };
  worker.onmessage = (e: MessageEvent<FirstResultsMessage>) => end(e.data.kind === 'scored' ? e.data.results : null);
  worker.onerror = (e) => {
    e.preventDefault();
    end(null);
  };
  worker.postMessage({ dbName: db.name, assessmentId } satisfies FirstResultsRequest);
  return { done, stop: () => end(null) };
}
