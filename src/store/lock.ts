/**
 * Locking: the results are final. A locked assessment keeps a snapshot of its results and the hash
 * of the inputs that produced them, so a later recomputation can show nothing changed. Unlocking
 * needs a reason, which the audit log keeps.
 */
import { auditRow, nowIso } from './audit';
import type { KaoheDb } from './database';
import { LockedError, NotLockedError, ReasonRequiredError } from './errors';
import { requireAssessment } from './guard';
import type { SnapshotRow } from './schema';

export interface LockSnapshot {
  inputsHash: string;
  /** the engine's results, as plain (structured-cloneable) data */
  results: unknown;
}

export async function lockAssessment(db: KaoheDb, assessmentId: string, snapshot: LockSnapshot, who: string): Promise<void> {
  await db.transaction('rw', [db.assessments, db.snapshots, db.audit], async () => {
    const a = await requireAssessment(db, assessmentId);
    if (a.status === 'locked') throw new LockedError(a.name);
    const at = nowIso();
    await db.assessments.put({ ...a, status: 'locked', lockedAt: at });
    await db.snapshots.add({ assessmentId, at, who, inputsHash: snapshot.inputsHash, results: snapshot.results });
    await db.audit.add(
      auditRow(
        { assessmentId, who, action: 'assessment.lock', before: { status: 'open' }, after: { status: 'locked', inputsHash: snapshot.inputsHash } },
        at,
      ),
    );
  });
}

export async function unlockAssessment(db: KaoheDb, assessmentId: string, who: string, why: string): Promise<void> {
  const reason = why.trim();
  if (reason === '') throw new ReasonRequiredError('解锁考核');
  await db.transaction('rw', [db.assessments, db.audit], async () => {
    const a = await requireAssessment(db, assessmentId);
    if (a.status !== 'locked') throw new NotLockedError(a.name);
    const { lockedAt, ...rest } = a;
    await db.assessments.put({ ...rest, status: 'open' });
    await db.audit.add(
      auditRow({ assessmentId, who, action: 'assessment.unlock', before: { status: 'locked', lockedAt }, after: { status: 'open' }, why: reason }),
    );
  });
}

/** The snapshot taken by the latest lock (kept after unlocking, as history). */
export async function latestSnapshot(db: KaoheDb, assessmentId: string): Promise<SnapshotRow | undefined> {
  return db.snapshots.where('assessmentId').equals(assessmentId).last();
}
