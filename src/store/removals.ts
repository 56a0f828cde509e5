/**
 * Deleted entries, remembered per assessment (the `removals` table): written in the transaction that
 * deletes an entry, carried in bundles, and dropped when an entry of the same id is saved again (the new
 * entry's revision then continues above the removal's).
 */
import type { EntryRemoval, ScoreEntry } from '../model/entries';
import type { KaoheDb } from './database';
import { removalsFromRows } from './rows';

/** The removal of `entry`: a revision above its last. */
export function removalOf(entry: ScoreEntry, at: string, who: string): EntryRemoval {
  return {
    id: entry.id,
    unitId: entry.unitId,
    node: entry.node,
    assessorId: entry.assessorId,
    ...(entry.objectId !== undefined && { objectId: entry.objectId }),
    rev: entry.rev + 1,
    removedAt: at,
    removedBy: who,
  };
}

export async function storeRemovals(db: KaoheDb, assessmentId: string, removals: readonly EntryRemoval[]): Promise<void> {
  if (removals.length > 0) await db.removals.bulkPut(removals.map((r) => ({ ...r, assessmentId })));
}

/** Drops the removal of this id, if any, and gives its revision (0 when there was none). */
export async function takeRemoval(db: KaoheDb, assessmentId: string, id: string): Promise<number> {
  const row = await db.removals.get([assessmentId, id]);
  if (!row) return 0;
  await db.removals.delete([assessmentId, id]);
  return row.rev;
}

/** The assessment's removals by id; with `assessorId`, that assessor's only. */
export async function loadRemovals(db: KaoheDb, assessmentId: string, assessorId?: string): Promise<EntryRemoval[]> {
  const rows = await db.removals.where('assessmentId').equals(assessmentId).toArray();
  return removalsFromRows(rows.filter((r) => assessorId === undefined || r.assessorId === assessorId));
}
