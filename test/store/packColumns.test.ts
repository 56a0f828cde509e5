import Dexie from 'dexie';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KaoheDb } from '../../src/store/database';
import { decodePack, decodeUnitPacks, encodePack, encodeUnitPacks, isStoredPack, type StoredUnitPacksRow } from '../../src/store/packCodec';
import { loadAssessmentData, saveEntry } from '../../src/store/repo';
import type { EntryPackRow, UnitPacksRow } from '../../src/store/schema';
import type { ScoreEntry } from '../../src/model/entries';
import { cellEntryId } from '../../src/model/cellId';
import { makeBundle, makeEntry } from '../fixtures/bundles';
import { deleteAssessment, loadBundleAsNewAssessment } from '../../src/store/assessments';
import { STORES_V7, STORES_V8, STORES_V9 } from '../../src/store/schema';
import { fakeIdb, freshDb, rawRows } from './testDb';

const UNIT = 'u1';
const ASSESSOR = 'as1';

/** Findings as the schema has them (its key order, some fields left out), and now and then one the columns cannot hold. */
const findingArb: fc.Arbitrary<Record<string, unknown>> = fc.oneof(
  { weight: 8, arbitrary: fc.record(
    {
      id: fc.string({ minLength: 1, maxLength: 4 }),
      checkpoint: fc.constantFrom('cp1', '检查点', ''),
      count: fc.integer({ min: 1, max: 3 }),
      points: fc.constantFrom(0.5, 1, 2),
      reason: fc.string({ minLength: 1 }),
      evidence: fc.constantFrom('截图', 'two\nlines', ''),
    },
    { requiredKeys: ['id'] },
  ) },
  // a text holding the columns' separator, another field, the fields in another order, a number the columns do not keep
  { weight: 1, arbitrary: fc.constantFrom<Record<string, unknown>>({ id: 'f\u001f', reason: '原因' }, { id: 'f9', reason: '原因', extra: 1 }, { reason: '原因', id: 'f8' }, { id: 'f7', count: -0, reason: '原因' }, { id: 'f6', points: Number.NaN, reason: '原因' }) },
);

/** Entries of one pack, in the schema's key order, with every optional field sometimes present. */
const entryArb: fc.Arbitrary<ScoreEntry> = fc
  .record(
    {
      node: fc.constantFrom('basic', 'key_1', 'web', '节点', '', 'two\nlines'),
      objectId: fc.constantFrom('site1', 'wx'),
      ownId: fc.boolean(),
      otherId: fc.string({ minLength: 1, maxLength: 8 }),
      value: fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constant(-0), fc.integer({ min: -5, max: 100 })),
      checks: fc.dictionary(fc.string({ minLength: 1, maxLength: 4 }), fc.boolean()),
      findings: fc.array(findingArb, { maxLength: 3 }),
      triggered: fc.boolean(),
      notApplicable: fc.boolean(),
      note: fc.string(),
      rev: fc.nat(),
      updatedAt: fc.constantFrom('2026-12-01T08:00:00.000Z', '2026-12-02T09:30:00.000Z'),
      updatedBy: fc.constantFrom('张三', '李四'),
    },
    { requiredKeys: ['node', 'ownId', 'otherId'] },
  )
  .map(({ node, objectId, ownId, otherId, ...rest }) => {
    const cell = { unitId: UNIT, node, assessorId: ASSESSOR, ...(objectId !== undefined && { objectId }) };
    const id = ownId ? cellEntryId(cell) : otherId;
    const { value, checks, findings, triggered, notApplicable, note, rev, updatedAt, updatedBy } = rest;
    return {
      id,
      unitId: UNIT,
      node,
      assessorId: ASSESSOR,
      ...(objectId !== undefined && { objectId }),
      ...(value !== undefined && { value }),
      ...(checks !== undefined && { checks }),
      ...(findings !== undefined && { findings }),
      ...(triggered !== undefined && { triggered }),
      ...(notApplicable !== undefined && { notApplicable }),
      ...(note !== undefined && { note }),
      ...(rev !== undefined && { rev }),
      ...(updatedAt !== undefined && { updatedAt }),
      ...(updatedBy !== undefined && { updatedBy }),
    } as ScoreEntry;
  });

const packOf = (entries: ScoreEntry[]): EntryPackRow => ({ assessmentId: 'a1', unitId: UNIT, assessorId: ASSESSOR, entries });

describe('packs of entries in columns', () => {
  it('reads back every pack exactly as written: the same fields, values and key order', () => {
    fc.assert(
      fc.property(fc.array(entryArb, { maxLength: 30 }), (entries) => {
        const row = packOf(entries);
        const stored = structuredClone(encodePack(row));
        expect(isStoredPack(stored)).toBe(true);
        const back = decodePack(stored);
        // what IndexedDB gave back of the row stored whole (plain objects, as a clone makes them)
        expect(back).toStrictEqual(structuredClone(row));
        back.entries.forEach((e, i) => {
          expect(Object.keys(e)).toEqual(Object.keys(entries[i]!));
          // -0 stays -0 (toStrictEqual tells them apart only through Object.is on each value)
          if (entries[i]!.value !== undefined) expect(Object.is(e.value, entries[i]!.value)).toBe(true);
          e.findings?.forEach((f, k) => {
            const given = entries[i]!.findings![k]!;
            expect(Object.keys(f)).toEqual(Object.keys(given));
            for (const key of Object.keys(f)) expect(Object.is(f[key as keyof typeof f], given[key as keyof typeof given])).toBe(true);
          });
        });
      }),
      { numRuns: 300 },
    );
  });

  it('keeps a pack’s nodes as one string, and as a list where a node holds a line break', () => {
    const e = (node: string) => ({ id: `${UNIT}:${node}:${ASSESSOR}`, unitId: UNIT, node, assessorId: ASSESSOR, value: 1 }) as ScoreEntry;
    const joined = encodePack(packOf([e('basic'), e('web'), e('')]));
    expect(isStoredPack(joined) && joined.columns.node).toBe('basic\nweb\n');
    expect(decodePack(joined).entries.map((x) => x.node)).toEqual(['basic', 'web', '']);
    const listed = encodePack(packOf([e('basic'), e('a\nb')]));
    expect(isStoredPack(listed) && listed.columns.node).toEqual(['basic', 'a\nb']);
    expect(decodePack(listed).entries.map((x) => x.node)).toEqual(['basic', 'a\nb']);
    const empty = encodePack(packOf([]));
    expect(isStoredPack(empty) && empty.columns.node).toEqual([]);
    expect(decodePack(empty).entries).toEqual([]);
  });

  it('keeps one revision for a pack whose entries all have it, and a column otherwise', () => {
    const e = (node: string, rev?: number) => ({ id: `${UNIT}:${node}:${ASSESSOR}`, unitId: UNIT, node, assessorId: ASSESSOR, value: 1, ...(rev !== undefined && { rev }) }) as ScoreEntry;
    const revs = (entries: ScoreEntry[]) => {
      const stored = encodePack(packOf(entries));
      expect(decodePack(structuredClone(stored))).toStrictEqual(packOf(entries));
      return isStoredPack(stored) ? stored.columns.rev : 'whole';
    };
    expect(revs([e('a', 3), e('b', 3)])).toBe(3);
    expect(revs([e('a', 3), e('b', 4)])).toEqual(new Float64Array([3, 4]));
    expect(revs([e('a', 3), e('b')])).toEqual(new Float64Array([3, NaN]));
    expect(revs([e('a'), e('b', 3)])).toEqual(new Float64Array([NaN, 3]));
    expect(revs([e('a', 0), e('b', -0)])).toEqual(new Float64Array([0, -0]));
    expect(revs([e('a'), e('b')])).toBeUndefined();
  });

  it('keeps findings in columns, and as a list in a pack with any finding the columns cannot hold', () => {
    const e = (node: string, findings: unknown[]) => ({ id: `${UNIT}:${node}:${ASSESSOR}`, unitId: UNIT, node, assessorId: ASSESSOR, findings }) as ScoreEntry;
    const stored = (entries: ScoreEntry[]) => {
      const row = encodePack(packOf(entries));
      expect(decodePack(structuredClone(row))).toStrictEqual(packOf(entries));
      return isStoredPack(row) ? row.columns : undefined;
    };
    const common = stored([
      e('basic', [{ id: 'f0', count: 1, reason: '未公开' }, { id: 'f1', checkpoint: 'cp', count: 2, reason: '逾期' }]),
      e('key', []),
      e('web', [{ id: 'f0', count: 1, points: 0.5, reason: '栏目空白', evidence: '截图\n两张' }]),
    ]);
    expect(common?.findings).toBeUndefined();
    expect(common?.findingColumns).toEqual({
      // whole numbers as character codes (since version 11)
      entry: '\u0000\u0001\u0002',
      size: '\u0002\u0000\u0001',
      has: String.fromCharCode(0b10101, 0b10111, 0b111101),
      id: 'f0\u001ff1\u001ff0',
      checkpoint: 'cp',
      count: new Float64Array([1, 2, 1]),
      points: 0.5,
      reason: '未公开\u001f逾期\u001f栏目空白',
      evidence: '截图\n两张',
    });
    for (const odd of [{ id: 'f\u001f', reason: 'x' }, { reason: 'x', id: 'f0' }, { id: 'f0', reason: 'x', extra: true }, { id: 'f0', count: '1', reason: 'x' }, { id: 'f0', count: Infinity, reason: 'x' }]) {
      const listed = stored([e('basic', [{ id: 'f9', count: 1, reason: '未公开' }]), e('key', [odd])]);
      expect(listed?.findingColumns).toBeUndefined();
      expect(listed?.findings).toEqual([0, [{ id: 'f9', count: 1, reason: '未公开' }], 1, [odd]]);
    }
  });

  it('reads finding columns as versions 9 and 10 wrote them (typed arrays), and keeps any whole number exactly', () => {
    const findings = [{ id: 'f0', count: 1, reason: '未公开' }, { id: 'f1', checkpoint: 'cp', count: 2, reason: '逾期' }];
    const pack = packOf([{ id: `${UNIT}:basic:${ASSESSOR}`, unitId: UNIT, node: 'basic', assessorId: ASSESSOR, findings } as ScoreEntry]);
    const row = encodePack(pack);
    if (!isStoredPack(row)) throw new Error('not in columns');
    const older = structuredClone(row);
    older.columns.findingColumns = { ...older.columns.findingColumns!, entry: new Uint32Array([0]), size: new Uint32Array([2]), has: new Uint8Array([0b10101, 0b10111]) };
    expect(decodePack(older)).toStrictEqual(pack);
    // codes in the surrogate range and past it (a pack of 70,000 entries) come back as they were
    for (const n of [0xd800 + 2, 70_000]) {
      const entries = Array.from({ length: n }, (_, i) => ({ id: `${UNIT}:n${i}:${ASSESSOR}`, unitId: UNIT, node: `n${i}`, assessorId: ASSESSOR, ...(i >= n - 2 ? { findings } : {}) }) as ScoreEntry);
      const big = packOf(entries);
      const stored = encodePack(big);
      if (!isStoredPack(stored)) throw new Error('not in columns');
      expect(typeof stored.columns.findingColumns!.entry).toBe(n > 0xffff ? 'object' : 'string');
      expect(decodePack(structuredClone(stored))).toStrictEqual(big);
    }
  });

  it('stores as given what columns cannot hold exactly', () => {
    const good = makeEntry({ id: 'u1:basic:as1' });
    const cases: EntryPackRow[] = [
      packOf([good, { ...good, id: 'x', unitId: 'u2' }]), // an entry of another unit
      packOf([{ ...good, value: Number.NaN }]),
      packOf([{ ...good, value: '8' as unknown as number }]),
      packOf([{ ...good, id: 7 as unknown as string }]),
      { ...packOf([good]), ids: ['u1:basic:as1'] } as EntryPackRow, // a version 3 row with its index field
    ];
    for (const row of cases) {
      expect(encodePack(row)).toBe(row);
      expect(decodePack(row)).toBe(row);
    }
  });

  it('keeps an unforeseen field of an entry, and drops only fields that are undefined', () => {
    const e = { ...makeEntry({ id: 'u1:basic:as1' }), extra: { a: 1 }, gone: undefined } as unknown as ScoreEntry;
    const back = decodePack(structuredClone(encodePack(packOf([e]))));
    expect(back.entries[0]).toStrictEqual({ ...makeEntry({ id: 'u1:basic:as1' }), extra: { a: 1 } });
  });
});

/** The version 6 stores as released (a copy: the test must not follow later edits). */
const RELEASED_V6 = {
  assessments: 'id, year, status',
  ruleSets: 'hash, id',
  units: '[assessmentId+id], assessmentId, group',
  assessors: '[assessmentId+id], assessmentId',
  audit: '++seq, assessmentId',
  snapshots: '++id, assessmentId',
  meta: 'key',
  conflicts: '[assessmentId+id], assessmentId',
  entryPacks: '[assessmentId+unitId+assessorId], assessmentId, [assessmentId+assessorId]',
  removals: '[assessmentId+id], assessmentId',
  appeals: '[assessmentId+id], assessmentId, [assessmentId+unitId]',
  ruleDrafts: 'id, assessmentId',
  files: 'hash',
  attachments: '[assessmentId+id], assessmentId, [assessmentId+ownerId], hash',
  selfAssessments: '[assessmentId+unitId], assessmentId',
  inputChanges: 'key',
  resultSnapshots: 'assessmentId',
};

/** Every pack as stored since version 10, unit row by unit row. */
const storedPacks = async (db: KaoheDb) => (await db.unitPacks.toArray()).flatMap((r) => r.packs);

/** A unit's row as IndexedDB holds it: every pack in columns, no entry objects. */
function expectInColumns(row: unknown): StoredUnitPacksRow['inColumns'] {
  expect(row).toHaveProperty('inColumns');
  expect(row).not.toHaveProperty('packs');
  const { inColumns } = row as StoredUnitPacksRow;
  for (const p of inColumns) expect(Object.keys(p).sort()).toEqual(['assessorId', 'columns']);
  return inColumns;
}

describe('migration from version 6 to 7', () => {
  it('rewrites every pack in columns and reads back every entry unchanged', async () => {
    const name = `migration-v6-${Date.now()}`;
    const fixture = makeBundle({
      entries: [
        makeEntry({ id: 'u1:basic:as1', value: 8 }),
        makeEntry({ id: 'e-other', node: 'key', value: 3, note: '备注', updatedAt: '2026-12-01T08:00:00.000Z', updatedBy: '张三' }),
        makeEntry({ id: 'u2:basic:as1', unitId: 'u2', value: 6, rev: 4 }),
      ],
    });
    const seed = new KaoheDb(`${name}-seed`, fakeIdb);
    await loadBundleAsNewAssessment(seed, fixture);
    const seeded = await loadAssessmentData(seed, fixture.assessment.id);
    seed.close();
    // version 6 held each pack as one object per entry, and a pack this release cannot put in columns stays so
    const packs: EntryPackRow[] = [
      { assessmentId: fixture.assessment.id, unitId: 'u1', assessorId: 'as1', entries: seeded.entries.filter((e) => e.unitId === 'u1') },
      { assessmentId: fixture.assessment.id, unitId: 'u2', assessorId: 'as1', entries: seeded.entries.filter((e) => e.unitId === 'u2') },
    ];
    const v6 = new Dexie(name, fakeIdb);
    v6.version(6).stores(RELEASED_V6);
    await v6.transaction('rw', v6.tables, async () => {
      await v6.table('assessments').add({ ...fixture.assessment, createdAt: '2026-12-01T00:00:00.000Z' });
      await v6.table('ruleSets').bulkAdd(fixture.ruleSets.map((ruleSet) => ({ hash: fixture.assessment.groups[0]!.ruleSetHash, id: ruleSet.id, ruleSet })));
      await v6.table('units').bulkAdd(fixture.units.map((u) => ({ ...u, assessmentId: fixture.assessment.id })));
      await v6.table('assessors').bulkAdd(fixture.assessors.map((a) => ({ ...a, assessmentId: fixture.assessment.id })));
      await v6.table('entryPacks').bulkAdd(packs);
    });
    v6.close();
    expect((await rawRows(name, 'entryPacks')).every((r) => !isStoredPack(r))).toBe(true);

    const db = new KaoheDb(name, fakeIdb);
    await db.open();
    expect(db.verno).toBe(11); // on through version 11 (since version 10 a unit's packs in one row)
    expect(await storedPacks(db)).toStrictEqual(packs);
    expect((await loadAssessmentData(db, fixture.assessment.id)).entries).toStrictEqual(seeded.entries);
    // a write from then on is stored in columns too
    await saveEntry(db, fixture.assessment.id, makeEntry({ id: 'u1:web:as1', node: 'web', value: 1 }), 'as1');
    db.close();
    const stored = await rawRows(name, 'unitPacks');
    expect(stored).toHaveLength(2);
    for (const row of stored) expectInColumns(row);
  });

  it('a new database stores packs in columns from the first write', async () => {
    const db = freshDb();
    const bundle = makeBundle({ entries: [makeEntry({ id: 'u1:basic:as1' })] });
    await loadBundleAsNewAssessment(db, bundle);
    const stored = await rawRows(db.name, 'unitPacks');
    expect(stored).toHaveLength(1);
    expectInColumns(stored[0]);
    expect((await loadAssessmentData(db, bundle.assessment.id)).entries).toStrictEqual(bundle.entries);
    db.close();
  });
});

describe('migration from version 8 to 9', () => {
  it('keeps packs whose findings lie as lists, drops the index by assessment alone, and writes findings in columns from then on', async () => {
    const name = `migration-v8-${Date.now()}`;
    const A = 'a-v8';
    const v8 = new Dexie(name, fakeIdb);
    for (const [n, stores] of [RELEASED_V6, STORES_V7, STORES_V8].entries()) v8.version(n + 6).stores(stores);
    const finding = { id: 'f1', count: 2, reason: '栏目长期未更新' };
    // a pack as version 8 stored it: in columns, its findings as a list
    const pack = { assessmentId: A, unitId: 'u1', assessorId: 'as1', columns: { node: 'basic\nweb', value: new Float64Array([8, NaN]), rev: 1, findings: [1, [finding]] } };
    await v8.transaction('rw', v8.tables, async () => {
      await v8.table('assessments').add({ id: A, name: '2025 年度', year: 2025, status: 'open', groups: [], createdAt: '2026-12-01T00:00:00.000Z' });
      await v8.table('entryPacks').add(pack);
    });
    v8.close();

    const db = new KaoheDb(name, fakeIdb);
    await db.open();
    expect(db.verno).toBe(11);
    expect(db.unitPacks.schema.indexes).toEqual([]);
    const entries = [
      { id: 'u1:basic:as1', unitId: 'u1', node: 'basic', assessorId: 'as1', value: 8, rev: 1 },
      { id: 'u1:web:as1', unitId: 'u1', node: 'web', assessorId: 'as1', findings: [finding], rev: 1 },
    ];
    const asRead = { assessmentId: A, unitId: 'u1', assessorId: 'as1', entries };
    expect(await storedPacks(db)).toStrictEqual([asRead]);
    // the pack written again keeps its findings in columns
    await db.unitPacks.put({ assessmentId: A, unitId: 'u1', packs: [asRead] }, [A, 'u1']);
    const [row] = await rawRows(name, 'unitPacks');
    const { columns } = expectInColumns(row)[0]!;
    expect(columns.findings).toBeUndefined();
    expect(columns.findingColumns?.reason).toBe('栏目长期未更新');
    expect(await storedPacks(db)).toStrictEqual([asRead]);
    // an assessment's packs still go with it
    await deleteAssessment(db, A);
    expect(await db.unitPacks.count()).toBe(0);
    db.close();
  });
});

describe("a unit's packs in one row", () => {
  it('reads back every unit row exactly as written, each pack in columns', () => {
    fc.assert(
      fc.property(fc.array(fc.array(entryArb, { maxLength: 8 }), { minLength: 1, maxLength: 3 }), (lists) => {
        const packs = lists.map((entries, k): EntryPackRow => {
          const assessorId = `as${k + 1}`;
          return { assessmentId: 'a1', unitId: UNIT, assessorId, entries: entries.map((e) => ({ ...e, assessorId })) };
        });
        const row: UnitPacksRow = { assessmentId: 'a1', unitId: UNIT, packs };
        const stored = structuredClone(encodeUnitPacks(row));
        expectInColumns(stored);
        expect(decodeUnitPacks(stored)).toStrictEqual(structuredClone(row));
      }),
      { numRuns: 200 },
    );
  });

  it('stores a row as it was given where a pack is of another unit, columns cannot hold a pack, or the row is not a list of packs', () => {
    const pack = packOf([makeEntry({ id: 'u1:basic:as1' })]);
    const rows = [
      { assessmentId: 'a1', unitId: 'u2', packs: [pack] },
      { assessmentId: 'a1', unitId: UNIT, packs: [pack, { ...pack, assessorId: 'as2', entries: [{ ...makeEntry({ id: 'x', assessorId: 'as2' }), value: Number.POSITIVE_INFINITY }] }] },
      { assessmentId: 'a1', unitId: UNIT, packs: [pack], extra: 1 },
      { assessmentId: 'a1', unitId: UNIT, packs: 'none' },
      { assessmentId: 'a1', unitId: UNIT, packs: [null] },
    ] as unknown as UnitPacksRow[];
    for (const row of rows) {
      expect(encodeUnitPacks(row)).toBe(row);
      expect(decodeUnitPacks(structuredClone(row))).toStrictEqual(structuredClone(row));
    }
  });
});

describe('migration from version 9 to 10', () => {
  it("moves every pack into its unit's row, unit by unit across the batches, and drops the table of packs", async () => {
    const name = `migration-v9-${Date.now()}`;
    const entry = (unitId: string, assessorId: string, value: number): ScoreEntry => ({ id: cellEntryId({ unitId, node: 'basic', assessorId }), unitId, node: 'basic', assessorId, value, rev: 1 });
    const pack = (assessmentId: string, unitId: string, assessorId: string, value: number): EntryPackRow => ({ assessmentId, unitId, assessorId, entries: [entry(unitId, assessorId, value)] });
    // 260 units × 3 assessors: the batch of 500 packs ends inside a unit, whose packs must still go to one row
    const units = Array.from({ length: 260 }, (_, i) => `u${String(i).padStart(3, '0')}`);
    const packs = [
      ...units.flatMap((u, i) => ['as1', 'as2', 'as3'].map((a, k) => pack('a1', u, a, i + k))),
      pack('a1', 'u999', 'as2', 7),
      pack('a2', 'u000', 'as1', 5),
    ];
    const v9 = new Dexie(name, fakeIdb);
    for (const [n, stores] of [RELEASED_V6, STORES_V7, STORES_V8, STORES_V9].entries()) v9.version(n + 6).stores(stores);
    await v9.transaction('rw', v9.tables, async () => {
      for (const id of ['a1', 'a2']) await v9.table('assessments').add({ id, name: id, year: 2025, status: 'open', groups: [], createdAt: '2026-12-01T00:00:00.000Z' });
      // as version 9 stored them: in columns
      await v9.table('entryPacks').bulkAdd(packs.map(encodePack));
    });
    v9.close();

    const db = new KaoheDb(name, fakeIdb);
    await db.open();
    expect(db.verno).toBe(11);
    expect(db.tables.map((t) => t.name)).not.toContain('entryPacks');
    expect(await db.unitPacks.count()).toBe(units.length + 2);
    expect(await storedPacks(db)).toStrictEqual(packs);
    const [u166] = await db.unitPacks.bulkGet([['a1', 'u166']]);
    expect(u166?.packs.map((p) => p.assessorId)).toEqual(['as1', 'as2', 'as3']);
    for (const row of await rawRows(name, 'unitPacks')) expectInColumns(row);
    expect((await loadAssessmentData(db, 'a2')).entries).toStrictEqual([entry('u000', 'as1', 5)]);
    db.close();
  });
});
