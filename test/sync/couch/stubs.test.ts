/**
 * Files already on the server are not sent again: an entry edited after its files were pushed carries
 * them as CouchDB attachment stubs, and only a new file's bytes travel. Counted at the server (the size
 * of each request as it arrives), and the files are still there for a machine that fetches them later.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CouchClient, CouchError } from '../../../src/sync/couch/http';
import { setupServer } from '../../../src/sync/couch/setup';
import { entitiesOfBundle } from '../../../src/sync/couch/plan';
import { replicateOnce } from '../../../src/sync/couch/replicate';
import { sendWithFiles, type StoredFile } from '../../../src/sync/couch/attachments';
import type { SyncDoc } from '../../../src/sync/couch/docs';
import { fileHash } from '../../../src/sync/fileHash';
import { syncLocalSide, writableBy } from '../../../src/app/sync';
import { addAttachment, listAttachments, loadAssessmentData, loadBundleAsNewAssessment, saveEntry, type KaoheDb } from '../../../src/store/repo';
import { ADMIN, startCouchServer, type CouchServer, type SeenRequest } from '../../couch/couchServer';
import { makeBundle, makeEntry } from '../../fixtures/bundles';
import { freshDb } from '../../store/testDb';

const bundle = makeBundle();
const AID = bundle.assessment.id;
const PASSWORDS = { as1: 'pw1', as2: 'pw2' } as const;
const MB = 1024 * 1024;
let server: CouchServer;

beforeAll(async () => {
  server = await startCouchServer();
});
afterAll(() => server?.close());

interface Copy {
  db: KaoheDb;
  round(): ReturnType<typeof replicateOnce>;
}

async function copyAs(user: keyof typeof PASSWORDS, couchDb: string, replicationId: string): Promise<Copy> {
  const db = freshDb();
  await loadBundleAsNewAssessment(db, bundle);
  const client = new CouchClient(server.url);
  await client.logIn(user, PASSWORDS[user]);
  const local = syncLocalSide(db, AID, user);
  return { db, round: () => replicateOnce(client, local, { db: couchDb, replicationId, mayWrite: writableBy(user, ['assessor']) }) };
}

/** The requests that reach the server while `run` runs. */
async function atServer(run: () => Promise<unknown>): Promise<SeenRequest[]> {
  const from = server.seen.length;
  await run();
  return server.seen.slice(from);
}
const bytesOf = (rs: SeenRequest[]) => rs.reduce((s, r) => s + r.bytes, 0);
const writes = (rs: SeenRequest[]) => rs.filter((r) => r.method === 'POST' && r.url.includes('/_bulk_docs'));

const file = (n: number, seed: number) => Uint8Array.from({ length: n }, (_, i) => (i * 31 + seed) % 253);
const entry = (value: number, reason: string) => makeEntry({ id: 'u1:website:as1', node: 'website', value, findings: [{ id: 'f-1', count: 1, reason }] });

describe('files the server already has for a document', () => {
  it('are sent as stubs when the entry changes again: no file bytes travel, and the file is still there for another machine', async () => {
    const name = 'kaohe-stubs';
    await setupServer(
      new CouchClient(server.url, { basic: `${ADMIN.name}:${ADMIN.password}` }),
      name,
      Object.entries(PASSWORDS).map(([n, password]) => ({ name: n, password, roles: ['assessor'] })),
      entitiesOfBundle(bundle),
    );
    const a = await copyAs('as1', name, 'a');
    await a.round();
    const big = file(2 * MB, 1);
    await saveEntry(a.db, AID, entry(3, '栏目缺失'), 'as1');
    await addAttachment(a.db, AID, { ownerId: 'f-1', unitId: 'u1', name: '全页截图.png', type: 'image/png', bytes: big }, '张三');

    // first push: the 2 MB go up once (base64: 4/3 of the bytes)
    const first = await atServer(() => a.round());
    expect(bytesOf(writes(first))).toBeGreaterThan((2 * MB * 4) / 3);

    // the entry edited twice more: each push is the entry and its audit record, not the file
    for (const [value, reason] of [[2, '栏目缺失，已整改一半'], [1, '栏目缺失，已整改']] as const) {
      await saveEntry(a.db, AID, entry(value, reason), 'as1');
      const again = await atServer(() => a.round());
      expect(await a.round()).toMatchObject({ pushed: 0 });
      expect(writes(again).length).toBeGreaterThan(0);
      expect(bytesOf(again)).toBeLessThan(20_000);
    }

    // the server's latest version still has the file, with the bytes of the first push
    const hash = fileHash(big);
    const doc = await new CouchClient(server.url, { basic: `${ADMIN.name}:${ADMIN.password}` }).request<{ _rev: string; data: { value: number }; _attachments: Record<string, { length: number; revpos: number }> }>(
      'GET',
      `/${name}/${encodeURIComponent('entry:u1:website:as1')}`,
    );
    expect(doc._rev).toMatch(/^3-/);
    expect(doc.data.value).toBe(1);
    expect(doc._attachments[hash]).toMatchObject({ length: 2 * MB, revpos: 1 });

    // a machine that never had it fetches it from that version, whole
    const b = await copyAs('as2', name, 'b');
    expect(await b.round()).toMatchObject({ unreadable: [] });
    expect((await loadAssessmentData(b.db, AID)).entries.find((e) => e.id === 'u1:website:as1')?.value).toBe(1);
    expect((await listAttachments(b.db, AID)).map((x) => x.hash)).toEqual([hash]);
    expect(fileHash(new Uint8Array(await (await b.db.files.get(hash))!.bytes.arrayBuffer()))).toBe(hash);

    // a second file on the entry: only its bytes travel
    const small = file(100_000, 2);
    await addAttachment(a.db, AID, { ownerId: 'f-1', unitId: 'u1', name: '栏目截图.png', type: 'image/png', bytes: small }, '张三');
    const added = await atServer(() => a.round());
    expect(bytesOf(writes(added))).toBeGreaterThan((100_000 * 4) / 3);
    expect(bytesOf(writes(added))).toBeLessThan((100_000 * 4) / 3 + 20_000);
    await b.round();
    expect((await listAttachments(b.db, AID)).map((x) => x.hash).sort()).toEqual([hash, fileHash(small)].sort());
  }, 120_000);
});

describe('a stub the server cannot fill in', () => {
  it('sends that part again with every file whole', async () => {
    const bytes = file(1000, 3);
    const hash = fileHash(bytes);
    const doc = (): SyncDoc & { _revisions: { start: number; ids: string[] } } => ({
      _id: 'entry:u1:website:as1',
      _rev: '2-b',
      _revisions: { start: 2, ids: ['b', 'a'] },
      kind: 'entry',
      data: {},
      files: [{ id: 'att-1', ownerId: 'f-1', hash, name: 'x.png', type: 'image/png', size: 1000 }],
    });
    const read = async (hashes: string[]) => new Map<string, StoredFile>(hashes.map((h) => [h, { type: 'image/png', bytes }]));
    const parents = async () => new Map([['entry:u1:website:as1', { [hash]: { content_type: 'image/png', stub: true, digest: 'md5-x', length: 1000, revpos: 1 } }]]);
    for (const refusal of ['request', 'document'] as const) {
      const posted: SyncDoc['_attachments'][] = [];
      const post = async (docs: SyncDoc[]) => {
        posted.push(structuredClone(docs[0]!._attachments));
        const stub = docs[0]!._attachments?.[hash]?.stub;
        if (stub && refusal === 'request') throw new CouchError(412, 'missing_stub', 'A pre-existing attachment stub was not found');
        return stub ? [{ id: docs[0]!._id, error: 'missing_stub', reason: 'stub' }] : [];
      };
      const out = await sendWithFiles([doc()], read, post, parents);
      expect(out).toEqual({ errors: [], problems: [] });
      expect(posted.map((p) => (p![hash]!.stub ? 'stub' : p![hash]!.data!.length))).toEqual(['stub', Math.ceil(1000 / 3) * 4]);
    }
  });
});
