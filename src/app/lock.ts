/**
 * 锁定定稿, 解锁 and 核验: the lock pins the results with the hash of the inputs they were computed from.
 *
 * Scoring a whole assessment takes long at nation scale, so it runs outside any write transaction
 * (other tabs keep saving meanwhile). The lock is then written in one transaction that first reads the
 * inputs again and compares their hash: an edit that landed between the read and the lock makes the
 * attempt fail, and the lock starts over from the new inputs. So a lock never pins a stale hash.
 */
import { scoreGroup } from '../engine';
import {
  latestSnapshot,
  loadAssessmentData,
  lockAssessment as storeLock,
  unlockAssessment as storeUnlock,
  type AssessmentData,
  type KaoheDb,
} from '../store/repo';
import { AppError } from './appError';
import { inputsHash, snapshotResults } from './inputsHash';
import { trackSave } from './saveStatus';

export { latestSnapshot };

/** Attempts before giving up while edits keep arriving. */
const ATTEMPTS = 3;

const hashOf = (data: AssessmentData): string =>
  inputsHash({ groups: data.assessment.groups, units: data.units, assessors: data.assessors, entries: data.entries, selfScores: data.selfScores });

export interface LockOptions<B = never> {
  /** runs after scoring and before the lock is written: where another tab's edit can land */
  afterScoring?: () => Promise<void>;
  /**
   * Runs inside the lock's transaction once the inputs hash matched, so the results it sees are those
   * of the inputs being locked; anything it lists refuses the lock and nothing is written.
   */
  refuse?: (results: readonly ScoredGroup[]) => Promise<B[]>;
  /** written in the lock's transaction, so the log never shows the lock without it */
  alongside?: () => Promise<unknown>;
}

export type ScoredGroup = ReturnType<typeof scoreGroup> & { groupName: string };

export interface Locked {
  inputsHash: string;
  attempts: number;
}

export type LockOutcome<B> = ({ ok: true } & Locked) | { ok: false; refused: B[] };

export async function lockAssessment(db: KaoheDb, assessmentId: string, who: string, options: { afterScoring?: () => Promise<void> } = {}): Promise<Locked> {
  const outcome = await lockUnless<never>(db, assessmentId, who, options);
  if (!outcome.ok) throw new Error('unreachable: nothing refuses a plain lock');
  return { inputsHash: outcome.inputsHash, attempts: outcome.attempts };
}

/** Locks unless `options.refuse`, checked inside the lock's transaction, lists something. */
export async function lockUnless<B>(db: KaoheDb, assessmentId: string, who: string, options: LockOptions<B>): Promise<LockOutcome<B>> {
  {
    for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
      const data = await loadAssessmentData(db, assessmentId);
      const hash = hashOf(data);
      const results = data.groupRuleSets.map(({ group, ruleSet }) => ({
        ...scoreGroup(ruleSet, data.units, data.entries, data.assessors, { selfScores: data.selfScores }),
        groupName: group.name,
      }));
      await options.afterScoring?.();
      const tables = [db.assessments, db.ruleSets, db.units, db.assessors, db.unitPacks, db.snapshots, db.audit, db.appeals, db.selfAssessments];
      const outcome = await trackSave(() =>
        db.transaction('rw', tables, async (): Promise<LockOutcome<B> | undefined> => {
          if (hashOf(await loadAssessmentData(db, assessmentId)) !== hash) return undefined;
          const refused = (await options.refuse?.(results)) ?? [];
          if (refused.length > 0) return { ok: false, refused };
          await storeLock(db, assessmentId, { inputsHash: hash, results: snapshotResults(results) }, who);
          await options.alongside?.();
          return { ok: true, inputsHash: hash, attempts: attempt };
        }),
      );
      if (outcome) return outcome;
    }
    throw new AppError('entry.lock.busy', { attempts: ATTEMPTS });
  }
}

export function unlockAssessment(db: KaoheDb, assessmentId: string, who: string, why: string): Promise<void> {
  return trackSave(() => storeUnlock(db, assessmentId, who, why));
}

export type Verification = { kind: 'noSnapshot' } | { kind: 'same'; hash: string } | { kind: 'changed'; then: string; now: string };

/** Recomputes the inputs hash from what is stored now and holds it against the latest lock's. */
export async function verifyLock(db: KaoheDb, assessmentId: string): Promise<Verification> {
  const [data, snap] = await Promise.all([loadAssessmentData(db, assessmentId), latestSnapshot(db, assessmentId)]);
  if (!snap) return { kind: 'noSnapshot' };
  const now = hashOf(data);
  return now === snap.inputsHash ? { kind: 'same', hash: now } : { kind: 'changed', then: snap.inputsHash, now };
}
