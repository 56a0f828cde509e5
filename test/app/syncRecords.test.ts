/**
 * What replicates beside the scores: evidence files as CouchDB attachments of the entry that references
 * them (fetched only when not already here, checked against their hash), removed attachments, and audit
 * records as append-only documents the server will not let anyone edit, delete or sign for someone else.
 * Keeping the local side of a conflict travels and wins on the other machine; pulled changes are audited
 * as 从服务器同步.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { CouchClient } from '../../src/sync/couch/http';
import { setupServer } from '../../src/sync/couch/setup';
import { entitiesOfBundle } from '../../src/sync/couch/plan';
import { replicateOnce } from '../../src/sync/couch/replicate';
import { fileHash } from '../../src/sync/fileHash';
import { syncLocalSide, writableBy } from '../../src/app/sync';
import { joinFromServer } from '../../src/app/syncLogin';
import { stopSync } from '../../src/app/syncControl';
import {
  addAttachment,
  auditLog,
  getSyncSettings,
  getSyncState,
  listAttachments,
  listConflicts,
  loadAssessmentData,
  loadBundleAsNewAssessment,
  removeAttachment,
  resolveConflicts,
  saveEntry,
  type KaoheDb,
} from '../../src/store/repo';
import { ADMIN, startCouchServer, type CouchServer } from '../couch/couchServer';
import { makeBundle, makeEntry } from '../fixtures/bundles';
import { freshDb } from '../store/testDb';

const bundle = makeBundle();
const AID = bundle.assessment.id;
const PASSWORDS = { as1: 'pw1', as2: 'pw2', office: 'pw-office' } as const;
type User = keyof typeof PASSWORDS;
let server: CouchServer;
let dbName = 0;

beforeAll(async () => {
  server = await startCouchServer();
});
afterAll(() => server?.close());
afterEach(() => vi.restoreAllMocks());

const admin = () => new CouchClient(server.url, { basic: `${ADMIN.name}:${ADMIN.password}` });

async function newServerDb(): Promise<string> {
  const name = `records-${++dbName}`;
  await setupServer(
    admin(),
    name,
    [
      { name: 'as1', password: PASSWORDS.as1, roles: ['assessor'] },
      { name: 'as2', password: PASSWORDS.as2, roles: ['assessor'] },
      { name: 'office', password: PASSWORDS.office, roles: ['coordinator'] },
    ],
    entitiesOfBundle(bundle),
  );
  return name;
}

interface Copy {
  db: KaoheDb;
  round(): ReturnType<typeof replicateOnce>;
}

async function copyAs(user: User, couchDb: string, replicationId: string): Promise<Copy> {
  const db = freshDb();
  await loadBundleAsNewAssessment(db, bundle);
  const client = new CouchClient(server.url);
  await client.logIn(user, PASSWORDS[user]);
  const roles = user === 'office' ? ['coordinator'] : ['assessor'];
  const local = syncLocalSide(db, AID, user);
  return { db, round: () => replicateOnce(client, local, { db: couchDb, replicationId, mayWrite: writableBy(user, roles) }) };
}

const png = (seed: number) => Uint8Array.from({ length: 300 }, (_, i) => (i * 7 + seed) % 256);
const withFinding = (id: string, findingId: string) =>
  makeEntry({ id, node: 'website', value: undefined, findings: [{ id: findingId, count: 1, reason: '栏目缺失' }] });

/** Counts the attachment downloads (GET …/entry:…/sha256:…) made while `run` runs. */
async function countDownloads<T>(run: () => Promise<T>): Promise<{ result: T; downloads: number }> {
  const real = globalThis.fetch;
  let downloads = 0;
  vi.spyOn(globalThis, 'fetch').mockImplementation((input, init) => {
    const url = String(input);
    if ((init?.method ?? 'GET') === 'GET' && url.includes(encodeURIComponent('sha256:'))) downloads++;
    return real(input, init);
  });
  const result = await run();
  vi.restoreAllMocks();
  return { result, downloads };
}

const fileCount = (db: KaoheDb) => db.files.count();

describe('evidence files through the server', () => {
  it('travel with their entry as attachments, are fetched once, stored once, and their removal travels too', async () => {
    const name = await newServerDb();
    const a = await copyAs('as1', name, 'a');
    const b = await copyAs('as2', name, 'b');
    await saveEntry(a.db, AID, withFinding('u1:website:as1', 'f-1'), 'as1');
    await addAttachment(a.db, AID, { ownerId: 'f-1', unitId: 'u1', name: '首页截图.png', type: 'image/png', bytes: png(1) }, '张三');
    expect(await a.round()).toMatchObject({ pushed: 1, refused: [], unreadable: [] });
    // the server holds the bytes under the file's hash, on the entry's document
    const hash = fileHash(png(1));
    const doc = await admin().request<{ files: { hash: string }[]; _attachments: Record<string, { length: number }> }>('GET', `/${name}/${encodeURIComponent('entry:u1:website:as1')}`);
    expect(doc.files.map((f) => f.hash)).toEqual([hash]);
    expect(doc._attachments[hash]!.length).toBe(300);

    const first = await countDownloads(() => b.round());
    expect(first.result.unreadable).toEqual([]);
    expect(first.downloads).toBe(1);
    const [att] = await listAttachments(b.db, AID);
    expect(att).toMatchObject({ ownerId: 'f-1', unitId: 'u1', name: '首页截图.png', hash });
    expect(new Uint8Array(await (await b.db.files.get(hash))!.bytes.arrayBuffer())).toEqual(png(1));

    // a second file on the same entry: the first one, already here, is not fetched again
    await addAttachment(a.db, AID, { ownerId: 'f-1', unitId: 'u1', name: '栏目截图.png', type: 'image/png', bytes: png(2) }, '张三');
    await a.round();
    const second = await countDownloads(() => b.round());
    expect(second.downloads).toBe(1);
    expect((await listAttachments(b.db, AID)).map((x) => x.name).sort()).toEqual(['栏目截图.png', '首页截图.png']);
    expect(await fileCount(b.db)).toBe(2);

    // a machine that has the same bytes (attached elsewhere) neither fetches nor stores them again
    const c = await copyAs('as2', name, 'c');
    await saveEntry(c.db, AID, withFinding('u2:website:as2', 'f-9'), 'as2');
    await addAttachment(c.db, AID, { ownerId: 'f-9', unitId: 'u2', name: '同一文件.png', type: 'image/png', bytes: png(1) }, '李四');
    const third = await countDownloads(() => c.round());
    expect(third.downloads).toBe(1);
    expect(await fileCount(c.db)).toBe(2);
    expect(await listAttachments(c.db, AID)).toHaveLength(3);

    // removing one on the first machine removes it on the others, as a merged bundle's removal does
    await removeAttachment(a.db, AID, att!.id, '张三', '截错了');
    await a.round();
    await b.round();
    expect((await listAttachments(b.db, AID)).map((x) => x.name)).toEqual(['栏目截图.png']);
    const removed = (await auditLog(b.db, AID)).find((r) => r.action === 'attachment.remove' && r.from === undefined);
    expect(removed?.why).toMatch(/^从服务器同步：张三 于 /);
    // c still uses the same bytes for its own finding: the file stays there
    await c.round();
    expect((await listAttachments(c.db, AID)).map((x) => x.name).sort()).toEqual(['同一文件.png', '栏目截图.png']);
    expect(await c.db.files.get(hash)).toBeDefined();
  });

  it('sends large files in parts, one request per few megabytes, and they arrive whole', async () => {
    const name = await newServerDb();
    const a = await copyAs('as1', name, 'a');
    const b = await copyAs('as2', name, 'b');
    const big = (seed: number) => Uint8Array.from({ length: 4.5 * 1024 * 1024 }, (_, i) => (i * 13 + seed) % 251);
    for (const [unit, seed] of [['u1', 1], ['u2', 2]] as const) {
      await saveEntry(a.db, AID, { ...withFinding(`${unit}:website:as1`, `f-${unit}`), unitId: unit }, 'as1');
      await addAttachment(a.db, AID, { ownerId: `f-${unit}`, unitId: unit, name: `${unit}.pdf`, type: 'application/pdf', bytes: big(seed) }, '张三');
    }
    const real = globalThis.fetch;
    const bodies: number[] = [];
    vi.spyOn(globalThis, 'fetch').mockImplementation((input, init) => {
      if (String(input).endsWith('/_bulk_docs')) bodies.push(String(init?.body ?? '').length);
      return real(input, init);
    });
    expect(await a.round()).toMatchObject({ pushed: 2, refused: [], unreadable: [] });
    vi.restoreAllMocks();
    // the audit records in one request, then each 4.5 MB file in its own (two would pass 8 MB)
    expect(bodies).toHaveLength(3);
    expect(bodies.filter((n) => n > 4.5 * 1024 * 1024)).toHaveLength(2);
    expect((await b.round()).unreadable).toEqual([]);
    const hashes = (await listAttachments(b.db, AID)).map((x) => x.hash).sort();
    expect(hashes).toEqual([fileHash(big(1)), fileHash(big(2))].sort());
  });

  it('reports a corrupt or missing file with the document and the file name, and still merges the entry', async () => {
    const name = await newServerDb();
    const good = png(3);
    const hash = fileHash(good);
    const files = (findingId: string) => [{ id: `att-${findingId}`, ownerId: findingId, hash, name: '证据.png', type: 'image/png', size: good.length }];
    const bad = Uint8Array.from(good, (x, i) => (i === 10 ? x ^ 1 : x));
    // written by hand on the server: bytes that do not match their hash, and a file listed without bytes
    const corrupt = { _id: 'entry:u1:website:as2', kind: 'entry', data: withFinding('u1:website:as2', 'f-c'), files: files('f-c'), _attachments: { [hash]: { content_type: 'image/png', data: Buffer.from(bad).toString('base64') } } };
    const missing = { _id: 'entry:u2:website:as2', kind: 'entry', data: { ...withFinding('u2:website:as2', 'f-m'), unitId: 'u2' }, files: files('f-m') };
    await admin().request('POST', `/${name}/_bulk_docs`, { docs: [corrupt] });
    await admin().request('POST', `/${name}/_bulk_docs`, { docs: [missing] });
    const b = await copyAs('as1', name, 'b');
    const r = await b.round();
    expect(r.unreadable).toEqual([
      '服务器文档“entry:u1:website:as2”的附件“证据.png”内容与校验值不符（文件已损坏），未保存该附件',
      '服务器文档“entry:u2:website:as2”的附件“证据.png”在服务器上没有文件，未保存该附件',
    ]);
    expect(await listAttachments(b.db, AID)).toEqual([]);
    expect(await fileCount(b.db)).toBe(0);
    const entries = (await loadAssessmentData(b.db, AID)).entries.map((e) => e.id).sort();
    expect(entries).toEqual(['u1:website:as2', 'u2:website:as2']);

    const name2 = await newServerDb();
    await admin().request('POST', `/${name2}/_bulk_docs`, { docs: [missing] });
    const c = await copyAs('as1', name2, 'c');
    expect((await c.round()).unreadable).toEqual(['服务器文档“entry:u2:website:as2”的附件“证据.png”在服务器上没有文件，未保存该附件']);
    expect(await listAttachments(c.db, AID)).toEqual([]);
  });
});

describe('attachment removals through the server', () => {
  it('reports a removal that names another file under the same attachment id, and keeps the attachment', async () => {
    const name = await newServerDb();
    const a = await copyAs('as1', name, 'a');
    await saveEntry(a.db, AID, withFinding('u1:website:as1', 'f-1'), 'as1');
    const att = await addAttachment(a.db, AID, { ownerId: 'f-1', unitId: 'u1', name: '首页截图.png', type: 'image/png', bytes: png(4) }, '张三');
    await a.round();
    const removal = { id: att.id, ownerId: 'f-1', unitId: 'u1', hash: fileHash(png(5)), name: '首页截图.png', removedAt: '2024-11-03T08:00:00.000Z', removedBy: '李四' };
    await admin().request('PUT', `/${name}/${encodeURIComponent(`attachmentRemoval:${att.id}`)}`, { kind: 'attachmentRemoval', data: removal });
    const r = await a.round();
    expect(r.unreadable).toEqual([
      `附件“首页截图.png”（${att.id}）在对方被删除，但本机同一编号的附件内容或所属不同，未删除；删除人 李四，删除时间 2024-11-03T08:00:00.000Z`,
    ]);
    expect(await listAttachments(a.db, AID)).toHaveLength(1);
    // kept in the audit log, once, and sent to the server for the coordinator to see
    const refusals = async () => (await auditLog(a.db, AID)).filter((x) => x.action === 'attachment.removalRefused');
    expect((await refusals()).map((x) => [x.unitId, x.why])).toEqual([['u1', `从服务器同步：${r.unreadable[0]}`]]);
    await a.round();
    await a.round();
    expect(await refusals()).toHaveLength(1);
    const onServer = await admin().request<{ rows: { doc: { data: { by: string; action: string } } }[] }>('GET', `/${name}/_all_docs`, undefined, {
      startkey: JSON.stringify('audit:'),
      endkey: JSON.stringify('audit:\uffff'),
      include_docs: true,
    });
    expect(onServer.rows.filter((x) => x.doc.data.action === 'attachment.removalRefused').map((x) => x.doc.data.by)).toEqual(['as1']);
  });
});

describe('audit records through the server', () => {
  it("appear on the other machine marked with their sender, once, and are not sent back", async () => {
    const name = await newServerDb();
    const a = await copyAs('as1', name, 'a');
    const b = await copyAs('as2', name, 'b');
    await saveEntry(a.db, AID, makeEntry({ id: 'u1:basic:as1', value: 7 }), '张三');
    await a.round();
    await b.round();
    const pulled = (await auditLog(b.db, AID)).filter((r) => r.from !== undefined);
    expect(pulled.map((r) => [r.action, r.who, r.from, r.entryId])).toEqual([
      ['entry.save', '张三', 'as1', 'u1:basic:as1'],
      ['assessment.load', '系统', 'as1', undefined],
    ]);
    // the change itself arrived as a sync, not as a file import
    const merged = (await auditLog(b.db, AID)).filter((r) => r.action === 'import.add' || r.action === 'import');
    expect(merged.map((r) => [r.action, r.why])).toEqual([
      ['import', '从服务器同步'],
      ['import.add', '从服务器同步'],
    ]);
    // more rounds on both sides: nothing is stored twice, and b sends none of a's records back as its own
    await b.round();
    await a.round();
    await b.round();
    expect((await auditLog(b.db, AID)).filter((r) => r.from !== undefined)).toHaveLength(2);
    const onServer = await admin().request<{ rows: { doc: { data: { by: string; action: string } } }[] }>('GET', `/${name}/_all_docs`, undefined, {
      startkey: JSON.stringify('audit:'),
      endkey: JSON.stringify('audit:\uffff'),
      include_docs: true,
    });
    const sent = onServer.rows.map((r) => `${r.doc.data.by}:${r.doc.data.action}`).sort();
    expect(sent).toEqual(['as1:assessment.load', 'as1:entry.save', 'as2:assessment.load']);
    // a's machine received b's record, and its own did not come back as someone else's
    expect((await auditLog(a.db, AID)).filter((r) => r.from !== undefined).map((r) => `${r.from}:${r.action}`)).toEqual(['as2:assessment.load']);
  });

  it('are refused by the server when edited, deleted or signed for another login (direct HTTP)', async () => {
    const name = await newServerDb();
    const a = await copyAs('as1', name, 'a');
    await saveEntry(a.db, AID, makeEntry({ id: 'u1:basic:as1', value: 7 }), '张三');
    await a.round();
    const login = async (user: User) => {
      const res = await fetch(`${server.url}/_session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: user, password: PASSWORDS[user] }) });
      const cookie = res.headers.get('set-cookie')!.match(/AuthSession=[^;]*/)![0];
      return async (method: string, path: string, body?: unknown) => {
        const r = await fetch(`${server.url}/${name}${path}`, { method, headers: { cookie, 'content-type': 'application/json' }, ...(body !== undefined && { body: JSON.stringify(body) }) });
        return { status: r.status, body: (await r.json()) as Record<string, unknown> };
      };
    };
    const as1 = await login('as1');
    const office = await login('office');
    const list = await as1('GET', `/_all_docs?startkey=${encodeURIComponent('"audit:"')}&endkey=${encodeURIComponent('"audit:\uffff"')}&include_docs=true`);
    const docs = (list.body.rows as { doc: { _id: string; _rev: string; data: Record<string, unknown> } }[]).map((r) => r.doc);
    const save = docs.find((d) => d.data.action === 'entry.save')!;
    const path = `/${encodeURIComponent(save._id)}`;
    // its own sender may not change the value it recorded, nor may the coordinator
    const edited = { ...save, data: { ...save.data, after: { value: 10 } } };
    expect(await as1('PUT', path, edited)).toMatchObject({ status: 403, body: { error: 'forbidden', reason: '审计记录和附件删除记录只能新增，不能修改或删除' } });
    expect((await office('PUT', path, edited)).status).toBe(403);
    expect((await as1('DELETE', `${path}?rev=${save._rev}`)).status).toBe(403);
    expect((await office('DELETE', `${path}?rev=${save._rev}`)).status).toBe(403);
    // nor as a replication write that claims to descend from it
    const replicated = await as1('POST', '/_bulk_docs', { new_edits: false, docs: [{ ...edited, _rev: `2-${'b'.repeat(32)}`, _revisions: { start: 2, ids: ['b'.repeat(32), save._rev.slice(2)] } }] });
    expect(replicated.body).toEqual([expect.objectContaining({ id: save._id, error: 'forbidden' })]);
    // a new record must name its sender
    const record = { at: '2024-11-02T08:00:00.000Z', who: '李四', action: 'entry.save', before: null, after: { value: 1 } };
    const forged = await as1('PUT', `/${encodeURIComponent('audit:forged-1')}`, { kind: 'audit', data: { ...record, by: 'as2' } });
    expect(forged).toMatchObject({ status: 403, body: { reason: '审计记录须以本人的登录名提交（data.by 应为 as1）' } });
    // what the app sends is accepted: the refusals above are about the content, not the login
    expect((await as1('PUT', `/${encodeURIComponent('audit:own-1')}`, { kind: 'audit', data: { ...record, who: '张三', by: 'as1' } })).status).toBe(201);
    const after = await admin().request<{ data: { after: unknown } }>('GET', `/${name}${path}`);
    expect(after.data.after).toEqual(save.data.after);
    // an attachment's removal is written once too: not undone by deleting it, not rewritten
    const removal = { kind: 'attachmentRemoval', data: { id: 'att-1', ownerId: 'f-1', assessorId: 'as1', hash: `sha256:${'a'.repeat(64)}`, name: '截图.png', removedAt: '2024-11-02T08:00:00.000Z', removedBy: '张三' } };
    const created = await as1('PUT', `/${encodeURIComponent('attachmentRemoval:att-1')}`, removal);
    expect(created.status).toBe(201);
    const rev = created.body.rev as string;
    expect((await office('DELETE', `/${encodeURIComponent('attachmentRemoval:att-1')}?rev=${rev}`)).status).toBe(403);
    expect((await as1('PUT', `/${encodeURIComponent('attachmentRemoval:att-1')}`, { ...removal, _rev: rev, data: { ...removal.data, name: '别的.png' } })).status).toBe(403);
    expect((await as1('PUT', `/${encodeURIComponent('attachmentRemoval:att-2')}`, removal)).body).toMatchObject({ reason: '附件删除记录的编号与内容不符' });
  });
});

describe('conflict choices through the server', () => {
  it('keeping the local value raises its revision, so it replaces the other value on the other machine', async () => {
    const name = await newServerDb();
    const laptop = await copyAs('as1', name, 'laptop');
    const desktop = await copyAs('as1', name, 'desktop');
    await laptop.round();
    await desktop.round();
    await saveEntry(laptop.db, AID, makeEntry({ id: 'u1:basic:as1', value: 6 }), 'as1');
    await saveEntry(desktop.db, AID, makeEntry({ id: 'u1:basic:as1', value: 8 }), 'as1');
    await laptop.round();
    await desktop.round();
    const [conflict] = await listConflicts(desktop.db, AID);
    expect([conflict?.local?.value, conflict?.incoming?.value]).toEqual([8, 6]);
    await resolveConflicts(desktop.db, AID, [{ conflictId: conflict!.id, pick: 'local' }], '王主任');
    expect(await desktop.round()).toMatchObject({ pushed: 1, refused: [] });
    await laptop.round();
    const onLaptop = (await loadAssessmentData(laptop.db, AID)).entries.find((e) => e.id === 'u1:basic:as1');
    expect(onLaptop).toMatchObject({ value: 8, rev: 2 });
    expect(await listConflicts(laptop.db, AID)).toEqual([]);
    // a third machine joining later sees the kept value with no conflict either
    const third = await copyAs('as1', name, 'third');
    await third.round();
    expect((await loadAssessmentData(third.db, AID)).entries.find((e) => e.id === 'u1:basic:as1')?.value).toBe(8);
    expect(await listConflicts(third.db, AID)).toEqual([]);
    // and the desktop does not get its own choice back as a new disagreement
    await desktop.round();
    expect(await listConflicts(desktop.db, AID)).toEqual([]);
  });
});

describe('joining from the server', () => {
  it('brings the files, and the audit records, that a bundle does not carry, in the first round after joining', async () => {
    const name = await newServerDb();
    const a = await copyAs('as1', name, 'a');
    await saveEntry(a.db, AID, withFinding('u1:website:as1', 'f-1'), 'as1');
    await addAttachment(a.db, AID, { ownerId: 'f-1', unitId: 'u1', name: '首页截图.png', type: 'image/png', bytes: png(3) }, '张三');
    expect(await a.round()).toMatchObject({ pushed: 1, refused: [] });

    const db = freshDb();
    const outcome = await joinFromServer(db, { server: server.url, db: name, user: 'office', password: PASSWORDS.office }, '协调人');
    await stopSync();
    expect(outcome).toMatchObject({ ok: true, assessmentId: AID });
    const settings = (await getSyncSettings(db, AID))!;
    // the first round reads the feed again from the first document a bundle does not carry, not from its start
    const since = (await getSyncState(db, AID)).since;
    const client = new CouchClient(server.url);
    await client.logIn('office', PASSWORDS.office);
    const fromThere = await client.request<{ results: { id: string }[] }>('GET', `/${name}/_changes`, undefined, { since });
    expect(fromThere.results.map((r) => r.id).sort()).toEqual((await client.request<{ results: { id: string }[] }>('GET', `/${name}/_changes`, undefined, { since: 0 })).results.map((r) => r.id).filter((id) => id.startsWith('audit:') || id === 'entry:u1:website:as1').sort());
    const round = () =>
      replicateOnce(client, syncLocalSide(db, AID, 'office'), { db: name, replicationId: `${settings.server}|${settings.db}|${AID}|${settings.clientId}`, mayWrite: writableBy('office', ['coordinator']) });
    expect((await round()).unreadable).toEqual([]);
    const [att] = await listAttachments(db, AID);
    expect(att).toMatchObject({ ownerId: 'f-1', name: '首页截图.png', hash: fileHash(png(3)) });
    expect(new Uint8Array(await (await db.files.get(fileHash(png(3))))!.bytes.arrayBuffer())).toEqual(png(3));
    expect((await auditLog(db, AID)).some((r) => r.from === 'as1')).toBe(true);
    // and nothing is taken twice: the next round has nothing to pull
    expect(await round()).toMatchObject({ pulled: 0, pushed: 0 });
  });
});
