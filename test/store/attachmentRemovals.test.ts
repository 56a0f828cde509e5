/**
 * Removals of attachments travel in bundles: removed on one machine, exported, merged on the other,
 * the attachment is gone there too (its file freed when nothing else uses it), an older bundle does not
 * bring it back, and merging again changes nothing.
 */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { readBundleZip, writeBundleZip } from '../../src/formats/bundleZip';
import { parseBundle, serializeBundle } from '../../src/formats/bundle';
import { fileHash } from '../../src/sync/fileHash';
import {
  addAttachment,
  auditLog,
  exportBundleWithFiles,
  importBundleWithFiles,
  listAttachments,
  loadBundleAsNewAssessment,
  removeAttachment,
  saveEntry,
  type BundleWithFiles,
  type KaoheDb,
} from '../../src/store/repo';
import { makeBundle, makeEntry } from '../fixtures/bundles';
import { dump, freshDb } from './testDb';

const A = 'a-2024';
const dbs: KaoheDb[] = [];
afterEach(() => dbs.splice(0).forEach((d) => d.close()));

async function machine(): Promise<KaoheDb> {
  const db = freshDb();
  dbs.push(db);
  await loadBundleAsNewAssessment(db, makeBundle());
  return db;
}

const entry = () => makeEntry({ id: 'e1', node: 'website', value: undefined, findings: [{ id: 'f1', reason: '首页链接失效' }, { id: 'f2', reason: '栏目长期未更新' }] });
const png = (seed: number) => Uint8Array.from({ length: 80 }, (_, i) => (i * 17 + seed) & 0xff);

/** Through the zip, as the machines exchange it. */
async function carried(db: KaoheDb): Promise<BundleWithFiles> {
  const { bundle, files } = await exportBundleWithFiles(db, A, { kind: 'full' });
  const read = await readBundleZip(await writeBundleZip(bundle, [...files].map(([hash, bytes]) => ({ hash, bytes }))), 'a.zip');
  if (!read.ok) throw new Error(JSON.stringify(read.errors));
  return read;
}

/** A and B both hold f1's screenshot and f2's document (B got them from A's bundle). */
async function twoMachines() {
  const a = await machine();
  await saveEntry(a, A, entry(), '张三');
  const shot = await addAttachment(a, A, { ownerId: 'f1', unitId: 'u1', name: '首页.png', type: 'image/png', bytes: png(1) }, '张三');
  await addAttachment(a, A, { ownerId: 'f2', unitId: 'u1', name: '说明.pdf', type: 'application/pdf', bytes: png(2) }, '张三');
  const b = await machine();
  const first = await carried(a);
  await importBundleWithFiles(b, A, first, '办公室');
  expect(await b.files.count()).toBe(2);
  return { a, b, shot, first };
}

describe('attachment removals in bundles', () => {
  it('remove on A, export, merge into B: gone on B, its file freed, the removal audited', async () => {
    const { a, b, shot } = await twoMachines();
    await removeAttachment(a, A, shot.id, '张三');
    const bundle = await carried(a);
    expect(bundle.bundle.attachmentRemovals).toEqual([{ id: shot.id, ownerId: 'f1', unitId: 'u1', assessorId: 'as1', hash: fileHash(png(1)), name: '首页.png', removedAt: expect.any(String), removedBy: '张三' }]);

    const report = await importBundleWithFiles(b, A, bundle, '办公室');
    expect([report.attachmentsRemoved, report.attachmentsAdded, report.attachmentConflicts]).toEqual([1, 0, []]);
    expect((await listAttachments(b, A)).map((r) => r.name)).toEqual(['说明.pdf']);
    expect((await b.files.toCollection().primaryKeys())).toEqual([fileHash(png(2))]);
    const removed = (await auditLog(b, A)).filter((r) => r.action === 'attachment.remove');
    expect(removed).toHaveLength(1);
    expect(removed[0]).toMatchObject({ who: '办公室', before: { id: shot.id, name: '首页.png' } });
    expect(removed[0]!.why).toMatch(/^随评分文件导入：张三 于 \d{4}-\d{2}-\d{2} 删除$/);
  });

  it('is idempotent: merging the same bundle again changes nothing', async () => {
    const { a, b, shot } = await twoMachines();
    await removeAttachment(a, A, shot.id, '张三');
    const bundle = await carried(a);
    await importBundleWithFiles(b, A, bundle, '办公室');
    const after = await dump(b);
    const again = await importBundleWithFiles(b, A, bundle, '办公室');
    expect([again.attachmentsRemoved, again.attachmentsAdded, again.filesAdded]).toEqual([0, 0, 0]);
    expect(await dump(b)).toEqual(after);
  });

  it('keep an older bundle from bringing a removed attachment back, and travel on from B to C', async () => {
    const { a, b, shot, first } = await twoMachines();
    await removeAttachment(a, A, shot.id, '张三');
    await importBundleWithFiles(b, A, await carried(a), '办公室');
    // A's first bundle, made before the removal, still lists the screenshot: the removal wins
    const old = await importBundleWithFiles(b, A, first, '办公室');
    expect([old.attachmentsAdded, old.filesAdded]).toEqual([0, 0]);
    expect((await listAttachments(b, A)).map((r) => r.name)).toEqual(['说明.pdf']);
    // C got the screenshot from A's first bundle; B's bundle (which no longer has it) removes it there
    const c = await machine();
    await importBundleWithFiles(c, A, first, '办公室');
    const fromB = await importBundleWithFiles(c, A, await carried(b), '办公室');
    expect(fromB.attachmentsRemoved).toBe(1);
    expect((await listAttachments(c, A)).map((r) => r.name)).toEqual(['说明.pdf']);
  });

  it('report, and do not apply, a removal naming an attachment here with other bytes', async () => {
    const { a, b, shot } = await twoMachines();
    await removeAttachment(a, A, shot.id, '张三');
    const bundle = await carried(a);
    const tampered = { ...bundle, bundle: { ...bundle.bundle, attachmentRemovals: bundle.bundle.attachmentRemovals!.map((r) => ({ ...r, hash: fileHash(png(9)) })) } };
    const report = await importBundleWithFiles(b, A, tampered, '办公室');
    expect(report.attachmentsRemoved).toBe(0);
    expect(report.attachmentConflicts).toHaveLength(1);
    expect(report.attachmentConflicts[0]).toContain('附件“首页.png”');
    expect((await listAttachments(b, A)).map((r) => r.name).sort()).toEqual(['说明.pdf', '首页.png']);
  });

  it("report, and do not apply, a removal naming an assessor other than the one whose finding holds the file; take one naming none (the coordinator's)", async () => {
    const { a, b, shot } = await twoMachines();
    await removeAttachment(a, A, shot.id, '张三');
    const bundle = await carried(a);
    const as = (change: { assessorId?: string; removedBy: string }) => ({
      ...bundle,
      bundle: { ...bundle.bundle, attachmentRemovals: bundle.bundle.attachmentRemovals!.map(({ assessorId: _, ...r }) => ({ ...r, ...change })) },
    });
    // 李四 (as2) writes a removal naming himself for 张三's screenshot
    const before = await dump(b);
    const forged = await importBundleWithFiles(b, A, as({ assessorId: 'as2', removedBy: '李四' }), '办公室');
    expect(forged.attachmentsRemoved).toBe(0);
    expect(forged.attachmentConflicts).toEqual([
      `附件“首页.png”（${shot.id}）的删除记录写明由考核人员李四（as2）删除自己的附件，但该附件在本机属于考核人员张三（as1）的评分记录，删除未执行，附件保留；删除人 李四，删除时间 ${bundle.bundle.attachmentRemovals![0]!.removedAt}`,
    ]);
    // nothing changed (the file, its use, no removal kept to travel on) but one line of the log, and the
    // note that this removal's refusal is logged
    const { audit: auditBefore, meta: metaBefore, ...restBefore } = before;
    const { audit: auditAfter, meta: metaAfter, ...restAfter } = await dump(b);
    expect(restAfter).toEqual(restBefore);
    expect(metaAfter!.length).toBe(metaBefore!.length + 1);
    const logged = auditAfter!.slice(auditBefore!.length) as { action: string; who: string; unitId?: string; before: unknown; after: { name: string }; why: string }[];
    expect(logged.map((r) => [r.action, r.who, r.unitId, r.before, r.after.name])).toEqual([['attachment.removalRefused', '办公室', 'u1', null, '首页.png']]);
    expect(logged[0]!.why).toBe(`随评分文件导入：${forged.attachmentConflicts[0]}`);
    // the same file again: told again, logged once
    const again = await importBundleWithFiles(b, A, as({ assessorId: 'as2', removedBy: '李四' }), '办公室');
    expect(again.attachmentConflicts).toEqual(forged.attachmentConflicts);
    expect((await auditLog(b, A)).filter((r) => r.action === 'attachment.removalRefused')).toHaveLength(1);
    // the coordinator's removal (naming no assessor) is taken
    const coordinator = await importBundleWithFiles(b, A, as({ removedBy: '办公室' }), '办公室');
    expect([coordinator.attachmentsRemoved, coordinator.attachmentConflicts]).toEqual([1, []]);
    expect((await listAttachments(b, A)).map((r) => r.name)).toEqual(['说明.pdf']);
  });

  it('a bundle without removals (older files) still reads, and its text has no removal field', async () => {
    const { a } = await twoMachines();
    const { bundle } = await exportBundleWithFiles(a, A, { kind: 'full' });
    expect(bundle.attachmentRemovals).toBeUndefined();
    const text = serializeBundle(bundle);
    expect(text).not.toContain('attachmentRemovals');
    expect(parseBundle(text, 'a.json').ok).toBe(true);
  });
});

describe('an appeal’s files', () => {
  it('travel in a full bundle like a finding’s, and a missing one is named by its appeal', async () => {
    const appeal = { id: 'ap1', unitId: 'u1', targets: [{ entryId: 'e1', node: 'website', findingId: 'f1' }], appellant: '甲市政府办', filedAt: '2024-12-02', reason: '已整改' };
    const withAppeal = () => makeBundle({ entries: [entry()], appeals: [appeal] });
    const a = freshDb();
    const b = freshDb();
    dbs.push(a, b);
    await loadBundleAsNewAssessment(a, withAppeal());
    await loadBundleAsNewAssessment(b, withAppeal());
    await addAttachment(a, A, { ownerId: 'ap1', unitId: 'u1', name: '整改说明.pdf', type: 'application/pdf', bytes: png(7) }, '办公室');
    const { bundle, files } = await exportBundleWithFiles(a, A, { kind: 'full' });
    expect(bundle.attachments?.map((x) => [x.ownerId, x.name])).toEqual([['ap1', '整改说明.pdf']]);

    const missing = await readBundleZip(await writeBundleZip(bundle, []), 'a.zip');
    expect(!missing.ok && missing.errors[0]!.message).toBe('缺少附件文件：甲市 · 2024-12-02 提出的申诉 的附件“整改说明.pdf”');

    const report = await importBundleWithFiles(b, A, { bundle, files }, '办公室');
    expect([report.attachmentsAdded, report.filesAdded]).toEqual([1, 1]);
    expect((await listAttachments(b, A, ['ap1'])).map((r) => [r.name, r.unitId])).toEqual([['整改说明.pdf', 'u1']]);
  });
});
