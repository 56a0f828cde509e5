/**
 * Appeals and the year's stage as stored: recorded and decided only during 征求意见, decisions audited,
 * an upheld appeal revising the entry it names; the stage kept consistent with the lock; 定稿 refused
 * while an appeal is open or a unit incomplete.
 */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { changeStage, finalBlockers } from '../../src/app/stage';
import { decideAppeal as decideWithWithdrawal, withdrawals } from '../../src/app/appeals';
import {
  auditLog,
  decideAppeal,
  getAssessment,
  listAppeals,
  loadAssessmentData,
  loadBundleAsNewAssessment,
  recordAppeal,
  saveEntries,
  setStage,
  type KaoheDb,
} from '../../src/store/repo';
import { scoreGroup } from '../../src/engine';
import { stageOf } from '../../src/model/stage';
import { makeBundle, makeEntry } from '../fixtures/bundles';
import { freshDb } from './testDb';

const A = 'a-2024';
const dbs: KaoheDb[] = [];
afterEach(() => dbs.splice(0).forEach((d) => d.close()));

const finding = (id: string, reason: string) => ({ id, reason, count: 1 });

/** Both units fully entered by 张三; 甲市 has two website findings (10 − 2 = 8 points there). */
const SHEET = [
  makeEntry({ id: 'u1-basic', value: 9 }),
  makeEntry({ id: 'u1-web', node: 'website', value: undefined, findings: [finding('f1', '首页要闻更新不及时'), finding('f2', '无障碍浏览缺失')] }),
  makeEntry({ id: 'u2-basic', unitId: 'u2', value: 7 }),
  makeEntry({ id: 'u2-web', unitId: 'u2', node: 'website', value: undefined, findings: [] }),
];

async function machine(entries = SHEET): Promise<KaoheDb> {
  const db = freshDb();
  dbs.push(db);
  await loadBundleAsNewAssessment(db, makeBundle({ entries }));
  return db;
}

const total = async (db: KaoheDb, unitId: string) => {
  const d = await loadAssessmentData(db, A);
  return scoreGroup(d.ruleSets[0]!, d.units, d.entries, d.assessors).units.find((u) => u.unitId === unitId)!.total;
};

const appealOn = (findingId = 'f1') => ({
  unitId: 'u1',
  targets: [{ entryId: 'u1-web', node: 'website', findingId, text: '首页要闻更新不及时' }],
  appellant: '甲市政府办 王五',
  filedAt: '2025-01-24',
  reason: '检查前已更新',
  links: ['https://example.gov.cn/news'],
});

describe('stage', () => {
  it('is derived from the lock when absent, and every change is in the audit log', async () => {
    const db = await machine();
    expect(stageOf(await getAssessment(db, A))).toBe('entry');
    await setStage(db, A, 'consultation', '办公室');
    expect((await getAssessment(db, A)).stage).toBe('consultation');
    const [row] = await auditLog(db, A);
    expect(row).toMatchObject({ action: 'assessment.stage', who: '办公室', before: { stage: 'entry' }, after: { stage: 'consultation' } });
  });

  it('cannot be 定稿 or 已通报 without the lock, and going back needs a reason', async () => {
    const db = await machine();
    await expect(setStage(db, A, 'final', '办公室')).rejects.toThrow(/尚未锁定/);
    await setStage(db, A, 'consultation', '办公室');
    await expect(setStage(db, A, 'entry', '办公室')).rejects.toThrow(/必须填写理由/);
    await setStage(db, A, 'entry', '办公室', '补录评分');
    expect((await auditLog(db, A))[0]).toMatchObject({ action: 'assessment.stage', why: '补录评分', after: { stage: 'entry' } });
  });
});

describe('appeals', () => {
  it('are recorded only during 征求意见', async () => {
    const db = await machine();
    await expect(recordAppeal(db, A, appealOn(), '办公室')).rejects.toThrow(/征求意见/);
    await setStage(db, A, 'consultation', '办公室');
    const a = await recordAppeal(db, A, appealOn(), '办公室');
    expect(a).toMatchObject({ unitId: 'u1', rev: 1, attachmentIds: [], updatedBy: '办公室' });
    expect(a.decision).toBeUndefined();
    expect(await listAppeals(db, A)).toEqual([a]);
    expect((await auditLog(db, A))[0]).toMatchObject({ action: 'appeal.record', unitId: 'u1', after: a, why: '检查前已更新' });
  });

  it('refuses an appeal without a reason or target, naming what is missing, and stores nothing', async () => {
    const db = await machine();
    await setStage(db, A, 'consultation', '办公室');
    await expect(recordAppeal(db, A, { ...appealOn(), reason: ' ', targets: [] }, '办公室')).rejects.toThrow(/申诉\.targets：.*申诉\.reason：/);
    expect(await listAppeals(db, A)).toEqual([]);
  });

  it('upheld: the finding is withdrawn by a new revision with the decision as reason, and the score rises', async () => {
    const db = await machine();
    await setStage(db, A, 'consultation', '办公室');
    expect(await total(db, 'u1')).toBe(17); // 9 + (10 − 2)
    const a = await recordAppeal(db, A, appealOn('f1'), '办公室');
    const entries = (await loadAssessmentData(db, A)).entries.filter((e) => e.unitId === 'u1');
    const decided = await decideWithWithdrawal(db, A, a, { outcome: 'upheld', reply: '经复核，情况属实' }, entries, '办公室');
    expect(decided).toMatchObject({ rev: 2, decision: { outcome: 'upheld', reply: '经复核，情况属实', decidedBy: '办公室' } });
    expect(await total(db, 'u1')).toBe(18);
    const web = (await loadAssessmentData(db, A)).entries.find((e) => e.id === 'u1-web')!;
    expect(web.findings!.map((f) => f.id)).toEqual(['f2']);
    expect(web.rev).toBe(2);
    const log = await auditLog(db, A);
    expect(log[0]).toMatchObject({ action: 'appeal.decide', why: '经复核，情况属实', before: a, after: decided });
    expect(log[1]).toMatchObject({ action: 'entry.save', entryId: 'u1-web', why: '申诉成立：经复核，情况属实' });
  });

  it('rejected: the score stays, the reply is kept, and a decided appeal cannot be decided again', async () => {
    const db = await machine();
    await setStage(db, A, 'consultation', '办公室');
    const a = await recordAppeal(db, A, appealOn(), '办公室');
    await decideAppeal(db, A, a.id, { outcome: 'rejected', reply: '维持原扣分' }, [], '办公室');
    expect(await total(db, 'u1')).toBe(17);
    expect((await listAppeals(db, A))[0]!.decision).toMatchObject({ outcome: 'rejected', reply: '维持原扣分' });
    await expect(decideAppeal(db, A, a.id, { outcome: 'upheld', reply: '改判' }, [], '办公室')).rejects.toThrow(/已处理/);
  });

  it('withdrawal of a whole deduction cell clears its findings; a value cell is left for the office', () => {
    const [basic, web] = [SHEET[0]!, SHEET[1]!];
    const whole = { ...appealOn(), id: 'x', rev: 1, attachmentIds: [], links: [], targets: [{ entryId: 'u1-web', node: 'website' }, { entryId: 'u1-basic', node: 'basic' }] };
    const plan = withdrawals(whole, [basic, web]);
    expect(plan.revisions).toEqual([{ ...web, findings: [] }]);
    expect(plan.manual).toEqual([{ entryId: 'u1-basic', node: 'basic' }]);
  });
});

describe('定稿', () => {
  it('is refused while an appeal is open or a unit incomplete, and allowed once both are settled', async () => {
    const db = await machine(SHEET.filter((e) => e.id !== 'u2-web'));
    await setStage(db, A, 'consultation', '办公室');
    const a = await recordAppeal(db, A, appealOn(), '办公室');
    const refused = await changeStage(db, await getAssessment(db, A), 'final', '办公室');
    expect(refused).toEqual({
      ok: false,
      blockers: [
        { kind: 'incomplete', unitId: 'u2', unitName: '乙市', missing: 1 },
        { kind: 'openAppeal', unitId: 'u1', unitName: '甲市', appealId: a.id },
      ],
    });
    expect((await getAssessment(db, A)).status).toBe('open');

    await decideAppeal(db, A, a.id, { outcome: 'rejected', reply: '维持' }, [], '办公室');
    await saveEntries(db, A, [SHEET[3]!], '张三', '确认本项无问题');
    expect(await finalBlockers(db, A)).toEqual([]);
    expect(await changeStage(db, await getAssessment(db, A), 'final', '办公室')).toEqual({ ok: true, from: 'consultation', to: 'final' });
    const locked = await getAssessment(db, A);
    expect(locked).toMatchObject({ status: 'locked', stage: 'final' });
    expect((await auditLog(db, A)).slice(0, 2).map((r) => r.action)).toEqual(['assessment.stage', 'assessment.lock']);

    // back to 征求意见: unlocks, with the reason, in one step
    await expect(changeStage(db, locked, 'consultation', '办公室')).rejects.toThrow(/理由/);
    expect((await getAssessment(db, A)).status).toBe('locked');
    await changeStage(db, locked, 'consultation', '办公室', '复核申诉');
    expect(await getAssessment(db, A)).toMatchObject({ status: 'open', stage: 'consultation' });
    expect((await auditLog(db, A)).slice(0, 2).map((r) => [r.action, r.why])).toEqual([
      ['assessment.stage', '复核申诉'],
      ['assessment.unlock', '复核申诉'],
    ]);
  });

  it('refuses 定稿, writing nothing, when an appeal is filed while the results are being computed', async () => {
    const db = await machine(SHEET);
    await setStage(db, A, 'consultation', '办公室');
    const auditBefore = (await auditLog(db, A)).length;
    let filed: string | undefined;
    const refused = await changeStage(db, await getAssessment(db, A), 'final', '办公室', undefined, {
      // the unit's appeal lands after the blockers would once have been read and before the lock is written
      afterScoring: async () => {
        filed ??= (await recordAppeal(db, A, appealOn(), '办公室')).id;
      },
    });
    expect(refused).toEqual({ ok: false, blockers: [{ kind: 'openAppeal', unitId: 'u1', unitName: '甲市', appealId: filed }] });
    expect(await getAssessment(db, A)).toMatchObject({ status: 'open', stage: 'consultation' });
    // the appeal is the only new audit record: no lock, no stage change
    expect((await auditLog(db, A)).length).toBe(auditBefore + 1);
  });
});
