/**
 * Other assessments' results for year over year, scored from their stored inputs exactly as when they
 * are open — in a worker (editions.worker.ts), so a nation-sized edition opened beside the current one
 * is read and scored off the page's thread; only each unit's rank, total and tier come back.
 */
import type { UnitResult } from '../engine';
import { loadAssessmentData, openDb, type KaoheDb } from '../store/repo';

export { assessmentInputsStamp } from '../store/repo';
import { computeView } from './assessmentView';

/** A unit's place and total, and its first-level indicator scores (by key; absent: not applicable). */
export type EditionUnitResult = Pick<UnitResult, 'unitId' | 'unitName' | 'rank' | 'total' | 'display' | 'tierName' | 'unscored'> & {
  scores: Record<string, number>;
};

export interface ScoredEdition {
  assessmentId: string;
  name: string;
  year: number;
  groups: { group: string; indicators: { key: string; name: string }[]; units: EditionUnitResult[] }[];
}

export interface EditionsRequest {
  dbName: string;
  ids: string[];
}

export type EditionsMessage = { kind: 'scored'; editions: ScoredEdition[] } | { kind: 'failed'; message: string };

/** Reads and scores each assessment, in the order given. */
export async function scoreEditions(db: KaoheDb, ids: readonly string[]): Promise<ScoredEdition[]> {
  const out: ScoredEdition[] = [];
  for (const id of ids) {
    const data = await loadAssessmentData(db, id);
    const view = computeView(data);
    out.push({
      assessmentId: data.assessment.id,
      name: data.assessment.name,
      year: data.assessment.year,
      groups: view.groups.map(({ result }) => ({
        group: result.group,
        indicators: result.indicators,
        // only the first-level nodes travel back from the worker: year over year compares those
        units: result.units.map(({ unitId, unitName, rank, total, display, tierName, unscored, nodes }) => ({
          unitId,
          unitName,
          rank,
          total,
          display,
          tierName,
          unscored,
          scores: Object.fromEntries(result.indicators.flatMap(({ key }) => (nodes[key]?.applicable ? [[key, nodes[key].score]] : []))),
        })),
      })),
    });
  }
  return out;
}

/** The worker's handler: opens its own connection to the page's database. */
export async function handleEditionsRequest({ dbName, ids }: EditionsRequest, post: (m: EditionsMessage) => void): Promise<void> {
  const db = openDb(dbName);
  try {
    post({ kind: 'scored', editions: await scoreEditions(db, ids) });
  } catch (e) {
    post({ kind: 'failed', message: e instanceof Error ? e.message : String(e) });
  } finally {
    db.close();
  }
}

function startWorker(): Worker | undefined {
  try {
    return new Worker(new URL('./editions.worker.ts', import.meta.url), { type: 'module' });
  } catch {
    return undefined;
  }
}

/** Scores the assessments in a worker; on the page's thread where no worker starts or its script fails to load. */
export function scoreEditionsInWorker(db: KaoheDb, ids: readonly string[]): Promise<ScoredEdition[]> {
  if (ids.length === 0) return Promise.resolve([]);
  const worker = startWorker();
  if (!worker) return scoreEditions(db, ids);
  return new Promise<ScoredEdition[]>((ok, no) => {
    let heard = false;
    worker.onmessage = (e: MessageEvent<EditionsMessage>) => {
      heard = true;
      worker.terminate();
      if (e.data.kind === 'scored') ok(e.data.editions);
      else no(new Error(e.data.message));
    };
    worker.onerror = (e) => {
      worker.terminate();
      if (heard) return;
      e.preventDefault();
      scoreEditions(db, ids).then(ok, no);
    };
    worker.postMessage({ dbName: db.name, ids: [...ids] } satisfies EditionsRequest);
  });
}
