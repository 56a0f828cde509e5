/**
 * Following an assessment's score entries without reading them all again: Dexie reports, after each
 * committed write in this tab or another, the primary keys of the rows it wrote or deleted. The packs of
 * the assessment among them are read again, one small read per edit, where a live query over every pack
 * would read and check a nation's million entries after each keystroke.
 */
import Dexie, { cmp, type IntervalTree, type ObservabilitySet } from 'dexie';
import type { ScoreEntry } from '../model/entries';
import type { KaoheDb } from './database';
import { assessmentPackRange, assessmentPacks } from './packs';
import { entriesFromPacks } from './rows';
import type { EntryPackRow } from './schema';

/** A pack: the entries of one unit by one assessor. */
export interface PackRef {
  unitId: string;
  assessorId: string;
}

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
 * Calls `onChange` after each committed change to the assessment's entry packs, with the packs written
 * or deleted; null when the change cannot be told pack by pack (then read all of them again).
 * Returns the function that stops watching.
 */
export function watchEntryPacks(db: KaoheDb, assessmentId: string, onChange: (packs: PackRef[] | null) => void): () => void {
  const prefix = `idb://${db.name}/entryPacks/`;
  const listener = (parts: ObservabilitySet) => {
    const written = parts[prefix];
    const deleted = parts[`${prefix}:dels`];
    if (!written && !deleted) return;
    const keys = [keysOf(written), keysOf(deleted)];
    if (keys.some((k) => k === null)) {
      onChange(null);
      return;
    }
    const seen = new Set<string>();
    const packs: PackRef[] = [];
    for (const key of keys.flat()) {
      if (!Array.isArray(key) || key[0] !== assessmentId) continue;
      const [, unitId, assessorId] = key as [string, string, string];
      const id = JSON.stringify([unitId, assessorId]);
      if (seen.has(id)) continue;
      seen.add(id);
      packs.push({ unitId, assessorId });
    }
    if (packs.length > 0) onChange(packs);
  };
  Dexie.on('storagemutated', listener);
  return () => Dexie.on('storagemutated').unsubscribe(listener);
}

/** The entries of these packs as stored now, each sorted by id; an empty list for a pack that is gone. */
export async function readEntryPacks(db: KaoheDb, assessmentId: string, packs: readonly PackRef[]): Promise<ScoreEntry[][]> {
  const rows = await db.entryPacks.bulkGet(packs.map((p): [string, string, string] => [assessmentId, p.unitId, p.assessorId]));
  return rows.map((row) => (row ? entriesFromPacks([row]) : []));
}

/** Every entry of the assessment, grouped by pack (each sorted by id). */
export async function readAllEntryPacks(db: KaoheDb, assessmentId: string): Promise<{ pack: PackRef; entries: ScoreEntry[] }[]> {
  const rows = await assessmentPacks(db, assessmentId);
  return rows.map((row) => ({ pack: { unitId: row.unitId, assessorId: row.assessorId }, entries: entriesFromPacks([row]) }));
}

/** How many packs the assessment has: the length of a chunked read, for its progress. */
export function countEntryPacks(db: KaoheDb, assessmentId: string): Promise<number> {
  return assessmentPackRange(db, assessmentId).count();
}

/**
 * Every entry of the assessment, grouped by pack (each sorted by id), read `size` packs at a time in key
 * order (a unit's packs are next to each other), each chunk its own short read: the caller can give the
 * page its turn between chunks, where one read of a nation's packs held it for seconds. Chunks are not
 * one consistent snapshot: a caller follows changes with watchEntryPacks from before the first chunk.
 */
export async function* entryPackChunks(db: KaoheDb, assessmentId: string, size: number): AsyncGenerator<{ pack: PackRef; entries: ScoreEntry[] }[]> {
  let after: [string, string, string] | null = null;
  for (;;) {
    const rows: EntryPackRow[] = await db.entryPacks
      .where('[assessmentId+unitId+assessorId]')
      .between(after ?? [assessmentId], [assessmentId, Dexie.maxKey], after === null, true)
      .limit(size)
      .toArray();
    if (rows.length === 0) return;
    yield rows.map((row) => ({ pack: { unitId: row.unitId, assessorId: row.assessorId }, entries: entriesFromPacks([row]) }));
    if (rows.length < size) return;
    const last = rows[rows.length - 1]!;
    after = [assessmentId, last.unitId, last.assessorId];
  }
}
