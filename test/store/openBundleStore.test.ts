/**
 * Storing an opened bundle: packs made from entries in any order equal packs made one key per entry,
 * sorted by id; a bundle the bundle door passed is stored without its entries being walked again, and
 * one it did not pass (built in code) is still refused by the store's own checks, nothing stored.
 */
import 'fake-indexeddb/auto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseBundle, serializeBundle } from '../../src/formats/bundle';
import { isCheckedBundle } from '../../src/model/checkedBundle';
import type { ScoreEntry } from '../../src/model/entries';
import { IntegrityError, listAssessments, loadAssessmentData, loadBundleAsNewAssessment } from '../../src/store/repo';
import { packsOf } from '../../src/store/packs';
import { makeBundle, makeEntry } from '../fixtures/bundles';
import { dump, freshDb } from './testDb';

/** packsOf as it was: one key per entry, every pack sorted */
function packsByKey(assessmentId: string, entries: readonly ScoreEntry[]) {
  const groups = new Map<string, ScoreEntry[]>();
  for (const e of entries) {
    const k = JSON.stringify([e.unitId, e.assessorId]);
    groups.set(k, [...(groups.get(k) ?? []), e]);
  }
  return [...groups.values()].map((l) => ({
    assessmentId,
    unitId: l[0]!.unitId,
    assessorId: l[0]!.assessorId,
    entries: [...l].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
  }));
}

describe('packs of a new assessment', () => {
  it('groups interleaved runs by unit and assessor, each pack sorted by id', () => {
    const e = (id: string, unitId: string, assessorId: string) => makeEntry({ id, unitId, assessorId });
    const packs = packsOf('a', [e('e3', 'u1', 'as1'), e('e1', 'u1', 'as1'), e('e2', 'u2', 'as1'), e('e0', 'u1', 'as1'), e('e4', 'u1', 'as2')]);
    expect(packs.map((p) => [p.unitId, p.assessorId, p.entries.map((x) => x.id)])).toEqual([
      ['u1', 'as1', ['e0', 'e1', 'e3']],
      ['u2', 'as1', ['e2']],
      ['u1', 'as2', ['e4']],
    ]);
  });

  it('equals one key per entry for any order of entries', () => {
    const entry = fc.record({ unitId: fc.constantFrom('u1', 'u2', 'u3'), assessorId: fc.constantFrom('as1', 'as2'), id: fc.string({ minLength: 1, maxLength: 4 }) });
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 40 }), (raw) => {
        const entries = raw.map((r, i) => makeEntry({ ...r, id: `${r.id}${i}` }));
        expect(packsOf('a', entries)).toEqual(packsByKey('a', entries));
      }),
      { numRuns: 200 },
    );
  });
});

describe('a checked bundle is not checked again when stored', () => {
  const entries = [makeEntry({ id: 'e1' }), makeEntry({ id: 'e2', assessorId: 'as2' })];

  it('marks what parseBundle passes, and only that', () => {
    const built = makeBundle({ entries });
    expect(isCheckedBundle(built)).toBe(false);
    const parsed = parseBundle(serializeBundle(built), 'a.json');
    expect(parsed.ok && isCheckedBundle(parsed.bundle)).toBe(true);
  });

  it('stores a parsed bundle whole, as a built one is stored', async () => {
    const db = freshDb();
    try {
      const parsed = parseBundle(serializeBundle(makeBundle({ entries })), 'a.json');
      if (!parsed.ok) throw new Error('the fixture should parse');
      await loadBundleAsNewAssessment(db, parsed.bundle);
      expect((await loadAssessmentData(db, 'a-2024')).entries.map((e) => [e.id, e.unitId, e.assessorId])).toEqual([
        ['e1', 'u1', 'as1'],
        ['e2', 'u1', 'as2'],
      ]);
    } finally {
      db.close();
    }
  });

  it('still refuses a built bundle with a duplicate id or an unknown unit, storing nothing', async () => {
    const db = freshDb();
    try {
      const dup = makeBundle({ entries: [makeEntry({ id: 'e1' }), makeEntry({ id: 'e1', assessorId: 'as2' })] });
      await expect(loadBundleAsNewAssessment(db, dup)).rejects.toThrow(/评分记录 id“e1”重复/);
      const stray = makeBundle({ entries: [makeEntry({ id: 'e1', unitId: 'u9' })] });
      await expect(loadBundleAsNewAssessment(db, stray)).rejects.toBeInstanceOf(IntegrityError);
      expect(await listAssessments(db)).toEqual([]);
    } finally {
      db.close();
    }
  });

  it('stores nothing when the unit rows are refused while the entries are written (they are written side by side)', async () => {
    const db = freshDb();
    try {
      const before = await dump(db);
      const twice = makeBundle({ units: [{ id: 'u1', name: '甲市', group: 'city' }, { id: 'u1', name: '甲市（重复）', group: 'city' }] });
      await expect(loadBundleAsNewAssessment(db, twice)).rejects.toThrow(/units\.bulkAdd/);
      expect(await dump(db)).toEqual(before);
    } finally {
      db.close();
    }
  });
});
