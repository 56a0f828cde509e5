/**
 * What a live read of an assessment's results depends on, counted instead of read: the assessment's row,
 * its units, assessors and packs of entries. A live query that runs this runs again after any write to
 * them, without the cost of reading a nation's million entries on the page (the scoring reads them
 * itself, in a worker).
 */
import type { KaoheDb } from './database';
import { assessmentUnitRange } from './packs';

export async function assessmentInputsStamp(db: KaoheDb, assessmentId: string): Promise<string> {
  const [row, units, assessors, unitsWithEntries] = await Promise.all([
    db.assessments.get(assessmentId),
    db.units.where('assessmentId').equals(assessmentId).count(),
    db.assessors.where('assessmentId').equals(assessmentId).count(),
    assessmentUnitRange(db, assessmentId).count(),
  ]);
  return JSON.stringify([row?.groups ?? null, units, assessors, unitsWithEntries]);
}
