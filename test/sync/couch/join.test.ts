/**
 * Reading a whole database for 从服务器加入考核 (sync/couch/join.ts): batch after batch of the changes
 * feed, the next one asked for while the last one is read. However the feed is cut into batches, the
 * assessment read and the versions noted are the same; a server that stops answering mid-way fails the
 * read as a whole.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CouchClient, CouchError } from '../../../src/sync/couch/http';
import { setupServer } from '../../../src/sync/couch/setup';
import { entitiesOfBundle } from '../../../src/sync/couch/plan';
import { readWholeDatabase, type JoinedDatabase } from '../../../src/sync/couch/join';
import { ADMIN, startCouchServer, type CouchServer } from '../../couch/couchServer';
import { makeBundle, makeEntry } from '../../fixtures/bundles';

const bundle = makeBundle({
  entries: ['u1', 'u2'].flatMap((unitId) =>
    ['as1', 'as2'].map((assessorId, i) => makeEntry({ id: `${unitId}:basic:${assessorId}`, unitId, assessorId, value: i + 2, updatedBy: assessorId })),
  ),
});
let server: CouchServer;
let n = 0;

beforeAll(async () => {
  server = await startCouchServer();
});
afterAll(async () => {
  await server?.close();
});

async function publish(): Promise<string> {
  const name = `read-${++n}`;
  await setupServer(new CouchClient(server.url, { basic: `${ADMIN.name}:${ADMIN.password}` }), name, [{ name: 'office', password: 'pw-office', roles: ['coordinator'] }], entitiesOfBundle(bundle));
  return name;
}

const office = () => new CouchClient(server.url, { basic: 'office:pw-office' });
const changesAsked = (db: string) => server.seen.filter((r) => r.method === 'GET' && r.url.startsWith(`/${db}/_changes`)).length;

/** what a read gives, without the session id (new at each read) and the time the bundle was made */
function comparable(joined: JoinedDatabase) {
  const { session: _session, ...state } = joined.state;
  const { exportedAt: _at, ...rest } = joined.bundle;
  return { bundle: { ...rest, entries: [...rest.entries].sort((a, b) => a.id.localeCompare(b.id)) }, state, leaves: joined.leaves, unreadable: joined.unreadable };
}

describe('reading the whole database', () => {
  it('gives the same assessment and versions in batches of any size, asking for each batch once', async () => {
    const db = await publish();
    const whole = await readWholeDatabase(office(), db);
    if (!whole.ok) throw new Error(whole.message);
    expect(whole.joined.bundle.entries).toHaveLength(4);
    // the assessment, its rule set, 2 units, 2 assessors, 4 entries and the validation's design document
    const docs = 11;
    for (const batchSize of [1, 2, 3, docs, docs + 1]) {
      const before = changesAsked(db);
      const seen: number[] = [];
      const read = await readWholeDatabase(office(), db, { batchSize, progress: (d) => seen.push(d) });
      if (!read.ok) throw new Error(read.message);
      expect(comparable(read.joined)).toEqual(comparable(whole.joined));
      // a full batch may have more after it: one more is asked for, which is empty when the feed ended there
      expect(changesAsked(db) - before).toBe(Math.floor(docs / batchSize) + 1);
      expect(seen.at(-1)).toBe(docs);
    }
  });

  it('fails whole, with the server’s reason, when the server stops while a later batch is asked for', async () => {
    const db = await publish();
    let asked = 0;
    const killed = server.killAt((method, url) => method === 'GET' && url.startsWith(`/${db}/_changes`) && ++asked === 3, 'before');
    await expect(readWholeDatabase(office(), db, { batchSize: 2 })).rejects.toBeInstanceOf(CouchError);
    await killed;
    await server.start();
    expect(asked).toBe(3);
  });
});
