/**
 * The server process killed with SIGKILL in the middle of replication, and started again on the same
 * files: nothing written before the kill is lost, nothing is stored twice, and the copies end up with
 * every edit once. The server is express-pouchdb over LevelDB in a process of its own
 * (test/couch/diskCouchServer.ts), so only what reached its files survives — as with a CouchDB.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { CouchClient, CouchError } from '../../../src/sync/couch/http';
import { setupServer } from '../../../src/sync/couch/setup';
import { entitiesOfBundle } from '../../../src/sync/couch/plan';
import { replicateOnce } from '../../../src/sync/couch/replicate';
import { syncLocalSide, writableBy } from '../../../src/app/sync';
import { listConflicts, loadAssessmentData, loadBundleAsNewAssessment, saveEntries, type KaoheDb } from '../../../src/store/repo';
import { ADMIN } from '../../couch/couchServer';
import { startDiskCouchServer, type DiskCouchServer } from '../../couch/diskCouchServer';
import { makeBundle, makeEntry } from '../../fixtures/bundles';
import { freshDb } from '../../store/testDb';

const bundle = makeBundle();
const AID = bundle.assessment.id;
const PASSWORDS = { as1: 'pw1', as2: 'pw2' } as const;
let server: DiskCouchServer;

beforeAll(async () => {
  server = await startDiskCouchServer();
}, 60_000);
afterAll(() => server?.close());
afterEach(() => vi.restoreAllMocks());

const admin = () => new CouchClient(server.url, { basic: `${ADMIN.name}:${ADMIN.password}` });

interface Copy {
  db: KaoheDb;
  round(batchSize?: number): ReturnType<typeof replicateOnce>;
}

async function copyAs(user: keyof typeof PASSWORDS, couchDb: string, replicationId: string): Promise<Copy> {
  const db = freshDb();
  await loadBundleAsNewAssessment(db, bundle);
  const client = new CouchClient(server.url);
  await client.logIn(user, PASSWORDS[user]);
  const local = syncLocalSide(db, AID, user);
  return { db, round: (batchSize) => replicateOnce(client, local, { db: couchDb, replicationId, mayWrite: writableBy(user, ['assessor']), ...(batchSize && { batchSize }) }) };
}

/** The documents on the server: id → revision and conflicting revisions. */
async function serverDocs(name: string): Promise<Map<string, { rev: string; conflicts: string[] }>> {
  const r = await admin().request<{ rows: { id: string; doc: { _rev: string; _conflicts?: string[] } }[] }>('GET', `/${name}/_all_docs`, undefined, { include_docs: true, conflicts: true });
  return new Map(r.rows.map((x) => [x.id, { rev: x.doc._rev, conflicts: x.doc._conflicts ?? [] }]));
}

/** The documents written since `before` was taken. */
const newDocs = async (name: string, before: Map<string, unknown>) => new Map([...(await serverDocs(name))].filter(([id]) => !before.has(id)));

/** The documents (audit records and entries) in each `_bulk_docs` request sent from here, answered or not. */
function watchBulkDocs(): string[][] {
  const sent: string[][] = [];
  const real = globalThis.fetch;
  vi.spyOn(globalThis, 'fetch').mockImplementation((input, init) => {
    if (String(input).endsWith('/_bulk_docs')) sent.push((JSON.parse(String(init?.body)) as { docs: { _id: string }[] }).docs.map((d) => d._id));
    return real(input, init);
  });
  return sent;
}

/** Waits for the kill a round ran into; fails when the round ended some other way and no kill came. */
const killed = (kill: Promise<void>) =>
  Promise.race([kill, new Promise<void>((_, fail) => setTimeout(() => fail(new Error('the server was not killed')), 15_000))]);

const as1Values = async (db: KaoheDb) =>
  (await loadAssessmentData(db, AID)).entries
    .filter((e) => e.assessorId === 'as1' && e.node.startsWith('n'))
    .map((e) => e.value!)
    .sort((x, y) => x - y);

describe('the server process killed with SIGKILL mid-replication', () => {
  const edits = Array.from({ length: 40 }, (_, i) => makeEntry({ id: `u1:n${i}:as1`, node: `n${i}`, value: i }));
  const name = 'kaohe-kill';
  let a: Copy;
  let b: Copy;

  beforeAll(async () => {
    await setupServer(
      admin(),
      name,
      Object.entries(PASSWORDS).map(([n, password]) => ({ name: n, password, roles: ['assessor'] })),
      entitiesOfBundle(bundle),
    );
    a = await copyAs('as1', name, 'a');
    b = await copyAs('as2', name, 'b');
    await a.round();
    await b.round();
  }, 60_000);

  it('during a push, after the server stored a batch and before it stored the next, loses no edit and stores none twice', async () => {
    await saveEntries(a.db, AID, edits, 'as1');
    const published = await serverDocs(name);
    const sent = watchBulkDocs();
    // the second batch is written to disk, and the process dies before its answer leaves
    const afterWrite = server.killAt({ method: 'POST', path: `/${name}/_bulk_docs`, skip: 1 }, 'afterWrite');
    await expect(a.round(10)).rejects.toBeInstanceOf(CouchError);
    await killed(afterWrite);
    await server.start();
    // what the dead process had written is on disk, the unanswered batch included
    const written = sent.flat();
    expect(sent).toHaveLength(2);
    expect([...(await newDocs(name, published)).keys()].sort()).toEqual(written.sort());
    // the next round: the process dies as a batch arrives, before storing it
    sent.length = 0;
    const before = server.killAt({ method: 'POST', path: `/${name}/_bulk_docs` }, 'before');
    await expect(a.round(10)).rejects.toBeInstanceOf(CouchError);
    await killed(before);
    await server.start();
    expect(sent).toHaveLength(1);
    // the stored ones were not sent again (the server said it had them), the held batch is not stored
    expect(sent[0]!.some((id) => written.includes(id))).toBe(false);
    expect((await newDocs(name, published)).size).toBe(written.length);
    vi.restoreAllMocks();
    await a.round(10);
    expect(await a.round(10)).toMatchObject({ pushed: 0 });

    // one version of each edit on the server: none written twice, no conflicts
    const onServer = await newDocs(name, published);
    expect([...onServer.keys()].filter((id) => id.startsWith('entry:')).sort()).toEqual(edits.map((e) => `entry:${e.id}`).sort());
    for (const [, doc] of onServer) expect(doc).toMatchObject({ rev: expect.stringMatching(/^1-/), conflicts: [] });
    expect(server.pids).toHaveLength(3);
  }, 120_000);

  it('during a pull, as the changes are read and as the checkpoint is written, and the other copy still gets every edit once', async () => {
    // the second page of changes is read, and the process dies before it answers
    const reading = server.killAt({ method: 'GET', path: `/${name}/_changes`, skip: 1 }, 'afterWrite');
    await expect(b.round(10)).rejects.toBeInstanceOf(CouchError);
    await killed(reading);
    await server.start();
    expect((await as1Values(b.db)).length).toBeLessThan(40);
    // next round: the process dies as the copy writes where it got to (it has stored that page already)
    const checkpoint = server.killAt({ method: 'PUT', path: `/${name}/_local/` }, 'before');
    await expect(b.round(10)).rejects.toBeInstanceOf(CouchError);
    await killed(checkpoint);
    await server.start();
    // the server's checkpoint is behind the copy's: the copy reads the feed again, and merging again changes nothing
    await b.round(10);
    expect(await as1Values(b.db)).toEqual(edits.map((e) => e.value));
    expect(await listConflicts(b.db, AID)).toEqual([]);
    const again = await b.round(10);
    expect(again).toMatchObject({ pulled: 0, pushed: 0, refused: [], unreadable: [] });
    expect(await as1Values(b.db)).toEqual(edits.map((e) => e.value));
    // and the copy that pushed them has nothing new and nothing doubled
    await a.round();
    expect(await as1Values(a.db)).toEqual(edits.map((e) => e.value));
    expect(await listConflicts(a.db, AID)).toEqual([]);
  }, 120_000);
});
