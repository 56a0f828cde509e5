/**
 * The year's stage on the assessment row. The store keeps it consistent with the lock: 定稿 and 已通报
 * only while locked, 录入中 and 征求意见 only while open (locking and unlocking are lock.ts's). Every
 * change is in the audit log with its reason.
 */
import { stageOf, type Stage } from '../model/stage';
import { auditRow, nowIso } from './audit';
import type { KaoheDb } from './database';
import { ReasonRequiredError, StageError } from './errors';
import { requireAssessment } from './guard';

const NAMES: Record<Stage, string> = { entry: '录入中', consultation: '初步结果（征求意见）', final: '定稿', published: '已通报' };

export const stageName = (s: Stage): string => NAMES[s];

/** Sets the stage; `why` is required when going back. Returns the stage before. */
export async function setStage(db: KaoheDb, assessmentId: string, to: Stage, who: string, why?: string): Promise<Stage> {
  return db.transaction('rw', [db.assessments, db.audit], async () => {
    const a = await requireAssessment(db, assessmentId);
    const from = stageOf(a);
    const locked = a.status === 'locked';
    if ((to === 'final' || to === 'published') !== locked) {
      throw new StageError(locked ? `考核“${a.name}”已锁定（定稿），须先解锁才能回到“${NAMES[to]}”。` : `考核“${a.name}”尚未锁定，不能进入“${NAMES[to]}”。`);
    }
    if (to === 'published' && from !== 'final' && from !== 'published') throw new StageError('须先定稿才能标为已通报。');
    const back = STAGE_ORDER[to] < STAGE_ORDER[from];
    const reason = why?.trim() ?? '';
    if (back && reason === '') throw new ReasonRequiredError(`退回到“${NAMES[to]}”`);
    if (from === to && a.stage === to) return from;
    await db.assessments.put({ ...a, stage: to });
    await db.audit.add(
      // the stage as stored: after a lock or unlock it still says where the year came from
      auditRow({ assessmentId, who, action: 'assessment.stage', before: { stage: a.stage ?? from }, after: { stage: to }, ...(reason !== '' && { why: reason }) }, nowIso()),
    );
    return from;
  });
}

const STAGE_ORDER: Record<Stage, number> = { entry: 0, consultation: 1, final: 2, published: 3 };
