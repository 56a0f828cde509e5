/**
 * Appeals (申诉), stored per assessment: recorded and decided only while the assessment is in 征求意见.
 * Deciding one upheld saves the revised entries in the same transaction as the decision, with the
 * decision as their reason, so the score, the appeal and the audit log never disagree.
 */
import { appeal as appealSchema, appealDecision, type Appeal, type AppealDecision } from '../model/appeal';
import { zodIssuesAt } from '../model/issues';
import type { ScoreEntry } from '../model/entries';
import { stageOf } from '../model/stage';
import { auditRow, nowIso } from './audit';
import type { KaoheDb } from './database';
import { saveEntries } from './entries';
import { InvalidDataError, NotFoundError, StageError } from './errors';
import { requireOpen } from './guard';
import { newId } from './ids';
import { appealsFromRows, compareIds, withoutAssessment } from './rows';
import type { AssessmentRow } from './schema';

/** The assessment's appeals, oldest first (by when the unit raised them, then id). */
export async function listAppeals(db: KaoheDb, assessmentId: string): Promise<Appeal[]> {
  const rows = await db.appeals.where('assessmentId').equals(assessmentId).toArray();
  return appealsFromRows(rows).sort((a, b) => (a.filedAt < b.filedAt ? -1 : a.filedAt > b.filedAt ? 1 : compareIds(a.id, b.id)));
}

function requireConsultation(a: AssessmentRow, what: string): void {
  if (stageOf(a) !== 'consultation') throw new StageError(`${what}只能在“初步结果（征求意见）”阶段进行，本考核当前不在该阶段。`);
}

export type NewAppeal = Omit<Appeal, 'id' | 'rev' | 'updatedAt' | 'updatedBy' | 'decision' | 'links' | 'attachmentIds'> &
  Partial<Pick<Appeal, 'links' | 'attachmentIds'>>;

/** Records a unit's appeal (open, revision 1); returns it as stored. */
export async function recordAppeal(db: KaoheDb, assessmentId: string, input: NewAppeal, who: string): Promise<Appeal> {
  const parsed = appealSchema.safeParse({ ...input, id: newId('ap-') }, { reportInput: true });
  if (!parsed.success) throw new InvalidDataError('申诉', zodIssuesAt('申诉', parsed.error.issues));
  return db.transaction('rw', [db.assessments, db.units, db.appeals, db.audit], async () => {
    const a = await requireOpen(db, assessmentId);
    requireConsultation(a, '登记申诉');
    if (!(await db.units.get([assessmentId, parsed.data.unitId]))) throw new NotFoundError(`单位 ${parsed.data.unitId}`);
    const at = nowIso();
    const saved: Appeal = { ...parsed.data, rev: 1, updatedAt: at, updatedBy: who };
    await db.appeals.add({ ...saved, assessmentId });
    await db.audit.add(auditRow({ assessmentId, who, action: 'appeal.record', unitId: saved.unitId, before: null, after: saved, why: saved.reason }, at));
    return saved;
  });
}

export interface Decision {
  outcome: AppealDecision['outcome'];
  reply: string;
}

/** The reason written on the entries an upheld appeal changes. */
export const upheldReason = (reply: string): string => `申诉成立：${reply.trim()}`;

/**
 * Decides an open appeal. Upheld: `revisions` (the entries as the decision leaves them) are saved as new
 * revisions with the decision as their reason; rejected: nothing but the appeal changes.
 */
export async function decideAppeal(
  db: KaoheDb,
  assessmentId: string,
  appealId: string,
  decision: Decision,
  revisions: readonly ScoreEntry[],
  who: string,
): Promise<Appeal> {
  const at = nowIso();
  const checked = appealDecision.safeParse({ ...decision, decidedAt: at, decidedBy: who }, { reportInput: true });
  if (!checked.success) throw new InvalidDataError('申诉处理意见', zodIssuesAt('处理意见', checked.error.issues));
  const tables = [db.assessments, db.units, db.assessors, db.unitPacks, db.removals, db.appeals, db.audit];
  return db.transaction('rw', tables, async () => {
    const a = await requireOpen(db, assessmentId);
    requireConsultation(a, '处理申诉');
    const row = await db.appeals.get([assessmentId, appealId]);
    if (!row) throw new NotFoundError(`申诉 ${appealId}`);
    const before = withoutAssessment(row);
    if (before.decision) throw new StageError('该申诉已处理，不能再次处理。');
    if (decision.outcome === 'upheld' && revisions.length > 0) {
      if (revisions.some((e) => e.unitId !== before.unitId)) throw new InvalidDataError('申诉处理', [{ path: '申诉', message: '只能修改申诉单位自己的评分记录' }]);
      await saveEntries(db, assessmentId, revisions, who, upheldReason(checked.data.reply));
    }
    const after: Appeal = { ...before, decision: checked.data, rev: before.rev + 1, updatedAt: at, updatedBy: who };
    await db.appeals.put({ ...after, assessmentId });
    await db.audit.add(
      auditRow({ assessmentId, who, action: 'appeal.decide', unitId: after.unitId, before, after, why: checked.data.reply }, at),
    );
    return after;
  });
}

/** Stores merged appeals inside the caller's transaction, each with its audit row. */
export async function putMergedAppeals(
  db: KaoheDb,
  assessmentId: string,
  changes: readonly { local: Appeal | null; incoming: Appeal }[],
  who: string,
  why: string,
  at: string,
): Promise<void> {
  for (const { local, incoming } of changes) {
    if (!(await db.units.get([assessmentId, incoming.unitId]))) throw new NotFoundError(`申诉 ${incoming.id} 所属的单位 ${incoming.unitId}`);
    await db.appeals.put({ ...incoming, assessmentId });
    await db.audit.add(auditRow({ assessmentId, who, action: 'appeal.import', unitId: incoming.unitId, before: local, after: incoming, why }, at));
  }
}
