/**
 * A unit's self-assessment copy replicating with its unit's database: what the unit fills in reaches
 * the office's assessment as a returned result (through `fan-out`), a second machine of the unit gets
 * it too, and the unit's copy sends nothing but its self-assessment.
 */
import { describe, expect, it } from 'vitest';
import { unitSyncSetup } from '../couch/unitSyncSetup';
import { syncUnitDatabases } from '../../src/sync/couch/unitDb';
import { exportSelfPackage, getSelfAssessment, listSelfAssessments, saveSelfAssessmentItem } from '../../src/app/selfAssessment';
import { loadAssessmentData } from '../../src/store/repo';
import { makeBundle, makeEntry } from '../fixtures/bundles';

const bundle = makeBundle({ entries: [makeEntry({ id: 'u2:basic:as1', unitId: 'u2', value: 6 })] });
const AID = bundle.assessment.id;
const DB = 'kaohe-self';
const env = unitSyncSetup(bundle, DB);
const { unitMachine, officeMachine } = env;

describe("a unit's self-assessment through its own database", () => {
  it('reaches the office as a returned result, and a second machine of the unit', async () => {
    const office = await officeMachine();
    await office.round();
    const pkg = await exportSelfPackage(office.db, AID, 'u1', 'office');
    const unit = await unitMachine(pkg.text, 'jia-1');

    // the copy's own documents: its self-assessment, nothing of the unit, the rule set or the assessment
    expect((await unit.local.entities()).map((e) => e.kind)).toEqual(['self']);
    const first = await unit.round();
    expect(first).toMatchObject({ pushed: 1, refused: [], unreadable: [], applyRefused: null });
    expect(first.pulled).toBe(3); // assessment, unit u1, rule set

    await saveSelfAssessmentItem(unit.db, unit.copy, { node: 'basic', score: 9, explanation: '栏目齐全' }, 'jia');
    expect(await unit.round()).toMatchObject({ pushed: 1, refused: [] });
    // the copy still holds its one unit, and no entry came with the pull
    const data = await loadAssessmentData(unit.db, unit.copy.id);
    expect([data.units.map((u) => u.id), data.entries.length]).toEqual([['u1'], 0]);

    expect(await syncUnitDatabases(env.admin, DB)).toMatchObject({ up: 1 });
    await office.round();
    const rows = await listSelfAssessments(office.db, AID);
    expect(rows).toEqual([expect.objectContaining({ unitId: 'u1', kind: 'imported', fileName: '服务器同步', exportedBy: 'jia', items: [{ node: 'basic', score: 9, explanation: '栏目齐全' }] })]);
    // pulled again (a fresh checkpoint): nothing changes
    const before = await listSelfAssessments(office.db, AID);
    await office.round();
    expect(await listSelfAssessments(office.db, AID)).toEqual(before);

    const second = await unitMachine(pkg.text, 'jia-2');
    expect(await second.round()).toMatchObject({ pushed: 0, refused: [] });
    expect((await getSelfAssessment(second.db, second.copy.id, 'u1'))?.items).toEqual([{ node: 'basic', score: 9, explanation: '栏目齐全' }]);
  });
});
