/**
 * The replication loop itself (app/sync.ts) against the CouchDB-compatible test server: how often it
 * asks the server about the login, and what it does when the login's session is gone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CouchClient } from '../../src/sync/couch/http';
import { setupServer } from '../../src/sync/couch/setup';
import { entitiesOfBundle } from '../../src/sync/couch/plan';
import { SyncRunner, sleep } from '../../src/app/sync';
import { useSyncStatus } from '../../src/app/syncStatus';
import { loadBundleAsNewAssessment, saveEntry } from '../../src/store/repo';
import { ADMIN, startCouchServer, type CouchServer } from '../couch/couchServer';
import { makeBundle, makeEntry } from '../fixtures/bundles';
import { freshDb } from '../store/testDb';

const bundle = makeBundle();
const AID = bundle.assessment.id;
const DB = 'kaohe-loop';
let server: CouchServer;
const admin = () => new CouchClient(server.url, { basic: `${ADMIN.name}:${ADMIN.password}` });

beforeAll(async () => {
  server = await startCouchServer();
  await setupServer(admin(), DB, [{ name: 'as1', password: 'pw1', roles: ['assessor'] }], entitiesOfBundle(bundle));
});
afterAll(() => server?.close());

/** Each wait ends well within the test's time, so a loop that stops is named by the wait it stopped in. */
async function until(what: string, ok: () => boolean | Promise<boolean>, ms = 8_000): Promise<void> {
  for (const end = Date.now() + ms; !(await ok()); ) {
    if (Date.now() > end) throw new Error(`waited ${ms} ms for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const serverValue = async (id: string) => (await admin().request<{ data: { value?: number } }>('GET', `/${DB}/${encodeURIComponent(`entry:${id}`)}`)).data.value;
const sessionAsks = () => server.seen.filter((r) => r.method === 'GET' && r.url.startsWith('/_session')).length;

describe('the replication loop', () => {
  it('asks about the login once for a run of edits, and stops for a new login once the session is gone', async () => {
    const db = freshDb();
    await loadBundleAsNewAssessment(db, bundle);
    const client = new CouchClient(server.url);
    await client.logIn('as1', 'pw1');
    const before = sessionAsks();
    const runner = new SyncRunner(db, AID, { enabled: true, server: server.url, db: DB, user: 'as1', clientId: 'loop' }, client, { waitMs: 300 });
    runner.start();
    let stopped: boolean | undefined;
    try {
      await until('the first round', () => useSyncStatus.getState().phase === 'synced');
      for (const value of [3, 4, 5]) {
        await saveEntry(db, AID, makeEntry({ id: 'u1:basic:as1', value }), 'as1');
        await until(`the server to hold ${value}`, async () => (await serverValue('u1:basic:as1').catch(() => undefined)) === value);
      }
      // the first round asked; the edits' rounds, and the waits that timed out between them, did not
      expect(sessionAsks() - before).toBe(1);

      // the session ends on the server: the password is changed, so CouchDB refuses the session's cookie from
      // then on, as it does an expired one (a logout here would race the loop's requests in flight, whose
      // answers may carry the session's cookie renewed); the next request is refused, and the loop asks for a login
      const user = await admin().request<Record<string, unknown>>('GET', '/_users/org.couchdb.user:as1');
      await admin().request('PUT', '/_users/org.couchdb.user:as1', { ...user, password: 'pw1-changed' });
      await saveEntry(db, AID, makeEntry({ id: 'u1:basic:as1', value: 6 }), 'as1');
      await until('the login phase', () => useSyncStatus.getState().phase === 'login');
      expect(useSyncStatus.getState().problem).toBe('服务器登录已过期，请重新登录');
      expect(await serverValue('u1:basic:as1')).toBe(5);
    } finally {
      // a loop that hangs would hold the test until its time is up, hiding the wait that failed
      stopped = await Promise.race([runner.stop().then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 8_000))]);
      db.close();
    }
    expect(stopped, 'the loop stopped within 8 s').toBe(true);
  }, 60_000);
});

describe("the loop's pause", () => {
  it('ends at once for a write made before it began, and at a write made during it', async () => {
    const woken = new AbortController();
    woken.abort();
    const t = Date.now();
    await sleep(60_000, woken.signal);
    const later = new AbortController();
    setTimeout(() => later.abort(), 10);
    await sleep(60_000, later.signal);
    expect(Date.now() - t).toBeLessThan(5_000);
  });
});
