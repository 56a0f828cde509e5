/**
 * The count of writes to an assessment's packs of entries (readPackChanges): moved by every write that
 * changes that assessment's packs, whichever way it writes, and by none that changes only another's;
 * a write that names no assessment (a clear) moves every assessment's reading.
 */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import {
  applyEntryChanges,
  deleteAssessment,
  deleteUnit,
  importBundle,
  loadBundleAsNewAssessment,
  readPackChanges,
  saveEntries,
  type KaoheDb,
} from '../../src/store/repo';
import { makeBundle, makeEntry } from '../fixtures/bundles';
import { freshDb } from './testDb';

let db: KaoheDb;
afterEach(() => db?.close());

const A = 'a-2024';
const B = 'b-2024';

/** Runs `write` and tells which of A and B it moved. */
async function moved(write: () => Promise<unknown>): Promise<string[]> {
  const before = [await readPackChanges(db, A), await readPackChanges(db, B)];
  await write();
  const after = [await readPackChanges(db, A), await readPackChanges(db, B)];
  return [A, B].filter((_, i) => before[i] !== after[i]);
}

describe('writes to an assessment’s packs', () => {
  it('move its count and not another’s, by each write path', async () => {
    db = freshDb();
    const entries = [makeEntry({ id: 'e1' }), makeEntry({ id: 'e2', unitId: 'u2', assessorId: 'as2' })];
    expect(await moved(() => loadBundleAsNewAssessment(db, makeBundle({ entries })))).toEqual([A]);
    expect(await moved(() => loadBundleAsNewAssessment(db, makeBundle({ assessment: { id: B }, entries })))).toEqual([B]);
    expect(await moved(() => saveEntries(db, A, [makeEntry({ id: 'e1', value: 3 })], 'as1'))).toEqual([A]);
    expect(await moved(() => applyEntryChanges(db, B, [], [entries[0]!], '办公室', '撤销'))).toEqual([B]);
    expect(await moved(() => importBundle(db, A, makeBundle({ entries: [makeEntry({ id: 'e3', assessorId: 'as2', value: 1 })] }), '办公室'))).toEqual([A]);
    expect(await moved(() => deleteUnit(db, B, 'u2', '办公室'))).toEqual([B]);
    // a write with no packs in it moves neither
    expect(await moved(() => saveEntries(db, A, [], 'as1'))).toEqual([]);
    expect(await moved(() => deleteAssessment(db, A))).toEqual([A]);
    // a clear names no assessment: every reading moves
    expect(await moved(() => db.unitPacks.clear())).toEqual([A, B]);
  });

  it('are counted once per transaction, and not counted when it fails', async () => {
    db = freshDb();
    await loadBundleAsNewAssessment(db, makeBundle({ entries: [makeEntry({ id: 'e1' })] }));
    const before = await readPackChanges(db, A);
    const row = (value: number) => ({ assessmentId: A, unitId: 'u1', packs: [{ assessmentId: A, unitId: 'u1', assessorId: 'as1', entries: [makeEntry({ id: 'e1', value })] }] });
    const failing = db.transaction('rw', db.unitPacks, async () => {
      await db.unitPacks.put(row(2), [A, 'u1']);
      throw new Error('stop');
    });
    await expect(failing).rejects.toThrow('stop');
    expect(await readPackChanges(db, A)).toBe(before);
    const [own] = before.split('/').map(Number);
    await db.transaction('rw', db.unitPacks, async () => {
      for (const value of [1, 2, 3]) await db.unitPacks.put(row(value), [A, 'u1']);
    });
    expect(await readPackChanges(db, A)).toBe(`${own! + 1}/0`);
  });
});
