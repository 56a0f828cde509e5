/**
 * Replication of the store through a CouchDB-compatible server, round by round: two copies of an
 * assessment (each its own IndexedDB) logged in as assessors. Edits travel both ways, an edit made while
 * the server is down is pushed when it is back, a disagreement becomes a pending conflict, and a server
 * killed in the middle of a round loses nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CouchClient, CouchError } from '../../src/sync/couch/http';
import { setupServer } from '../../src/sync/couch/setup';
import { entitiesOfBundle } from '../../src/sync/couch/plan';
import { toDoc } from '../../src/sync/couch/docs';
import { nextRev } from '../../src/sync/couch/revs';
import { checkpointId, replicateOnce } from '../../src/sync/couch/replicate';
import { syncLocalSide, writableBy } from '../../src/app/sync';
import { listConflicts, loadAssessmentData, resolveConflicts, loadBundleAsNewAssessment, saveEntries, saveEntry, type KaoheDb } from '../../src/store/repo';
import { ADMIN, startCouchServer, type CouchServer } from '../couch/couchServer';
import { makeBundle, makeEntry } from '../fixtures/bundles';
import { freshDb } from '../store/testDb';

const bundle = makeBundle();
const AID = bundle.assessment.id;
let server: CouchServer;
let dbName = 0;

beforeAll(async () => {
  server = await startCouchServer();
});
afterAll(() => server?.close());

/** A new database on the server, set up as `npm run server -- setup` does, with the assessment published. */
async function newServerDb(): Promise<string> {
  const name = `kaohe-${++dbName}`;
  await setupServer(
    new CouchClient(server.url, { basic: `${ADMIN.name}:${ADMIN.password}` }),
    name,
    [
      { name: 'as1', password: 'pw1', roles: ['assessor'] },
      { name: 'as2', password: 'pw2', roles: ['assessor'] },
    ],
    entitiesOfBundle(bundle),
  );
  return name;
}

interface Copy {
  db: KaoheDb;
  round(batchSize?: number): ReturnType<typeof replicateOnce>;
}

/** A machine with the assessment loaded from the same bundle, logged in to the server as `user`. */
async function copyAs(user: 'as1' | 'as2', couchDb: string, replicationId: string): Promise<Copy> {
  const db = freshDb();
  await loadBundleAsNewAssessment(db, bundle);
  const client = new CouchClient(server.url);
  await client.logIn(user, user === 'as1' ? 'pw1' : 'pw2');
  const local = syncLocalSide(db, AID, user);
  return { db, round: (batchSize) => replicateOnce(client, local, { db: couchDb, replicationId, mayWrite: writableBy(user, ['assessor']), ...(batchSize && { batchSize }) }) };
}

const valueOf = async (db: KaoheDb, id: string) => (await loadAssessmentData(db, AID)).entries.find((e) => e.id === id)?.value;

describe('replication through the server', () => {
  it("brings one assessor's edit to the other, and the other's back", async () => {
    const name = await newServerDb();
    const a = await copyAs('as1', name, 'a');
    const b = await copyAs('as2', name, 'b');
    await a.round();
    await b.round();
    await saveEntry(a.db, AID, makeEntry({ id: 'u1:basic:as1', value: 7 }), 'as1');
    expect(await a.round()).toMatchObject({ pushed: 1, refused: [] });
    await b.round();
    expect(await valueOf(b.db, 'u1:basic:as1')).toBe(7);
    await saveEntry(b.db, AID, makeEntry({ id: 'u2:basic:as2', unitId: 'u2', assessorId: 'as2', value: 4 }), 'as2');
    await b.round();
    await a.round();
    expect(await valueOf(a.db, 'u2:basic:as2')).toBe(4);
    // nothing left to move: another round changes nothing
    expect(await a.round()).toMatchObject({ pushed: 0 });
  });

  it('writes the checkpoint only when the round read something new, or the server lost it', async () => {
    const name = await newServerDb();
    const a = await copyAs('as1', name, 'a');
    const b = await copyAs('as2', name, 'b');
    await a.round();
    await b.round();
    const checkpointWrites = () => server.seen.filter((r) => r.method === 'PUT' && r.url.startsWith(`/${name}/_local/`)).length;
    await a.round(); // reads what b pushed
    const before = checkpointWrites();
    await a.round();
    await a.round();
    expect(checkpointWrites()).toBe(before);

    await saveEntry(b.db, AID, makeEntry({ id: 'u2:basic:as2', unitId: 'u2', assessorId: 'as2', value: 4 }), 'as2');
    await b.round(); // b's push; its own echo is read in its next round
    const afterPush = checkpointWrites();
    await a.round();
    expect(await valueOf(a.db, 'u2:basic:as2')).toBe(4);
    expect(checkpointWrites()).toBe(afterPush + 1);

    // the server's checkpoint gone (a database restored from an older backup): written again at once
    const admin = new CouchClient(server.url, { basic: `${ADMIN.name}:${ADMIN.password}` });
    const id = `/${name}/${checkpointId('a')}`;
    const { _rev } = await admin.request<{ _rev: string }>('GET', id);
    await admin.request('DELETE', `${id}?rev=${_rev}`);
    await a.round();
    expect((await admin.request<{ since: unknown }>('GET', id)).since).toBeDefined();
    const restored = checkpointWrites();
    await a.round();
    expect(checkpointWrites()).toBe(restored);
    expect(await valueOf(a.db, 'u2:basic:as2')).toBe(4);
  });

  it('asks for changes beside the checkpoint in a round that does not wait, and reads from the start when the checkpoint is gone', async () => {
    const name = await newServerDb();
    const a = await copyAs('as1', name, 'a');
    const b = await copyAs('as2', name, 'b');
    await a.round();
    await saveEntry(b.db, AID, makeEntry({ id: 'u2:basic:as2', unitId: 'u2', assessorId: 'as2', value: 4 }), 'as2');
    await b.round();
    const asked = (from: number) =>
      server.seen.slice(from).flatMap((r) => (r.url.startsWith(`/${name}/_changes`) ? [`changes since=${new URL(r.url, server.url).searchParams.get('since')}`] : r.url.startsWith(`/${name}/_local/`) ? [`${r.method} checkpoint`] : []));
    let from = server.seen.length;
    await a.round();
    expect(await valueOf(a.db, 'u2:basic:as2')).toBe(4);
    // the feed first, then the checkpoint: one round trip, not two, before the push
    const [first, second] = asked(from);
    expect([first?.split('=')[0], second]).toEqual(['changes since', 'GET checkpoint']);

    // the checkpoint gone: the batch asked beside it is not read; the round reads from the start
    const admin = new CouchClient(server.url, { basic: `${ADMIN.name}:${ADMIN.password}` });
    const id = `/${name}/${checkpointId('a')}`;
    const { _rev } = await admin.request<{ _rev: string }>('GET', id);
    await admin.request('DELETE', `${id}?rev=${_rev}`);
    from = server.seen.length;
    await a.round();
    const feeds = asked(from).filter((x) => x.startsWith('changes'));
    expect(feeds).toHaveLength(2);
    expect(feeds[0]).not.toBe('changes since=0');
    expect(feeds[1]).toBe('changes since=0');
    expect(await valueOf(a.db, 'u2:basic:as2')).toBe(4);
  });

  it('keeps an edit made while the server is down and pushes it when the server is back', async () => {
    const name = await newServerDb();
    const a = await copyAs('as1', name, 'a');
    const b = await copyAs('as2', name, 'b');
    await a.round();
    await server.stop();
    await saveEntry(a.db, AID, makeEntry({ id: 'u1:basic:as1', value: 9 }), 'as1');
    await expect(a.round()).rejects.toSatisfy((e) => e instanceof CouchError && e.offline);
    expect(await valueOf(a.db, 'u1:basic:as1')).toBe(9);
    await server.start();
    expect(await a.round()).toMatchObject({ pushed: 1 });
    await b.round();
    expect(await valueOf(b.db, 'u1:basic:as1')).toBe(9);
  });

  it('does not push what the login may not write, and the server refuses it when forced', async () => {
    const name = await newServerDb();
    const a = await copyAs('as1', name, 'a');
    await a.round();
    // as1's machine holds an entry of as2 (e.g. typed in the wrong column): it stays local
    await saveEntry(a.db, AID, makeEntry({ id: 'u1:basic:as2', assessorId: 'as2', value: 1 }), 'as1');
    expect(await a.round()).toMatchObject({ pushed: 0, refused: [] });
    const client = new CouchClient(server.url);
    await client.logIn('as1', 'pw1');
    const forced = await replicateOnce(client, syncLocalSide(a.db, AID, 'as1'), { db: name, replicationId: 'a', mayWrite: () => true });
    expect(forced.refused).toEqual(expect.arrayContaining(['entry:u1:basic:as2：考核人员只能写自己的评分记录']));
    expect(forced.refused.some((r) => r.startsWith('assessment：没有写入'))).toBe(false);
  });

  it('shows differing edits of one cell from two machines as a conflict for the coordinator', async () => {
    const name = await newServerDb();
    const laptop = await copyAs('as1', name, 'laptop');
    const desktop = await copyAs('as1', name, 'desktop');
    await laptop.round();
    await desktop.round();
    await saveEntry(laptop.db, AID, makeEntry({ id: 'u1:basic:as1', value: 6 }), 'as1');
    await saveEntry(desktop.db, AID, makeEntry({ id: 'u1:basic:as1', value: 8 }), 'as1');
    await laptop.round();
    const r = await desktop.round();
    expect(r.pushed).toBe(0);
    const conflicts = await listConflicts(desktop.db, AID);
    expect(conflicts.map((c) => [c.entryId, c.local?.value, c.incoming?.value])).toEqual([['u1:basic:as1', 8, 6]]);
    // the desktop's value waits for the decision: the server still has the laptop's
    expect(await valueOf(desktop.db, 'u1:basic:as1')).toBe(8);
    await laptop.round();
    expect(await valueOf(laptop.db, 'u1:basic:as1')).toBe(6);
  });

  it("settles once the coordinator takes the server's value: neither copy pushes its revision back", async () => {
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
    await resolveConflicts(desktop.db, AID, [{ conflictId: conflict!.id, pick: 'incoming' }], 'as1');
    // the desktop now holds the laptop's value under a later revision: the same to the merge
    const taken = (await loadAssessmentData(desktop.db, AID)).entries.find((e) => e.id === 'u1:basic:as1')!;
    expect([taken.value, taken.rev]).toEqual([6, 2]);
    const pushes: number[] = [];
    for (let i = 0; i < 3; i++) pushes.push((await desktop.round()).pushed, (await laptop.round()).pushed);
    expect(pushes).toEqual([0, 0, 0, 0, 0, 0]);
    expect(await listConflicts(laptop.db, AID)).toEqual([]);
    expect(await valueOf(laptop.db, 'u1:basic:as1')).toBe(6);
  });

  it("surfaces a CouchDB conflict (two leaves written elsewhere) in the conflicts view", async () => {
    const name = await newServerDb();
    const a = await copyAs('as1', name, 'a');
    await saveEntry(a.db, AID, makeEntry({ id: 'u1:basic:as1', value: 2 }), 'as1');
    await a.round();
    // another replica (e.g. a second CouchDB node) stored a sibling revision of the same document
    const admin = new CouchClient(server.url, { basic: `${ADMIN.name}:${ADMIN.password}` });
    const current = await admin.request<{ _rev: string }>('GET', `/${name}/${encodeURIComponent('entry:u1:basic:as1')}`);
    expect(current._rev).toMatch(/^1-/);
    const sibling = nextRev(undefined, 'elsewhere');
    const doc = toDoc({ kind: 'entry', data: makeEntry({ id: 'u1:basic:as1', value: 5, rev: 1, updatedBy: 'as1' }) });
    expect(await admin.request('POST', `/${name}/_bulk_docs`, { docs: [{ ...doc, _rev: sibling.rev, _revisions: sibling.revisions }], new_edits: false })).toEqual([]);
    const b = await copyAs('as2', name, 'b');
    await b.round();
    const values = (await listConflicts(b.db, AID)).map((c) => [c.local?.value, c.incoming?.value]);
    expect(values).toHaveLength(1);
    expect(values[0]!.slice().sort()).toEqual([2, 5]);
  });

  it('loses nothing when the server is killed in the middle of a push, before or after storing a batch', async () => {
    const name = await newServerDb();
    const a = await copyAs('as1', name, 'a');
    const b = await copyAs('as2', name, 'b');
    await a.round();
    const edits = Array.from({ length: 40 }, (_, i) => makeEntry({ id: `u1:n${i}:as1`, node: `n${i}`, value: i }));
    // the entries' nodes need not be in the rule set for replication; they are stored as they are
    await saveEntries(a.db, AID, edits, 'as1');
    let bulk = 0;
    const killed = server.killAt((m, url) => m === 'POST' && url.includes('/_bulk_docs') && ++bulk === 2, 'afterWrite');
    await expect(a.round(10)).rejects.toBeInstanceOf(CouchError);
    await killed;
    await server.start();
    bulk = 0;
    const killedAgain = server.killAt((m, url) => m === 'POST' && url.includes('/_bulk_docs') && ++bulk === 2, 'before');
    await expect(a.round(10)).rejects.toBeInstanceOf(CouchError);
    await killedAgain;
    await server.start();
    await a.round(10);
    expect(await a.round(10)).toMatchObject({ pushed: 0 });
    await b.round(7);
    const got = (await loadAssessmentData(b.db, AID)).entries.filter((e) => e.assessorId === 'as1').map((e) => e.value);
    expect(got.sort((x, y) => x! - y!)).toEqual(edits.map((e) => e.value));
  });
});
