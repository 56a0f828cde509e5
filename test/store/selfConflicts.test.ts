/**
 * Conflicts of units' self-assessments in the store: what is recorded (and what not), the choice stored
 * as the unit's returned result, refusals that change nothing, the bytes a waiting version keeps, and the
 * store added by version 8 of the database.
 */
import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import { KaoheDb } from '../../src/store/database';
import { addAttachment, deleteAssessment, listAttachments, listSelfAssessments, listSelfConflicts, loadBundleAsNewAssessment, readFile, recordSelfConflicts, removeAttachment, resolveSelfConflicts } from '../../src/store/repo';
import { LockedError } from '../../src/store/errors';
import { STORES_V1, STORES_V2, STORES_V3, STORES_V4, STORES_V5, STORES_V6, STORES_V7 } from '../../src/store/schema';
import type { SyncEntity } from '../../src/sync/couch/docs';
import { contentHash } from '../../src/sync/contentHash';
import { fileHash } from '../../src/sync/fileHash';
import { makeBundle, makeTinyRuleSet } from '../fixtures/bundles';
import { dump, fakeIdb, freshDb } from './testDb';

const bundle = makeBundle();
const AID = bundle.assessment.id;
const scan = Uint8Array.from({ length: 300 }, (_, i) => i % 251);
const scanFile = { id: 'f1', ownerId: 'basic', hash: fileHash(scan), name: '制度文件.pdf', type: 'application/pdf' as const, size: scan.byteLength };

const version = (score: number, updatedAt: string, files?: (typeof scanFile)[]): Extract<SyncEntity, { kind: 'self' }> => ({
  kind: 'self',
  data: { assessmentId: AID, unitId: 'u1', ruleSetHash: contentHash(makeTinyRuleSet()), items: [{ node: 'basic', score }], updatedAt, updatedBy: 'jia' },
  ...(files && { files }),
});
const older = version(9, '2026-11-01T08:00:00.000Z', [scanFile]);
const later = version(6, '2026-11-01T09:00:00.000Z');

async function withConflict() {
  const db = freshDb();
  await loadBundleAsNewAssessment(db, bundle);
  expect(await recordSelfConflicts(db, AID, [[later, older]], new Map([[scanFile.hash, scan]]))).toBe(1);
  const [c] = await listSelfConflicts(db, AID);
  return { db, c: c! };
}

describe('recording a self-assessment conflict', () => {
  it('keeps both versions, the bytes of their files, and records the same disagreement once', async () => {
    const { db, c } = await withConflict();
    expect(c).toMatchObject({ unitId: 'u1', status: 'pending', versions: [{ items: [{ score: 6 }] }, { items: [{ score: 9 }], files: [scanFile] }] });
    expect(await readFile(db, scanFile.hash)).toBeDefined();
    // the same versions again, in another order: nothing new
    expect(await recordSelfConflicts(db, AID, [[older, later]], new Map())).toBe(0);
    expect(await listSelfConflicts(db, AID, 'all')).toHaveLength(1);
  });

  it('records no conflict of versions that say the same, of another rule set, or of another assessment', async () => {
    const db = freshDb();
    await loadBundleAsNewAssessment(db, bundle);
    const same = version(9, '2026-11-02T08:00:00.000Z', [scanFile]);
    const otherRules = { ...later, data: { ...later.data, ruleSetHash: `sha256:${'0'.repeat(64)}` } };
    const otherAssessment = { ...later, data: { ...later.data, assessmentId: 'a-other' } };
    expect(await recordSelfConflicts(db, AID, [[older, same], [older, otherRules], [older, otherAssessment]], new Map())).toBe(0);
    expect(await listSelfConflicts(db, AID, 'all')).toEqual([]);
  });
});

describe("the coordinator's choice", () => {
  it('stores the chosen version as the returned result with its material, and frees what no one uses', async () => {
    const { db, c } = await withConflict();
    await resolveSelfConflicts(db, AID, [{ conflictId: c.id, version: 1 }], 'office');
    const [row] = await listSelfAssessments(db, AID);
    expect(row).toMatchObject({ kind: 'imported', items: [{ node: 'basic', score: 9 }], exportedBy: 'office' });
    const [decided] = await listSelfConflicts(db, AID, 'all');
    expect(decided).toMatchObject({ status: 'decided', chosen: 1, resolvedBy: 'office', decided: { items: [{ node: 'basic', score: 9 }], files: [scanFile], updatedBy: 'office' } });
    expect(await readFile(db, scanFile.hash)).toBeDefined();
    const audit = (await db.audit.toArray()).filter((r) => r.action === 'conflict.resolve');
    expect(audit).toEqual([expect.objectContaining({ unitId: 'u1', who: 'office', after: { selfChosen: { updatedAt: older.data.updatedAt, updatedBy: 'jia', items: 1 } } })]);

    // the other way round: the version without files is chosen, and the scan's bytes go
    const second = await withConflict();
    await resolveSelfConflicts(second.db, AID, [{ conflictId: second.c.id, version: 0 }], 'office');
    expect((await listSelfAssessments(second.db, AID))[0]!.items).toEqual([{ node: 'basic', score: 6 }]);
    expect(await readFile(second.db, scanFile.hash)).toBeUndefined();
  });

  it('is refused on a locked assessment, or for a conflict not waiting, and changes nothing', async () => {
    const { db, c } = await withConflict();
    await db.assessments.update(AID, { status: 'locked' });
    // what the test's own locking and unlocking write aside
    const state = async () => ({ ...(await dump(db)), inputChanges: [] });
    const before = await state();
    await expect(resolveSelfConflicts(db, AID, [{ conflictId: c.id, version: 0 }], 'office')).rejects.toBeInstanceOf(LockedError);
    await db.assessments.update(AID, { status: 'open' });
    // (the store's not-found error reaches the caller through the aborted transaction, by its message)
    await expect(resolveSelfConflicts(db, AID, [{ conflictId: c.id, version: 0 }, { conflictId: 'u1|nothing', version: 0 }], 'office')).rejects.toThrow('找不到待处理的自评冲突 u1|nothing');
    await expect(resolveSelfConflicts(db, AID, [{ conflictId: c.id, version: 2 }], 'office')).rejects.toThrow('的第 3 个版本');
    await db.assessments.update(AID, { status: 'locked' });
    expect(await state()).toEqual(before);
  });

  it("keeps a waiting version's bytes when the last attachment of the same file is removed", async () => {
    const { db, c } = await withConflict();
    const same = await addAttachment(db, AID, { ownerId: 'u1:basic:as1', unitId: 'u1', name: '同一文件.pdf', type: 'application/pdf', bytes: scan }, 'office');
    expect(same.hash).toBe(scanFile.hash);
    await removeAttachment(db, AID, same.id, 'office');
    expect(await readFile(db, scanFile.hash)).toBeDefined();
    // chosen, the version brings its scan
    await resolveSelfConflicts(db, AID, [{ conflictId: c.id, version: 1 }], 'office');
    expect((await listAttachments(db, AID)).map((a) => [a.name, a.hash])).toEqual([['制度文件.pdf', scanFile.hash]]);
  });

  it('goes with its assessment, and so do the bytes only a waiting version kept', async () => {
    const { db } = await withConflict();
    await deleteAssessment(db, AID);
    expect(await db.selfConflicts.count()).toBe(0);
    expect(await readFile(db, scanFile.hash)).toBeUndefined();
  });
});

describe('migration from version 7 to 8', () => {
  it('adds the store of self-assessment conflicts and keeps every row of version 7', async () => {
    const name = `migration-v7-${Date.now()}`;
    const v7 = new Dexie(name, fakeIdb);
    for (const [n, stores] of [STORES_V1, STORES_V2, STORES_V3, STORES_V4, STORES_V5, STORES_V6, STORES_V7].entries()) v7.version(n + 1).stores(stores);
    await v7.open();
    await v7.table('assessments').add({ ...bundle.assessment, status: 'open', createdAt: '2026-12-01T00:00:00.000Z' });
    await v7.table('audit').add({ assessmentId: AID, at: '2026-12-01T00:00:00.000Z', who: 'office', action: 'assessment.create', before: null, after: null });
    const tables = v7.tables.map((t) => t.name).sort();
    v7.close();

    const db = new KaoheDb(name, fakeIdb);
    await db.open();
    expect(db.verno).toBe(11);
    // version 10 keeps a unit's packs in one row (unitPacks) instead of entryPacks
    expect(db.tables.map((t) => t.name).sort()).toEqual([...tables.filter((t) => t !== 'entryPacks'), 'selfConflicts', 'unitPacks'].sort());
    expect(await db.assessments.get(AID)).toMatchObject({ id: AID, status: 'open' });
    expect(await db.audit.count()).toBe(1);
    expect(await db.selfConflicts.count()).toBe(0);
    db.close();
  });
});
