/**
 * Stored results snapshots: an assessment's results scored from one read of its inputs, kept with the
 * inputs' change count read in that same read (inputChanges.ts). A snapshot is handed out only while the
 * count is still the same, so it is never the result of anything but what is stored now.
 */
import type { KaoheDb } from './database';
import { dataTables, loadData, type AssessmentData } from './assessments';
import { readInputChanges } from './inputChanges';
import type { ResultSnapshotRow } from './schema';

/** Everything scoring reads, and the change count it was read at, in one transaction. */
export function loadCountedData(db: KaoheDb, assessmentId: string): Promise<{ data: AssessmentData; changes: number }> {
  return db.transaction('r', [...dataTables(db), db.inputChanges], async () => {
    const [data, changes] = await Promise.all([loadData(db, assessmentId), readInputChanges(db)]);
    return { data, changes };
  });
}

/** The assessment's snapshot if it was scored from the inputs as stored now; undefined when there is none or it is out of date. */
export function readResultSnapshot(db: KaoheDb, assessmentId: string): Promise<ResultSnapshotRow | undefined> {
  return db.transaction('r', [db.inputChanges, db.resultSnapshots], async () => {
    const [changes, row] = await Promise.all([readInputChanges(db), db.resultSnapshots.get(assessmentId)]);
    return row && row.changes === changes ? row : undefined;
  });
}

/**
 * Stores a snapshot if nothing has changed the inputs since it was read (the count is checked and the row
 * written in one transaction); false when something has, and nothing is written.
 */
export function storeResultSnapshot(db: KaoheDb, row: ResultSnapshotRow): Promise<boolean> {
  return db.transaction('rw', [db.inputChanges, db.resultSnapshots], async () => {
    if ((await readInputChanges(db)) !== row.changes) return false;
    await db.resultSnapshots.put(row);
    return true;
  });
}
