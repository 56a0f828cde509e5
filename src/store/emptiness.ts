/**
 * "No assessment on this machine" is shown next to actions that create or reset data, so it must be
 * true, not the look of a read that failed: an empty list of assessments counts as empty only when no
 * sheet rows are stored either. Otherwise the read is treated as failed and can be tried again.
 */
import type { KaoheDb } from './database';

export class InconsistentReadError extends Error {
  constructor() {
    super('assessments read as none while sheet rows are stored');
    this.name = 'InconsistentReadError';
  }
}

/** Throws InconsistentReadError when the database reads as empty of assessments but holds sheets. */
export async function confirmNoAssessments(db: KaoheDb): Promise<void> {
  const [units, packs] = await Promise.all([db.units.count(), db.unitPacks.count()]);
  if (units > 0 || packs > 0) throw new InconsistentReadError();
}
