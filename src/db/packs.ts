/**
 * Score entries as stored: packed one row per (assessment, unit, assessor). Reading and writing go
 * through a PackSet inside the caller's transaction: it loads the packs a change touches, applies the
 * changes in memory and rewrites each touched pack once at `flush`, so a paste or an import of many
 * entries writes each pack once.
 */
import Dexie from 'dexie';
import type { ScoreEntry } from '../scoring/sheetSchema';
import type { KaoheDb } from './database';
import type { EntryPackRow } from './schema';

type Key = [string, string, string];

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
    }
    return pack;
  }

  /** The stored entry with this id, as it stands with this set's changes. */
  async get(entryId: string): Promise<ScoreEntry | undefined> {
    let k = this.located.get(entryId);
    if (k === undefined && this.complete) k = null;
    if (k === undefined) {
      const rows = await this.db.entryPacks.where('ids').equals(entryId).filter((p) => p.assessmentId === this.assessmentId).toArray();
      const row = rows[0];
      k = row ? keyOf(this.assessmentId, row.unitId, row.assessorId) : null;
      this.located.set(entryId, k);
      // the pack was just read: keep it unless this set already holds it (perhaps changed)
      if (row && !this.packs.has(k!)) this.packs.set(k!, { key: [this.assessmentId, row.unitId, row.assessorId], byId: new Map(row.entries.map((e) => [e.id, e])) });
    }
    if (k === null) return undefined;
    const [, unitId, assessorId] = JSON.parse(k) as Key;
    return (await this.load(unitId, assessorId)).byId.get(entryId);
  }

  /** Stores `entry`, replacing the entry of the same id wherever it was. */
  async put(entry: ScoreEntry): Promise<void> {
    await this.remove(entry.id);
    const pack = await this.load(entry.unitId, entry.assessorId);
    pack.byId.set(entry.id, entry);
    const k = keyOf(this.assessmentId, entry.unitId, entry.assessorId);
    this.dirty.add(k);
    this.located.set(entry.id, k);
  }

  async remove(entryId: string): Promise<void> {
    const existing = await this.get(entryId);
    if (!existing) return;
    const k = keyOf(this.assessmentId, existing.unitId, existing.assessorId);
    this.packs.get(k)!.byId.delete(entryId);
    this.dirty.add(k);
    this.located.set(entryId, null);
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
  entries.sort(byId);
  return { assessmentId, unitId, assessorId, ids: entries.map((e) => e.id), entries };
}

/** The packs of entries of a new assessment (or any entries not stored yet). */
export function packsOf(assessmentId: string, entries: readonly ScoreEntry[]): EntryPackRow[] {
  const groups = new Map<string, ScoreEntry[]>();
  for (const e of entries) {
    const k = keyOf(assessmentId, e.unitId, e.assessorId);
    const list = groups.get(k);
    if (list) list.push(e);
    else groups.set(k, [e]);
  }
  return [...groups.values()].map((list) => packRow([assessmentId, list[0]!.unitId, list[0]!.assessorId], list));
}

/**
 * All packs of an assessment, by primary key range (a live query then watches one key range). A key
 * prefix sorts before its extensions; the bounds name Dexie.maxKey once (a key may not hold the same
 * array object twice).
 */
export function assessmentPacks(db: KaoheDb, assessmentId: string): Promise<EntryPackRow[]> {
  return db.entryPacks
    .where('[assessmentId+unitId+assessorId]')
    .between([assessmentId], [assessmentId, Dexie.maxKey], true, true)
    .toArray();
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
