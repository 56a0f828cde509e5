/**
 * An assessor removes only the files of their own findings and veto entries, enforced by the server:
 * an attachment removal written by an assessor must name that assessor as the one whose finding or
 * entry held the file. The app names them when the removal is made (from the entry that holds the
 * finding, or, for a finding deleted just before its files, the assessor at the keyboard), so its own
 * removals pass; a direct HTTP request naming another assessor, or none, is refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CouchClient } from '../../../src/sync/couch/http';
import { setupServer } from '../../../src/sync/couch/setup';
import { entitiesOfBundle } from '../../../src/sync/couch/plan';
import { replicateOnce } from '../../../src/sync/couch/replicate';
import { syncLocalSide, writableBy } from '../../../src/app/sync';
import { addAttachment, listAttachments, loadBundleAsNewAssessment, releaseOwners, removeAttachment, saveEntry, type KaoheDb } from '../../../src/store/repo';
import { loadAttachmentRemovals } from '../../../src/store/attachmentRemovals';
import { ADMIN, startCouchServer, type CouchServer } from '../../couch/couchServer';
import { makeBundle, makeEntry } from '../../fixtures/bundles';
import { freshDb } from '../../store/testDb';

const bundle = makeBundle();
const AID = bundle.assessment.id;
const PASSWORDS = { as1: 'pw1', as2: 'pw2', office: 'pw-office' } as const;
type User = keyof typeof PASSWORDS;
const NAME = 'kaohe-removals';
let server: CouchServer;

beforeAll(async () => {
  server = await startCouchServer();
  await setupServer(
    new CouchClient(server.url, { basic: `${ADMIN.name}:${ADMIN.password}` }),
    NAME,
    [
      { name: 'as1', password: PASSWORDS.as1, roles: ['assessor'] },
      { name: 'as2', password: PASSWORDS.as2, roles: ['assessor'] },
      { name: 'office', password: PASSWORDS.office, roles: ['coordinator'] },
    ],
    entitiesOfBundle(bundle),
  );
});
afterAll(() => server?.close());

/** Direct HTTP as a login, with its session cookie. */
async function as(user: User) {
  const res = await fetch(`${server.url}/_session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: user, password: PASSWORDS[user] }) });
  const cookie = res.headers.get('set-cookie')!.match(/AuthSession=[^;]*/)![0];
  return async (method: string, path: string, body?: unknown) => {
    const r = await fetch(`${server.url}/${NAME}${path}`, { method, headers: { cookie, 'content-type': 'application/json' }, ...(body !== undefined && { body: JSON.stringify(body) }) });
    return { status: r.status, body: (await r.json()) as unknown };
  };
}

const removal = (id: string, assessorId?: string) => ({
  kind: 'attachmentRemoval',
  data: { id, ownerId: 'f-of-as2', unitId: 'u1', ...(assessorId && { assessorId }), hash: `sha256:${'b'.repeat(64)}`, name: '截图.png', removedAt: '2024-11-02T08:00:00.000Z', removedBy: '张三' },
});
const path = (id: string) => `/${encodeURIComponent(`attachmentRemoval:${id}`)}`;

describe("an attachment removal on the server (direct HTTP)", () => {
  it("is refused from an assessor when it names another assessor's finding, or no assessor", async () => {
    const as1 = await as('as1');
    const reason = '考核人员只能删除自己评分记录（扣分问题、否决项）中的附件（data.assessorId 应为 as1）';
    expect(await as1('PUT', path('att-x1'), removal('att-x1', 'as2'))).toMatchObject({ status: 403, body: { error: 'forbidden', reason } });
    expect(await as1('PUT', path('att-x2'), removal('att-x2'))).toMatchObject({ status: 403, body: { reason } });
    // the way replication writes it
    const replicated = await as1('POST', '/_bulk_docs', { new_edits: false, docs: [{ _id: 'attachmentRemoval:att-x3', _rev: `1-${'c'.repeat(32)}`, ...removal('att-x3', 'as2') }] });
    expect(replicated.body).toEqual([expect.objectContaining({ id: 'attachmentRemoval:att-x3', error: 'forbidden' })]);
    // none of them was stored
    for (const id of ['att-x1', 'att-x2', 'att-x3']) expect((await as1('GET', path(id))).status).toBe(404);
  });

  it('is accepted from an assessor naming themselves, and from the coordinator for anyone', async () => {
    expect((await (await as('as2'))('PUT', path('att-y1'), removal('att-y1', 'as2'))).status).toBe(201);
    expect((await (await as('office'))('PUT', path('att-y2'), removal('att-y2', 'as2'))).status).toBe(201);
    expect((await (await as('office'))('PUT', path('att-y3'), removal('att-y3'))).status).toBe(201);
  });
});

async function copyAs(user: User, replicationId: string): Promise<{ db: KaoheDb; round: () => ReturnType<typeof replicateOnce> }> {
  const db = freshDb();
  await loadBundleAsNewAssessment(db, bundle);
  const client = new CouchClient(server.url);
  await client.logIn(user, PASSWORDS[user]);
  const local = syncLocalSide(db, AID, user);
  return { db, round: () => replicateOnce(client, local, { db: NAME, replicationId, mayWrite: writableBy(user, [user === 'office' ? 'coordinator' : 'assessor']) }) };
}

const png = (seed: number) => Uint8Array.from({ length: 200 }, (_, i) => (i * 5 + seed) % 256);

describe("the app's removals", () => {
  it("name the assessor whose finding held the file, pass the server and arrive; one of another assessor's files is refused", async () => {
    const a = await copyAs('as1', 'rm-a');
    const b = await copyAs('as2', 'rm-b');
    const findings = [
      { id: 'f-kept', count: 1, reason: '栏目缺失' },
      { id: 'f-deleted', count: 1, reason: '链接失效' },
    ];
    await saveEntry(a.db, AID, makeEntry({ id: 'u1:website:as1', node: 'website', value: undefined, findings }), 'as1');
    const kept = await addAttachment(a.db, AID, { ownerId: 'f-kept', unitId: 'u1', name: '一.png', type: 'image/png', bytes: png(1) }, '张三');
    await addAttachment(a.db, AID, { ownerId: 'f-deleted', unitId: 'u1', name: '二.png', type: 'image/png', bytes: png(2) }, '张三');
    await saveEntry(b.db, AID, makeEntry({ id: 'u2:website:as2', unitId: 'u2', node: 'website', value: undefined, assessorId: 'as2', findings: [{ id: 'f-b', count: 1, reason: '未公开' }] }), 'as2');
    const others = await addAttachment(b.db, AID, { ownerId: 'f-b', unitId: 'u2', name: '三.png', type: 'image/png', bytes: png(3) }, '李四');
    await a.round();
    await b.round();
    await a.round();
    expect(await listAttachments(a.db, AID)).toHaveLength(3);

    // 张三 (as1) removes a file of a finding that stays, and deletes the other finding with its file
    await removeAttachment(a.db, AID, kept.id, '张三');
    await saveEntry(a.db, AID, makeEntry({ id: 'u1:website:as1', node: 'website', value: undefined, findings: findings.slice(0, 1) }), 'as1');
    await releaseOwners(a.db, AID, ['f-deleted'], '张三');
    // … and, on this machine, a file of 李四's finding
    await removeAttachment(a.db, AID, others.id, '张三');
    const named = new Map((await loadAttachmentRemovals(a.db, AID)).map((r) => [r.name, r.assessorId]));
    expect(Object.fromEntries(named)).toEqual({ '一.png': 'as1', '二.png': 'as1', '三.png': 'as2' });

    const r = await a.round();
    expect(r.refused).toEqual([expect.stringMatching(new RegExp(`^attachmentRemoval:${others.id}：考核人员只能删除自己评分记录`))]);
    await b.round();
    // 李四's machine: 张三's two removals arrived, 李四's own file stays
    expect((await listAttachments(b.db, AID)).map((x) => x.name)).toEqual(['三.png']);
  });
});

describe('a removal an assessor writes by hand, naming themselves for another assessor’s file', () => {
  it('is accepted by the server, but removes nothing on the other machines: it is shown there instead', async () => {
    const a = await copyAs('as1', 'forge-a');
    const c = await copyAs('office', 'forge-c');
    await saveEntry(a.db, AID, makeEntry({ id: 'u2:website:as1', unitId: 'u2', node: 'website', value: undefined, findings: [{ id: 'f-forge', count: 1, reason: '未公开' }] }), 'as1');
    const file = await addAttachment(a.db, AID, { ownerId: 'f-forge', unitId: 'u2', name: '证据.png', type: 'image/png', bytes: png(9) }, '张三');
    await a.round();
    await c.round();
    expect((await listAttachments(c.db, AID)).map((x) => x.name)).toContain('证据.png');

    // 李四 (as2) names himself: the server's rule (the removal names the login) is met
    const forged = { ...removal(file.id, 'as2'), data: { ...removal(file.id, 'as2').data, ownerId: 'f-forge', unitId: 'u2', hash: file.hash, name: '证据.png', removedBy: '李四' } };
    expect((await (await as('as2'))('PUT', path(file.id), forged)).status).toBe(201);

    for (const copy of [a, c]) {
      const r = await copy.round();
      expect(r.pulled).toBeGreaterThanOrEqual(1);
      expect(r.unreadable).toEqual([expect.stringMatching(/^附件“证据\.png”（att-[^）]+）的删除记录写明由考核人员李四（as2）删除自己的附件，但该附件在本机属于考核人员张三（as1）的评分记录，删除未执行，附件保留/)]);
      expect((await listAttachments(copy.db, AID)).map((x) => x.name)).toContain('证据.png');
      expect((await loadAttachmentRemovals(copy.db, AID)).map((x) => x.id)).not.toContain(file.id);
      // and the next round neither takes it nor brings it up again
      expect(await copy.round()).toMatchObject({ pulled: 0, unreadable: [] });
      expect((await listAttachments(copy.db, AID)).map((x) => x.name)).toContain('证据.png');
    }
  });
});
