import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { deleteAssessment, loadBundleAsNewAssessment, readUnitPacks, saveEntries, watchEntryPacks, type KaoheDb } from '../../src/store/repo';
import { makeBundle, makeEntry } from '../fixtures/bundles';
import { freshDb } from './testDb';

let db: KaoheDb;
let stop: (() => void) | undefined;
afterEach(() => {
  stop?.();
  db?.close();
});

const settle = () => new Promise((r) => setTimeout(r, 30));

describe('watchEntryPacks', () => {
  it('names the units whose packs a commit wrote, of this assessment only, and null for a change it cannot tell unit by unit', async () => {
    db = freshDb();
    await loadBundleAsNewAssessment(db, makeBundle({ entries: [makeEntry({ id: 'e1' })] }));
    await loadBundleAsNewAssessment(db, makeBundle({ assessment: { id: 'other', name: '另一考核' }, entries: [makeEntry({ id: 'e1' })] }));
    const seen: (string[] | null)[] = [];
    stop = watchEntryPacks(db, 'a-2024', (units) => seen.push(units));

    await saveEntries(db, 'a-2024', [makeEntry({ id: 'e1', value: 3 }), makeEntry({ id: 'e2', unitId: 'u2', assessorId: 'as2', value: 4 })], 'as1');
    await saveEntries(db, 'other', [makeEntry({ id: 'e1', value: 5 })], 'as1');
    await settle();
    expect(seen).toEqual([['u1', 'u2']]);
    const [u1, u2] = await readUnitPacks(db, 'a-2024', seen[0]!);
    expect(u1!.packs.map((p) => [p.assessorId, p.entries.map((e) => [e.id, e.value])])).toEqual([['as1', [['e1', 3]]]]);
    expect(u2!.packs.map((p) => [p.assessorId, p.entries.map((e) => [e.id, e.value])])).toEqual([['as2', [['e2', 4]]]]);

    // a deleted assessment: its units are named, and read back without packs
    await deleteAssessment(db, 'a-2024');
    await settle();
    expect(seen.at(-1)).toEqual(expect.arrayContaining(['u1', 'u2']));
    expect(await readUnitPacks(db, 'a-2024', seen.at(-1)!)).toEqual(seen.at(-1)!.map((unitId) => ({ unitId, packs: [] })));

    await loadBundleAsNewAssessment(db, makeBundle({ entries: [makeEntry({ id: 'e1' })] }));
    await db.unitPacks.clear(); // every key at once: told as a whole
    await settle();
    expect(seen.at(-1)).toBeNull();
  });
});
