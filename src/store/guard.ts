/**
 * Checks that run inside a write transaction, before anything is written.
 */
import type { KaoheDb } from './database';
import { LockedError, NotFoundError } from './errors';
import type { AssessmentRow } from './schema';

export async function requireAssessment(db: KaoheDb, assessmentId: string): Promise<AssessmentRow> {
  const a = await db.assessments.get(assessmentId);
  if (!a) throw new NotFoundError(`考核 ${assessmentId}`);
  return a;
}

/** The assessment exists and is open for changes. */
export async function requireOpen(db: KaoheDb, assessmentId: string): Promise<AssessmentRow> {
  const a = await requireAssessment(db, assessmentId);
  if (a.status === 'locked') throw new LockedError(a.name);
  return a;
}
