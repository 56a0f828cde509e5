/**
 * Writing the cells of one grid action (a typed value, a paste, a cleared range, an undo) as one
 * repository transaction, so either every cell and its audit row is stored or — on any refusal, such
 * as a lock taken meanwhile — none is. The header's save state counts the write until it is on disk.
 */
import { applyEntryChanges, saveEntries } from '../../app/editEntries';
import { type KaoheDb } from '../../app/session';
import type { ScoreEntry } from '../../engine';
import { trackSave } from '../../app/saveStatus';
import type { CellChange } from './cellPlan';

export interface Written {
  saved: ScoreEntry[];
  deleted: ScoreEntry[];
}

export const WHY_UNDO = '撤销';
export const WHY_REDO = '重做';
export const WHY_PASTE = '粘贴';

export function writeCells(db: KaoheDb, assessmentId: string, changes: readonly CellChange[], who: string, why?: string): Promise<Written> {
  const saves = changes.flatMap((c) => (c.after ? [c.after] : []));
  const deletes = changes.flatMap((c) => (!c.after && c.before ? [c.before] : []));
  return trackSave(async () => {
    if (deletes.length === 0) return { saved: await saveEntries(db, assessmentId, saves, who, why), deleted: [] };
    const saved = await applyEntryChanges(db, assessmentId, saves, deletes, who, why);
    return { saved, deleted: deletes };
  });
}
