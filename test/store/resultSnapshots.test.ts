/**
 * The stored results snapshot is handed out only while nothing has written the scoring inputs since it
 * was read: every write path moves the change count in its own transaction (store/inputChanges.ts).
 */
import type { IndexableTypeArrayReadonly } from 'dexie';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { KaoheDb } from '../../src/store/database';
import { dataTables } from '../../src/store/assessments';
import {
  addRuleSet,
  applyPulled,
  copyAssessmentToYear,
  deleteAssessment,
  deleteEntry,
  deleteUnit,
  editAssessment,
  importBundle,
  INPUT_TABLES,
  loadBundleAsNewAssessment,
  loadCountedData,
  lockAssessment,
  readInputChanges,
  readResultSnapshot,
  recordAppeal,
  saveEntry,
  setCurrentAssessmentId,
  setGroupRuleSet,
  setMeta,
  setStage,
  storeResultSnapshot,
  unlockAssessment,
  upsertAssessor,
  upsertUnits,
  type ResultSnapshotRow,
} from '../../src/store/repo';
import { makeBundle, makeEntry, makeTinyRuleSet } from '../fixtures/bundles';
import { freshDb } from './testDb';

const A = 'a-2024';
let db: KaoheDb;

beforeEach(async () => {
  db = freshDb();
  await loadBundleAsNewAssessment(db, makeBundle({ entries: [makeEntry({ id: 'e1', value: 8 }), makeEntry({ id: 'e2', unitId: 'u2', value: 6 })] }));
});
afterEach(() => db.close());

/** Stores a snapshot at the count read now, as the worker does after scoring one read. */
async function snapshotNow(assessmentId = A): Promise<ResultSnapshotRow> {
  const { changes } = await loadCountedData(db, assessmentId);
  const row: ResultSnapshotRow = { assessmentId, changes, frame: 'f', groups: [{ marker: 1 }], at: '2025-01-01T00:00:00.000Z' };
  expect(await storeResultSnapshot(db, row)).toBe(true);
  expect(await readResultSnapshot(db, assessmentId)).toEqual(row);
  return row;
}

const writes: [string, () => Promise<unknown>][] = [
  ['saving an entry', () => saveEntry(db, A, makeEntry({ id: 'e1', value: 9 }), 'as1')],
  ['saving a new entry', () => saveEntry(db, A, makeEntry({ id: 'e3', unitId: 'u2', node: 'basic', assessorId: 'as2', value: 5 }), 'as2')],
  ['deleting an entry', () => deleteEntry(db, A, 'e1', 'as1', '录错')],
  ['deleting a unit', () => deleteUnit(db, A, 'u2', '办公室')],
  ['adding a unit', () => upsertUnits(db, A, [{ id: 'u3', name: '丙市', group: 'city', objects: [] }], '办公室')],
  ['renaming an assessor', () => upsertAssessor(db, A, { id: 'as1', name: '张三丰', owns: [] }, '办公室')],
  ['storing a rule set', () => addRuleSet(db, makeTinyRuleSet({ version: '2' }))],
  ['changing a group’s rule set', () => setGroupRuleSet(db, A, 'city', makeTinyRuleSet({ version: '3' }), '办公室')],
  ['moving the stage', () => setStage(db, A, 'consultation', '办公室')],
  ['locking', () => lockAssessment(db, A, { inputsHash: 'sha256:x', results: [] }, '办公室')],
  ['renaming the assessment', () => editAssessment(db, A, { name: '改名', year: 2024 }, '办公室')],
  ['merging a bundle', () => importBundle(db, A, makeBundle({ entries: [makeEntry({ id: 'e9', unitId: 'u2', assessorId: 'as2', value: 3 })] }), '办公室')],
  ['a sync pull', () => applyPulled(db, A, [{ kind: 'entry', data: makeEntry({ id: 'e8', unitId: 'u2', assessorId: 'as2', value: 2, rev: 1 }) }], '同步')],
  ['opening another bundle', () => loadBundleAsNewAssessment(db, makeBundle({ assessment: { id: 'other' } }))],
  ['copying to a new year', () => copyAssessmentToYear(db, A, { name: '2025年度', year: 2025 }, '办公室')],
  ['deleting the assessment', () => deleteAssessment(db, A)],
];

describe('a stored results snapshot', () => {
  it('is handed out while nothing has written the inputs, also after writes elsewhere', async () => {
    await setStage(db, A, 'consultation', '办公室');
    const row = await snapshotNow();
    await setCurrentAssessmentId(db, A);
    await setMeta(db, 'anything', 1);
    // an appeal changes no score until it is decided and an entry is saved
    await recordAppeal(db, A, { unitId: 'u1', targets: [{ entryId: 'e1', node: 'basic', text: '分数有误' }], appellant: '甲市 王五', filedAt: '2025-01-24', reason: '已更新' }, '办公室');
    expect(await readResultSnapshot(db, A)).toEqual(row);
  });

  it.each(writes)('is out of date after %s', async (_, write) => {
    await snapshotNow();
    const before = await readInputChanges(db);
    await write();
    expect(await readInputChanges(db)).toBeGreaterThan(before);
    expect(await readResultSnapshot(db, A)).toBeUndefined();
  });

  it('is out of date after an unlock', async () => {
    await lockAssessment(db, A, { inputsHash: 'sha256:x', results: [] }, '办公室');
    await snapshotNow();
    await unlockAssessment(db, A, '办公室', '申诉成立，复核');
    expect(await readResultSnapshot(db, A)).toBeUndefined();
  });

  it('goes with its assessment when that is deleted', async () => {
    await snapshotNow();
    await deleteAssessment(db, A);
    expect(await db.resultSnapshots.get(A)).toBeUndefined();
  });

  it('is not stored when the inputs changed between its read and its writing', async () => {
    const { changes } = await loadCountedData(db, A);
    await saveEntry(db, A, makeEntry({ id: 'e1', value: 9 }), 'as1');
    expect(await storeResultSnapshot(db, { assessmentId: A, changes, frame: 'f', groups: [], at: 'x' })).toBe(false);
    expect(await db.resultSnapshots.count()).toBe(0);
  });

  it('counts the tables scoring reads, and only those', () => {
    expect(new Set(dataTables(db).map((t) => t.name))).toEqual(INPUT_TABLES);
  });

  // whatever function writes: every kind of write to every input table, outside and inside a transaction
  const kinds: [string, (name: string) => Promise<unknown>][] = [
    ['put of a row read', async (name) => {
      const t = db.table(name);
      const row: unknown = await t.toCollection().first();
      // a table whose key lies beside its rows (unitPacks) is given the key too
      return !t.schema.primKey.keyPath ? t.put(row, (await t.toCollection().primaryKeys())[0]) : t.put(row);
    }],
    ['modify', (name) => db.table(name).toCollection().modify(() => undefined).then(() => db.table(name).toCollection().modify((r: Record<string, unknown>) => void (r.touched = true)))],
    ['delete of a key', async (name) => db.table(name).delete((await db.table(name).toCollection().primaryKeys())[0] as never)],
    ['clear', (name) => db.table(name).clear()],
    ['bulkPut in a transaction with another table', (name) =>
      db.transaction('rw', [db.table(name), db.audit], async () => {
        const t = db.table(name);
        const rows = await t.toArray();
        return !t.schema.primKey.keyPath ? t.bulkPut(rows, (await t.toCollection().primaryKeys()) as IndexableTypeArrayReadonly) : t.bulkPut(rows);
      })],
  ];
  for (const name of ['assessments', 'ruleSets', 'units', 'assessors', 'unitPacks', 'selfAssessments']) {
    it.each(kinds)(`is out of date after a %s on ${name}`, async (_, write) => {
      if (name === 'selfAssessments')
        await db.selfAssessments.put({ assessmentId: A, unitId: 'u1', kind: 'imported', ruleSetHash: 'h', items: [], updatedAt: 'x', updatedBy: 'y' });
      await snapshotNow();
      await write(name);
      expect(await readResultSnapshot(db, A)).toBeUndefined();
    });
  }
});
