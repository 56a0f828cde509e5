/**
 * 从服务器加入考核: a browser without the assessment reads it whole from the server into a new local
 * assessment with sync on, and then syncs as any copy; a wrong address, login or database, an empty
 * database, or an assessment this browser already has are refused in words and store nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CouchClient } from '../../src/sync/couch/http';
import { setupServer } from '../../src/sync/couch/setup';
import { entitiesOfBundle } from '../../src/sync/couch/plan';
import { toDoc } from '../../src/sync/couch/docs';
import { syncLocalSide, writableBy } from '../../src/app/sync';
import { joinFromServer } from '../../src/app/syncLogin';
import { stopSync } from '../../src/app/syncControl';
import { replicateOnce } from '../../src/sync/couch/replicate';
import {
  getCurrentAssessmentId,
  getCurrentAssessor,
  getSyncSettings,
  listConflicts,
  loadAssessmentData,
  loadBundleAsNewAssessment,
  saveEntry,
} from '../../src/store/repo';
import { loadRemovals } from '../../src/store/removals';
import { ADMIN, startCouchServer, type CouchServer } from '../couch/couchServer';
import { makeBundle, makeEntry } from '../fixtures/bundles';
import { dump, freshDb } from '../store/testDb';

const bundle = makeBundle({
  entries: [makeEntry({ id: 'u1:basic:as1', value: 3, updatedBy: '张三' }), makeEntry({ id: 'u2:basic:as2', unitId: 'u2', assessorId: 'as2', value: 5, updatedBy: '李四' })],
  removals: [{ id: 'u1:basic:as2', unitId: 'u1', node: 'basic', assessorId: 'as2', rev: 2, removedAt: '2024-11-02T08:00:00.000Z', removedBy: '李四' }],
});
const AID = bundle.assessment.id;
const USERS = [
  { name: 'as1', password: 'pw1', roles: ['assessor'] },
  { name: 'office', password: 'pw-office', roles: ['coordinator'] },
];
let server: CouchServer;
let n = 0;
const admin = () => new CouchClient(server.url, { basic: `${ADMIN.name}:${ADMIN.password}` });

beforeAll(async () => {
  server = await startCouchServer();
});
afterAll(async () => {
  await stopSync();
  await server?.close();
});

async function publish(withAssessment = true): Promise<string> {
  const name = `join-${++n}`;
  await setupServer(admin(), name, USERS, withAssessment ? entitiesOfBundle(bundle) : []);
  return name;
}

const login = (db: string, over: Partial<{ server: string; user: string; password: string }> = {}) => ({ server: server.url, db, user: 'office', password: 'pw-office', ...over });

describe('joining an assessment from the server', () => {
  it('reads everything into a new local assessment, opens it with sync on, and then pulls and pushes only what changes', async () => {
    const name = await publish();
    const db = freshDb();
    const docs: number[] = [];
    const outcome = await joinFromServer(db, login(name, { user: 'as1', password: 'pw1' }), '张三', (s) => docs.push(s.stage === 'reading' ? s.docs : -1));
    await stopSync();
    expect(outcome).toEqual({ ok: true, assessmentId: AID, name: '2024年度政务公开考核', entries: 2, units: 2, conflicts: 0, unreadable: [] });
    // read: assessment, rule set, 2 units, 2 assessors, 2 entries, 1 deletion and the validation's design
    // document; then stored (-1)
    expect(docs.slice(-2)).toEqual([10, -1]);
    const data = await loadAssessmentData(db, AID);
    expect(data.assessment.name).toBe('2024年度政务公开考核');
    expect(data.units.map((u) => u.name).sort()).toEqual(['乙市', '甲市']);
    expect(data.assessors.map((a) => a.id).sort()).toEqual(['as1', 'as2']);
    expect(data.entries.map((e) => [e.id, e.value]).sort()).toEqual([
      ['u1:basic:as1', 3],
      ['u2:basic:as2', 5],
    ]);
    expect((await loadRemovals(db, AID)).map((r) => r.id)).toEqual(['u1:basic:as2']);
    expect(await getCurrentAssessmentId(db)).toBe(AID);
    // the login is an assessor of the assessment: that assessor is chosen
    expect(await getCurrentAssessor(db)).toBe('as1');
    expect(await getSyncSettings(db, AID)).toMatchObject({ enabled: true, server: server.url, db: name, user: 'as1' });

    // the first round after joining continues where the join stopped: nothing to read again, nothing to push
    const client = new CouchClient(server.url);
    await client.logIn('office', 'pw-office');
    const settings = (await getSyncSettings(db, AID))!;
    const round = () =>
      replicateOnce(client, syncLocalSide(db, AID, 'office'), { db: name, replicationId: `${settings.server}|${settings.db}|${AID}|${settings.clientId}`, mayWrite: writableBy('office', ['coordinator']) });
    expect(await round()).toMatchObject({ pulled: 0, pushed: 0, refused: [] });
    // a change on the server arrives; a change here goes up
    await admin().request('PUT', `/${name}/${encodeURIComponent('entry:u2:basic:as2')}`, {
      ...toDoc({ kind: 'entry', data: makeEntry({ id: 'u2:basic:as2', unitId: 'u2', assessorId: 'as2', value: 4, rev: 2, updatedBy: '李四' }) }),
      _rev: (await admin().request<{ _rev: string }>('GET', `/${name}/${encodeURIComponent('entry:u2:basic:as2')}`))._rev,
    });
    await saveEntry(db, AID, makeEntry({ id: 'u1:basic:as1', value: 2 }), '张三');
    expect(await round()).toMatchObject({ pulled: 1, pushed: 1 });
    expect((await loadAssessmentData(db, AID)).entries.find((e) => e.id === 'u2:basic:as2')?.value).toBe(4);
    expect(await listConflicts(db, AID)).toEqual([]);
  });

  it('refuses a wrong password, an unknown database, a database without an assessment, an address with no server, and stores nothing', async () => {
    const name = await publish();
    const empty = await publish(false);
    const db = freshDb();
    await db.open();
    const before = await dump(db);
    const cases: [ReturnType<typeof login>, string][] = [
      [login(name, { password: 'wrong' }), '用户名或密码不正确'],
      [login('no-such-db'), '服务器上没有数据库 no-such-db（请先运行 npm run server -- setup）'],
      [login(empty), `数据库 ${empty} 中还没有考核：请协调人先用 npm run server -- setup … --bundle 考核数据包 把考核写入服务器`],
      [login(name, { server: 'http://127.0.0.1:9' }), '无法连接服务器 http://127.0.0.1:9：请检查服务器地址和网络'],
      [login(name, { server: 'couch.example.gov.cn' }), '服务器地址须以 http:// 或 https:// 开头，例如 https://couch.example.gov.cn:6984'],
      [login('Kaohe'), '数据库名须以小写字母开头，只含小写字母、数字和 _$()+-/'],
    ];
    for (const [input, message] of cases) expect(await joinFromServer(db, input, '政务公开办')).toEqual({ ok: false, message });
    expect(await dump(db)).toEqual(before);
  });

  it('refuses an assessment this browser already has, pointing to its sync settings', async () => {
    const name = await publish();
    const db = freshDb();
    await loadBundleAsNewAssessment(db, bundle);
    const before = await dump(db);
    expect(await joinFromServer(db, login(name), '政务公开办')).toEqual({
      ok: false,
      message: '本机已有考核“2024年度政务公开考核”：请在“考核设置”中打开它，再到“导入导出 → 服务器同步”登录，本机数据会与服务器合并。',
    });
    expect(await dump(db)).toEqual(before);
  });
});
