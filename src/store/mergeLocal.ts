/**
 * The local side of a merge (planMerge), read inside the merge's transaction, with a PackSet that knows
 * what was read. planMerge looks local entries and deletions up only by the ids of the file's entries and
 * deletions. When each of those ids is its cell's own (cellEntryId), the entry of that id can only be in its
 * cell's pack (a cell's own id is nowhere else, as PackSet relies on): then only the packs (unit × assessor)
 * the file touches are read, and the deletions of those ids. A live-sync batch of one edit so reads one pack
 * of a nation's 9,000 instead of all 1.35 million entries. Any other id may be in any pack: then every entry
 * is read, so that an id used here by another cell is refused (entryOfAnotherCell) as before.
 */
import type { Bundle } from '../model/assessment';
import { cellEntryId } from '../model/cellId';
import type { MergeLocal } from '../sync/merge';
import { loadAssessmentData, loadAssessmentFrame } from './assessments';
import type { KaoheDb } from './database';
import { PackSet, readPacks } from './packs';
import { loadRemovals } from './removals';
import { entriesFromPacks, removalsFromRows } from './rows';
import type { RemovalRow } from './schema';

export interface MergeLocalRead {
  local: MergeLocal;
  /** knows every entry of `local` (all of the assessment's after a whole read) */
  packs: PackSet;
  /** only the packs the file touches were read */
  partial: boolean;
}

/** Whether every entry and deletion of the file carries its cell's own id. */
export function touchesOwnCellsOnly(bundle: Pick<Bundle, 'entries' | 'removals'>): boolean {
  return bundle.entries.every((e) => e.id === cellEntryId(e)) && (bundle.removals ?? []).every((r) => r.id === cellEntryId(r));
}

/** Runs inside the caller's transaction over the assessment's tables, entry packs and removals. */
export async function readMergeLocal(db: KaoheDb, assessmentId: string, bundle: Pick<Bundle, 'entries' | 'removals'>): Promise<MergeLocalRead> {
  const packs = new PackSet(db, assessmentId);
  if (!touchesOwnCellsOnly(bundle)) {
    const local = { ...(await loadAssessmentData(db, assessmentId)), removals: await loadRemovals(db, assessmentId) };
    packs.knowAll(local.entries);
    return { local, packs, partial: false };
  }
  const cells = [...bundle.entries, ...(bundle.removals ?? [])];
  const ids = [...new Set(cells.map((c) => c.id))];
  const frame = await loadAssessmentFrame(db, assessmentId);
  const [packRows, removalRows] = await Promise.all([readPacks(db, assessmentId, cells), db.removals.bulkGet(ids.map((id) => [assessmentId, id]))]);
  const entries = entriesFromPacks(packRows);
  const removals = removalsFromRows(removalRows.filter((r): r is RemovalRow => r !== undefined));
  packs.know(entries);
  return { local: { ...frame, entries, removals }, packs, partial: true };
}
