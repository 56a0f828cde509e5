/**
 * The replication state of an assessment (sync/couch/replicate.ts), kept in `meta` in parts, so a round
 * writes only what it changed. The state names the server's version of every document this copy has
 * seen: at nation size (1.35 million entry documents) that is far too much to write as one value after
 * each batch of a round.
 *
 * - `sync.state:<assessment>`: where the pull got to (`since`, `session`), refused documents, the last
 *   sync time, and how many parts the versions are split into;
 * - `sync.synced:<assessment>:<part>`: the known versions of the documents whose id falls in that part
 *   (a hash of the id). A save names the documents it changed: only their parts are read and written,
 *   together with the header, in one transaction — the checkpoint never runs ahead of the versions.
 *
 * The number of parts follows the number of documents (about PER_PART each), chosen when the whole
 * state is written (a join, a reset); a part grown far past that makes the next save write everything
 * again into more parts, so the cost of a save stays bounded as the assessment grows. A state written
 * whole by an earlier version of the app (`synced` inside the header) is read as it is and split at its
 * next save.
 */
import type { KaoheDb } from './database';
import { readInputChanges } from './inputChanges';
import { emptyState, type ReplicationState } from '../sync/couch/state';
import type { SyncedDoc, SyncedMap } from '../sync/couch/plan';

/** documents per part aimed at when the parts are laid out */
export const PER_PART = 256;
/** a part this many times PER_PART makes the next save lay the parts out again */
const REGROW = 4;
const MIN_PARTS = 16;
const MAX_PARTS = 1 << 16;
/** parts handed to the database at once when the whole state is written (about 16,000 versions) */
const PARTS_PER_WRITE = 64;

/** Where and as whom this machine syncs the assessment (store/sync.ts SyncSettings). */
export const syncSettingsKey = (assessmentId: string) => `sync.settings:${assessmentId}`;
const headerKey = (assessmentId: string) => `sync.state:${assessmentId}`;
const partPrefix = (assessmentId: string) => `sync.synced:${assessmentId}:`;
const partKey = (assessmentId: string, part: number) => `${partPrefix(assessmentId)}${part}`;
const inStepKey = (assessmentId: string) => `sync.inStep:${assessmentId}`;

/**
 * `sync.inStep:<assessment>`: no entry this login may write differed from the server's version in the
 * state when the scoring inputs' change count (inputChanges.ts) was `changes`. While the count is still
 * that, a runner's first round need not read and hash every entry (a nation's 1.35 million) to find none
 * pending. Any write to any input moves the count; a state written whole (a join, a reset) drops the mark.
 */
export interface InStepMark {
  by: string | undefined;
  changes: number;
  /** the assessment's attached files then (filesStamp): a document of an entry carries its files */
  files: string;
}

/**
 * The attached files of the assessment, as a short stamp of their ids: a file added or removed changes
 * it (attachments are rows added and deleted, never changed, and ids are never used again).
 */
export async function filesStamp(db: KaoheDb, assessmentId: string): Promise<string> {
  const keys = (await db.attachments.where('assessmentId').equals(assessmentId).primaryKeys()) as unknown as [string, string][];
  let h = 0x811c9dc5;
  for (const [, id] of keys) h = Math.imul(h ^ fnv(id), 0x01000193);
  return `${keys.length}:${(h >>> 0).toString(36)}`;
}

function fnv(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** What `sync.state:<assessment>` holds once split. */
interface StoredHeader {
  since: string | number;
  session: string;
  refused: Record<string, string>;
  lastSyncAt?: string;
  /** the number of parts (a power of two) */
  parts: number;
  /** written whole by an earlier version: the versions inside the header */
  synced?: SyncedMap;
}

/** The part of a document id: FNV-1a of its UTF-16 code units, masked to the part count. */
export function partOf(docId: string, parts: number): number {
  return fnv(docId) & (parts - 1);
}

/** Parts for this many documents: a power of two, about PER_PART documents each. */
export function partsFor(docs: number): number {
  let parts = MIN_PARTS;
  while (parts < MAX_PARTS && parts * PER_PART < docs) parts *= 2;
  return parts;
}

const headerOf = (state: ReplicationState, parts: number): StoredHeader => ({
  since: state.since,
  session: state.session,
  refused: state.refused,
  ...(state.lastSyncAt !== undefined && { lastSyncAt: state.lastSyncAt }),
  parts,
});

async function readHeader(db: KaoheDb, assessmentId: string): Promise<StoredHeader | null> {
  const v = (await db.meta.get(headerKey(assessmentId)))?.value as StoredHeader | undefined;
  return v && typeof v === 'object' && (typeof v.parts === 'number' || (v.synced && typeof v.synced === 'object')) ? v : null;
}

/** The whole state: the header and every part. */
export async function getSyncState(db: KaoheDb, assessmentId: string): Promise<ReplicationState> {
  return db.transaction('r', db.meta, async () => {
    const header = await readHeader(db, assessmentId);
    if (!header) return emptyState();
    const synced: SyncedMap = { ...header.synced };
    if (header.parts) {
      const rows = await db.meta.where('key').startsWith(partPrefix(assessmentId)).toArray();
      for (const row of rows) Object.assign(synced, row.value as SyncedMap);
    }
    return { since: header.since, session: header.session, synced, refused: header.refused ?? {}, ...(header.lastSyncAt !== undefined && { lastSyncAt: header.lastSyncAt }) };
  });
}

/** Where the pull got to, the refused documents and the last sync time, without the versions. */
export async function getSyncSummary(db: KaoheDb, assessmentId: string): Promise<Omit<ReplicationState, 'synced'>> {
  const header = await readHeader(db, assessmentId);
  if (!header) {
    const { synced: _s, ...empty } = emptyState();
    return empty;
  }
  return { since: header.since, session: header.session, refused: header.refused ?? {}, ...(header.lastSyncAt !== undefined && { lastSyncAt: header.lastSyncAt }) };
}

/** Writes the whole state, laid out in parts for its size (the old parts removed). */
async function putWhole(db: KaoheDb, assessmentId: string, state: ReplicationState): Promise<void> {
  const ids = Object.keys(state.synced);
  const parts = partsFor(ids.length);
  const split: SyncedMap[] = Array.from({ length: parts }, () => ({}));
  for (const id of ids) split[partOf(id, parts)]![id] = state.synced[id]!;
  await db.meta.where('key').startsWith(partPrefix(assessmentId)).delete();
  await db.meta.delete(inStepKey(assessmentId));
  // in slices, each written before the next is handed over: the database copies a batch's values in one
  // go on the page's thread, and a nation's 8,192 parts at once held the page for seconds (a join)
  for (let part = 0; part < parts; part += PARTS_PER_WRITE) {
    await db.meta.bulkPut(split.slice(part, part + PARTS_PER_WRITE).map((value, i) => ({ key: partKey(assessmentId, part + i), value })));
  }
  await db.meta.put({ key: headerKey(assessmentId), value: headerOf(state, parts) });
}

/**
 * Saves the state. `changed`: the documents whose known version changed since the last save (added,
 * replaced or dropped); only their parts are written, with the header. Without it the whole state is
 * written (a join, a state started afresh).
 */
export async function putSyncState(db: KaoheDb, assessmentId: string, state: ReplicationState, changed?: Iterable<string>): Promise<void> {
  await db.transaction('rw', db.meta, async () => {
    const header = changed === undefined ? null : await readHeader(db, assessmentId);
    // nothing split here yet (a first save, or a state written whole by an earlier version): lay it out
    if (changed === undefined || !header?.parts || header.synced) return putWhole(db, assessmentId, state);
    const { parts } = header;
    const byPart = new Map<number, string[]>();
    for (const id of changed) {
      const p = partOf(id, parts);
      const list = byPart.get(p);
      if (list) list.push(id);
      else byPart.set(p, [id]);
    }
    const keys = [...byPart.keys()];
    const rows = await db.meta.bulkGet(keys.map((p) => partKey(assessmentId, p)));
    let crowded = false;
    const puts = keys.map((p, i) => {
      const value: Record<string, SyncedDoc> = { ...(rows[i]?.value as SyncedMap | undefined) };
      for (const id of byPart.get(p)!) {
        const known = state.synced[id];
        if (known) value[id] = known;
        else delete value[id];
      }
      if (Object.keys(value).length > PER_PART * REGROW) crowded = true;
      return { key: partKey(assessmentId, p), value };
    });
    // the assessment outgrew its parts: lay them out again (doubling, so this stays rare)
    if (crowded && partsFor(Object.keys(state.synced).length) > parts) return putWhole(db, assessmentId, state);
    await db.meta.bulkPut(puts);
    await db.meta.put({ key: headerKey(assessmentId), value: headerOf(state, parts) });
  });
}

/** Forgets the state (another server or database: what was known of the old one says nothing of the new). */
export async function deleteSyncState(db: KaoheDb, assessmentId: string): Promise<void> {
  await db.transaction('rw', db.meta, async () => {
    await db.meta.delete(headerKey(assessmentId));
    await db.meta.delete(inStepKey(assessmentId));
    await db.meta.where('key').startsWith(partPrefix(assessmentId)).delete();
  });
}

/** The mark, and whether it holds now: the change count and the files are still what it names. */
export async function readInStep(db: KaoheDb, assessmentId: string): Promise<{ mark: InStepMark | null; holds: boolean }> {
  return db.transaction('r', [db.meta, db.inputChanges, db.attachments], async () => {
    const v = (await db.meta.get(inStepKey(assessmentId)))?.value as InStepMark | undefined;
    const mark = v && typeof v === 'object' && typeof v.changes === 'number' && typeof v.files === 'string' ? v : null;
    const holds = mark !== null && mark.changes === (await readInputChanges(db)) && mark.files === (await filesStamp(db, assessmentId));
    return { mark, holds };
  });
}

/** Sets the mark (null: removes it). Inside the caller's transaction when there is one (over `meta`). */
export async function putInStepMark(db: KaoheDb, assessmentId: string, mark: InStepMark | null): Promise<void> {
  if (mark) await db.meta.put({ key: inStepKey(assessmentId), value: mark });
  else await db.meta.delete(inStepKey(assessmentId));
}

/**
 * Deletes everything this machine keeps about syncing the assessment: its settings, the header and every
 * part of its state. Runs inside the caller's transaction (over `meta`), as the assessment is deleted.
 */
export async function deleteSyncRows(db: KaoheDb, assessmentId: string): Promise<void> {
  await Promise.all([
    db.meta.delete(syncSettingsKey(assessmentId)),
    db.meta.delete(headerKey(assessmentId)),
    db.meta.delete(inStepKey(assessmentId)),
    db.meta.where('key').startsWith(partPrefix(assessmentId)).delete(),
  ]);
}
