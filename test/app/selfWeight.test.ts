/**
 * Self scores count where the rule set weights them, and only there: the app's results (the view, the
 * live model, a lock's snapshot and its inputs hash) read them from the same assessment data. Tiny rule
 * set: basic (points, max 10) and website (deduction, max 10, 1 per finding).
 */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { exportSelfPackage, exportSelfResult, importSelfResultFile, openSelfPackageFile, saveSelfAssessmentItem } from '../../src/app/selfAssessment';
import { computeView } from '../../src/app/assessmentView';
import { AssessmentModel } from '../../src/app/assessmentModel';
import { lockAssessment, unlockAssessment, verifyLock } from '../../src/app/lock';
import {
  getAssessment,
  getCurrentAssessmentId,
  latestSnapshot,
  loadAssessmentData,
  loadAssessmentFrame,
  loadBundleAsNewAssessment,
  type KaoheDb,
} from '../../src/store/repo';
import type { RuleSet } from '../../src/engine';
import { makeBundle, makeEntry, makeTinyRuleSet } from '../fixtures/bundles';
import { freshDb } from '../store/testDb';

const A = 'a-2024';
const dbs: KaoheDb[] = [];
afterEach(() => dbs.splice(0).forEach((d) => d.close()));

/** u1: basic 8, website 2 findings (10 − 2 = 8): 16; u2: basic 6, website none found (10): 16. */
async function office(ruleSet: RuleSet): Promise<KaoheDb> {
  const db = freshDb();
  dbs.push(db);
  await loadBundleAsNewAssessment(
    db,
    makeBundle({
      ruleSet,
      entries: [
        makeEntry({ id: 'e1', value: 8 }),
        makeEntry({ id: 'e2', node: 'website', value: undefined, findings: [{ id: 'f1', reason: '链接失效' }, { id: 'f2', reason: '未更新' }] }),
        makeEntry({ id: 'e3', unitId: 'u2', value: 6 }),
      ],
    }),
  );
  return db;
}

/** The unit u1 fills in its self scores on its own machine and sends the result back. */
async function sendBack(db: KaoheDb, scores: { basic: number; website: number }): Promise<void> {
  const pkg = await exportSelfPackage(db, A, 'u1', '考核办');
  const unit = freshDb();
  dbs.push(unit);
  await openSelfPackageFile(unit, pkg.text, pkg.fileName, '甲市');
  const copy = await getAssessment(unit, (await getCurrentAssessmentId(unit))!);
  await saveSelfAssessmentItem(unit, copy, { node: 'basic', score: scores.basic }, '甲市');
  await saveSelfAssessmentItem(unit, copy, { node: 'website', score: scores.website }, '甲市');
  const result = await exportSelfResult(unit, copy, '甲市');
  const out = await importSelfResultFile(db, A, result.bytes, result.fileName, '考核办');
  expect(out.ok).toBe(true);
}

const totals = async (db: KaoheDb) =>
  Object.fromEntries(computeView(await loadAssessmentData(db, A)).groups[0]!.result.units.map((u) => [u.unitId, u.total]));

interface SnapshotUnit {
  unitId: string;
  total: number;
  indicators: Record<string, number | null>;
}
const snapshotUnits = async (db: KaoheDb) => ((await latestSnapshot(db, A))!.results as { units: SnapshotUnit[] }[])[0]!.units;

describe('self scores in results', () => {
  it('count by the rule set weight in the view, the live model and a lock, and their change changes the hash', async () => {
    const db = await office(makeTinyRuleSet({ selfAssessment: { weight: 0.2 } }));
    expect(await totals(db)).toEqual({ u1: 16, u2: 16 });
    await sendBack(db, { basic: 9.5, website: 10 });
    // basic 0.8 × 8 + 0.2 × 9.5 = 8.3, website 0.8 × 8 + 0.2 × 10 = 8.4: 16.7; u2 sent nothing back
    expect(await totals(db)).toEqual({ u1: 16.7, u2: 16 });

    const model = new AssessmentModel(db, A);
    model.setFrame(await loadAssessmentFrame(db, A));
    const live = await new Promise<number | undefined>((resolve) => {
      const check = () => {
        const s = model.getSnapshot();
        if (s.status === 'ready' && s.value) resolve(s.value.groups[0]!.result.units.find((u) => u.unitId === 'u1')?.total);
      };
      model.subscribe(check);
      check();
    });
    model.dispose();
    expect(live).toBe(16.7);

    const first = await lockAssessment(db, A, '考核办');
    const u1 = (await snapshotUnits(db)).find((u) => u.unitId === 'u1')!;
    expect(u1.total).toBe(16.7);
    expect(u1.indicators).toEqual({ basic: 8.3, website: 8.4 });
    expect(await verifyLock(db, A)).toEqual({ kind: 'same', hash: first.inputsHash });

    // the unit sends another result: what was locked no longer matches, and a new lock pins a new hash
    await unlockAssessment(db, A, '考核办', '单位重新交回自评');
    await sendBack(db, { basic: 9, website: 10 });
    expect(await verifyLock(db, A)).toMatchObject({ kind: 'changed', then: first.inputsHash });
    // basic 0.8 × 8 + 0.2 × 9 = 8.2: 16.6
    expect(await totals(db)).toEqual({ u1: 16.6, u2: 16 });
    const second = await lockAssessment(db, A, '考核办');
    expect(second.inputsHash).not.toBe(first.inputsHash);
    expect((await snapshotUnits(db)).find((u) => u.unitId === 'u1')!.total).toBe(16.6);

    // a result made against another rule set than the group's (e.g. before the group's rule set changed) does not count
    await unlockAssessment(db, A, '考核办', '规则集已更换');
    await db.selfAssessments.update([A, 'u1'], { ruleSetHash: 'sha256:earlier' });
    expect(await totals(db)).toEqual({ u1: 16, u2: 16 });
  });

  it('change nothing, not even the inputs hash, when the rule set does not weight them', async () => {
    const db = await office(makeTinyRuleSet());
    const before = await lockAssessment(db, A, '考核办');
    const locked = await snapshotUnits(db);
    await unlockAssessment(db, A, '考核办', '导入自评');
    await sendBack(db, { basic: 9.5, website: 10 });
    expect(await totals(db)).toEqual({ u1: 16, u2: 16 });
    expect((await loadAssessmentData(db, A)).selfScores.size).toBe(0);
    const after = await lockAssessment(db, A, '考核办');
    expect(after.inputsHash).toBe(before.inputsHash);
    expect(await snapshotUnits(db)).toEqual(locked);
  });
});
