/**
 * What a sync round writes of its replication state: only the parts of the documents whose known
 * version changed in the round (an edit pushed, a batch pulled), never the whole state — and after every
 * round the state read afresh from the store names, for every document, the revision the server has.
 * A save that failed is written with the next one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CouchClient } from '../../src/sync/couch/http';
import { setupServer } from '../../src/sync/couch/setup';
import { entitiesOfBundle, type SyncedMap } from '../../src/sync/couch/plan';
import { replicateOnce } from '../../src/sync/couch/replicate';
import { KeptState, syncLocalSide, writableBy } from '../../src/app/sync';
import { getSyncState, loadBundleAsNewAssessment, saveEntries, saveEntry, type KaoheDb } from '../../src/store/repo';
import { partOf } from '../../src/store/syncState';
import { ADMIN, startCouchServer, type CouchServer } from '../couch/couchServer';
import { makeBundle, makeEntry } from '../fixtures/bundles';
import { partsWritten, recordingDb, versionsWritten } from '../store/metaWrites';

/** 40 units, each with an entry of two assessors: with units, assessors, rule set and assessment, 125 documents (16 parts) */
const UNITS = Array.from({ length: 40 }, (_, i) => ({ id: `u${i + 1}`, name: `单位${i + 1}`, group: 'city' }));
const bundle = makeBundle({
  units: UNITS,
  entries: UNITS.flatMap((u, i) => [
    makeEntry({ id: `${u.id}:basic:as1`, unitId: u.id, value: i % 10 }),
    makeEntry({ id: `${u.id}:basic:as2`, unitId: u.id, assessorId: 'as2', value: (i + 3) % 10 }),
  ]),
});
const AID = bundle.assessment.id;
let server: CouchServer;
let n = 0;
const admin = () => new CouchClient(server.url, { basic: `${ADMIN.name}:${ADMIN.password}` });

beforeAll(async () => {
  server = await startCouchServer();
});
afterAll(() => server?.close());

async function newServerDb(): Promise<string> {
  const name = `state-${++n}`;
  await setupServer(
    admin(),
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
  written: Map<string, unknown>;
  clear(): void;
  round(batchSize?: number): ReturnType<typeof replicateOnce>;
}

async function copyAs(user: 'as1' | 'as2', couchDb: string): Promise<Copy> {
  const { db, written, clear } = recordingDb();
  await loadBundleAsNewAssessment(db, bundle);
  const client = new CouchClient(server.url);
  await client.logIn(user, user === 'as1' ? 'pw1' : 'pw2');
  const local = syncLocalSide(db, AID, user);
  return { db, written, clear, round: (batchSize) => replicateOnce(client, local, { db: couchDb, replicationId: user, mayWrite: writableBy(user, ['assessor']), ...(batchSize && { batchSize }) }) };
}

/** The revision of every document on the server (design documents aside). */
async function serverRevs(couchDb: string): Promise<Record<string, string>> {
  const r = await admin().request<{ rows: { id: string; value: { rev: string } }[] }>('GET', `/${couchDb}/_all_docs`);
  return Object.fromEntries(r.rows.filter((row) => !row.id.startsWith('_design/')).map((row) => [row.id, row.value.rev]));
}

const revsOf = (synced: SyncedMap) => Object.fromEntries(Object.entries(synced).map(([id, d]) => [id, d.rev]));

/** The documents whose known version differs between two states. */
const changedBetween = (before: SyncedMap, after: SyncedMap) =>
  [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((id) => JSON.stringify(before[id]) !== JSON.stringify(after[id]));

const partsOf = (ids: readonly string[], parts: number) => [...new Set(ids.map((id) => partOf(id, parts)))].sort((a, b) => a - b);
const sorted = (xs: number[]) => [...new Set(xs)].sort((a, b) => a - b);

describe('the replication state a round writes', () => {
  it('writes the parts of what an edit changed, and keeps the server revision of every document', async () => {
    const name = await newServerDb();
    const a = await copyAs('as1', name);
    const b = await copyAs('as2', name);
    await a.round();
    await b.round();
    // the record of b's import, pulled
    await a.round();
    const total = Object.keys((await getSyncState(a.db, AID)).synced).length;
    // 125 documents and the audit records of the imports
    expect(total).toBeGreaterThan(125);
    expect(revsOf((await getSyncState(a.db, AID)).synced)).toEqual(await serverRevs(name));

    const before = (await getSyncState(a.db, AID)).synced;
    await saveEntry(a.db, AID, makeEntry({ id: 'u7:basic:as1', unitId: 'u7', value: 9.5 }), 'as1');
    a.clear();
    expect(await a.round()).toMatchObject({ pushed: 1, refused: [] });
    const after = (await getSyncState(a.db, AID)).synced;
    const changed = changedBetween(before, after);
    // the entry pushed, and the audit record of the edit that travels with it
    expect(changed.filter((id) => !id.startsWith('audit:'))).toEqual(['entry:u7:basic:as1']);
    expect(sorted(partsWritten(a.written, AID))).toEqual(partsOf(changed, 16));
    expect(versionsWritten(a.written, AID)).toBeLessThan(total / 4);
    expect(a.written.get(`sync.state:${AID}`)).not.toHaveProperty('synced');
    expect(revsOf(after)).toEqual(await serverRevs(name));

    // a round with nothing to move writes no versions at all
    a.clear();
    expect(await a.round()).toMatchObject({ pushed: 0, pulled: 0 });
    expect(partsWritten(a.written, AID)).toEqual([]);
  });

  it('writes, batch by batch, the parts of the pulled documents only', async () => {
    const name = await newServerDb();
    const a = await copyAs('as1', name);
    const b = await copyAs('as2', name);
    await a.round();
    await b.round();
    await a.round();
    // 25 edits on the other machine, pulled here in batches of 10
    await saveEntries(
      b.db,
      AID,
      UNITS.slice(0, 25).map((u) => makeEntry({ id: `${u.id}:basic:as2`, unitId: u.id, assessorId: 'as2', value: 0.5 })),
      'as2',
    );
    expect(await b.round()).toMatchObject({ pushed: 25 });
    const before = (await getSyncState(a.db, AID)).synced;
    a.clear();
    const { pulled } = await a.round(10);
    const after = (await getSyncState(a.db, AID)).synced;
    const changed = changedBetween(before, after);
    // the 25 entries and their audit records, in 5 batches
    expect(changed.filter((id) => id.startsWith('entry:'))).toHaveLength(25);
    expect(pulled).toBe(50);
    expect(changed).toHaveLength(50);
    expect(sorted(partsWritten(a.written, AID))).toEqual(partsOf(changed, 16));
    expect(revsOf(after)).toEqual(await serverRevs(name));
    expect(revsOf((await getSyncState(b.db, AID)).synced)).toEqual(await serverRevs(name));
  });

  it('writes with the next save what a failed save left unwritten', async () => {
    const { db } = recordingDb();
    await loadBundleAsNewAssessment(db, bundle);
    const kept = new KeptState(db, AID);
    const state = await kept.load();
    state.synced['entry:u1:basic:as1'] = { rev: '1-a', hash: 'sha256:a' };
    await kept.save(state);
    state.synced['entry:u2:basic:as1'] = { rev: '2-b', hash: 'sha256:b' };
    // the store refuses this save (as a full disk would)
    db.close();
    await expect(kept.save(state, ['entry:u2:basic:as1'])).rejects.toThrow();
    await db.open();
    state.since = '9-z';
    await kept.save(state, []);
    expect((await getSyncState(db, AID)).synced).toEqual({ 'entry:u1:basic:as1': { rev: '1-a', hash: 'sha256:a' }, 'entry:u2:basic:as1': { rev: '2-b', hash: 'sha256:b' } });
  });
});
