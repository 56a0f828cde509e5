/**
 * A new assessment's packs are written a slice at a time (addPacks): every pack is stored once, as one
 * write of all of them stores it; the progress heard counts entries up to the whole, never backwards;
 * and a slice that fails leaves nothing of the transaction behind.
 */
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import Dexie from 'dexie';
import { loadBundleAsNewAssessment, readAllEntryPacks } from '../../src/store/repo';
import { addPacks, packsOf } from '../../src/store/packs';
import type { ScoreEntry } from '../../src/model/entries';
import { makeBundle, makeEntry } from '../fixtures/bundles';
import { dump, freshDb } from './testDb';

/** `units` units × 2 assessors, one or two entries each: more packs than one slice holds */
function bigBundle(units: number) {
  const us = Array.from({ length: units }, (_, i) => ({ id: `u${String(i).padStart(4, '0')}`, name: `单位${i}`, group: 'city' }));
  const entries: ScoreEntry[] = [];
  for (const [i, u] of us.entries())
    for (const a of ['as1', 'as2']) {
      entries.push(makeEntry({ id: `${u.id}:basic:${a}`, unitId: u.id, assessorId: a, value: (i % 10) + 0.5 }));
      if (i % 3 === 0) entries.push(makeEntry({ id: `${u.id}:website:${a}`, unitId: u.id, assessorId: a, node: 'website', value: undefined, findings: [] }));
    }
  return makeBundle({ units: us, entries });
}

describe('writing a new assessment’s packs in slices', () => {
  it('stores every pack once and tells the entries stored, rising to the whole', async () => {
    const bundle = bigBundle(700); // 1,400 packs: three slices
    const sliced = freshDb();
    const whole = freshDb();
    try {
      const heard: [number, number][] = [];
      await loadBundleAsNewAssessment(sliced, bundle, { stored: (n, total) => heard.push([n, total]) });
      // the same packs in one write, as before slicing
      await whole.transaction('rw', whole.entryPacks, () => whole.entryPacks.bulkAdd(packsOf('a-2024', bundle.entries)));
      expect(await readAllEntryPacks(sliced, 'a-2024')).toEqual(await readAllEntryPacks(whole, 'a-2024'));
      expect(heard.length).toBe(3);
      expect(heard.every(([, total]) => total === bundle.entries.length)).toBe(true);
      expect(heard.map(([n]) => n)).toEqual([...heard.map(([n]) => n)].sort((a, b) => a - b));
      expect(heard.at(-1)![0]).toBe(bundle.entries.length);
    } finally {
      sliced.close();
      whole.close();
    }
  });

  it('leaves nothing behind when a later slice fails', async () => {
    const db = freshDb();
    try {
      const before = await dump(db);
      const packs = Array.from({ length: 1200 }, (_, i) => ({
        assessmentId: 'a-x',
        unitId: `u${String(i).padStart(4, '0')}`,
        assessorId: 'as1',
        entries: [makeEntry({ id: `u${String(i).padStart(4, '0')}:basic:as1`, unitId: `u${String(i).padStart(4, '0')}` })],
      }));
      // the third slice holds a pack already added in this transaction: its write fails
      const failing = db.transaction('rw', db.entryPacks, async () => {
        await db.entryPacks.add({ ...packs[1100]! });
        await addPacks(db, packs);
      });
      await expect(failing).rejects.toBeInstanceOf(Dexie.BulkError);
      expect(await dump(db)).toEqual(before);
    } finally {
      db.close();
    }
  });
});
