/**
 * A merge whose entries and deletions all carry their cell's own id reads only the packs it touches; it
 * stores, reports and audits exactly what the merge over every entry does. Any other id still reads every
 * entry, so an id used here by another cell is still refused.
 *
 * The whole read is reached for comparison by making cellEntryId disagree with every id for one import
 * (`whole.on`): the merge then sees no cell's own id, as with a file of other ids, and takes the read it
 * took before the packs were read alone.
 */
import 'fake-indexeddb/auto';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DBCore } from 'dexie';
import type { Bundle } from '../../src/model/assessment';
import type { EntryRemoval, ScoreEntry } from '../../src/model/entries';
import { importBundle, listConflicts, loadBundleAsNewAssessment, resolveConflicts, type KaoheDb } from '../../src/store/repo';
import { makeBundle, makeEntry } from '../fixtures/bundles';
import { dump, freshDb } from './testDb';
import { readMergeLocal } from '../../src/store/mergeLocal';

const whole = vi.hoisted(() => ({ on: false }));
vi.mock('../../src/model/cellId', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/model/cellId')>();
  return { ...real, cellEntryId: (c: Parameters<typeof real.cellEntryId>[0]) => (whole.on ? '\u0000' : '') + real.cellEntryId(c) };
});

const A = 'a-2024';
const dbs: KaoheDb[] = [];
beforeEach(() => {
  // every import of a case runs at one time, so both machines write the same timestamps
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2024-11-02T09:00:00.000Z'));
});
afterEach(() => {
  vi.useRealTimers();
  whole.on = false;
  dbs.splice(0).forEach((d) => d.close());
});

/** Reads of entry packs: by key (rows asked for) and by range (whole-assessment or unit reads). */
interface PackReads {
  keys: number;
  ranges: number;
}

function machine(reads?: PackReads): KaoheDb {
  const db = freshDb();
  dbs.push(db);
  if (reads)
    db.use({
      stack: 'dbcore',
      name: 'countPackReads',
      create: (down: DBCore): DBCore => ({
        ...down,
        table(name) {
          const t = down.table(name);
          if (name !== 'unitPacks') return t;
          return {
            ...t,
            get: (req) => ((reads.keys += 1), t.get(req)),
            getMany: (req) => ((reads.keys += req.keys.length), t.getMany(req)),
            query: (req) => ((reads.ranges += 1), t.query(req)),
            openCursor: (req) => ((reads.ranges += 1), t.openCursor(req)),
          };
        },
      }),
    });
  return db;
}

const UNITS = ['u1', 'u2', 'u3'] as const;
const NODES = ['basic', 'website'] as const;
const ASSESSORS = ['as1', 'as2'] as const;
const AUTHORS = ['张三', '李四'] as const;
const cellId = (unitId: string, node: string, assessorId: string) => `${unitId}:${node}:${assessorId}`;

/** A cell of the local assessment (units u1, u2) or of the file (u3 too, a unit the file adds). */
const cell = (units: readonly string[]) => fc.record({ unitId: fc.constantFrom(...units), node: fc.constantFrom(...NODES), assessorId: fc.constantFrom(...ASSESSORS) });

/** The cell's own id mostly; sometimes another cell's, or an id of no cell (both are looked for everywhere). */
const idFor = (c: { unitId: string; node: string; assessorId: string }, others: boolean) =>
  others
    ? fc.oneof(
        { weight: 6, arbitrary: fc.constant(cellId(c.unitId, c.node, c.assessorId)) },
        { weight: 1, arbitrary: fc.constantFrom('x1', 'x2') },
        { weight: 1, arbitrary: cell(['u1', 'u2']).map((o) => cellId(o.unitId, o.node, o.assessorId)) },
      )
    : fc.oneof({ weight: 4, arbitrary: fc.constant(cellId(c.unitId, c.node, c.assessorId)) }, { weight: 1, arbitrary: fc.constantFrom('x1', 'x2') });

const entry = (units: readonly string[], others: boolean) =>
  cell(units).chain((c) =>
    fc.record({ id: idFor(c, others), rev: fc.integer({ min: 1, max: 3 }), value: fc.constantFrom(2, 5, 8), updatedBy: fc.constantFrom(...AUTHORS) }).map((x) => makeEntry({ ...c, ...x })),
  );

const removal = (units: readonly string[], others: boolean) =>
  cell(units).chain((c) =>
    fc.record({ id: idFor(c, others), rev: fc.integer({ min: 1, max: 4 }), removedBy: fc.constantFrom(...AUTHORS) }).map((x): EntryRemoval => ({ ...c, ...x, removedAt: '2024-11-01T10:00:00.000Z' })),
  );

/** Unique by id, keeping the first: a stored assessment never holds one id twice. */
const firstById = <T extends { id: string }>(xs: readonly T[]) => {
  const seen = new Set<string>();
  return xs.filter((x) => !seen.has(x.id) && seen.add(x.id));
};

interface Case {
  local: { entries: ScoreEntry[]; removals: EntryRemoval[] };
  /** a file merged first, and the coordinator's choices on the conflicts it left: true keeps the local value */
  before: { entries: ScoreEntry[]; removals: EntryRemoval[]; keepLocal: boolean[] };
  incoming: { entries: ScoreEntry[]; removals: EntryRemoval[] };
}

const localSide = fc.record({ entries: fc.array(entry(['u1', 'u2'], false), { maxLength: 10 }), removals: fc.array(removal(['u1', 'u2'], false), { maxLength: 4 }) }).map(({ entries, removals }) => {
  const kept = firstById(entries);
  const ids = new Set(kept.map((e) => e.id));
  return { entries: kept, removals: firstById(removals).filter((r) => !ids.has(r.id)) };
});

const caseArb: fc.Arbitrary<Case> = fc.record({
  local: localSide,
  before: fc.record({
    entries: fc.array(entry(['u1', 'u2'], false), { maxLength: 6 }).map(firstById),
    removals: fc.array(removal(['u1', 'u2'], false), { maxLength: 2 }).map(firstById),
    keepLocal: fc.array(fc.boolean(), { maxLength: 6 }),
  }),
  incoming: fc.record({
    entries: fc.array(entry([...UNITS], true), { maxLength: 6 }).map((es) => (es.length > 4 ? es : firstById(es))),
    removals: fc.array(removal(['u1', 'u2'], true), { maxLength: 3 }),
  }),
});

function fileOf(entries: ScoreEntry[], removals: EntryRemoval[], withU3: boolean): Bundle {
  const bundle = makeBundle({
    units: [
      { id: 'u1', name: '甲市', group: 'city' },
      { id: 'u2', name: '乙市', group: 'city' },
      ...(withU3 ? [{ id: 'u3', name: '丙市', group: 'city' }] : []),
    ],
  });
  return { ...bundle, entries, ...(removals.length > 0 && { removals }) };
}

/** The local state of a case: opened, a first file merged, some of its conflicts decided. */
async function prepare(db: KaoheDb, c: Case): Promise<void> {
  await loadBundleAsNewAssessment(db, fileOf(c.local.entries, c.local.removals, false));
  await importBundle(db, A, fileOf(c.before.entries, c.before.removals, false), '办公室');
  const pending = await listConflicts(db, A);
  const choices = pending.flatMap((p, i) => (i < c.before.keepLocal.length ? [{ conflictId: p.id, pick: c.before.keepLocal[i] ? ('local' as const) : ('incoming' as const) }] : []));
  if (choices.length > 0) await resolveConflicts(db, A, choices, '办公室');
}

type Outcome = { report: unknown } | { error: string };
async function merge(db: KaoheDb, file: Bundle): Promise<Outcome> {
  try {
    return { report: await importBundle(db, A, file, '办公室') };
  } catch (e) {
    return { error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) };
  }
}

describe('merging a file that touches a few packs', () => {
  it('stores, reports and audits exactly what the merge over every entry does', async () => {
    await fc.assert(
      fc.asyncProperty(caseArb, async (c) => {
        const file = fileOf(c.incoming.entries, c.incoming.removals, true);
        const fast = machine();
        const full = machine();
        await prepare(fast, c);
        await prepare(full, c);
        expect(await dump(fast)).toEqual(await dump(full));
        const fastOutcome = await merge(fast, file);
        whole.on = true;
        const fullOutcome = await merge(full, file);
        whole.on = false;
        expect(fastOutcome).toEqual(fullOutcome);
        expect(await dump(fast)).toEqual(await dump(full));
        fast.close();
        full.close();
      }),
      { numRuns: 120 },
    );
  });

  it('reads only the packs the file touches, by key, and never the whole assessment', async () => {
    const reads: PackReads = { keys: 0, ranges: 0 };
    const db = machine(reads);
    const local = [
      makeEntry({ id: cellId('u1', 'basic', 'as1'), value: 6, updatedBy: '张三' }),
      makeEntry({ id: cellId('u1', 'basic', 'as2'), assessorId: 'as2', value: 6, updatedBy: '李四' }),
      makeEntry({ id: cellId('u2', 'basic', 'as1'), unitId: 'u2', value: 6, updatedBy: '张三' }),
      makeEntry({ id: cellId('u2', 'website', 'as2'), unitId: 'u2', node: 'website', assessorId: 'as2', value: 6, updatedBy: '李四' }),
    ];
    await loadBundleAsNewAssessment(db, fileOf(local, [], false));
    reads.keys = 0;
    reads.ranges = 0;
    const edit = makeEntry({ id: cellId('u1', 'basic', 'as1'), value: 7, rev: 2, updatedBy: '张三' });
    const report = await importBundle(db, A, fileOf([edit], [], false), '办公室');
    expect(report).toMatchObject({ updated: 1, added: 0, conflicts: [] });
    // u1's row only: once for the plan, once by the PackSet that rewrites it
    expect(reads).toEqual({ keys: 2, ranges: 0 });

    reads.keys = 0;
    const gone: EntryRemoval = { id: cellId('u2', 'website', 'as2'), unitId: 'u2', node: 'website', assessorId: 'as2', rev: 2, removedAt: '2024-11-02T08:00:00.000Z', removedBy: '李四' };
    expect(await importBundle(db, A, fileOf([], [gone], false), '办公室')).toMatchObject({ removed: 1 });
    expect(reads).toEqual({ keys: 2, ranges: 0 });
  });

  it('gives the plan each stored entry of the packs the file touches once, however many of its cells are in one pack', async () => {
    const db = machine();
    const local = [
      makeEntry({ id: cellId('u1', 'basic', 'as1'), value: 6, updatedBy: '张三' }),
      makeEntry({ id: cellId('u1', 'website', 'as1'), node: 'website', value: 6, updatedBy: '张三' }),
      makeEntry({ id: cellId('u1', 'basic', 'as2'), assessorId: 'as2', value: 6, updatedBy: '李四' }),
    ];
    await loadBundleAsNewAssessment(db, fileOf(local, [], false));
    const edits = local.slice(0, 2).map((e) => ({ ...e, value: 7, rev: 2 }));
    const read = await db.transaction('r', db.tables, () => readMergeLocal(db, A, fileOf(edits, [], false)));
    // u1 × as1 twice in the file: its two entries, once each; u1 × as2 is not touched
    expect(read.partial).toBe(true);
    expect(read.local.entries.map((e) => e.id)).toEqual([cellId('u1', 'basic', 'as1'), cellId('u1', 'website', 'as1')]);
  });

  it('reads every entry for an id that is not its cell’s own, and refuses one used here by another cell', async () => {
    const reads: PackReads = { keys: 0, ranges: 0 };
    const db = machine(reads);
    await loadBundleAsNewAssessment(db, fileOf([makeEntry({ id: 'x1', unitId: 'u2', value: 6, updatedBy: '张三' })], [], false));
    const before = await dump(db);
    reads.ranges = 0;
    const report = await importBundle(db, A, fileOf([makeEntry({ id: 'x1', value: 7, rev: 2, updatedBy: '张三' })], [], false), '办公室');
    expect(reads.ranges).toBe(1);
    expect(report.refused).toMatchObject({ code: 'entryOfAnotherCell', message: expect.stringContaining('评分记录 id“x1”在本考核中属于单位“乙市”') });
    expect(await dump(db)).toEqual(before);

    // another cell's own id in the file: looked for everywhere too
    reads.ranges = 0;
    const own = cellId('u1', 'basic', 'as1');
    await importBundle(db, A, fileOf([makeEntry({ id: own, value: 6, updatedBy: '张三' })], [], false), '办公室');
    const misplaced = makeEntry({ id: own, unitId: 'u2', value: 7, rev: 2, updatedBy: '张三' });
    const refused = await importBundle(db, A, fileOf([misplaced], [], false), '办公室');
    expect(reads.ranges).toBe(1);
    expect(refused.refused?.code).toBe('entryOfAnotherCell');
  });
});
