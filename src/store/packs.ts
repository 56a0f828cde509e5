/**
 * Score entries as stored: packed one row per (assessment, unit, assessor). Reading and writing go
 * through a PackSet inside the caller's transaction: it loads the packs a change touches, applies the
 * changes in memory and rewrites each touched pack once at `flush`, so a paste or an import of many
 * entries writes each pack once.
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
import { IntegrityError } from './errors';
import type { EntryPackRow } from './schema';

type Key = [string, string, string];

/** An entry by its id and cell; the cell's unit and assessor give its pack. */
export type EntryRef = Pick<ScoreEntry, 'id' | 'unitId' | 'node' | 'assessorId' | 'objectId'>;

const keyOf = (assessmentId: string, unitId: string, assessorId: string) => JSON.stringify([assessmentId, unitId, assessorId]);

interface Loaded {
  key: Key;
  byId: Map<string, ScoreEntry>;
}

export class PackSet {
  private readonly packs = new Map<string, Loaded>();
  private readonly dirty = new Set<string>();
  /** where an entry touched (or made known) in this set is now: a pack key, or null when gone */
  private readonly located = new Map<string, string | null>();
  /** every stored entry of the assessment is in `located`: an id not there is not stored */
  private complete = false;

  constructor(
    private readonly db: KaoheDb,
    private readonly assessmentId: string,
  ) {}

  /** Makes these stored entries known, so `get` needs no index lookup for them. */
  know(entries: readonly ScoreEntry[]): void {
    for (const e of entries) if (!this.located.has(e.id)) this.located.set(e.id, keyOf(this.assessmentId, e.unitId, e.assessorId));
  }

  /** As `know`, given every stored entry of the assessment: any other id is not stored. */
  knowAll(entries: readonly ScoreEntry[]): void {
    this.know(entries);
    this.complete = true;
  }

  private async load(unitId: string, assessorId: string): Promise<Loaded> {
    const k = keyOf(this.assessmentId, unitId, assessorId);
    let pack = this.packs.get(k);
    if (!pack) {
      const key: Key = [this.assessmentId, unitId, assessorId];
      const row = await this.db.entryPacks.get(key);
      pack = { key, byId: new Map(row?.entries.map((e) => [e.id, e])) };
      this.packs.set(k, pack);
      for (const id of pack.byId.keys()) if (!this.located.has(id)) this.located.set(id, k);
    }
    return pack;
  }

  /** Reads every pack of the assessment (those this set holds keep their changes): an id alone is then known. */
  private async loadAll(): Promise<void> {
    for (const row of await assessmentPacks(this.db, this.assessmentId)) {
      const k = keyOf(this.assessmentId, row.unitId, row.assessorId);
      if (this.packs.has(k)) continue;
      this.packs.set(k, { key: [this.assessmentId, row.unitId, row.assessorId], byId: new Map(row.entries.map((e) => [e.id, e])) });
      for (const e of row.entries) if (!this.located.has(e.id)) this.located.set(e.id, k);
    }
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
    const [, unitId, assessorId] = JSON.parse(k) as Key;
    return (await this.load(unitId, assessorId)).byId.get(id);
  }

  /**
   * Stores `entry` in its pack, replacing the entry of the same id. An id this set knows in another
   * pack is refused: an entry never moves to another unit or assessor.
   */
  async put(entry: ScoreEntry): Promise<void> {
    const k = keyOf(this.assessmentId, entry.unitId, entry.assessorId);
    const at = this.located.get(entry.id);
    if (at !== undefined && at !== null && at !== k) {
      const [, unitId, assessorId] = JSON.parse(at) as Key;
      throw new IntegrityError(
        `评分记录 id“${entry.id}”已属于单位“${unitId}”、考核人员“${assessorId}”，不能用于单位“${entry.unitId}”、考核人员“${entry.assessorId}”，未保存任何数据。`,
      );
    }
    const pack = await this.load(entry.unitId, entry.assessorId);
    pack.byId.set(entry.id, entry);
    this.dirty.add(k);
    this.located.set(entry.id, k);
  }

  async remove(ref: EntryRef | string): Promise<void> {
    const existing = await this.get(ref);
    if (!existing) return;
    const k = keyOf(this.assessmentId, existing.unitId, existing.assessorId);
    this.packs.get(k)!.byId.delete(existing.id);
    this.dirty.add(k);
    this.located.set(existing.id, null);
  }

  /** Rewrites every touched pack (an emptied one is deleted). */
  async flush(): Promise<void> {
    const puts: EntryPackRow[] = [];
    const deletes: Key[] = [];
    for (const k of this.dirty) {
      const { key, byId } = this.packs.get(k)!;
      if (byId.size === 0) deletes.push(key);
      else puts.push(packRow(key, [...byId.values()]));
    }
    this.dirty.clear();
    if (deletes.length > 0) await this.db.entryPacks.bulkDelete(deletes);
    if (puts.length > 0) await this.db.entryPacks.bulkPut(puts);
  }
}

const byId = (a: ScoreEntry, b: ScoreEntry) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

function packRow([assessmentId, unitId, assessorId]: Key, entries: ScoreEntry[]): EntryPackRow {
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
      const k = keyOf(assessmentId, unitId, assessorId);
      list = groups.get(k);
      if (!list) groups.set(k, (list = []));
    }
    list.push(e);
  }
  return [...groups.values()].map((l) => packRow([assessmentId, l[0]!.unitId, l[0]!.assessorId], l));
}

/**
 * All packs of an assessment as a range of the primary key (a live query then watches one key range). A
 * key prefix sorts before its extensions; the bounds name Dexie.maxKey once (a key may not hold the
 * same array object twice).
 */
export const assessmentPackRange = (db: KaoheDb, assessmentId: string) =>
  db.entryPacks.where('[assessmentId+unitId+assessorId]').between([assessmentId], [assessmentId, Dexie.maxKey], true, true);

/** All packs of an assessment. */
export function assessmentPacks(db: KaoheDb, assessmentId: string): Promise<EntryPackRow[]> {
  return assessmentPackRange(db, assessmentId).toArray();
}

/** One unit's packs (all assessors). */
export function unitPacks(db: KaoheDb, assessmentId: string, unitId: string): Promise<EntryPackRow[]> {
  return db.entryPacks
    .where('[assessmentId+unitId+assessorId]')
    .between([assessmentId, unitId], [assessmentId, unitId, Dexie.maxKey], true, true)
    .toArray();
}

/** One assessor's packs. */
export function assessorPacks(db: KaoheDb, assessmentId: string, assessorId: string): Promise<EntryPackRow[]> {
  return db.entryPacks.where('[assessmentId+assessorId]').equals([assessmentId, assessorId]).toArray();
}

/** How far writing a new assessment's packs got: entries stored so far, and in all. */
export type PacksStored = (entries: number, total: number) => void;

/**
 * Packs per write: a nation's 9,000 packs are 18 writes. Dexie names the rows of a write of up to 49 to
 * live readers (each open page, watchEntryPacks), and a larger one only as "anything may have changed"
 * (an open page then asks readPackChanges whether its own assessment was written). Slices of 49 would
 * name every key, but naming 9,000 keys and matching them against every live query cost the page about
 * 4 s of its thread at a nation's scale.
 */
const PACKS_PER_WRITE = 500;

/**
 * Adds packs a slice at a time inside the caller's transaction, the next slice's columns made
 * (packCodec.ts) while IndexedDB still writes the one before: at a nation's scale making the columns
 * took about half a second of the worker's time that now runs alongside the writing. `stored` hears
 * the entries written after each slice, so the progress bar can say how far storing is.
 */
export function addPacks(db: KaoheDb, rows: readonly EntryPackRow[], stored?: PacksStored): PromiseLike<void> {
  const total = rows.reduce((n, r) => n + r.entries.length, 0);
  let at = 0;
  let done = 0;
  return addPackSlices(
    db,
    () => (at < rows.length ? rows.slice(at, (at += PACKS_PER_WRITE)) : undefined),
    (slice) => stored?.((done += slice.reduce((n, r) => n + r.entries.length, 0)), total),
  );
}

/**
 * Adds the slices `next` makes, until it gives undefined, inside the caller's transaction: each slice is
 * made while IndexedDB writes the one before (a file being read makes them as it reads, see
 * addFedPacks). `written` hears each slice once it is written. A slice that cannot be made (`next`
 * throws) or written rejects the whole, and the caller's transaction is undone.
 */
export function addPackSlices(db: KaoheDb, next: () => readonly EntryPackRow[] | undefined, written: (slice: readonly EntryPackRow[]) => void): PromiseLike<void> {
  const add = () => {
    const slice = next();
    if (!slice) return undefined;
    const adding = db.entryPacks.bulkAdd(slice as EntryPackRow[]).then(() => slice);
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
