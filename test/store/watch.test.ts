import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { deleteAssessment, loadBundleAsNewAssessment, readEntryPacks, saveEntries, watchEntryPacks, type KaoheDb, type PackRef } from '../../src/store/repo';
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
  it('names the packs a commit wrote, of this assessment only, and null for a change it cannot tell pack by pack', async () => {
    db = freshDb();
    await loadBundleAsNewAssessment(db, makeBundle({ entries: [makeEntry({ id: 'e1' })] }));
    await loadBundleAsNewAssessment(db, makeBundle({ assessment: { id: 'other', name: '另一考核' }, entries: [makeEntry({ id: 'e1' })] }));
    const seen: (PackRef[] | null)[] = [];
    stop = watchEntryPacks(db, 'a-2024', (packs) => seen.push(packs));

    await saveEntries(db, 'a-2024', [makeEntry({ id: 'e1', value: 3 }), makeEntry({ id: 'e2', unitId: 'u2', assessorId: 'as2', value: 4 })], 'as1');
    await saveEntries(db, 'other', [makeEntry({ id: 'e1', value: 5 })], 'as1');
    await settle();
    expect(seen).toEqual([[
      { unitId: 'u1', assessorId: 'as1' },
      { unitId: 'u2', assessorId: 'as2' },
    ]]);
    const [u1, u2] = await readEntryPacks(db, 'a-2024', seen[0]!);
    expect(u1!.map((e) => [e.id, e.value])).toEqual([['e1', 3]]);
    expect(u2!.map((e) => [e.id, e.value])).toEqual([['e2', 4]]);

    // a deleted assessment: its packs are named, and read back empty
    await deleteAssessment(db, 'a-2024');
    await settle();
    expect(seen.at(-1)).toEqual(expect.arrayContaining([{ unitId: 'u1', assessorId: 'as1' }]));
    expect(await readEntryPacks(db, 'a-2024', seen.at(-1)!)).toEqual(seen.at(-1)!.map(() => []));

    await loadBundleAsNewAssessment(db, makeBundle({ entries: [makeEntry({ id: 'e1' })] }));
    await db.entryPacks.clear(); // every key at once: told as a whole
    await settle();
    expect(seen.at(-1)).toBeNull();
  });
});
