/**
 * A unit's packs in one row (database version 10): each assessor's pack in it, sorted by assessor; a
 * pack goes from the row with its last entry, and the row with the unit's last entry; one assessor's
 * packs are still read alone; a row that holds no list of packs is named as damaged.
 */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import type { KaoheDb } from '../../src/store/database';
import { CorruptDataError } from '../../src/store/errors';
import { loadData } from '../../src/store/assessments';
import { deleteEntry, loadAssessmentData, loadBundleAsNewAssessment, saveEntries } from '../../src/store/repo';
import type { UnitPacksRow } from '../../src/store/schema';
import { makeBundle, makeEntry } from '../fixtures/bundles';
import { freshDb } from './testDb';

const A = 'a-2024';
let db: KaoheDb;
afterEach(() => db?.close());

const assessorsOf = async (unitId: string) => (await db.unitPacks.get([A, unitId]))?.packs.map((p) => [p.assessorId, p.entries.map((e) => e.id)]);

describe("a unit's packs in one row", () => {
  it('holds each assessor’s pack, drops a pack with its last entry and the row with the unit’s last', async () => {
    db = freshDb();
    await loadBundleAsNewAssessment(db, makeBundle({ entries: [] }));
    await saveEntries(db, A, [makeEntry({ id: 'u1:basic:as2', assessorId: 'as2' }), makeEntry({ id: 'u1:basic:as1' }), makeEntry({ id: 'u2:basic:as1', unitId: 'u2' })], 'as1');
    expect(await db.unitPacks.count()).toBe(2);
    expect(await assessorsOf('u1')).toEqual([
      ['as1', ['u1:basic:as1']],
      ['as2', ['u1:basic:as2']],
    ]);
    expect((await loadData(db, A, 'as2')).entries.map((e) => e.id)).toEqual(['u1:basic:as2']);

    await deleteEntry(db, A, 'u1:basic:as1', 'as1');
    expect(await assessorsOf('u1')).toEqual([['as2', ['u1:basic:as2']]]);
    await deleteEntry(db, A, 'u1:basic:as2', 'as2');
    expect(await db.unitPacks.get([A, 'u1'])).toBeUndefined();
    expect((await loadAssessmentData(db, A)).entries.map((e) => e.id)).toEqual(['u2:basic:as1']);
  });

  it('names a row that holds no list of packs as damaged, with its key', async () => {
    db = freshDb();
    await loadBundleAsNewAssessment(db, makeBundle({ entries: [makeEntry({ id: 'u1:basic:as1' })] }));
    await db.unitPacks.put({ assessmentId: A, unitId: 'u1', packs: 'lost' } as unknown as UnitPacksRow, [A, 'u1']);
    const read = loadAssessmentData(db, A);
    await expect(read).rejects.toBeInstanceOf(CorruptDataError);
    await expect(read).rejects.toMatchObject({ issues: [{ path: 'unitPacks[["a-2024","u1"]].packs' }] });
  });
});
