// First, before Dexie loads: Dexie's live queries only observe changes when a global indexedDB exists at load time.
import 'fake-indexeddb/auto';
import { liveQuery } from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { bundleSchema } from '../../src/model/assessment';
import type { KaoheDb } from '../../src/store/database';
import {
  applyEntryChanges,
  auditLog,
  createEmptyAssessment,
  deleteAssessment,
  deleteEntry,
  deleteUnit,
  ensureDemo,
  exportBundle,
  getCurrentAssessmentId,
  importBundle,
  IntegrityError,
  InvalidDataError,
  latestSnapshot,
  listAssessments,
  listConflicts,
  loadAssessmentData,
  loadBundleAsNewAssessment,
  LockedError,
  lockAssessment,
  AssessmentExistsError,
  ReasonRequiredError,
  requestPersistence,
  resetDemo,
  resolveConflicts,
  saveEntries,
  saveEntry,
  setCurrentAssessmentId,
  setGroupRuleSet,
  unlockAssessment,
  upsertAssessor,
  upsertUnits,
} from '../../src/store/repo';
import { contentHash } from '../../src/sync/contentHash';
import { makeBundle, makeEntry, makeTinyRuleSet } from '../fixtures/bundles';
import { dump, freshDb } from './testDb';

const A = 'a-2024';
let db: KaoheDb;

async function withBase(overrides: Parameters<typeof makeBundle>[0] = {}): Promise<KaoheDb> {
  db = freshDb();
  await loadBundleAsNewAssessment(db, makeBundle(overrides));
  return db;
}

afterEach(() => db?.close());

describe('saveEntry', () => {
  it('stores the first save as rev 1, stamped with who and when, with an audit row before → after', async () => {
    await withBase();
    const saved = await saveEntry(db, A, makeEntry({ id: 'e1', value: 7.5 }), 'as1');
    expect(saved).toMatchObject({ id: 'e1', value: 7.5, rev: 1, updatedBy: 'as1' });
    const { entries } = await loadAssessmentData(db, A);
    expect(entries).toEqual([saved]);
    const [row] = await auditLog(db, A, { node: 'basic' });
    expect(row).toMatchObject({ action: 'entry.save', who: 'as1', entryId: 'e1', unitId: 'u1', before: null, after: saved });
  });

  it('bumps the revision on every change and logs the previous value', async () => {
    await withBase();
    await saveEntry(db, A, makeEntry({ id: 'e1', value: 7 }), 'as1');
    const second = await saveEntry(db, A, makeEntry({ id: 'e1', value: 9 }), 'as1', '复核后更正');
    expect(second.rev).toBe(2);
    const [latest] = await auditLog(db, A, { unitId: 'u1' });
    expect(latest).toMatchObject({ why: '复核后更正', after: { value: 9, rev: 2 } });
    expect((latest!.before as { value: number; rev: number }).value).toBe(7);
  });

  it('writes nothing when the content did not change', async () => {
    await withBase();
    await saveEntry(db, A, makeEntry({ id: 'e1', value: 7 }), 'as1');
    const before = await dump(db);
    const again = await saveEntry(db, A, makeEntry({ id: 'e1', value: 7 }), 'as2');
    expect(again).toMatchObject({ rev: 1, updatedBy: 'as1' });
    expect(await dump(db)).toEqual(before);
  });

  it('stores nothing when its audit row cannot be written (one transaction)', async () => {
    await withBase();
    db.audit.hook('creating', () => {
      throw new Error('磁盘已满');
    });
    await expect(saveEntry(db, A, makeEntry({ id: 'e1' }), 'as1')).rejects.toThrow('磁盘已满');
    expect(await db.unitPacks.count()).toBe(0);
  });

  it('refuses an entry whose unit is not in the assessment', async () => {
    await withBase();
    await expect(saveEntry(db, A, makeEntry({ id: 'e1', unitId: 'u9' }), 'as1')).rejects.toBeInstanceOf(IntegrityError);
    expect(await db.unitPacks.count()).toBe(0);
  });

  it('saves a paste all or nothing', async () => {
    await withBase();
    const paste = [makeEntry({ id: 'e1' }), makeEntry({ id: 'e2', unitId: 'u2' }), makeEntry({ id: 'e3', unitId: 'nowhere' })];
    await expect(saveEntries(db, A, paste, 'as1', '粘贴')).rejects.toBeInstanceOf(IntegrityError);
    expect(await db.unitPacks.count()).toBe(0);
    const saved = await saveEntries(db, A, paste.slice(0, 2), 'as1', '粘贴');
    expect(saved.map((e) => [e.id, e.rev])).toEqual([['e1', 1], ['e2', 1]]);
    expect((await auditLog(db, A, { who: 'as1' })).filter((r) => r.why === '粘贴')).toHaveLength(2);
  });

  it('applies saves and deletes of one grid action together, or none of them', async () => {
    await withBase();
    await saveEntries(db, A, [makeEntry({ id: 'e1' }), makeEntry({ id: 'e2', unitId: 'u2' })], 'as1');
    const before = await dump(db);
    await expect(applyEntryChanges(db, A, [makeEntry({ id: 'e3' })], ['e1', 'missing'], 'as1', '撤销')).rejects.toThrow();
    expect(await dump(db)).toEqual(before);
    await applyEntryChanges(db, A, [makeEntry({ id: 'e3' })], ['e1'], 'as1', '撤销');
    const data = await loadAssessmentData(db, A);
    expect(data.entries.map((e) => e.id)).toEqual(['e2', 'e3']);
    expect((await auditLog(db, A)).filter((r) => r.why === '撤销').map((r) => r.action).sort()).toEqual(['entry.delete', 'entry.save']);
  });

  it('deletes an entry and keeps its last value in the audit log', async () => {
    await withBase();
    const saved = await saveEntry(db, A, makeEntry({ id: 'e1' }), 'as1');
    await deleteEntry(db, A, 'e1', 'as1', '录错单位');
    expect(await db.unitPacks.count()).toBe(0);
    const [row] = await auditLog(db, A);
    expect(row).toMatchObject({ action: 'entry.delete', before: saved, after: null, why: '录错单位' });
  });
});

describe('locking', () => {
  it('refuses every change to a locked assessment with a Chinese message and changes nothing', async () => {
    await withBase({ entries: [makeEntry({ id: 'e1' })] });
    await lockAssessment(db, A, { inputsHash: 'sha256:abc', results: { u1: 8 } }, '办公室');
    const before = await dump(db);
    const refused = saveEntry(db, A, makeEntry({ id: 'e1', value: 3 }), 'as1');
    await expect(refused).rejects.toBeInstanceOf(LockedError);
    await expect(refused).rejects.toThrow(/已锁定/);
    await expect(deleteEntry(db, A, 'e1', 'as1')).rejects.toBeInstanceOf(LockedError);
    await expect(upsertUnits(db, A, [{ id: 'u3', name: '丙市', group: 'city', objects: [] }], 'as1')).rejects.toBeInstanceOf(LockedError);
    await expect(importBundle(db, A, makeBundle({ entries: [makeEntry({ id: 'e2' })] }), '办公室')).rejects.toBeInstanceOf(LockedError);
    expect(await dump(db)).toEqual(before);
  });

  it('keeps the snapshot of results and the inputs hash', async () => {
    await withBase();
    await lockAssessment(db, A, { inputsHash: 'sha256:abc', results: { u1: 8 } }, '办公室');
    expect(await latestSnapshot(db, A)).toMatchObject({ inputsHash: 'sha256:abc', results: { u1: 8 }, who: '办公室' });
    expect((await loadAssessmentData(db, A)).assessment.status).toBe('locked');
  });

  it('unlocks only with a reason, and logs it', async () => {
    await withBase();
    await lockAssessment(db, A, { inputsHash: 'sha256:abc', results: [] }, '办公室');
    await expect(unlockAssessment(db, A, '办公室', '')).rejects.toBeInstanceOf(ReasonRequiredError);
    await expect(unlockAssessment(db, A, '办公室', '   ')).rejects.toBeInstanceOf(ReasonRequiredError);
    expect((await loadAssessmentData(db, A)).assessment.status).toBe('locked');
    await unlockAssessment(db, A, '办公室', '乙市申诉成立，复核');
    const { assessment } = await loadAssessmentData(db, A);
    expect(assessment.status).toBe('open');
    expect(assessment.lockedAt).toBeUndefined();
    const [row] = await auditLog(db, A);
    expect(row).toMatchObject({ action: 'assessment.unlock', who: '办公室', why: '乙市申诉成立，复核' });
  });
});

describe('exportBundle', () => {
  it('writes a valid bundle with units and entries ordered by id', async () => {
    await withBase({ units: [{ id: 'u2', name: '乙市', group: 'city' }, { id: 'u1', name: '甲市', group: 'city' }] });
    await saveEntries(db, A, [makeEntry({ id: 'e2' }), makeEntry({ id: 'e10' }), makeEntry({ id: 'e1', unitId: 'u2' })], 'as1');
    const bundle = await exportBundle(db, A, { kind: 'full' });
    expect(bundle.units.map((u) => u.id)).toEqual(['u1', 'u2']);
    expect(bundle.entries.map((e) => e.id)).toEqual(['e1', 'e10', 'e2']);
    expect(bundleSchema.parse(bundle)).toEqual(bundle);
  });

  it("carries only one assessor's entries in an assessor bundle", async () => {
    await withBase({ entries: [makeEntry({ id: 'e1', assessorId: 'as1' }), makeEntry({ id: 'e2', assessorId: 'as2' })] });
    const bundle = await exportBundle(db, A, { kind: 'assessor', assessorId: 'as2' });
    expect(bundle.scope).toEqual({ kind: 'assessor', assessorId: 'as2' });
    expect(bundle.entries.map((e) => e.id)).toEqual(['e2']);
    expect(bundle.assessors.map((a) => a.id)).toEqual(['as2']);
  });
});

describe('importBundle', () => {
  it('round-trips: an assessor bundle exported on one machine merges into the coordinator copy', async () => {
    const coordinator = await withBase();
    const laptop = freshDb();
    await loadBundleAsNewAssessment(laptop, makeBundle());
    await saveEntries(laptop, A, [makeEntry({ id: 'e1', value: 6 }), makeEntry({ id: 'e2', unitId: 'u2', value: 9.5 })], 'as1');
    const sheet = await exportBundle(laptop, A, { kind: 'assessor', assessorId: 'as1' });
    const report = await importBundle(coordinator, A, sheet, '办公室');
    expect(report).toMatchObject({ added: 2, updated: 0, unchanged: 0, conflicts: [] });
    expect((await loadAssessmentData(coordinator, A)).entries).toEqual((await loadAssessmentData(laptop, A)).entries);
    laptop.close();
  });

  it('changes nothing when the same bundle is imported twice', async () => {
    await withBase({ entries: [makeEntry({ id: 'e1', value: 5, updatedBy: 'as2' })] });
    const incoming = makeBundle({
      units: [{ id: 'u1', name: '甲市', group: 'city' }, { id: 'u3', name: '丙市', group: 'city' }],
      entries: [makeEntry({ id: 'e1', value: 6, updatedBy: 'as1', rev: 2 }), makeEntry({ id: 'e2', unitId: 'u3' })],
    });
    const first = await importBundle(db, A, incoming, '办公室');
    expect(first).toMatchObject({ added: 1, unitsAdded: 1, conflicts: [{ entryId: 'e1' }] });
    const after = await dump(db);
    const second = await importBundle(db, A, incoming, '办公室');
    expect(second).toMatchObject({ added: 0, updated: 0, unchanged: 1, unitsAdded: 0, conflicts: [{ entryId: 'e1' }] });
    expect(await dump(db)).toEqual(after);
    expect(await listConflicts(db, A)).toHaveLength(1);
  });

  it("applies the same assessor's later revision as an update", async () => {
    await withBase({ entries: [makeEntry({ id: 'e1', value: 5, rev: 2, updatedBy: 'as1' })] });
    const report = await importBundle(db, A, makeBundle({ entries: [makeEntry({ id: 'e1', value: 7, rev: 3, updatedBy: 'as1' })] }), '办公室');
    expect(report).toMatchObject({ updated: 1, conflicts: [] });
    expect((await loadAssessmentData(db, A)).entries[0]).toMatchObject({ value: 7, rev: 3 });
    const [, row] = await auditLog(db, A); // newest is the import summary, then the entry
    expect(row).toMatchObject({ action: 'import.update', before: { value: 5 }, after: { value: 7 } });
  });

  it('lists differing entries as conflicts side by side and applies nothing of them', async () => {
    await withBase({ entries: [makeEntry({ id: 'e1', value: 5, updatedBy: '办公室' })] });
    const report = await importBundle(db, A, makeBundle({ entries: [makeEntry({ id: 'e1', value: 7, rev: 2, updatedBy: 'as1' })] }), '办公室');
    expect(report.conflicts).toHaveLength(1);
    expect(report.conflicts[0]).toMatchObject({ entryId: 'e1', unitId: 'u1', unitName: '甲市', node: 'basic', local: { value: 5 }, incoming: { value: 7 } });
    expect((await loadAssessmentData(db, A)).entries[0]!.value).toBe(5);
  });

  it('takes the incoming value when chosen, logs the choice, and does not ask again', async () => {
    await withBase({ entries: [makeEntry({ id: 'e1', value: 5, updatedBy: '办公室' })] });
    const incoming = makeBundle({ entries: [makeEntry({ id: 'e1', value: 7, rev: 2, updatedBy: 'as1' })] });
    const { conflicts } = await importBundle(db, A, incoming, '办公室');
    await resolveConflicts(db, A, [{ conflictId: conflicts[0]!.id, pick: 'incoming' }], '王主任');
    expect((await loadAssessmentData(db, A)).entries[0]).toMatchObject({ value: 7, rev: 2, updatedBy: 'as1' });
    const [row] = await auditLog(db, A, { who: '王主任' });
    expect(row).toMatchObject({ action: 'conflict.resolve', entryId: 'e1', before: { value: 5 }, after: { value: 7 }, why: '合并冲突选择：采用导入值' });
    expect(await listConflicts(db, A)).toEqual([]);
    expect(await importBundle(db, A, incoming, '办公室')).toMatchObject({ unchanged: 1, conflicts: [] });
  });

  it('keeps the local value when chosen, logs the choice, and does not ask again for that bundle', async () => {
    await withBase({ entries: [makeEntry({ id: 'e1', value: 5, updatedBy: '办公室' })] });
    const incoming = makeBundle({ entries: [makeEntry({ id: 'e1', value: 7, rev: 2, updatedBy: 'as1' })] });
    const { conflicts } = await importBundle(db, A, incoming, '办公室');
    await resolveConflicts(db, A, [{ conflictId: conflicts[0]!.id, pick: 'local' }], '王主任');
    // kept as a new revision above both sides, under the other side's author, so that it wins there too
    expect((await loadAssessmentData(db, A)).entries[0]).toMatchObject({ value: 5, rev: 3, updatedBy: 'as1' });
    expect((await auditLog(db, A, { who: '王主任' }))[0]).toMatchObject({ why: '合并冲突选择：保留本地值', before: { value: 5 }, after: { value: 5 } });
    // the same bundle again: its value is now older than the kept one, so it is not asked again
    expect(await importBundle(db, A, incoming, '办公室')).toMatchObject({ olderSkipped: 1, conflicts: [] });
    // a different incoming value is a new disagreement
    const other = makeBundle({ entries: [makeEntry({ id: 'e1', value: 8, rev: 3, updatedBy: 'as1' })] });
    expect((await importBundle(db, A, other, '办公室')).conflicts).toHaveLength(1);
  });

  it('refuses a bundle scored under another rule-set version and changes nothing', async () => {
    await withBase();
    const before = await dump(db);
    const revised = makeTinyRuleSet({ version: '2' });
    const report = await importBundle(db, A, makeBundle({ ruleSet: revised, entries: [makeEntry({ id: 'e1' })] }), '办公室');
    expect(report.refused?.code).toBe('ruleSetMismatch');
    expect(report.refused?.message).toMatch(/评分规则与本考核不一致.*市（州）政府/);
    expect(report.ruleSetMismatch?.groups).toEqual([
      expect.objectContaining({ groupKey: 'city', localHash: contentHash(makeTinyRuleSet()), incomingHash: contentHash(revised) }),
    ]);
    expect(report.added).toBe(0);
    expect(await dump(db)).toEqual(before);
  });

  it('refuses a bundle of another assessment', async () => {
    await withBase();
    const before = await dump(db);
    const report = await importBundle(db, A, makeBundle({ assessment: { id: 'a-2023', name: '2023年度考核' }, entries: [makeEntry({ id: 'e1' })] }), '办公室');
    expect(report.refused).toEqual({ code: 'wrongAssessment', message: expect.stringContaining('不是当前考核') });
    expect(await dump(db)).toEqual(before);
  });

  it('stores nothing when a row is refused half-way through the transaction', async () => {
    await withBase();
    const before = await dump(db);
    const bad = makeBundle({
      units: [{ id: 'u9', name: '新市', group: 'city' }],
      // e1 (new unit u9) is written first, then e2 refers to a unit that exists nowhere
      entries: [makeEntry({ id: 'e1', unitId: 'u9' }), makeEntry({ id: 'e2', unitId: 'ghost' })],
    });
    await expect(importBundle(db, A, bad, '办公室')).rejects.toThrow(/ghost/);
    expect(await dump(db)).toEqual(before);
  });

  it('refuses an entry id that is stored here for another unit, and changes nothing', async () => {
    await withBase({ entries: [makeEntry({ id: 'e1', unitId: 'u1' })] });
    const before = await dump(db);
    const moved = makeBundle({ entries: [makeEntry({ id: 'e1', unitId: 'u2', value: 3, rev: 2 })] });
    const report = await importBundle(db, A, moved, '办公室');
    expect(report.refused).toEqual({ code: 'entryOfAnotherCell', message: expect.stringMatching(/“e1”在本考核中属于单位“甲市”.*文件中却是单位“乙市”/) });
    expect(await dump(db)).toEqual(before);
    // the repository refuses it too, whichever way it comes
    await expect(saveEntry(db, A, makeEntry({ id: 'e1', unitId: 'u2', value: 3 }), 'as1')).rejects.toThrow(/“e1”已属于单位“u1”/);
    expect(await dump(db)).toEqual(before);
  });
});

describe('assessments', () => {
  it('loads the demo on first start only, once even when asked twice at the same time', async () => {
    db = freshDb();
    let fetches = 0;
    const fetchDemo = async () => {
      fetches += 1;
      return makeBundle({ assessment: { id: 'demo', name: '示例考核' } });
    };
    const [a, b] = await Promise.all([ensureDemo(db, fetchDemo), ensureDemo(db, fetchDemo)]);
    expect([a, b, fetches]).toEqual(['demo', 'demo', 1]);
    expect(await getCurrentAssessmentId(db)).toBe('demo');
    expect(await ensureDemo(db, fetchDemo)).toBeNull();
    expect(fetches).toBe(1);
  });

  it('resets the demo to its shipped content', async () => {
    db = freshDb();
    const demo = makeBundle({ assessment: { id: 'demo', name: '示例考核' }, entries: [makeEntry({ id: 'e1', value: 8 })] });
    await loadBundleAsNewAssessment(db, demo);
    await saveEntry(db, 'demo', makeEntry({ id: 'e1', value: 1 }), 'as1');
    await setCurrentAssessmentId(db, 'demo');
    await resetDemo(db, demo);
    expect((await loadAssessmentData(db, 'demo')).entries).toEqual(demo.entries);
    // it stays the open assessment: the app does not switch to another one in between
    expect(await getCurrentAssessmentId(db)).toBe('demo');
    expect((await auditLog(db, 'demo')).map((r) => r.action)).toEqual(['assessment.load']);
  });

  it('refuses to open a bundle of an assessment that is already here, unless as a copy', async () => {
    await withBase();
    await expect(loadBundleAsNewAssessment(db, makeBundle())).rejects.toBeInstanceOf(AssessmentExistsError);
    const copy = await loadBundleAsNewAssessment(db, makeBundle(), { asCopy: true });
    expect(copy).not.toBe(A);
    expect((await listAssessments(db)).map((a) => a.name).sort()).toEqual(['2024年度政务公开考核', '2024年度政务公开考核（副本）']);
  });

  it('creates an empty assessment with one group per rule set, pinned by hash', async () => {
    db = freshDb();
    const rs = makeTinyRuleSet();
    const id = await createEmptyAssessment(db, { name: '2025年度考核', year: 2025, ruleSets: [rs] }, '办公室');
    const data = await loadAssessmentData(db, id);
    expect(data.assessment.groups).toEqual([{ key: 'city', name: '市（州）政府', ruleSetId: 'city-tiny', ruleSetHash: contentHash(rs) }]);
    expect(data.ruleSets).toEqual([rs]);
    expect([data.units, data.entries]).toEqual([[], []]);
  });

  it('deletes an assessment with everything it owns and forgets it as current', async () => {
    await withBase({ entries: [makeEntry({ id: 'e1' })] });
    await setCurrentAssessmentId(db, A);
    await deleteAssessment(db, A);
    expect(await getCurrentAssessmentId(db)).toBeNull();
    for (const table of [db.assessments, db.units, db.assessors, db.unitPacks, db.audit]) expect(await table.count()).toBe(0);
    expect(await db.ruleSets.count()).toBe(1);
  });

  it('pins another rule-set version for a group, but only one written for that group', async () => {
    await withBase();
    const v2 = makeTinyRuleSet({ version: '2' });
    await setGroupRuleSet(db, A, 'city', v2, '办公室');
    const data = await loadAssessmentData(db, A);
    expect(data.assessment.groups[0]!.ruleSetHash).toBe(contentHash(v2));
    expect(data.ruleSets[0]!.version).toBe('2');
    await expect(setGroupRuleSet(db, A, 'dept', v2, '办公室')).rejects.toBeInstanceOf(IntegrityError);
  });
});

describe('units and assessors', () => {
  it('adds units only into a group of the assessment', async () => {
    await withBase();
    await upsertUnits(db, A, [{ id: 'u3', name: '丙市', group: 'city', objects: [] }], '办公室');
    await expect(upsertUnits(db, A, [{ id: 'd1', name: '某厅', group: 'dept', objects: [] }], '办公室')).rejects.toBeInstanceOf(IntegrityError);
    expect((await loadAssessmentData(db, A)).units.map((u) => u.id)).toEqual(['u1', 'u2', 'u3']);
  });

  it('deletes a unit with its entries, each logged', async () => {
    await withBase({ entries: [makeEntry({ id: 'e1' }), makeEntry({ id: 'e2', node: 'website' }), makeEntry({ id: 'e3', unitId: 'u2' })] });
    await deleteUnit(db, A, 'u1', '办公室', '合并机构');
    const data = await loadAssessmentData(db, A);
    expect(data.units.map((u) => u.id)).toEqual(['u2']);
    expect(data.entries.map((e) => e.id)).toEqual(['e3']);
    expect((await auditLog(db, A, { unitId: 'u1' })).map((r) => r.action)).toEqual(['unit.delete', 'entry.delete', 'entry.delete']);
  });

  it('adds an assessor', async () => {
    await withBase();
    await upsertAssessor(db, A, { id: 'as3', name: '王五', owns: ['website'] }, '办公室');
    expect((await loadAssessmentData(db, A)).assessors.map((a) => a.name)).toEqual(['张三', '李四', '王五']);
  });
});

describe('auditLog', () => {
  it('lists newest first and filters by unit, node, who and time', async () => {
    await withBase();
    await saveEntry(db, A, makeEntry({ id: 'e1' }), 'as1');
    await saveEntry(db, A, makeEntry({ id: 'e2', unitId: 'u2', node: 'website', findings: [{ id: 'f1', reason: '栏目更新不及时', count: 1 }] }), 'as2');
    await saveEntry(db, A, makeEntry({ id: 'e1', value: 2 }), 'as1');
    const all = await auditLog(db, A);
    expect(all.map((r) => r.entryId ?? r.action)).toEqual(['e1', 'e2', 'e1', 'assessment.load']);
    expect((await auditLog(db, A, { who: 'as2' })).map((r) => r.entryId)).toEqual(['e2']);
    expect((await auditLog(db, A, { node: 'website' })).map((r) => r.who)).toEqual(['as2']);
    const today = all[0]!.at.slice(0, 10);
    expect(await auditLog(db, A, { from: today, to: today })).toHaveLength(4);
    expect(await auditLog(db, A, { to: '2000-01-01' })).toEqual([]);
  });
});

describe('loadAssessmentData', () => {
  it('runs inside a live query and delivers the data again after a save', async () => {
    await withBase();
    const seen: number[] = [];
    const twice = new Promise<void>((resolve, reject) => {
      const sub = liveQuery(() => loadAssessmentData(db, A)).subscribe({
        next: (data) => {
          seen.push(data.entries.length);
          if (seen.length === 1) void saveEntry(db, A, makeEntry({ id: 'e1' }), 'as1');
          else {
            sub.unsubscribe();
            resolve();
          }
        },
        error: reject,
      });
    });
    await twice;
    expect(seen).toEqual([0, 1]);
  });
});

describe('requestPersistence', () => {
  it('reports not persisted when the storage API is absent', async () => {
    expect(await requestPersistence(undefined)).toEqual({ persisted: false });
  });

  it('asks for persistence and reports usage and quota', async () => {
    const storage = {
      persisted: async () => false,
      persist: async () => true,
      estimate: async () => ({ usage: 1200, quota: 5_000_000 }),
    };
    expect(await requestPersistence(storage)).toEqual({ persisted: true, usage: 1200, quota: 5_000_000 });
  });
});

describe('refusals of invalid data', () => {
  it('name the field in Chinese, as imports do, not in zod’s words', async () => {
    await withBase();
    const bad = { ...makeEntry({ id: 'e1' }), value: 'eight' } as unknown as Parameters<typeof saveEntry>[2];
    const refused = await saveEntry(db, A, bad, 'as1').catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(InvalidDataError);
    const [issue] = (refused as InvalidDataError).issues;
    expect(issue!.path).toBe('entries[e1].value');
    expect(issue!.message).toMatch(/^应为/);
  });
});
