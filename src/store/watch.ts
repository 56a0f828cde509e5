/**
 * Following an assessment's score entries without reading them all again: Dexie reports, after each
 * committed write in this tab or another, the primary keys of the rows it wrote or deleted. The packs of
 * the assessment among them are read again, one small read per edit, where a live query over every pack
 * would read and check a nation's million entries after each keystroke.
 */
import Dexie, { cmp, type IntervalTree, type ObservabilitySet } from 'dexie';
import type { ScoreEntry } from '../model/entries';
import type { KaoheDb } from './database';
import { UNIT_PACKS } from './packMiddleware';
import { assessmentUnitRange, packsOfRow } from './packs';
import { entriesFromPacks } from './rows';
import type { UnitPacksRow } from './schema';

/** A unit's packs as read: each assessor's entries, sorted by id (none when the unit has no entries). */
export interface UnitPacksRead {
  unitId: string;
  packs: { assessorId: string; entries: ScoreEntry[] }[];
}

const readOf = (row: UnitPacksRow): UnitPacksRead => ({
  unitId: row.unitId,
  packs: packsOfRow(row).map((p) => ({ assessorId: p.assessorId, entries: entriesFromPacks([p]) })),
});

/** The keys in a reported set, or null when it holds a range (a whole assessment written or deleted). */
function keysOf(tree: IntervalTree | undefined): unknown[] | null {
  const keys: unknown[] = [];
  const walk = (t: IntervalTree | null | undefined): boolean => {
    if (!t || t.d === 0 || !('from' in t)) return true;
    if (cmp(t.from, t.to) !== 0) return false;
    keys.push(t.from);
    return walk(t.l) && walk(t.r);
  };
  return walk(tree) ? keys : null;
}

/**
 * Calls `onChange` after each committed change to the assessment's entry packs, with the units whose
 * packs were written or deleted; null when the change cannot be told unit by unit (then read all of them
 * again). Returns the function that stops watching.
 */
export function watchEntryPacks(db: KaoheDb, assessmentId: string, onChange: (units: string[] | null) => void): () => void {
  const prefix = `idb://${db.name}/${UNIT_PACKS}/`;
  const listener = (parts: ObservabilitySet) => {
    const written = parts[prefix];
    const deleted = parts[`${prefix}:dels`];
    if (!written && !deleted) return;
    const keys = [keysOf(written), keysOf(deleted)];
    if (keys.some((k) => k === null)) {
      onChange(null);
      return;
    }
    const units = new Set<string>();
    for (const key of keys.flat()) if (Array.isArray(key) && key[0] === assessmentId) units.add(String(key[1]));
    if (units.size > 0) onChange([...units]);
  };
  Dexie.on('storagemutated', listener);
  return () => Dexie.on('storagemutated').unsubscribe(listener);
}

/** The packs of these units as stored now; no packs for a unit that has no entries. */
export async function readUnitPacks(db: KaoheDb, assessmentId: string, units: readonly string[]): Promise<UnitPacksRead[]> {
  const rows = await db.unitPacks.bulkGet(units.map((u): [string, string] => [assessmentId, u]));
  return rows.map((row, i) => (row ? readOf(row) : { unitId: units[i]!, packs: [] }));
}

/** Every entry of the assessment, unit by unit. */
export async function readAllUnitPacks(db: KaoheDb, assessmentId: string): Promise<UnitPacksRead[]> {
  return (await assessmentUnitRange(db, assessmentId).toArray()).map(readOf);
}

/** How many units of the assessment have entries: the length of a chunked read, for its progress. */
export function countUnitPacks(db: KaoheDb, assessmentId: string): Promise<number> {
  return assessmentUnitRange(db, assessmentId).count();
}

/**
 * Every entry of the assessment, unit by unit, read `size` units at a time in key order, each chunk its
 * own short read: the caller can give the page its turn between chunks, where one read of a nation's
 * packs held it for seconds. Chunks are not one consistent snapshot: a caller follows changes with
 * watchEntryPacks from before the first chunk.
 */
export async function* unitPackChunks(db: KaoheDb, assessmentId: string, size: number): AsyncGenerator<UnitPacksRead[]> {
  let after: [string, string] | null = null;
  for (;;) {
    const rows: UnitPacksRow[] = await db.unitPacks
      .where(':id')
      .between(after ?? [assessmentId], [assessmentId, Dexie.maxKey], after === null, true)
      .limit(size)
      .toArray();
    if (rows.length === 0) return;
    yield rows.map(readOf);
    if (rows.length < size) return;
    after = [assessmentId, rows[rows.length - 1]!.unitId];
  }
}
