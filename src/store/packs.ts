/**
 * Score entries as stored: packed one pack per (assessment, unit, assessor), a unit's packs in one row
 * (UnitPacksRow, since version 10: IndexedDB pays per row). Reading and writing go through a PackSet
 * inside the caller's transaction: it loads the units a change touches, applies the changes in memory
 * and rewrites each touched unit once at `flush`, so a paste or an import of many entries writes each
 * unit once.
 *
 * An entry stays in its cell's pack for good: its unit and assessor never change. A change names the
 * entry's cell (an EntryRef), which gives the pack. An entry new to its pack whose id is not the cell's
 * own (cellEntryId), or an id given alone, is looked for in every pack of the assessment, once per
 * PackSet: there is no index of entry ids.
 */
import Dexie from 'dexie';
import { cellEntryId } from '../model/cellId';
import type { ScoreEntry } from '../model/entries';
import type { KaoheDb } from './database';
import { CorruptDataError, IntegrityError } from './errors';
import type { StoredUnitPacksRow } from './packCodec';
import { byAssessor, unitPackKeys, unitRowsOf, type EntryPackRow, type UnitPacksRow } from './schema';

/** An entry by its id and cell; the cell's unit and assessor give its pack. */
export type EntryRef = Pick<ScoreEntry, 'id' | 'unitId' | 'node' | 'assessorId' | 'objectId'>;

/** A pack's place in a PackSet: its unit and assessor. */
const cellOf = (unitId: string, assessorId: string) => JSON.stringify([unitId, assessorId]);

/** A loaded unit: each assessor's entries by id. */
type LoadedUnit = Map<string, Map<string, ScoreEntry>>;

/** The packs a unit's row holds; a row that holds no list of packs is damaged, and named. */
export function packsOfRow(row: UnitPacksRow): EntryPackRow[] {
  const packs: unknown = row.packs;
  if (Array.isArray(packs) && packs.every((p) => typeof p === 'object' && p !== null && Array.isArray((p as EntryPackRow).entries))) return packs as EntryPackRow[];
  throw new CorruptDataError([{ path: `unitPacks[${JSON.stringify([row.assessmentId, row.unitId])}].packs`, message: '不是评分记录包的列表' }]);
}

export class PackSet {
  private readonly units = new Map<string, LoadedUnit>();
  /** the units whose packs changed */
  private readonly dirty = new Set<string>();
  /** where an entry touched (or made known) in this set is now: its pack (cellOf), or null when gone */
  private readonly located = new Map<string, string | null>();
  /** every stored entry of the assessment is in `located`: an id not there is not stored */
  private complete = false;

  constructor(
    private readonly db: KaoheDb,
    private readonly assessmentId: string,
  ) {}

  /** Makes these stored entries known, so `get` needs no index lookup for them. */
  know(entries: readonly ScoreEntry[]): void {
    for (const e of entries) if (!this.located.has(e.id)) this.located.set(e.id, cellOf(e.unitId, e.assessorId));
  }

  /** As `know`, given every stored entry of the assessment: any other id is not stored. */
  knowAll(entries: readonly ScoreEntry[]): void {
    this.know(entries);
    this.complete = true;
  }

  private adopt(unitId: string, packs: readonly EntryPackRow[]): LoadedUnit {
    const unit: LoadedUnit = new Map();
    for (const p of packs) {
      unit.set(p.assessorId, new Map(p.entries.map((e) => [e.id, e])));
      const at = cellOf(unitId, p.assessorId);
      for (const e of p.entries) if (!this.located.has(e.id)) this.located.set(e.id, at);
    }
    this.units.set(unitId, unit);
    return unit;
  }

  private async load(unitId: string, assessorId: string): Promise<Map<string, ScoreEntry>> {
    let unit = this.units.get(unitId);
    if (!unit) {
      const row = await this.db.unitPacks.get([this.assessmentId, unitId]);
      unit = this.adopt(unitId, row ? packsOfRow(row) : []);
    }
    let pack = unit.get(assessorId);
    if (!pack) unit.set(assessorId, (pack = new Map()));
    return pack;
  }

  /** Reads every pack of the assessment (the units this set holds keep their changes): an id alone is then known. */
  private async loadAll(): Promise<void> {
    for (const row of await assessmentUnitRange(this.db, this.assessmentId).toArray()) if (!this.units.has(row.unitId)) this.adopt(row.unitId, packsOfRow(row));
    this.complete = true;
  }

  /** The stored entry, as it stands with this set's changes: found in its pack, or by id alone in every pack. */
  async get(ref: EntryRef | string): Promise<ScoreEntry | undefined> {
    const id = typeof ref === 'string' ? ref : ref.id;
    let k = this.located.get(id);
    if (k === undefined && typeof ref !== 'string') {
      await this.load(ref.unitId, ref.assessorId); // makes its entries located
      k = this.located.get(id);
      // not in its pack: a cell's own id (cellEntryId) is nowhere else; any other id may be, in an
      // entry of another cell, which `put` then refuses
      if (k === undefined && id === cellEntryId(ref)) return undefined;
    }
    if (k === undefined && !this.complete) {
      await this.loadAll();
      k = this.located.get(id);
    }
    if (k === undefined || k === null) return undefined;
    const [unitId, assessorId] = JSON.parse(k) as [string, string];
    return (await this.load(unitId, assessorId)).get(id);
  }

  /**
   * Stores `entry` in its pack, replacing the entry of the same id. An id this set knows in another
   * pack is refused: an entry never moves to another unit or assessor.
   */
  async put(entry: ScoreEntry): Promise<void> {
    const k = cellOf(entry.unitId, entry.assessorId);
    const at = this.located.get(entry.id);
    if (at !== undefined && at !== null && at !== k) {
      const [unitId, assessorId] = JSON.parse(at) as [string, string];
      throw new IntegrityError(
        `评分记录 id“${entry.id}”已属于单位“${unitId}”、考核人员“${assessorId}”，不能用于单位“${entry.unitId}”、考核人员“${entry.assessorId}”，未保存任何数据。`,
      );
    }
    (await this.load(entry.unitId, entry.assessorId)).set(entry.id, entry);
    this.dirty.add(entry.unitId);
    this.located.set(entry.id, k);
  }

  async remove(ref: EntryRef | string): Promise<void> {
    const existing = await this.get(ref);
    if (!existing) return;
    (await this.load(existing.unitId, existing.assessorId)).delete(existing.id);
    this.dirty.add(existing.unitId);
    this.located.set(existing.id, null);
  }

  /** Rewrites every touched unit (one left without entries is deleted). */
  async flush(): Promise<void> {
    const puts: UnitPacksRow[] = [];
    const deletes: [string, string][] = [];
    for (const unitId of this.dirty) {
      const packs: EntryPackRow[] = [];
      for (const [assessorId, byId] of this.units.get(unitId)!) if (byId.size > 0) packs.push(packRow([this.assessmentId, unitId, assessorId], [...byId.values()]));
      if (packs.length === 0) deletes.push([this.assessmentId, unitId]);
      else puts.push({ assessmentId: this.assessmentId, unitId, packs: packs.sort(byAssessor) });
    }
    this.dirty.clear();
    if (deletes.length > 0) await this.db.unitPacks.bulkDelete(deletes);
    if (puts.length > 0) await this.db.unitPacks.bulkPut(puts, unitPackKeys(puts));
  }
}

const byId = (a: ScoreEntry, b: ScoreEntry) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

export function packRow([assessmentId, unitId, assessorId]: [string, string, string], entries: ScoreEntry[]): EntryPackRow {
  // a file's packs, and a pack read back, come sorted already: one pass saves the sort's comparisons
  let sorted = true;
  for (let i = 1; i < entries.length && sorted; i++) sorted = entries[i - 1]!.id < entries[i]!.id;
  if (!sorted) entries.sort(byId);
  return { assessmentId, unitId, assessorId, entries };
}

/**
 * The packs of entries of a new assessment (or any entries not stored yet). Entries of one pack that
 * follow each other (a version 2 file lists them pack by pack) join their pack without a key being made
 * for each: a nation's 1.35 million entries are 9,000 runs.
 */
export function packsOf(assessmentId: string, entries: readonly ScoreEntry[]): EntryPackRow[] {
  const groups = new Map<string, ScoreEntry[]>();
  let list: ScoreEntry[] | undefined;
  let unitId = '';
  let assessorId = '';
  for (const e of entries) {
    if (list === undefined || e.unitId !== unitId || e.assessorId !== assessorId) {
      ({ unitId, assessorId } = e);
      const k = cellOf(unitId, assessorId);
      list = groups.get(k);
      if (!list) groups.set(k, (list = []));
    }
    list.push(e);
  }
  return [...groups.values()].map((l) => packRow([assessmentId, l[0]!.unitId, l[0]!.assessorId], l));
}

/**
 * All units' packs of an assessment as a range of the primary key (a live query then watches one key
 * range). A key prefix sorts before its extensions; the bounds name Dexie.maxKey once (a key may not hold
 * the same array object twice).
 */
export const assessmentUnitRange = (db: KaoheDb, assessmentId: string) =>
  db.unitPacks.where(':id').between([assessmentId], [assessmentId, Dexie.maxKey], true, true);

/** All packs of an assessment, unit by unit. */
export async function assessmentPacks(db: KaoheDb, assessmentId: string): Promise<EntryPackRow[]> {
  return (await assessmentUnitRange(db, assessmentId).toArray()).flatMap(packsOfRow);
}

/** One unit's packs (all assessors). */
export async function unitPacks(db: KaoheDb, assessmentId: string, unitId: string): Promise<EntryPackRow[]> {
  const row = await db.unitPacks.get([assessmentId, unitId]);
  return row ? packsOfRow(row) : [];
}

/** The stored packs of these cells (unit × assessor), each once however many cells name it; each unit's row is read once. */
export async function readPacks(db: KaoheDb, assessmentId: string, cells: readonly { unitId: string; assessorId: string }[]): Promise<EntryPackRow[]> {
  const wanted = new Set(cells.map((c) => cellOf(c.unitId, c.assessorId)));
  const units = [...new Set(cells.map((c) => c.unitId))];
  const rows = await db.unitPacks.bulkGet(units.map((u): [string, string] => [assessmentId, u]));
  return rows.flatMap((row) => (row ? packsOfRow(row).filter((p) => wanted.has(cellOf(p.unitId, p.assessorId))) : []));
}

/** One assessor's packs: read from every unit (only exporting one assessor's sheets asks). */
export async function assessorPacks(db: KaoheDb, assessmentId: string, assessorId: string): Promise<EntryPackRow[]> {
  return (await assessmentPacks(db, assessmentId)).filter((p) => p.assessorId === assessorId);
}

/** How far writing a new assessment's packs got: entries stored so far, and in all. */
export type PacksStored = (entries: number, total: number) => void;

/**
 * Units per write: a nation's 3,000 units are 18 writes. Dexie names the rows of a write of up to 49 to
 * live readers (each open page, watchEntryPacks), and a larger one only as "anything may have changed"
 * (an open page then asks readPackChanges whether its own assessment was written). Slices of 49 would
 * name every key, but naming thousands of keys and matching them against every live query cost the page
 * seconds of its thread at a nation's scale.
 */
const UNITS_PER_WRITE = 170;

const entryCount = (rows: readonly UnitPacksRow[]) => rows.reduce((n, r) => r.packs.reduce((m, p) => m + p.entries.length, n), 0);

/**
 * Adds packs a slice of units at a time inside the caller's transaction, the next slice's columns made
 * (packCodec.ts) while IndexedDB still writes the one before: at a nation's scale making the columns
 * took about half a second of the worker's time that now runs alongside the writing. `stored` hears
 * the entries written after each slice, so the progress bar can say how far storing is.
 */
export function addPacks(db: KaoheDb, packs: readonly EntryPackRow[], stored?: PacksStored): PromiseLike<void> {
  const rows = unitRowsOf(packs);
  const total = entryCount(rows);
  let at = 0;
  let done = 0;
  return addUnitSlices(
    db,
    () => (at < rows.length ? rows.slice(at, (at += UNITS_PER_WRITE)) : undefined),
    (slice) => stored?.((done += entryCount(slice)), total),
  );
}

/** Adds the unit rows `next` makes, a slice at a time inside the caller's transaction, each slice made while the one before is written. */
export function addUnitSlices<R extends UnitPacksRow | StoredUnitPacksRow>(db: KaoheDb, next: () => readonly R[] | undefined, written: (slice: readonly R[]) => void): PromiseLike<void> {
  const add = () => {
    const slice = next();
    if (!slice) return undefined;
    const adding = db.unitPacks.bulkAdd(slice as readonly UnitPacksRow[] as UnitPacksRow[], unitPackKeys(slice)).then(() => slice);
    // the chain below awaits every slice in turn and rejects with the first failure (the transaction
    // aborts); this keeps a slice that fails while its predecessor is awaited from counting as unhandled
    adding.catch(() => undefined);
    return adding;
  };
  // Dexie's own promises throughout (`then`, not an async function): the caller awaits a Dexie promise and
  // keeps its transaction; awaiting a native async function's promise there lost it (PrematureCommitError)
  const after = (writing: ReturnType<typeof add>, following: ReturnType<typeof add>): PromiseLike<void> | void =>
    writing?.then((slice) => {
      written(slice);
      return after(following, add());
    });
  return Dexie.Promise.resolve().then(() => after(add(), add()));
}
