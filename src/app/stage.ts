/**
 * Moving the year through its stages: 录入中 → 初步结果（征求意见）→ 定稿 → 已通报. 定稿 is the lock
 * (snapshot and inputs hash, app/lock.ts) and needs every unit complete and no appeal open; going back
 * from 定稿 unlocks, with a reason, as unlocking always does. Each step is in the audit log.
 */
import { scoreGroup } from '../engine';
import { appealStatus } from '../model/appeal';
import { stageOf, type Stage } from '../model/stage';
import { listAppeals, loadAssessmentData, setStage, unlockAssessment as storeUnlock, type AssessmentRow, type KaoheDb } from '../store/repo';
import { lockUnless, type LockOptions, type ScoredGroup } from './lock';
import { trackSave } from './saveStatus';

export { stageOf, nextStage, STAGES, type Stage } from '../model/stage';

/** What keeps the assessment from 定稿. */
export type StageBlocker =
  | { kind: 'incomplete'; unitId: string; unitName: string; missing: number }
  | { kind: 'openAppeal'; unitId: string; unitName: string; appealId: string };

export type StageChange = { ok: true; from: Stage; to: Stage } | { ok: false; blockers: StageBlocker[] };

export const currentStage = (a: Pick<AssessmentRow, 'status' | 'stage'>): Stage => stageOf(a);

/** Every unit not yet complete and every open appeal, in group and unit order. */
export async function finalBlockers(db: KaoheDb, assessmentId: string): Promise<StageBlocker[]> {
  const data = await loadAssessmentData(db, assessmentId);
  const scored = data.groupRuleSets.map(({ ruleSet }) => scoreGroup(ruleSet, data.units, data.entries, data.assessors, { selfScores: data.selfScores }));
  return blockersOf(db, assessmentId, scored);
}

async function blockersOf(db: KaoheDb, assessmentId: string, scored: readonly Pick<ScoredGroup, 'units'>[]): Promise<StageBlocker[]> {
  const appeals = await listAppeals(db, assessmentId);
  const names = new Map<string, string>();
  const out: StageBlocker[] = [];
  for (const group of scored) {
    for (const u of group.units) {
      names.set(u.unitId, u.unitName);
      if (!u.complete) out.push({ kind: 'incomplete', unitId: u.unitId, unitName: u.unitName, missing: u.missing.length });
    }
  }
  for (const a of appeals) {
    if (appealStatus(a) === 'open') out.push({ kind: 'openAppeal', unitId: a.unitId, unitName: names.get(a.unitId) ?? a.unitId, appealId: a.id });
  }
  return out;
}

/**
 * Changes the stage. 定稿 is refused with the list of what blocks it (nothing is changed then); going
 * back needs `why`. Returns the stages before and after.
 */
export async function changeStage(
  db: KaoheDb,
  assessment: AssessmentRow,
  to: Stage,
  who: string,
  why?: string,
  lockOptions: Pick<LockOptions<StageBlocker>, 'afterScoring'> = {},
): Promise<StageChange> {
  const from = stageOf(assessment);
  const id = assessment.id;
  if (to === 'final' && assessment.status === 'open') {
    // the blockers are read in the lock's own transaction: an appeal filed or a score cleared while the
    // results were being computed cannot slip past the check
    const locked = await lockUnless<StageBlocker>(db, id, who, {
      ...lockOptions,
      refuse: (results) => blockersOf(db, id, results),
      alongside: () => setStage(db, id, 'final', who, why),
    });
    return locked.ok ? { ok: true, from, to } : { ok: false, blockers: locked.refused };
  }
  if ((to === 'entry' || to === 'consultation') && assessment.status === 'locked') {
    // unlocking and the stage change are one transaction: the log never shows one without the other
    await trackSave(() =>
      db.transaction('rw', [db.assessments, db.audit], async () => {
        await storeUnlock(db, id, who, why ?? '');
        await setStage(db, id, to, who, why);
      }),
    );
    return { ok: true, from, to };
  }
  await trackSave(() => setStage(db, id, to, who, why));
  return { ok: true, from, to };
}
