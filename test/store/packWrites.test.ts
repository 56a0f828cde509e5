/**
 * A new assessment's packs are written a slice of units at a time (addPacks, addReadPackSlices): every pack is
 * stored once, in its unit's row, as one write of all of them stores it; the progress heard counts entries
 * up to the whole, never backwards; a unit's packs split between two slices still go to one row; and a
 * slice that fails leaves nothing of the transaction behind.
 */
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import Dexie from 'dexie';
import { loadBundleAsNewAssessment, readAllUnitPacks } from '../../src/store/repo';
import { addPacks, packsOf } from '../../src/store/packs';
import { addReadPackSlices } from '../../src/store/fedBundle';
import type { ReadPack } from '../../src/model/scannedPack';
import { unitPackKeys, unitRowsOf, type EntryPackRow } from '../../src/store/schema';
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

/** Packs as a file being read gives them: their entries, without the assessment. */
const readPacks = (packs: readonly EntryPackRow[]): ReadPack[] => packs.map(({ unitId, assessorId, entries }) => ({ unitId, assessorId, entries }));

describe('writing a new assessment’s packs in slices', () => {
  it('stores every pack once and tells the entries stored, rising to the whole', async () => {
    const bundle = bigBundle(700); // 700 units, 1,400 packs: five slices of at most 170 units
    const sliced = freshDb();
    const whole = freshDb();
    try {
      const heard: [number, number][] = [];
      await loadBundleAsNewAssessment(sliced, bundle, { stored: (n, total) => heard.push([n, total]) });
      // the same packs in one write, as before slicing
      const rows = unitRowsOf(packsOf('a-2024', bundle.entries));
      await whole.transaction('rw', whole.unitPacks, () => whole.unitPacks.bulkAdd(rows, unitPackKeys(rows)));
      const read = await readAllUnitPacks(sliced, 'a-2024');
      expect(read).toEqual(await readAllUnitPacks(whole, 'a-2024'));
      expect(read).toHaveLength(700);
      expect(heard.length).toBe(5);
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
      const failing = db.transaction('rw', db.unitPacks, async () => {
        await db.unitPacks.add({ assessmentId: 'a-x', unitId: packs[1100]!.unitId, packs: [{ ...packs[1100]! }] }, ['a-x', packs[1100]!.unitId]);
        await addPacks(db, packs);
      });
      await expect(failing).rejects.toBeInstanceOf(Dexie.BulkError);
      expect(await dump(db)).toEqual(before);
    } finally {
      db.close();
    }
  });

  it('keeps a unit whose packs two slices share in one row, and tells every pack written', async () => {
    const db = freshDb();
    try {
      const packs = readPacks(packsOf('a-y', bigBundle(10).entries)); // 10 units × 2 assessors
      // slices of 3 packs: every other slice ends inside a unit
      const slices: ReadPack[][] = [];
      for (let i = 0; i < packs.length; i += 3) slices.push(packs.slice(i, i + 3));
      const written: number[] = [];
      await db.transaction('rw', db.unitPacks, () => addReadPackSlices(db, 'a-y', () => slices.shift(), (n) => written.push(n)));
      expect(written.reduce((a, b) => a + b, 0)).toBe(packs.length);
      expect(await db.unitPacks.count()).toBe(10);
      expect((await readAllUnitPacks(db, 'a-y')).map((u) => u.packs.map((p) => p.assessorId))).toEqual(Array.from({ length: 10 }, () => ['as1', 'as2']));
    } finally {
      db.close();
    }
  });

  it('refuses a unit whose packs come apart, and leaves nothing behind', async () => {
    const db = freshDb();
    try {
      const before = await dump(db);
      const packs = readPacks(packsOf('a-z', bigBundle(4).entries));
      // unit u0000's second pack comes after the other units' packs
      const apart = [packs[0]!, ...packs.slice(2), packs[1]!];
      const slices = [apart.slice(0, 4), apart.slice(4)];
      const failing = db.transaction('rw', db.unitPacks, () => addReadPackSlices(db, 'a-z', () => slices.shift(), () => undefined));
      await expect(failing).rejects.toBeInstanceOf(Dexie.BulkError);
      expect(await dump(db)).toEqual(before);
    } finally {
      db.close();
    }
  });
});
