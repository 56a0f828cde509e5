/**
 * Evidence files: stored once per content, freed with their last use, carried in bundle zips, and a
 * damaged or missing file in a bundle refuses the whole import with its place named.
 */
import 'fake-indexeddb/auto';
import JSZip from 'jszip';
import { afterEach, describe, expect, it } from 'vitest';
import { fileEntryName, readBundleZip, writeBundleZip } from '../../src/formats/bundleZip';
import { MAX_FILE_BYTES } from '../../src/model/attachment';
import { fileHash } from '../../src/sync/fileHash';
import {
  addAttachment,
  attachmentUsage,
  auditLog,
  exportBundleWithFiles,
  importBundleWithFiles,
  listAttachments,
  loadBundleAsNewAssessment,
  releaseOwners,
  saveEntry,
  type KaoheDb,
} from '../../src/store/repo';
import { makeBundle, makeEntry } from '../fixtures/bundles';
import { dump, freshDb } from './testDb';
import { deleteAssessmentAudited } from '../../src/store/repo';

const A = 'a-2024';
const dbs: KaoheDb[] = [];
afterEach(() => dbs.splice(0).forEach((d) => d.close()));

async function machine(): Promise<KaoheDb> {
  const db = freshDb();
  dbs.push(db);
  await loadBundleAsNewAssessment(db, makeBundle());
  return db;
}

/** A cell with two findings, f1 and f2. */
const twoFindings = () =>
  makeEntry({
    id: 'e1',
    node: 'website',
    value: undefined,
    findings: [
      { id: 'f1', reason: '首页链接失效' },
      { id: 'f2', reason: '栏目长期未更新' },
    ],
  });

const png = (seed: number, size = 64) => Uint8Array.from({ length: size }, (_, i) => (i * 31 + seed) & 0xff);

describe('stored files', () => {
  it('are kept once however many findings use the same bytes', async () => {
    const db = await machine();
    await saveEntry(db, A, twoFindings(), '张三');
    const shot = png(1);
    await addAttachment(db, A, { ownerId: 'f1', unitId: 'u1', name: '截图1.png', type: 'image/png', bytes: shot }, '张三');
    await addAttachment(db, A, { ownerId: 'f2', unitId: 'u1', name: '同一截图.png', type: 'image/png', bytes: shot.slice() }, '张三');
    expect(await db.files.count()).toBe(1);
    expect((await db.files.get(fileHash(shot)))?.size).toBe(64);
    expect(await db.attachments.count()).toBe(2);
    // the assessment uses 64 bytes, not 128: the same file counts once
    expect(await attachmentUsage(db, A)).toEqual({ bytes: 64, files: 1, limit: 500 * 1024 * 1024 });
  });

  it('go when the last finding using them is deleted, and every removal is audited', async () => {
    const db = await machine();
    await saveEntry(db, A, twoFindings(), '张三');
    const shot = png(2);
    await addAttachment(db, A, { ownerId: 'f1', name: 'a.png', type: 'image/png', bytes: shot }, '张三');
    await addAttachment(db, A, { ownerId: 'f2', name: 'b.png', type: 'image/png', bytes: shot }, '张三');
    await addAttachment(db, A, { ownerId: 'f2', name: 'c.pdf', type: 'application/pdf', bytes: png(3) }, '张三');

    // f2 deleted: its own file goes, the one f1 still uses stays
    await saveEntry(db, A, { ...twoFindings(), findings: [{ id: 'f1', count: 1, reason: '首页链接失效' }] }, '张三');
    expect(await releaseOwners(db, A, ['f2'], '张三')).toBe(2);
    expect((await db.files.toArray()).map((f) => f.hash)).toEqual([fileHash(shot)]);
    expect((await listAttachments(db, A)).map((a) => a.ownerId)).toEqual(['f1']);

    await releaseOwners(db, A, ['f1'], '张三');
    expect(await db.files.count()).toBe(0);
    const log = await auditLog(db, A);
    expect(log.filter((r) => r.action === 'attachment.remove')).toHaveLength(3);
    expect(log.filter((r) => r.action === 'attachment.add')).toHaveLength(3);
  });

  it('refuse a file over the per-file limit, storing nothing', async () => {
    const db = await machine();
    const before = await dump(db);
    await expect(addAttachment(db, A, { ownerId: 'f1', name: '大文件.pdf', type: 'application/pdf', bytes: new Uint8Array(MAX_FILE_BYTES + 1) }, '张三')).rejects.toThrow(
      /“大文件.pdf”有 10.0 MB，超过单个附件 10.0 MB 的上限/,
    );
    expect(await dump(db)).toEqual(before);
  });

  it('refuse a type that is not an image or PDF', async () => {
    const db = await machine();
    await expect(addAttachment(db, A, { ownerId: 'f1', name: 'x.exe', type: 'application/x-msdownload', bytes: png(4) }, '张三')).rejects.toThrow(/附件“x.exe”格式不正确/);
    expect(await db.files.count()).toBe(0);
  });
});

describe('bundles with attachments', () => {
  async function laptopZip() {
    const laptop = await machine();
    await saveEntry(laptop, A, twoFindings(), '张三');
    await addAttachment(laptop, A, { ownerId: 'f2', unitId: 'u1', name: '栏目截图.png', type: 'image/png', bytes: png(5, 300) }, '张三');
    const { bundle, files } = await exportBundleWithFiles(laptop, A, { kind: 'assessor', assessorId: 'as1' });
    return { bundle, files, zip: await writeBundleZip(bundle, [...files].map(([hash, bytes]) => ({ hash, bytes }))) };
  }

  it('carry the files: the receiver gets the same bytes, and a second import adds nothing', async () => {
    const { zip } = await laptopZip();
    const office = await machine();
    const read = await readBundleZip(zip, '张三.zip');
    if (!read.ok) throw new Error(JSON.stringify(read.errors));
    const first = await importBundleWithFiles(office, A, read, '办公室');
    expect([first.added, first.attachmentsAdded, first.filesAdded]).toEqual([1, 1, 1]);
    const [att] = await listAttachments(office, A, ['f2']);
    expect(att?.name).toBe('栏目截图.png');
    const stored = await office.files.get(att!.hash);
    expect(new Uint8Array(await stored!.bytes.arrayBuffer())).toEqual(png(5, 300));
    const again = await importBundleWithFiles(office, A, read, '办公室');
    expect([again.attachmentsAdded, again.filesAdded]).toEqual([0, 0]);
  });

  it('refuse a corrupted file, naming the zip entry and its finding, and change nothing', async () => {
    const { zip } = await laptopZip();
    const z = await JSZip.loadAsync(zip);
    const name = fileEntryName(fileHash(png(5, 300)));
    const bytes = await z.file(name)!.async('uint8array');
    bytes[10] = (bytes[10] ?? 0) ^ 0xff;
    z.file(name, bytes);
    const damaged = await z.generateAsync({ type: 'uint8array' });
    const office = await machine();
    const before = await dump(office);
    const read = await readBundleZip(damaged, '张三.zip');
    expect(read.ok).toBe(false);
    expect(!read.ok && read.errors).toEqual([
      {
        path: `张三.zip › ${name}`,
        message: '附件文件内容与其哈希不符（文件已损坏或被改动），是 甲市 · 政府网站监管 · 问题 2“栏目长期未更新” 的附件“栏目截图.png”',
      },
    ]);
    expect(await dump(office)).toEqual(before);
  });

  it('refuse a missing file with the attachment it belongs to', async () => {
    const { bundle } = await laptopZip();
    const zip = await writeBundleZip(bundle, []);
    const read = await readBundleZip(zip, 'b.zip');
    expect(!read.ok && read.errors.map((e) => e.path)).toEqual([`b.zip › ${fileEntryName(bundle.attachments![0]!.hash)}（attachments[0]）`]);
    expect(!read.ok && read.errors[0]!.message).toContain('缺少附件文件：甲市 · 政府网站监管 · 问题 2“栏目长期未更新” 的附件“栏目截图.png”');
  });

  it('need not carry a file the receiver already has', async () => {
    const { bundle } = await laptopZip();
    const office = await machine();
    await saveEntry(office, A, makeEntry({ id: 'e9', unitId: 'u1', node: 'website', value: undefined, assessorId: 'as1', findings: [{ id: 'f9', reason: '另一问题' }] }), '办公室');
    await addAttachment(office, A, { ownerId: 'f9', name: '同图.png', type: 'image/png', bytes: png(5, 300) }, '办公室');
    const read = await readBundleZip(await writeBundleZip(bundle, []), 'b.zip', new Set([fileHash(png(5, 300))]));
    if (!read.ok) throw new Error(JSON.stringify(read.errors));
    const report = await importBundleWithFiles(office, A, read, '办公室');
    expect([report.attachmentsAdded, report.filesAdded]).toEqual([1, 0]);
    expect(await office.files.count()).toBe(1);
  });

  it('refuse, changing nothing, when a file is neither in the bundle nor here', async () => {
    const { bundle } = await laptopZip();
    const office = await machine();
    const before = await dump(office);
    await expect(importBundleWithFiles(office, A, { bundle, files: new Map() }, '办公室')).rejects.toThrow(/缺少附件“栏目截图.png”的文件/);
    expect(await dump(office)).toEqual(before);
  });
});

describe('deleting an assessment', () => {
  it('frees its files unless another assessment uses them, and leaves nothing of it behind', async () => {
    const db = await machine();
    await loadBundleAsNewAssessment(db, makeBundle({ assessment: { id: 'a-copy' } }));
    await saveEntry(db, A, twoFindings(), '张三');
    await saveEntry(db, 'a-copy', twoFindings(), '张三');
    const shared = png(1);
    const own = png(2);
    await addAttachment(db, A, { ownerId: 'f1', unitId: 'u1', name: '共用.png', type: 'image/png', bytes: shared }, '张三');
    await addAttachment(db, A, { ownerId: 'f2', unitId: 'u1', name: '自有.png', type: 'image/png', bytes: own }, '张三');
    await addAttachment(db, 'a-copy', { ownerId: 'f1', unitId: 'u1', name: '共用.png', type: 'image/png', bytes: shared.slice() }, '张三');
    await db.ruleDrafts.put({ id: 'd1', assessmentId: A } as never);
    await deleteAssessmentAudited(db, A, '管理员');
    expect(await db.attachments.where('assessmentId').equals(A).count()).toBe(0);
    expect(await db.ruleDrafts.where('assessmentId').equals(A).count()).toBe(0);
    expect((await db.files.toCollection().primaryKeys()).sort()).toEqual([fileHash(shared)]);
    expect(await db.attachments.where('assessmentId').equals('a-copy').count()).toBe(1);
  });
});
