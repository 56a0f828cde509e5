/**
 * Per-machine settings kept beside the data: which assessment is open and who is entering scores.
 */
import type { KaoheDb } from './database';

export const META_CURRENT_ASSESSMENT = 'currentAssessmentId';
export const META_CURRENT_ASSESSOR = 'currentAssessorId';

async function getString(db: KaoheDb, key: string): Promise<string | null> {
  const row = await db.meta.get(key);
  return typeof row?.value === 'string' ? row.value : null;
}

async function setString(db: KaoheDb, key: string, value: string | null): Promise<void> {
  if (value === null) await db.meta.delete(key);
  else await db.meta.put({ key, value });
}

export const getCurrentAssessmentId = (db: KaoheDb) => getString(db, META_CURRENT_ASSESSMENT);
export const setCurrentAssessmentId = (db: KaoheDb, id: string | null) => setString(db, META_CURRENT_ASSESSMENT, id);
export const getCurrentAssessor = (db: KaoheDb) => getString(db, META_CURRENT_ASSESSOR);
export const setCurrentAssessor = (db: KaoheDb, assessorId: string | null) => setString(db, META_CURRENT_ASSESSOR, assessorId);

/** A remembered setting of the app (e.g. the last column mapping of an import); undefined when never set. */
export async function getMeta(db: KaoheDb, key: string): Promise<unknown> {
  return (await db.meta.get(key))?.value;
}

export async function setMeta(db: KaoheDb, key: string, value: unknown): Promise<void> {
  await db.meta.put({ key, value });
}
