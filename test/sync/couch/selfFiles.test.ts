/**
 * A unit's self-assessment material (files per indicator) travels with its self-assessment through the
 * server, as CouchDB attachments of `self:<unitId>`: from the unit's copy to its unit database, through
 * `fan-out` into the assessment's database and onto the office's machine (stored as a result file's
 * material is), and back down to a second machine of the unit. A file removed there goes everywhere; a
 * change sends the files the server has as stubs, not their bytes (from the browser and in `fan-out`);
 * nothing is sent twice.
 */
import { describe, expect, it } from 'vitest';
import { unitSyncSetup } from '../../couch/unitSyncSetup';
import { syncUnitDatabases, unitDbName } from '../../../src/sync/couch/unitDb';
import { exportSelfPackage, getSelfAssessment, listSelfAssessments, saveSelfAssessmentItem, selfOwnerId } from '../../../src/app/selfAssessment';
import { addAttachment, listAttachments, readFile, removeAttachment, type KaoheDb } from '../../../src/store/repo';
import { fileHash } from '../../../src/sync/fileHash';
import { type SeenRequest } from '../../couch/couchServer';
import { makeBundle } from '../../fixtures/bundles';

const bundle = makeBundle();
const AID = bundle.assessment.id;
const DB = 'kaohe-selffiles';
const UNIT_DB = unitDbName(DB, 'u1');
const env = unitSyncSetup(bundle, DB);
const { unitMachine, officeMachine, officeAndPackage } = env;

const bytes = (seed: number, n = 300) => Uint8Array.from({ length: n }, (_, i) => (i * 7 + seed) % 256);
const bytesOf = async (db: KaoheDb, hash: string) => new Uint8Array(await (await readFile(db, hash))!.bytes.arrayBuffer());
/** The material here as [indicator owner, name, id]. */
const material = async (db: KaoheDb, assessmentId: string) => (await listAttachments(db, assessmentId)).map((x) => [x.ownerId, x.name, x.id]).sort();

async function seenDuring(run: () => Promise<unknown>): Promise<SeenRequest[]> {
  const from = env.server.seen.length;
  await run();
  return env.server.seen.slice(from);
}

describe("a unit's self-assessment material through the server", () => {
  it('reaches the office and a second machine of the unit, a removal goes everywhere, and nothing is sent twice', async () => {
    const { office, pkg } = await officeAndPackage();
    const one = await unitMachine(pkg.text, 'jia-1');
    await one.round();

    // the unit scores an item and attaches two files to it (a large scan and a screenshot)
    await saveSelfAssessmentItem(one.db, one.copy, { node: 'basic', score: 9, explanation: '栏目齐全' }, 'jia');
    const scan = await addAttachment(one.db, one.copy.id, { ownerId: selfOwnerId('u1', 'basic'), unitId: 'u1', name: '制度文件.pdf', type: 'application/pdf', bytes: bytes(1, 200_000) }, 'jia');
    const shot = await addAttachment(one.db, one.copy.id, { ownerId: selfOwnerId('u1', 'basic'), unitId: 'u1', name: '栏目截图.png', type: 'image/png', bytes: bytes(2) }, 'jia');
    const [entity] = await one.local.entities();
    expect(entity).toMatchObject({ kind: 'self', files: [{ id: scan.id, ownerId: 'basic', name: '制度文件.pdf' }, { id: shot.id, ownerId: 'basic', name: '栏目截图.png' }].sort((a, b) => (a.id < b.id ? -1 : 1)) });
    expect(await one.round()).toMatchObject({ pushed: 1, refused: [], unreadable: [] });
    // on the server: the document with both files' bytes as attachments
    const onServer = await env.admin.request<{ _attachments: Record<string, { length: number }> }>('GET', `/${UNIT_DB}/${encodeURIComponent('self:u1')}`);
    expect(Object.keys(onServer._attachments).sort()).toEqual([scan.hash, shot.hash].sort());
    expect(onServer._attachments[scan.hash]!.length).toBe(200_000);
    expect(await one.round()).toMatchObject({ pushed: 0, pulled: 0 });

    // up to the assessment's database, and onto the office's machine as the unit's returned material
    expect(await syncUnitDatabases(env.admin, DB)).toMatchObject({ up: 1 });
    expect(await office.round()).toMatchObject({ unreadable: [], applyRefused: null });
    expect(await material(office.db, AID)).toEqual(
      [
        [selfOwnerId('u1', 'basic'), '制度文件.pdf', `u1~${scan.id}`],
        [selfOwnerId('u1', 'basic'), '栏目截图.png', `u1~${shot.id}`],
      ].sort(),
    );
    expect(await bytesOf(office.db, scan.hash)).toEqual(bytes(1, 200_000));
    expect((await listSelfAssessments(office.db, AID))[0]).toMatchObject({ kind: 'imported', fileName: '服务器同步', items: [{ node: 'basic', score: 9, explanation: '栏目齐全' }] });
    // pulled again: nothing changes
    const settled = await material(office.db, AID);
    await office.round();
    expect(await material(office.db, AID)).toEqual(settled);

    // a second machine of the unit gets the items and the files
    const two = await unitMachine(pkg.text, 'jia-2');
    expect(await two.round()).toMatchObject({ pushed: 0, refused: [], unreadable: [] });
    expect((await getSelfAssessment(two.db, two.copy.id, 'u1'))?.items).toEqual([{ node: 'basic', score: 9, explanation: '栏目齐全' }]);
    expect(await material(two.db, two.copy.id)).toEqual(await material(one.db, one.copy.id));
    expect(await bytesOf(two.db, shot.hash)).toEqual(bytes(2));
    // what it took reads back as the server's document: nothing to send, on either machine
    expect(await two.round()).toMatchObject({ pushed: 0, pulled: 0 });

    // the second machine removes the screenshot and adds a photo
    await removeAttachment(two.db, two.copy.id, shot.id, 'jia');
    const photo = await addAttachment(two.db, two.copy.id, { ownerId: selfOwnerId('u1', 'basic'), unitId: 'u1', name: '公示栏.jpg', type: 'image/jpeg', bytes: bytes(3) }, 'jia');
    // the scan is on the server already: only the photo's bytes go, the scan as a stub
    const sent = await seenDuring(async () => expect(await two.round()).toMatchObject({ pushed: 1, refused: [] }));
    const written = sent.filter((r) => r.method === 'POST' && r.url.includes('/_bulk_docs')).reduce((s, r) => s + r.bytes, 0);
    expect(written).toBeGreaterThan(0);
    expect(written).toBeLessThan(20_000);

    expect(await one.round()).toMatchObject({ pulled: 1, pushed: 0, unreadable: [] });
    const names = async (db: KaoheDb, id: string) => (await listAttachments(db, id)).map((x) => x.name).sort();
    expect(await names(one.db, one.copy.id)).toEqual(['公示栏.jpg', '制度文件.pdf']);
    expect(await one.round()).toMatchObject({ pushed: 0, pulled: 0 });
    expect(await two.round()).toMatchObject({ pushed: 0, pulled: 0 });
    // the screenshot's bytes are not kept where nothing uses them
    expect(await readFile(one.db, shot.hash)).toBeUndefined();

    // fan-out copies it up the same way: the photo's bytes, the scan as a stub
    const copied = await seenDuring(async () => expect(await syncUnitDatabases(env.admin, DB)).toMatchObject({ up: 1 }));
    const upBytes = copied.filter((r) => r.method === 'POST' && r.url.startsWith(`/${DB}/_bulk_docs`)).reduce((s, r) => s + r.bytes, 0);
    expect(upBytes).toBeGreaterThan(0);
    expect(upBytes).toBeLessThan(20_000);
    await office.round();
    expect(await names(office.db, AID)).toEqual(['公示栏.jpg', '制度文件.pdf']);
    expect(await bytesOf(office.db, photo.hash)).toEqual(bytes(3));
    expect((await listAttachments(office.db, AID)).find((x) => x.name === '公示栏.jpg')).toMatchObject({ id: `u1~${photo.id}`, hash: fileHash(bytes(3)), unitId: 'u1' });
    expect(await readFile(office.db, shot.hash)).toBeUndefined();
  });

  it("carries a version written on the assessment's database down to the unit's database and its machines, files included", async () => {
    const pkgOffice = await officeMachine();
    const pkg = await exportSelfPackage(pkgOffice.db, AID, 'u1', 'office');
    // the self-assessment as the first test left it, amended on the assessment's database (as the coordinator may)
    const doc = await env.admin.request<Record<string, unknown> & { _attachments: Record<string, { content_type: string; digest: string; revpos: number }>; data: { updatedAt: string }; files: { id: string; ownerId: string; hash: string; name: string; type: string; size: number }[] }>('GET', `/${DB}/${encodeURIComponent('self:u1')}`);
    const note = bytes(4, 500);
    const added = { id: 'att-office-note', ownerId: 'basic', hash: fileHash(note), name: '补充说明.pdf', type: 'application/pdf', size: note.byteLength };
    const { _attachments: stubs, ...rest } = doc;
    await env.admin.request('PUT', `/${DB}/${encodeURIComponent('self:u1')}`, {
      ...rest,
      data: { ...doc.data, updatedAt: '2099-01-01T00:00:00.000Z' },
      files: [...doc.files, added].sort((a, b) => (a.id < b.id ? -1 : 1)),
      _attachments: { ...Object.fromEntries(Object.entries(stubs).map(([k, v]) => [k, { stub: true, content_type: v.content_type, digest: v.digest, revpos: v.revpos }])), [added.hash]: { content_type: 'application/pdf', data: Buffer.from(note).toString('base64') } },
    });
    expect(await syncUnitDatabases(env.admin, DB)).toMatchObject({ down: 1, up: 0 });
    const inUnitDb = await env.admin.request<{ _attachments: Record<string, { length: number }> }>('GET', `/${UNIT_DB}/${encodeURIComponent('self:u1')}`);
    expect(inUnitDb._attachments[added.hash]?.length).toBe(500);

    const three = await unitMachine(pkg.text, 'jia-3');
    expect(await three.round()).toMatchObject({ pushed: 0, refused: [], unreadable: [] });
    expect((await listAttachments(three.db, three.copy.id)).map((x) => x.name).sort()).toEqual(['公示栏.jpg', '制度文件.pdf', '补充说明.pdf']);
    expect(await bytesOf(three.db, added.hash)).toEqual(note);
    expect(await three.round()).toMatchObject({ pushed: 0, pulled: 0 });
  });
});
