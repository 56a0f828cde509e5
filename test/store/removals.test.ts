/**
 * Deletions travel like edits: an entry deleted on one machine is deleted in the copy it is merged
 * into, and an older copy of a deleted entry does not bring it back.
 */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { parseBundle, serializeBundle } from '../../src/formats/bundle';
import {
  auditLog,
  deleteEntry,
  exportBundle,
  importBundle,
  listConflicts,
  loadAssessmentData,
  loadBundleAsNewAssessment,
  resolveConflicts,
  saveEntry,
  type KaoheDb,
} from '../../src/store/repo';
import { makeBundle, makeEntry } from '../fixtures/bundles';
import { dump, freshDb } from './testDb';

const A = 'a-2024';
const dbs: KaoheDb[] = [];
afterEach(() => dbs.splice(0).forEach((d) => d.close()));

/** A machine with the assessment opened from the same bundle. */
async function machine(): Promise<KaoheDb> {
  const db = freshDb();
  dbs.push(db);
  await loadBundleAsNewAssessment(db, makeBundle());
  return db;
}

const ids = async (db: KaoheDb) => (await loadAssessmentData(db, A)).entries.map((e) => e.id);

describe('deleted entries', () => {
  it('are kept as removals, carried in bundles, and a new save continues above their revision', async () => {
    const db = await machine();
    await saveEntry(db, A, makeEntry({ id: 'e1', value: 6 }), '张三');
    await deleteEntry(db, A, makeEntry({ id: 'e1' }), '张三');
    const bundle = await exportBundle(db, A, { kind: 'assessor', assessorId: 'as1' });
    expect(bundle.entries).toEqual([]);
    expect(bundle.removals).toEqual([{ id: 'e1', unitId: 'u1', node: 'basic', assessorId: 'as1', rev: 2, removedAt: expect.any(String), removedBy: '张三' }]);
    // the file reads back as it was written
    const parsed = parseBundle(serializeBundle(bundle), 'b.json');
    expect(parsed.ok && parsed.bundle).toEqual(bundle);
    const again = await saveEntry(db, A, makeEntry({ id: 'e1', value: 7 }), '张三');
    expect(again.rev).toBe(3);
    expect((await exportBundle(db, A, { kind: 'full' })).removals).toBeUndefined();
  });

  it('reach the coordinator: the same person’s deletion removes the entry, once, with an audit row', async () => {
    const coordinator = await machine();
    const laptop = await machine();
    await saveEntry(laptop, A, makeEntry({ id: 'e1', value: 6 }), '张三');
    await importBundle(coordinator, A, await exportBundle(laptop, A, { kind: 'assessor', assessorId: 'as1' }), '办公室');
    expect(await ids(coordinator)).toEqual(['e1']);

    await deleteEntry(laptop, A, 'e1', '张三');
    const sheet = await exportBundle(laptop, A, { kind: 'assessor', assessorId: 'as1' });
    const report = await importBundle(coordinator, A, sheet, '办公室');
    expect(report).toMatchObject({ added: 0, updated: 0, removed: 1, conflicts: [] });
    expect(await ids(coordinator)).toEqual([]);
    expect((await auditLog(coordinator, A)).find((r) => r.action === 'import.delete')).toMatchObject({ entryId: 'e1', after: null, why: expect.stringContaining('导入考核人员张三的评分文件') });
    const after = await dump(coordinator);
    expect(await importBundle(coordinator, A, sheet, '办公室')).toMatchObject({ removed: 0, unchanged: 1 });
    expect(await dump(coordinator)).toEqual(after);
  });

  it('are not undone by importing an older copy of the entry', async () => {
    const coordinator = await machine();
    const laptop = await machine();
    await saveEntry(laptop, A, makeEntry({ id: 'e1', value: 6 }), '张三');
    const old = await exportBundle(laptop, A, { kind: 'assessor', assessorId: 'as1' });
    await importBundle(coordinator, A, old, '办公室');
    await deleteEntry(coordinator, A, 'e1', '办公室'); // entered in error
    const report = await importBundle(coordinator, A, old, '办公室');
    expect(report).toMatchObject({ added: 0, olderSkipped: 1, conflicts: [] });
    expect(await ids(coordinator)).toEqual([]);
    // the person's later revision does come back
    await saveEntry(laptop, A, makeEntry({ id: 'e1', value: 8 }), '张三');
    await saveEntry(laptop, A, makeEntry({ id: 'e1', value: 9 }), '张三');
    const later = await importBundle(coordinator, A, await exportBundle(laptop, A, { kind: 'assessor', assessorId: 'as1' }), '办公室');
    expect(later.added + later.conflicts.length).toBe(1);
  });

  it('become a conflict when someone else changed the entry, settled either way', async () => {
    const coordinator = await machine();
    const laptop = await machine();
    await saveEntry(laptop, A, makeEntry({ id: 'e1', value: 6 }), '张三');
    await importBundle(coordinator, A, await exportBundle(laptop, A, { kind: 'assessor', assessorId: 'as1' }), '办公室');
    await saveEntry(coordinator, A, makeEntry({ id: 'e1', value: 5 }), '办公室'); // corrected here
    await deleteEntry(laptop, A, 'e1', '张三'); // deleted there
    const report = await importBundle(coordinator, A, await exportBundle(laptop, A, { kind: 'assessor', assessorId: 'as1' }), '办公室');
    expect(report.removed).toBe(0);
    expect(report.conflicts).toEqual([expect.objectContaining({ entryId: 'e1', local: expect.objectContaining({ value: 5 }), incoming: null, removal: expect.objectContaining({ removedBy: '张三' }) })]);
    const [c] = await listConflicts(coordinator, A);
    await resolveConflicts(coordinator, A, [{ conflictId: c!.id, pick: 'incoming' }], '办公室');
    expect(await ids(coordinator)).toEqual([]);
    const exported = await exportBundle(coordinator, A, { kind: 'full' });
    expect(exported.removals?.map((r) => [r.id, r.rev])).toEqual([['e1', 3]]); // above the local revision 2
  });

  it('kept on the coordinator’s side of a conflict, win on the other machine too, as does a kept correction', async () => {
    const coordinator = await machine();
    const laptop = await machine();
    const sheet = async () => exportBundle(laptop, A, { kind: 'assessor', assessorId: 'as1' });
    await saveEntry(laptop, A, makeEntry({ id: 'e1', value: 6 }), '张三');
    await saveEntry(laptop, A, makeEntry({ id: 'e2', unitId: 'u2', value: 6 }), '张三');
    await importBundle(coordinator, A, await sheet(), '办公室');
    await deleteEntry(coordinator, A, 'e1', '办公室'); // deleted here
    await saveEntry(coordinator, A, makeEntry({ id: 'e2', unitId: 'u2', value: 5 }), '办公室'); // corrected here
    await saveEntry(laptop, A, makeEntry({ id: 'e1', value: 7 }), '张三'); // both changed there
    await saveEntry(laptop, A, makeEntry({ id: 'e2', unitId: 'u2', value: 7 }), '张三');
    const { conflicts } = await importBundle(coordinator, A, await sheet(), '办公室');
    expect(conflicts.map((c) => [c.entryId, c.local?.value ?? null, c.incoming?.value])).toEqual([
      ['e1', null, 7],
      ['e2', 5, 7],
    ]);
    await resolveConflicts(coordinator, A, conflicts.map((c) => ({ conflictId: c.id, pick: 'local' as const })), '办公室');
    // the choices reach the laptop as 张三's later revisions: e1 deleted, e2 back to 5, nothing asked
    const report = await importBundle(laptop, A, await exportBundle(coordinator, A, { kind: 'full' }), '张三');
    expect(report).toMatchObject({ removed: 1, updated: 1, conflicts: [] });
    expect((await loadAssessmentData(laptop, A)).entries.map((e) => [e.id, e.value, e.rev])).toEqual([['e2', 5, 3]]);
  });

  it('of entries never seen here are kept, so an older copy arriving later stays out', async () => {
    const coordinator = await machine();
    const laptop = await machine();
    await saveEntry(laptop, A, makeEntry({ id: 'e1', value: 6 }), '张三');
    const old = await exportBundle(laptop, A, { kind: 'assessor', assessorId: 'as1' });
    await deleteEntry(laptop, A, 'e1', '张三');
    expect(await importBundle(coordinator, A, await exportBundle(laptop, A, { kind: 'assessor', assessorId: 'as1' }), '办公室')).toMatchObject({ removed: 0 });
    expect(await importBundle(coordinator, A, old, '办公室')).toMatchObject({ added: 0, olderSkipped: 1 });
    expect(await ids(coordinator)).toEqual([]);
  });

  it('are refused in a file that also lists the same entry, with the place', () => {
    const b = makeBundle({ entries: [makeEntry({ id: 'e1' })] });
    const text = serializeBundle({ ...b, removals: [{ id: 'e1', unitId: 'u1', node: 'basic', assessorId: 'as1', rev: 2, removedAt: '2024-11-01T08:00:00.000Z' }] });
    const parsed = parseBundle(text, 'b.json');
    expect(parsed.ok).toBe(false);
    // written in version 2: the place is the entry's in its pack
    expect(!parsed.ok && parsed.errors).toEqual([{ path: 'entryPacks[0].entries[0].id', message: '记录 id "e1" 同时列为已删除（removals[0]）' }]);
  });
});

describe('a removal for a unit the assessment does not have', () => {
  const ghost = { id: 'e-ghost', unitId: 'ghost', node: 'basic', assessorId: 'as1', rev: 2, removedAt: '2025-01-20T09:00:00.000Z', removedBy: '张三' };

  it('is refused by the bundle door, at its place', () => {
    const bundle = { ...makeBundle(), removals: [ghost] };
    const parsed = parseBundle(serializeBundle(bundle), 'b.json');
    expect(parsed.ok).toBe(false);
    expect(parsed.ok ? [] : parsed.errors).toContainEqual({ path: 'removals[0].unitId', message: '未知的单位 "ghost"' });
  });

  it('is not stored by an import either, and the database stays exactly as it was', async () => {
    const db = await machine();
    const before = await dump(db);
    await expect(importBundle(db, A, { ...makeBundle(), removals: [ghost] }, '协调人')).rejects.toThrow('ghost');
    expect(await dump(db)).toEqual(before);
  });
});
