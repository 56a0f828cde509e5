/**
 * A unit's own database on a CouchDB-compatible server: the unit's login reads that database only, it
 * holds nothing of another unit, the unit writes its self-assessment there and nothing else, and the
 * self-assessment reaches the assessment's database. Every request below is plain HTTP.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CouchClient } from '../../../src/sync/couch/http';
import { setupServer, type ServerUser } from '../../../src/sync/couch/setup';
import { entitiesOfBundle } from '../../../src/sync/couch/plan';
import { toDoc } from '../../../src/sync/couch/docs';
import { nextRev } from '../../../src/sync/couch/revs';
import { newUnitDbWatch, syncUnitDatabases, unitDbName } from '../../../src/sync/couch/unitDb';
import type { SelfDocData } from '../../../src/sync/couch/selfDoc';
import { contentHash } from '../../../src/sync/contentHash';
import { ADMIN, startCouchServer, type CouchServer } from '../../couch/couchServer';
import { makeBundle, makeEntry, makeTinyRuleSet } from '../../fixtures/bundles';

const USERS: ServerUser[] = [
  { name: 'as1', password: 'pw-as1', roles: ['assessor'] },
  { name: 'office', password: 'pw-office', roles: ['coordinator'] },
  { name: 'jia', password: 'pw-jia', roles: ['unit', 'unit:u1'] },
  { name: 'yi', password: 'pw-yi', roles: ['unit', 'unit:u2'] },
  { name: 'bing', password: 'pw-bing', roles: ['unit', 'unit:u9'] },
];
const DB = 'kaohe-2024';
const U1 = 'kaohe-2024-unit-u1';
const U2 = 'kaohe-2024-unit-u2';
const RULES = `ruleSet:${contentHash(makeTinyRuleSet())}`;

const bundle = makeBundle({
  entries: [
    makeEntry({ id: 'u1:basic:as1', unitId: 'u1', value: 8, note: '甲市栏目齐全' }),
    makeEntry({ id: 'u2:basic:as1', unitId: 'u2', value: 6, note: '乙市栏目缺失' }),
  ],
  appeals: [{ id: 'ap1', unitId: 'u2', targets: [{ entryId: 'u2:basic:as1', node: 'basic' }], appellant: '乙市办公室', filedAt: '2024-11-20', reason: '乙市理由' }],
});

let server: CouchServer;
let admin: CouchClient;
beforeAll(async () => {
  server = await startCouchServer();
  admin = new CouchClient(server.url, { basic: `${ADMIN.name}:${ADMIN.password}` });
  await setupServer(admin, DB, USERS, entitiesOfBundle(bundle));
});
afterAll(() => server?.close());

async function loggedIn(name: string, password: string) {
  const res = await fetch(`${server.url}/_session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name, password }) });
  expect(res.status).toBe(200);
  const cookie = res.headers.get('set-cookie')!.match(/AuthSession=[^;]*/)![0];
  return (method: string, path: string, body?: unknown) =>
    fetch(`${server.url}${path}`, { method, headers: { cookie, 'content-type': 'application/json' }, ...(body !== undefined && { body: JSON.stringify(body) }) });
}

const doc = (id: string) => `/${encodeURIComponent(id)}`;
const selfData = (unitId: string, score: number): SelfDocData => ({
  assessmentId: 'a-2024',
  unitId,
  ruleSetHash: contentHash(makeTinyRuleSet()),
  items: [{ node: 'basic', score, explanation: '已按要求设置栏目' }],
  updatedAt: '2024-11-25T09:00:00.000Z',
  updatedBy: 'jia',
});

describe('a unit database (direct HTTP)', () => {
  it('is named after the assessment database and the unit, hashed when the unit id is not plain', () => {
    expect(unitDbName(DB, 'u1')).toBe(U1);
    expect(unitDbName(DB, '甲市')).toMatch(/^kaohe-2024-unit-h[0-9a-f]{16}$/);
    expect(unitDbName(DB, 'U1')).not.toBe(unitDbName(DB, 'u1'));
  });

  it("refuses a unit login the assessment's database and the other unit's database", async () => {
    const jia = await loggedIn('jia', 'pw-jia');
    for (const path of [`/${DB}`, `/${DB}/_all_docs`, `/${DB}${doc('entry:u2:basic:as1')}`, `/${DB}/_changes`, `/${U2}`, `/${U2}/_all_docs`, `/${U2}${doc('unit:u2')}`]) {
      const res = await jia('GET', path);
      expect([401, 403], path).toContain(res.status);
    }
    // nor write there, not even its own self-assessment: that travels through its own database
    const write = await jia('PUT', `/${DB}${doc('self:u1')}`, toDoc({ kind: 'self', data: selfData('u1', 9) }));
    expect([401, 403]).toContain(write.status);
    expect((await jia('GET', `/${U1}`)).status).toBe(200);
  });

  it('holds the assessment, the unit and its rule set, and nothing of another unit', async () => {
    const jia = await loggedIn('jia', 'pw-jia');
    const res = await jia('GET', `/${U1}/_all_docs?include_docs=true`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { rows: { id: string; doc: unknown }[] };
    expect(body.rows.map((r) => r.id).sort()).toEqual(['_design/kaohe', 'assessment', RULES, 'unit:u1'].sort());
    const text = JSON.stringify(body);
    for (const foreign of ['u2', '乙市', 'as1', '张三', 'entry:', '栏目', 'ap1']) expect(text, foreign).not.toContain(foreign);
    expect(text).toContain('甲市');
  });

  it('lets the unit write its self-assessment and refuses anything else', async () => {
    const jia = await loggedIn('jia', 'pw-jia');
    const mine = toDoc({ kind: 'self', data: selfData('u1', 9) });
    expect((await jia('PUT', `/${U1}${doc('self:u1')}`, mine)).status).toBe(201);
    const refused = async (id: string, body: unknown) => {
      const res = await jia('PUT', `/${U1}${doc(id)}`, body);
      expect(res.status, id).toBe(403);
      return ((await res.json()) as { reason: string }).reason;
    };
    expect(await refused('entry:u1:basic:as1', toDoc({ kind: 'entry', data: makeEntry({ id: 'u1:basic:as1', value: 10 }) }))).toMatch(/^单位只能写本单位的自评/);
    expect(await refused('self:u2', toDoc({ kind: 'self', data: selfData('u2', 1) }))).toMatch(/^单位只能写本单位的自评/);
    const unitDoc = (await (await jia('GET', `/${U1}${doc('unit:u1')}`)).json()) as { _rev: string };
    expect(await refused('unit:u1', { ...unitDoc, data: { id: 'u1', name: '甲市（改）', group: 'city' } })).toMatch(/^单位只能写本单位的自评/);
    expect(await refused('self:u1', { ...mine, data: { ...selfData('u2', 1) } })).toBe('自评文档的编号与单位不符');
    // the same refusal when written the way replication writes
    const r = nextRev(undefined, 'x');
    const bulk = await jia('POST', `/${U1}/_bulk_docs`, { docs: [{ ...toDoc({ kind: 'entry', data: makeEntry({ id: 'u1:basic:as1', value: 10 }) }), _rev: r.rev, _revisions: r.revisions }], new_edits: false });
    expect(await bulk.json()).toEqual([expect.objectContaining({ id: 'entry:u1:basic:as1', error: 'forbidden' })]);
    // another unit cannot write here at all
    const yi = await loggedIn('yi', 'pw-yi');
    expect([401, 403]).toContain((await yi('PUT', `/${U1}${doc('self:u2')}`, toDoc({ kind: 'self', data: selfData('u2', 1) }))).status);
  });

  it("carries the unit's self-assessment to the assessment's database, and the office's changes of the unit down", async () => {
    const jia = await loggedIn('jia', 'pw-jia');
    const own = (await (await jia('GET', `/${U1}${doc('self:u1')}`)).json()) as { _rev: string; data: SelfDocData };
    const office = await loggedIn('office', 'pw-office');
    const unit1 = (await (await office('GET', `/${DB}${doc('unit:u1')}`)).json()) as Record<string, unknown>;
    const unit2 = (await (await office('GET', `/${DB}${doc('unit:u2')}`)).json()) as Record<string, unknown>;
    expect((await office('PUT', `/${DB}${doc('unit:u1')}`, { ...unit1, data: { id: 'u1', name: '甲市人民政府', group: 'city' } })).status).toBe(201);
    expect((await office('PUT', `/${DB}${doc('unit:u2')}`, { ...unit2, data: { id: 'u2', name: '乙市人民政府', group: 'city' } })).status).toBe(201);

    const pass = await syncUnitDatabases(admin, DB);
    expect(pass.up).toBe(1);
    expect(pass.down).toBe(2); // unit:u1 into u1's database, unit:u2 into u2's
    const atOffice = (await (await office('GET', `/${DB}${doc('self:u1')}`)).json()) as { _rev: string; data: SelfDocData };
    expect(atOffice._rev).toBe(own._rev);
    expect(atOffice.data.items).toEqual([{ node: 'basic', score: 9, explanation: '已按要求设置栏目' }]);
    expect(((await (await jia('GET', `/${U1}${doc('unit:u1')}`)).json()) as { data: { name: string } }).data.name).toBe('甲市人民政府');
    const yi = await loggedIn('yi', 'pw-yi');
    expect(((await (await yi('GET', `/${U2}${doc('unit:u2')}`)).json()) as { data: { name: string } }).data.name).toBe('乙市人民政府');
    expect((await yi('GET', `/${U2}${doc('self:u1')}`)).status).toBe(404);
    expect(JSON.stringify(await (await jia('GET', `/${U1}/_all_docs?include_docs=true`)).json())).not.toContain('乙市');

    const again = await syncUnitDatabases(admin, DB);
    expect([again.down, again.up]).toEqual([0, 0]);
  });

  it('npm run server -- fan-out carries a changed self-assessment up in one pass', async () => {
    const jia = await loggedIn('jia', 'pw-jia');
    const own = (await (await jia('GET', `/${U1}${doc('self:u1')}`)).json()) as Record<string, unknown>;
    const put = await jia('PUT', `/${U1}${doc('self:u1')}`, { ...own, data: selfData('u1', 7.5) });
    expect(put.status).toBe(201);
    const { rev } = (await put.json()) as { rev: string };
    const run = () => promisify(execFile)('node', ['scripts/cli.mjs', 'server', 'fan-out', server.adminUrl, '--db', DB], { encoding: 'utf8' });
    const first = await run();
    expect(first.stdout).toContain(`单位数据库 ${U1}（甲市人民政府）：上收自评 1 个版本：已更新`);
    expect(first.stdout).toContain(`单位数据库 ${U2}（乙市人民政府）：无变化`);
    expect(first.stdout).toContain('下发 0 个版本，上收自评 1 个版本');
    const atOffice = await admin.request<{ _rev: string; data: SelfDocData }>('GET', `/${DB}${doc('self:u1')}`);
    expect([atOffice._rev, atOffice.data.items[0]!.score]).toEqual([rev, 7.5]);
    expect((await run()).stdout).toContain('下发 0 个版本，上收自评 0 个版本');
  }, 60_000);

  it('creates no database for a unit login whose unit is not in the assessment', async () => {
    const res = await fetch(`${server.url}/${unitDbName(DB, 'u9')}`, { headers: { authorization: `Basic ${btoa(`${ADMIN.name}:${ADMIN.password}`)}` } });
    expect(res.status).toBe(404);
  });

  it('changes nothing when set-up runs again', async () => {
    const state = async () => {
      const out: Record<string, unknown> = {};
      for (const name of [DB, U1, U2]) {
        out[name] = {
          security: await admin.request('GET', `/${name}/_security`),
          docs: (await admin.request<{ rows: { id: string; value: { rev: string } }[] }>('GET', `/${name}/_all_docs`)).rows.map((r) => [r.id, r.value.rev]),
        };
      }
      return out;
    };
    const before = await state();
    expect(before[U1]).toMatchObject({ security: { admins: { names: [], roles: ['coordinator'] }, members: { names: [], roles: ['coordinator', 'unit:u1'] } } });
    const steps = await setupServer(admin, DB, USERS, entitiesOfBundle(bundle).filter((e) => e.kind !== 'unit'));
    expect(steps.filter((s) => s.outcome !== 'unchanged')).toEqual([]);
    expect(steps.map((s) => s.what)).toEqual(expect.arrayContaining([`单位数据库 ${U1}（甲市人民政府）`, `单位数据库 ${U2}（乙市人民政府）`]));
    expect(await state()).toEqual(before);
  });

  it('when watching, asks a quiet server little and handles only the units that changed', async () => {
    const client = new CouchClient(server.url, { basic: `${ADMIN.name}:${ADMIN.password}` });
    const calls = vi.spyOn(client, 'request');
    const watch = newUnitDbWatch();
    const handled = (pass: Awaited<ReturnType<typeof syncUnitDatabases>>) => pass.steps.filter((s) => s.what.startsWith('单位数据库')).map((s) => s.what);
    // the first pass looks at every unit; the next may look again at what the first wrote, then it is quiet
    expect(handled(await syncUnitDatabases(client, DB, watch))).toHaveLength(2);
    await syncUnitDatabases(client, DB, watch);
    calls.mockClear();
    const quiet = await syncUnitDatabases(client, DB, watch);
    expect(handled(quiet)).toEqual([]);
    expect([quiet.down, quiet.up]).toEqual([0, 0]);
    // the logins, the assessment database's sequence and changes, and which databases were updated: four
    // requests, however many units
    expect(calls.mock.calls.map(([method, path]) => `${method} ${path.split('?')[0]}`).sort()).toEqual(['GET /_users/_all_docs', `GET /${DB}`, `GET /${DB}/_changes`, 'GET /_db_updates'].sort());

    // a unit writes its self-assessment: that unit alone, carried up
    const jia = await loggedIn('jia', 'pw-jia');
    const own = (await (await jia('GET', `/${U1}${doc('self:u1')}`)).json()) as Record<string, unknown>;
    expect((await jia('PUT', `/${U1}${doc('self:u1')}`, { ...own, data: selfData('u1', 6.5) })).status).toBe(201);
    const up = await syncUnitDatabases(client, DB, watch);
    expect([handled(up).length, handled(up)[0], up.up, up.down]).toEqual([1, `单位数据库 ${U1}（甲市人民政府）：上收自评 1 个版本`, 1, 0]);
    expect((await admin.request<{ data: SelfDocData }>('GET', `/${DB}${doc('self:u1')}`)).data.items[0]!.score).toBe(6.5);

    // the office changes a unit: that unit alone, carried down
    const office = await loggedIn('office', 'pw-office');
    const unit2 = (await (await office('GET', `/${DB}${doc('unit:u2')}`)).json()) as Record<string, unknown>;
    expect((await office('PUT', `/${DB}${doc('unit:u2')}`, { ...unit2, data: { id: 'u2', name: '乙市政府', group: 'city' } })).status).toBe(201);
    const down = await syncUnitDatabases(client, DB, watch);
    expect(handled(down).filter((w) => w.includes(U2))).toEqual([`单位数据库 ${U2}（乙市政府）：下发 1 个版本`]);
    expect(down.down).toBe(1);
    expect(((await admin.request<{ data: { name: string } }>('GET', `/${U2}${doc('unit:u2')}`)).data.name)).toBe('乙市政府');

    // the assessment itself changes: every unit is looked at, and each gets it
    await syncUnitDatabases(client, DB, watch);
    const assessment = await admin.request<Record<string, unknown>>('GET', `/${DB}/assessment`);
    expect((await office('PUT', `/${DB}/assessment`, { ...assessment, data: { ...(assessment.data as object), name: '2024年度考核（修订）' } })).status).toBe(201);
    const all = await syncUnitDatabases(client, DB, watch);
    expect(handled(all)).toHaveLength(2);
    expect(all.down).toBe(2);
  });

  it('on a server without the feed of updated databases, asks each unit database instead', async () => {
    const plain = await startCouchServer({ dbUpdates: false });
    try {
      const client = new CouchClient(plain.url, { basic: `${ADMIN.name}:${ADMIN.password}` });
      await setupServer(client, DB, USERS, entitiesOfBundle(bundle));
      const watch = newUnitDbWatch();
      await syncUnitDatabases(client, DB, watch);
      await syncUnitDatabases(client, DB, watch);
      expect(watch.updatesSeq).toBeNull();
      const calls = vi.spyOn(client, 'request');
      const quiet = await syncUnitDatabases(client, DB, watch);
      expect([quiet.down, quiet.up]).toEqual([0, 0]);
      expect(calls.mock.calls.map(([method, path]) => `${method} ${path.split('?')[0]}`).sort()).toEqual(['GET /_users/_all_docs', `GET /${DB}`, `GET /${DB}/_changes`, `GET /${U1}`, `GET /${U2}`].sort());
      // a unit's write is still seen, by its database's sequence
      const jia = new CouchClient(plain.url);
      await jia.logIn('jia', 'pw-jia');
      await jia.request('PUT', `/${U1}${doc('self:u1')}`, toDoc({ kind: 'self', data: selfData('u1', 4) }));
      expect(await syncUnitDatabases(client, DB, watch)).toMatchObject({ up: 1, down: 0 });
      expect((await client.request<{ data: SelfDocData }>('GET', `/${DB}${doc('self:u1')}`)).data.items[0]!.score).toBe(4);
    } finally {
      await plain.close();
    }
  });
});
