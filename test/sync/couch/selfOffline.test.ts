/**
 * A unit fills in its self-assessment on two machines while one of them is offline: no edit is lost.
 * The machine that comes back keeps its own version instead of taking the other's, and writes it beside
 * it on the server (a CouchDB conflict); the coordinator sees both and chooses, and both machines take
 * the choice. A machine that has changed nothing takes the server's version as before, even when the
 * server's winner of a conflict is the older version: keeping its own would write it on top and hide
 * the conflict from the office.
 */
import { describe, expect, it } from 'vitest';
import { unitSyncSetup } from '../../couch/unitSyncSetup';
import { syncUnitDatabases, unitDbName } from '../../../src/sync/couch/unitDb';
import { exportSelfPackage, getSelfAssessment, saveSelfAssessmentItem } from '../../../src/app/selfAssessment';
import { listSelfConflicts, resolveSelfConflicts } from '../../../src/app/exchange';
import { makeBundle } from '../../fixtures/bundles';
import { toDoc } from '../../../src/sync/couch/docs';
import type { SelfDocData } from '../../../src/sync/couch/selfDoc';

const bundle = makeBundle();
const AID = bundle.assessment.id;
const DB = 'kaohe-selfoffline';
const UNIT_DB = unitDbName(DB, 'u1');
const env = unitSyncSetup(bundle, DB);
const { unitMachine, officeMachine, officeAndPackage } = env;

const conflictsInUnitDb = async () => (await env.admin.request<{ _conflicts?: string[] }>('GET', `/${UNIT_DB}/${encodeURIComponent('self:u1')}`, undefined, { conflicts: true }))._conflicts ?? [];

describe("a unit's self-assessment edited on two machines, one of them offline", () => {
  it('keeps both edits: the returning machine writes its version beside the other, and the coordinator chooses', async () => {
    const { office, pkg } = await officeAndPackage();
    const one = await unitMachine(pkg.text, 'jia-1');
    const two = await unitMachine(pkg.text, 'jia-2');
    await one.round();
    await two.round();

    // machine one is offline and scores the item; machine two scores it later, online
    await saveSelfAssessmentItem(one.db, one.copy, { node: 'basic', score: 8, explanation: '离线填写：栏目齐全' }, 'jia');
    await new Promise((r) => setTimeout(r, 5));
    await saveSelfAssessmentItem(two.db, two.copy, { node: 'basic', score: 5, explanation: '在线填写：缺两个栏目' }, 'jia');
    expect(await two.round()).toMatchObject({ pushed: 1, refused: [] });

    // machine one comes back: it does not take machine two's later version over its own, and sends its own
    expect(await one.round()).toMatchObject({ pushed: 1, refused: [] });
    expect((await getSelfAssessment(one.db, one.copy.id, 'u1'))?.items).toEqual([{ node: 'basic', score: 8, explanation: '离线填写：栏目齐全' }]);
    expect(await conflictsInUnitDb()).toHaveLength(1);
    // nothing more to send, whichever version the server shows first; machine two keeps its own meanwhile
    expect(await one.round()).toMatchObject({ pushed: 0, refused: [] });
    expect(await two.round()).toMatchObject({ pushed: 0, refused: [] });
    expect((await getSelfAssessment(two.db, two.copy.id, 'u1'))?.items[0]?.score).toBe(5);
    expect(await conflictsInUnitDb()).toHaveLength(1);

    // the office gets both, and the coordinator keeps the offline machine's
    await syncUnitDatabases(env.admin, DB);
    await office.round();
    const [c, ...more] = await listSelfConflicts(office.db, AID);
    expect(more).toEqual([]);
    const offline = c!.versions.findIndex((v) => v.items[0]?.score === 8);
    expect(c!.versions.map((v) => v.items[0]?.explanation).sort()).toEqual(['在线填写：缺两个栏目', '离线填写：栏目齐全']);
    await resolveSelfConflicts(office.db, AID, [{ conflictId: c!.id, version: offline }], 'office');
    expect(await office.round()).toMatchObject({ pushed: 1, refused: [] });
    await syncUnitDatabases(env.admin, DB);
    expect(await conflictsInUnitDb()).toEqual([]);
    for (const m of [one, two]) {
      await m.round();
      expect((await getSelfAssessment(m.db, m.copy.id, 'u1'))?.items).toEqual([{ node: 'basic', score: 8, explanation: '离线填写：栏目齐全' }]);
      expect(await m.round()).toMatchObject({ pushed: 0, pulled: 0 });
    }
  });

  it("takes the server's winning version on a copy with nothing to send, never the other versions of a conflict", async () => {
    const office = await officeMachine();
    const pkg = await exportSelfPackage(office.db, AID, 'u1', 'office');
    const three = await unitMachine(pkg.text, 'jia-3');
    const base = (await getSelfAssessment(three.db, three.copy.id, 'u1'))!;
    const later = (score: number) => ({ kind: 'self' as const, data: { assessmentId: AID, unitId: 'u1', ruleSetHash: base.ruleSetHash, items: [{ node: 'basic', score }], updatedAt: '2099-01-01T00:00:00.000Z', updatedBy: 'jia' } });
    // another version of a conflict, however late, is left to the coordinator
    expect(await three.local.apply([later(3)], new Map(), undefined, true)).toBeNull();
    expect((await getSelfAssessment(three.db, three.copy.id, 'u1'))?.items).toEqual(base.items);
    // the winning version is taken
    expect(await three.local.apply([later(4)], new Map())).toBeNull();
    expect((await getSelfAssessment(three.db, three.copy.id, 'u1'))?.items).toEqual([{ node: 'basic', score: 4 }]);
  });

  it("takes the server's winner though older than its own, so the conflict still reaches the office", async () => {
    const { office, pkg } = await officeAndPackage();
    const four = await unitMachine(pkg.text, 'jia-4');
    await four.round();
    await saveSelfAssessmentItem(four.db, four.copy, { node: 'basic', score: 6, explanation: '本机较晚填写' }, 'jia');
    expect(await four.round()).toMatchObject({ pushed: 1, refused: [] });

    // another machine of the unit wrote an earlier version from the same base: a sibling whose revision
    // id sorts last, so the server keeps it as the winner
    type Revised = { data: SelfDocData; _revisions: { start: number; ids: string[] } };
    const jia = await env.loggedIn('jia', 'pw-jia');
    const current = await jia.request<Revised>('GET', `/${UNIT_DB}/self%3Au1`, undefined, { revs: true });
    const earlier = toDoc({ kind: 'self', data: { ...current.data, items: [{ node: 'basic', score: 2, explanation: '另一台电脑较早填写' }], updatedAt: '2000-01-01T00:00:00.000Z' } });
    const id = 'f'.repeat(32);
    const sibling = { ...earlier, _rev: `${current._revisions.start}-${id}`, _revisions: { start: current._revisions.start, ids: [id, ...current._revisions.ids.slice(1)] } };
    expect(await jia.request('POST', `/${UNIT_DB}/_bulk_docs`, { docs: [sibling], new_edits: false })).toEqual([]);
    expect(await conflictsInUnitDb()).toHaveLength(1);

    // this machine has nothing unsent: it takes the winner and writes nothing over it
    expect(await four.round()).toMatchObject({ pulled: 1, pushed: 0, refused: [] });
    expect((await getSelfAssessment(four.db, four.copy.id, 'u1'))?.items).toEqual([{ node: 'basic', score: 2, explanation: '另一台电脑较早填写' }]);
    expect(await four.round()).toMatchObject({ pulled: 0, pushed: 0 });
    expect(await conflictsInUnitDb()).toHaveLength(1);

    // both versions wait for the coordinator
    await syncUnitDatabases(env.admin, DB);
    await office.round();
    const [c, ...more] = await listSelfConflicts(office.db, AID);
    expect(more).toEqual([]);
    expect(c!.versions.map((v) => v.items[0]?.score).sort()).toEqual([2, 6]);
  });
});
