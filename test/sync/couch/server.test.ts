/**
 * The server side against a CouchDB-compatible server: `npm run server -- setup` prepares it the same way
 * however often it runs, and the server itself refuses what a role may not write, whatever client sends it.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CouchClient } from '../../../src/sync/couch/http';
import { setupServer, type ServerUser } from '../../../src/sync/couch/setup';
import { entitiesOfBundle } from '../../../src/sync/couch/plan';
import { toDoc } from '../../../src/sync/couch/docs';
import { nextRev } from '../../../src/sync/couch/revs';
import { ADMIN, startCouchServer, type CouchServer } from '../../couch/couchServer';
import { makeBundle, makeEntry } from '../../fixtures/bundles';

const USERS: ServerUser[] = [
  { name: 'as1', password: 'pw-as1', roles: ['assessor'] },
  { name: 'as2', password: 'pw-as2', roles: ['assessor'] },
  { name: 'lead', password: 'pw-lead', roles: ['leadership'] },
  { name: 'office', password: 'pw-office', roles: ['coordinator'] },
];
const DB = 'kaohe-2024';

let server: CouchServer;
beforeAll(async () => {
  server = await startCouchServer();
  await setupServer(new CouchClient(server.url, { basic: `${ADMIN.name}:${ADMIN.password}` }), DB, USERS, entitiesOfBundle(makeBundle()));
});
afterAll(() => server?.close());

/** A plain HTTP request with a session cookie: no app code between the test and the server. */
async function loggedIn(name: string, password: string) {
  const res = await fetch(`${server.url}/_session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name, password }) });
  expect(res.status).toBe(200);
  const cookie = res.headers.get('set-cookie')!.match(/AuthSession=[^;]*/)![0];
  return (method: string, path: string, body?: unknown) =>
    fetch(`${server.url}${path}`, { method, headers: { cookie, 'content-type': 'application/json' }, ...(body !== undefined && { body: JSON.stringify(body) }) });
}

const entryDoc = (assessorId: string, value: number) => toDoc({ kind: 'entry', data: makeEntry({ id: `u1:basic:${assessorId}`, assessorId, value, updatedBy: assessorId }) });

describe('server permissions (direct HTTP)', () => {
  it("lets an assessor write their own entry and refuses another assessor's entry", async () => {
    const as1 = await loggedIn('as1', 'pw-as1');
    expect((await as1('PUT', `/${DB}/${encodeURIComponent('entry:u1:basic:as1')}`, entryDoc('as1', 7))).status).toBe(201);
    const other = await as1('PUT', `/${DB}/${encodeURIComponent('entry:u1:basic:as2')}`, entryDoc('as2', 1));
    expect(other.status).toBe(403);
    expect(await other.json()).toMatchObject({ error: 'forbidden', reason: '考核人员只能写自己的评分记录' });
  });

  it("refuses the other assessor's entry sent the way replication sends it (_bulk_docs, new_edits false)", async () => {
    const as1 = await loggedIn('as1', 'pw-as1');
    const doc = { ...entryDoc('as2', 2), _rev: nextRev(undefined, 'x').rev, _revisions: nextRev(undefined, 'x').revisions };
    const res = await as1('POST', `/${DB}/_bulk_docs`, { docs: [doc], new_edits: false });
    expect(await res.json()).toEqual([{ id: 'entry:u1:basic:as2', error: 'forbidden', reason: '考核人员只能写自己的评分记录' }]);
    expect((await as1('GET', `/${DB}/${encodeURIComponent('entry:u1:basic:as2')}`)).status).toBe(404);
  });

  it('refuses a rule set written by an assessor and lets the coordinator write it', async () => {
    const ruleSet = { ...makeBundle().ruleSets[0]!, version: '2024-x' };
    const doc = toDoc({ kind: 'ruleSet', data: ruleSet });
    const as1 = await loggedIn('as1', 'pw-as1');
    const refused = await as1('PUT', `/${DB}/${encodeURIComponent(doc._id)}`, doc);
    expect(refused.status).toBe(403);
    expect((await refused.json()).reason).toMatch(/^没有写入“ruleSet:sha256:[0-9a-f]{64}”的权限/);
    const office = await loggedIn('office', 'pw-office');
    expect((await office('PUT', `/${DB}/${encodeURIComponent(doc._id)}`, doc)).status).toBe(201);
  });

  it('lets leadership read and refuses any write', async () => {
    const lead = await loggedIn('lead', 'pw-lead');
    expect((await lead('GET', `/${DB}/assessment`)).status).toBe(200);
    const res = await lead('PUT', `/${DB}/${encodeURIComponent('entry:u1:basic:lead')}`, entryDoc('lead', 1));
    expect(res.status).toBe(403);
    expect((await res.json()).reason).toBe('领导账号只能查看');
  });

  it('refuses a reader who is not a member of the database', async () => {
    const res = await fetch(`${server.url}/${DB}/assessment`);
    expect(res.status).toBe(401);
  });
});

describe('npm run server -- setup', () => {
  it('creates database, access rules, validation and users once, and changes nothing when run again', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'couch-setup-'));
    const users = join(dir, 'users.json');
    writeFileSync(users, JSON.stringify({ users: [{ name: 'as9', password: 'pw9', roles: ['assessor'] }, { name: 'jia9', password: 'pw-jia9', roles: ['unit', 'unit:u1'] }] }));
    const bundle = join(dir, 'bundle.json');
    writeFileSync(bundle, JSON.stringify(makeBundle()));
    const run = () => promisify(execFile)('node', ['scripts/cli.mjs', 'server', 'setup', server.adminUrl, '--db', 'kaohe-cli', '--users', users, '--bundle', bundle], { encoding: 'utf8' });
    const admin = new CouchClient(server.url, { basic: `${ADMIN.name}:${ADMIN.password}` });
    const state = async () => ({
      design: (await admin.request<{ _rev: string }>('GET', '/kaohe-cli/_design/kaohe'))._rev,
      security: await admin.request('GET', '/kaohe-cli/_security'),
      user: (await admin.request<{ _rev: string; roles: string[] }>('GET', '/_users/org.couchdb.user%3Aas9')),
      docs: (await admin.request<{ rows: { id: string; value: { rev: string } }[] }>('GET', '/kaohe-cli/_all_docs')).rows.map((r) => [r.id, r.value.rev]),
      unitSecurity: await admin.request('GET', '/kaohe-cli-unit-u1/_security'),
      unitDocs: (await admin.request<{ rows: { id: string; value: { rev: string } }[] }>('GET', '/kaohe-cli-unit-u1/_all_docs')).rows.map((r) => [r.id, r.value.rev]),
    });
    const first = await run();
    expect(first.stdout).toContain('数据库 kaohe-cli：已创建');
    expect(first.stdout).toContain('用户 as9（assessor）：已创建');
    expect(first.stdout).toContain('单位数据库 kaohe-cli-unit-u1（甲市）：下发 3 个版本：已创建');
    const after1 = await state();
    expect(after1.security).toEqual({ admins: { names: [], roles: ['coordinator'] }, members: { names: [], roles: ['coordinator', 'assessor', 'leadership'] } });
    expect(after1.unitDocs.map(([id]) => id)).toEqual(['_design/kaohe', 'assessment', expect.stringMatching(/^ruleSet:sha256:/), 'unit:u1']);
    expect(after1.user.roles).toEqual(['assessor']);
    expect(after1.docs.map(([id]) => id)).toEqual(expect.arrayContaining(['assessment', 'unit:u1', 'assessor:as1', '_design/kaohe']));
    const second = await run();
    expect(second.stdout.trim().split('\n').every((line) => line.endsWith('：无变化'))).toBe(true);
    expect(await state()).toEqual(after1);
  }, 120_000);
});

describe('the test server', () => {
  // the sync bench starts one server per scale in one process
  it('starts a second server in the same process, whose documents are its own', async () => {
    const other = await startCouchServer();
    try {
      const admin = (url: string) => new CouchClient(url, { basic: `${ADMIN.name}:${ADMIN.password}` });
      const status = (url: string, path: string) => fetch(`${url}${path}`, { headers: { authorization: `Basic ${btoa(`${ADMIN.name}:${ADMIN.password}`)}` } }).then((r) => r.status);
      await admin(other.url).request('PUT', `/${DB}`);
      await admin(other.url).request('PUT', `/${DB}/only-here`, { x: 1 });
      expect(await status(other.url, `/${DB}/only-here`)).toBe(200);
      expect(await status(server.url, `/${DB}/only-here`)).toBe(404);
      // and the first server's documents are not in the second
      expect(await status(server.url, `/${DB}/assessment`)).toBe(200);
      expect(await status(other.url, `/${DB}/assessment`)).toBe(404);
    } finally {
      await other.close();
    }
  });
});
