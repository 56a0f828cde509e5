/**
 * A unit's self-assessment in a CouchDB conflict: two machines of the unit pushed a first version at the
 * same time, each on no parent. The conflict reaches the office's assessment through `fan-out`, waits in
 * the conflicts view with both versions (and the material's bytes), and the coordinator's choice is stored
 * here, written to the server closing the other version, and taken by every machine of the unit. A later
 * version by the unit overtakes the choice: it is not sent again.
 */
import { describe, expect, it } from 'vitest';
import { unitSyncSetup } from '../../couch/unitSyncSetup';
import { syncUnitDatabases, unitDbName } from '../../../src/sync/couch/unitDb';
import { getSelfAssessment, listSelfAssessments, saveSelfAssessmentItem, selfOwnerId } from '../../../src/app/selfAssessment';
import { listSelfConflicts, resolveSelfConflicts } from '../../../src/app/exchange';
import { addAttachment, listAttachments, readFile } from '../../../src/store/repo';
import { toDoc } from '../../../src/sync/couch/docs';
import { nextRev } from '../../../src/sync/couch/revs';
import { contentHash } from '../../../src/sync/contentHash';
import type { SelfDocData } from '../../../src/sync/couch/selfDoc';
import { makeBundle } from '../../fixtures/bundles';

const bundle = makeBundle();
const AID = bundle.assessment.id;
const DB = 'kaohe-selfconflict';
const UNIT_DB = unitDbName(DB, 'u1');
const env = unitSyncSetup(bundle, DB);
const { unitMachine, officeAndPackage } = env;

const bytes = (seed: number, n = 400) => Uint8Array.from({ length: n }, (_, i) => (i * 11 + seed) % 256);
const selfDoc = (id: string) => `/${DB}/${encodeURIComponent(id)}`;

describe("a unit's self-assessment in a CouchDB conflict", () => {
  it('waits for the coordinator with both versions; the choice is stored, closes the conflict and reaches the unit', async () => {
    const { office, pkg } = await officeAndPackage();
    const one = await unitMachine(pkg.text, 'jia-1');
    await one.round();

    // machine one: a score with a scan, pushed
    await saveSelfAssessmentItem(one.db, one.copy, { node: 'basic', score: 9, explanation: '栏目齐全' }, 'jia');
    const scan = await addAttachment(one.db, one.copy.id, { ownerId: selfOwnerId('u1', 'basic'), unitId: 'u1', name: '制度文件.pdf', type: 'application/pdf', bytes: bytes(1) }, 'jia');
    expect(await one.round()).toMatchObject({ pushed: 1, refused: [] });
    // machine two, at the same time and unaware of it, pushed its own first version (later, other score)
    const other: SelfDocData = {
      assessmentId: AID,
      unitId: 'u1',
      ruleSetHash: (await getSelfAssessment(one.db, one.copy.id, 'u1'))!.ruleSetHash,
      items: [{ node: 'basic', score: 6, explanation: '栏目缺两项' }],
      updatedAt: new Date().toISOString(),
      updatedBy: 'jia',
    };
    const body = toDoc({ kind: 'self', data: other });
    const r = nextRev(undefined, contentHash(body));
    const jia = await env.loggedIn('jia', 'pw-jia');
    expect(await jia.request('POST', `/${UNIT_DB}/_bulk_docs`, { docs: [{ ...body, _rev: r.rev, _revisions: r.revisions }], new_edits: false })).toEqual([]);
    const inUnitDb = await env.admin.request<{ _conflicts?: string[] }>('GET', `/${UNIT_DB}/${encodeURIComponent('self:u1')}`, undefined, { conflicts: true });
    expect(inUnitDb._conflicts).toHaveLength(1);

    // both versions up to the assessment's database, and to the office
    await syncUnitDatabases(env.admin, DB);
    expect(await office.round()).toMatchObject({ unreadable: [], applyRefused: null });
    const [conflict, ...more] = await listSelfConflicts(office.db, AID);
    expect(more).toEqual([]);
    expect(conflict).toMatchObject({ unitId: 'u1', unitName: bundle.units.find((u) => u.id === 'u1')!.name, status: 'pending' });
    expect(conflict!.versions.map((v) => v.items[0]!.score).sort()).toEqual([6, 9]);
    const withScan = conflict!.versions.findIndex((v) => v.items[0]!.score === 9);
    expect(conflict!.versions[withScan]!.files).toEqual([expect.objectContaining({ hash: scan.hash, ownerId: 'basic', name: '制度文件.pdf' })]);
    // meanwhile the later version counts, and the other version's material is kept for the choice
    expect((await listSelfAssessments(office.db, AID))[0]!.items).toEqual(other.items);
    expect(await listAttachments(office.db, AID)).toEqual([]);
    expect(await readFile(office.db, scan.hash)).toBeDefined();
    // read again, the same disagreement is not recorded twice
    await office.round();
    expect(await listSelfConflicts(office.db, AID, 'all')).toHaveLength(1);

    // the coordinator keeps machine one's version: stored here with its scan
    await resolveSelfConflicts(office.db, AID, [{ conflictId: conflict!.id, version: withScan }], 'office');
    expect(await listSelfConflicts(office.db, AID)).toEqual([]);
    expect((await listSelfAssessments(office.db, AID))[0]).toMatchObject({ items: [{ node: 'basic', score: 9, explanation: '栏目齐全' }], exportedBy: 'office' });
    expect((await listAttachments(office.db, AID)).map((a) => [a.name, a.hash])).toEqual([['制度文件.pdf', scan.hash]]);

    // written to the server on top of both versions: the conflict is closed there
    expect(await office.round()).toMatchObject({ pushed: 1, refused: [] });
    const onServer = await env.admin.request<{ _conflicts?: string[]; data: SelfDocData; _attachments?: Record<string, unknown> }>('GET', selfDoc('self:u1'), undefined, { conflicts: true });
    expect(onServer._conflicts ?? []).toEqual([]);
    expect(onServer.data).toMatchObject({ items: [{ node: 'basic', score: 9, explanation: '栏目齐全' }], updatedBy: 'office' });
    expect(Object.keys(onServer._attachments ?? {})).toEqual([scan.hash]);
    expect(await office.round()).toMatchObject({ pushed: 0 });

    // down to the unit's database, the closed version too, and to its machines: both take the choice
    expect(await syncUnitDatabases(env.admin, DB)).toMatchObject({ down: 2 });
    expect((await env.admin.request<{ _conflicts?: string[] }>('GET', `/${UNIT_DB}/${encodeURIComponent('self:u1')}`, undefined, { conflicts: true }))._conflicts ?? []).toEqual([]);
    const two = await unitMachine(pkg.text, 'jia-2');
    for (const m of [one, two]) {
      expect(await m.round()).toMatchObject({ refused: [], unreadable: [] });
      expect((await getSelfAssessment(m.db, m.copy.id, 'u1'))?.items).toEqual([{ node: 'basic', score: 9, explanation: '栏目齐全' }]);
      expect((await listAttachments(m.db, m.copy.id)).map((a) => a.name)).toEqual(['制度文件.pdf']);
    }

    // the unit works on: its later version counts at the office, and the choice is not sent over it
    await saveSelfAssessmentItem(two.db, two.copy, { node: 'basic', score: 10, explanation: '已补齐栏目' }, 'jia');
    expect(await two.round()).toMatchObject({ pushed: 1, refused: [] });
    await syncUnitDatabases(env.admin, DB);
    expect(await office.round()).toMatchObject({ pushed: 0, refused: [] });
    expect((await listSelfAssessments(office.db, AID))[0]!.items).toEqual([{ node: 'basic', score: 10, explanation: '已补齐栏目' }]);
    expect(await listSelfConflicts(office.db, AID, 'all')).toEqual([expect.objectContaining({ status: 'decided', closed: true })]);
    expect((await env.admin.request<{ data: SelfDocData }>('GET', selfDoc('self:u1'))).data.items).toEqual([{ node: 'basic', score: 10, explanation: '已补齐栏目' }]);

    // a new conflict in the unit's database: a version racing machine two's last one
    const racing = toDoc({ kind: 'self', data: { ...other, items: [{ node: 'basic', score: 7 }], updatedAt: new Date(Date.now() - 60_000).toISOString() } });
    const { _revisions: history } = await env.admin.request<{ _revisions: { start: number; ids: string[] } }>('GET', `/${UNIT_DB}/${encodeURIComponent('self:u1')}`, undefined, { revs: true });
    // a sibling of the current version: the same parent, another content
    const id = contentHash(racing).slice('sha256:'.length, 'sha256:'.length + 32);
    const sibling = { ...racing, _rev: `${history.start}-${id}`, _revisions: { start: history.start, ids: [id, ...history.ids.slice(1)] } };
    expect(await jia.request('POST', `/${UNIT_DB}/_bulk_docs`, { docs: [sibling], new_edits: false })).toEqual([]);
    await syncUnitDatabases(env.admin, DB);
    await office.round();
    const [first] = await listSelfConflicts(office.db, AID);
    expect(first!.versions.map((v) => v.items[0]!.score).sort()).toEqual([10, 7]);
    // the unit works on meanwhile: its machine may not close the other version (only the coordinator
    // may), and its write is not refused for it
    expect(await two.round()).toMatchObject({ refused: [] });
    await saveSelfAssessmentItem(two.db, two.copy, { node: 'basic', score: 10, explanation: '已补齐栏目，附说明' }, 'jia');
    expect(await two.round()).toMatchObject({ pushed: 1, refused: [] });
    await syncUnitDatabases(env.admin, DB);
    await office.round();
    // the conflict the server now holds replaces the one it moved past
    const waiting = await listSelfConflicts(office.db, AID);
    expect(waiting).toHaveLength(1);
    expect(waiting[0]!.id).not.toBe(first!.id);
    // the new version on top of the one that won, beside the one that lost (which won depends on the revisions)
    const [mine, theirs, ...none] = [...waiting[0]!.versions].sort((x) => (x.items[0]!.explanation === '已补齐栏目，附说明' ? -1 : 1));
    expect(none).toEqual([]);
    expect(mine!.items).toEqual([{ node: 'basic', score: 10, explanation: '已补齐栏目，附说明' }]);
    expect(first!.versions.map((v) => JSON.stringify(v.items))).toContain(JSON.stringify(theirs!.items));
  });
});
