/**
 * One round of two-way replication between the local store and a CouchDB database, following the
 * CouchDB replication protocol (docs.couchdb.org, "Replication Protocol"), written here over the app's
 * own store rather than through a client database such as PouchDB: the store keeps entries packed per
 * unit × assessor and merges by the bundle rules, which a second document database in the browser would
 * duplicate (twice the storage, two sources of truth).
 *
 * Pull: the checkpoint (last sequence read) is kept in the local state and in a `_local/` document on the
 * server; when the two disagree (the database was recreated, or the state is from another server) the
 * pull starts again from 0, which is safe because merging is idempotent. `_changes` with
 * `style=all_docs&conflicts=true&include_docs=true` gives the winning version of each changed document;
 * the other leaves of a CouchDB conflict are read with `_bulk_get` and merged as a second batch, so a
 * disagreement becomes a pending conflict in the conflicts view. The versions of each conflicted document
 * are also handed over together first (`conflicted`): a unit's self-assessment is not merged by entry,
 * its versions wait side by side for the coordinator. The checkpoint moves only after a batch
 * is stored: a round cut off anywhere reads the same changes again and merges them to the same result.
 * A round that reads nothing new (a longpoll that timed out) writes no checkpoint.
 *
 * Push: pending documents are those whose content differs from the server's last known version. Which of
 * them the server lacks is asked with `_revs_diff`; they are written with `_bulk_docs` and
 * `new_edits: false` under revisions derived from their parent (revs.ts), so a concurrent write elsewhere
 * becomes a CouchDB conflict instead of a lost update. The server's validation function may refuse a
 * document: it is remembered as refused (with its content hash) and not sent again until it changes.
 */
import { contentHash } from '../contentHash';
import { CouchError, dbPath, docPath, type CouchClient } from './http';
import { docContentHash, docId, fromDoc, type SyncDoc, type SyncEntity } from './docs';
import { mergeContentHash, pendingDocs, pushDocs, type PendingDoc } from './plan';
import { fetchMissingFiles, parentAttachments, sendWithFiles, withoutUnavailable, type StoredFile } from './attachments';
import type { ReplicationState } from './state';

export { emptyState, type ReplicationState } from './state';

/** The local side: the store, seen as entities. */
export interface LocalSide {
  entities(): Promise<SyncEntity[]>;
  /**
   * The documents to push, when the local side can tell them without reading and hashing everything
   * (it knows what was written since it last looked); else `entities` are compared whole.
   */
  pending?(state: ReplicationState, mayWrite: (e: SyncEntity) => boolean): Promise<PendingDoc[]>;
  /** doc ids not to push (an entry with a pending conflict waits for the coordinator) */
  held(): Promise<Set<string>>;
  /**
   * documents in a CouchDB conflict, each as its versions (the server's winner first), before they are
   * merged: what the merge of one version at a time cannot show (a unit's self-assessment) is kept for
   * the coordinator to decide
   */
  conflicted?(sets: SyncEntity[][], files: ReadonlyMap<string, Uint8Array>): Promise<void>;
  /**
   * merges a batch of server documents into the store (with the bytes of files new here); a message when
   * it could not. `leaves`: the batch is the other versions of conflicted documents, not the winners.
   */
  apply(batch: SyncEntity[], files?: Map<string, Uint8Array>, note?: (problem: string) => void, leaves?: boolean): Promise<string | null>;
  /**
   * Documents whose version here, changed and not yet pushed, is kept over the server's (doc id → its
   * content hash): the server's version is not taken and the known version stays, so the push writes
   * this one beside it — a CouchDB conflict for the coordinator, not an edit lost. A unit's
   * self-assessment: it has no revisions to merge by.
   */
  keeps?(state: ReplicationState): Promise<Map<string, string>>;
  /** the stored bytes of these files (to send them as attachments) */
  readFiles?(hashes: string[]): Promise<Map<string, StoredFile>>;
  /** which of these files are stored here (those are not fetched again) */
  storedFiles?(hashes: string[]): Promise<Set<string>>;
  loadState(): Promise<ReplicationState>;
  /**
   * Saves the state; `changed` names the documents whose known version (`synced`) changed since the
   * last save, so only those need writing (at nation size the state knows 1.35 million documents).
   * Without it, the whole state.
   */
  saveState(state: ReplicationState, changed?: readonly string[]): Promise<void>;
}

export interface RoundOptions {
  db: string;
  /** identifies this copy's replication (checkpoint document) */
  replicationId: string;
  mayWrite: (e: SyncEntity) => boolean;
  /**
   * whether this login closes (deletes) the other leaves of a conflict when it writes the document; a
   * unit's login may not delete its self-assessment, so its conflicts wait for the coordinator. Default true.
   */
  mayClose?: boolean;
  /** wait up to this long for a first change (longpoll) */
  waitMs?: number;
  batchSize?: number;
  signal?: AbortSignal;
}

export interface RoundReport {
  pulled: number;
  /** documents of the user's changes written (the audit records sent with them are not counted) */
  pushed: number;
  refused: string[];
  /** documents from the server that could not be read (with the reason) */
  unreadable: string[];
  /** a batch the store would not take (e.g. an assessment that is locked here) */
  applyRefused: string | null;
}

interface ChangesRow {
  id: string;
  seq: string | number;
  deleted?: boolean;
  doc?: SyncDoc & { _conflicts?: string[] };
}

/** The checkpoint document of a replication: one per copy and database. */
export const checkpointId = (replicationId: string) => `_local/${contentHash(replicationId).slice(7, 39)}`;

/** The number of documents waiting to be pushed. */
export async function pendingCount(local: LocalSide, mayWrite: (e: SyncEntity) => boolean): Promise<number> {
  // the user's changes: the audit records that go with them are not counted again
  return (await pendingToPush(local, await local.loadState(), mayWrite)).filter((p) => p.doc.kind !== 'audit').length;
}

async function pendingToPush(local: LocalSide, state: ReplicationState, mayWrite: (e: SyncEntity) => boolean): Promise<PendingDoc[]> {
  const held = await local.held();
  const pending = local.pending ? await local.pending(state, mayWrite) : pendingDocs(await local.entities(), state.synced, mayWrite);
  return pending.filter((p) => !held.has(p.doc._id) && state.refused[p.doc._id] !== p.hash);
}

async function readCheckpoint(client: CouchClient, db: string, id: string): Promise<{ since: string | number; session: string } | null> {
  try {
    return await client.request<{ since: string | number; session: string }>('GET', docPath(db, id));
  } catch (e) {
    if (e instanceof CouchError && e.status === 404) return null;
    throw e;
  }
}

/** Writes the checkpoint document of a replication (`_local/…`): where this copy got to in the feed. */
export async function saveCheckpoint(client: CouchClient, db: string, replicationId: string, since: string | number, session: string): Promise<void> {
  await writeCheckpoint(client, db, checkpointId(replicationId), since, session);
}

async function writeCheckpoint(client: CouchClient, db: string, id: string, since: string | number, session: string): Promise<void> {
  let rev: string | undefined;
  try {
    rev = (await client.request<{ _rev: string }>('GET', docPath(db, id)))._rev;
  } catch (e) {
    if (!(e instanceof CouchError && e.status === 404)) throw e;
  }
  await client.request('PUT', docPath(db, id), { since, session, ...(rev && { _rev: rev }) });
}

/** The other leaves of conflicted documents, read with `_bulk_get`. */
export async function conflictLeaves(client: CouchClient, db: string, docs: readonly SyncDoc[]): Promise<unknown[]> {
  const wanted = docs.flatMap((d) => (d._conflicts ?? []).map((rev) => ({ id: d._id, rev })));
  if (wanted.length === 0) return [];
  const r = await client.request<{ results: { docs: { ok?: unknown }[] }[] }>('POST', `${dbPath(db)}/_bulk_get`, { docs: wanted });
  return r.results.flatMap((x) => x.docs.map((d) => d.ok).filter((d) => d !== undefined));
}

async function pull(client: CouchClient, local: LocalSide, state: ReplicationState, o: RoundOptions, report: RoundReport, wait: boolean): Promise<void> {
  const cpId = checkpointId(o.replicationId);
  const limit = o.batchSize ?? 500;
  const feed = (longpoll: boolean) =>
    client.request<{ results: ChangesRow[]; last_seq: string | number }>('GET', `${dbPath(o.db)}/_changes`, undefined, {
      since: state.since,
      style: 'all_docs',
      include_docs: true,
      conflicts: true,
      limit,
      ...(longpoll && { feed: 'longpoll', timeout: o.waitMs ?? 25_000 }),
    }, longpoll ? o.signal : undefined);
  // a round that does not wait (something is pending here, as after an edit) asks for the first batch
  // beside the checkpoint, one request fewer before its push; the batch is read only if it was asked
  // from where the checkpoint then says to read
  const askedSince = String(state.since);
  const early = wait ? undefined : feed(false);
  early?.catch(() => undefined);
  const cp = await readCheckpoint(client, o.db, cpId);
  // the server's checkpoint already says where this copy is: a round that reads nothing new leaves it
  let checkpointed = cp !== null && cp.session === state.session && String(cp.since) === String(state.since);
  if (!checkpointed) {
    // the server does not know where this copy got to: read everything again (merging is idempotent)
    state.since = 0;
    state.session = contentHash(`${o.replicationId}|${Date.now()}|${Math.random()}`).slice(7, 23);
  }
  const keep = local.keeps ? await local.keeps(state) : new Map<string, string>();
  for (let first = true; ; first = false) {
    const changes = await (first && early && String(state.since) === askedSince ? early : feed(wait && first));
    let winners: SyncEntity[] = [];
    const docs: SyncDoc[] = [];
    const withFiles: { doc: SyncDoc; files: NonNullable<Extract<SyncEntity, { kind: 'entry' }>['files']> }[] = [];
    for (const row of changes.results) {
      const doc = row.doc;
      if (!doc || row.deleted || doc._deleted || row.id.startsWith('_design/')) continue;
      // the echo of this copy's own push (an entry, an audit record): that exact version is here already
      const known = state.synced[row.id];
      if (known?.rev === doc._rev && !doc._conflicts?.length) continue;
      // changed here and not pushed yet: pushed beside the server's version, not overwritten by it
      if (keep.has(row.id) && keep.get(row.id) !== docContentHash(doc)) continue;
      const read = fromDoc(doc);
      if (!read.ok) {
        report.unreadable.push(read.message);
        continue;
      }
      winners.push(read.entity);
      docs.push(doc);
      if ('files' in read.entity && read.entity.files) withFiles.push({ doc, files: read.entity.files });
    }
    let leaves: SyncEntity[] = [];
    for (const d of await conflictLeaves(client, o.db, docs)) {
      const read = fromDoc(d);
      if (read.ok) leaves.push(read.entity);
      else report.unreadable.push(read.message);
      if (read.ok && 'files' in read.entity && read.entity.files) withFiles.push({ doc: d as SyncDoc, files: read.entity.files });
    }
    let files: Map<string, Uint8Array> | undefined;
    if (local.storedFiles && withFiles.length > 0) {
      const fetched = await fetchMissingFiles(client, o.db, withFiles, (h) => local.storedFiles!(h), o.signal);
      report.unreadable.push(...fetched.problems);
      winners = withoutUnavailable(winners, fetched.unavailable);
      leaves = withoutUnavailable(leaves, fetched.unavailable);
      files = fetched.files;
    }
    if (local.conflicted && leaves.length > 0) {
      const sets = new Map<string, SyncEntity[]>();
      for (const e of leaves) sets.set(docId(e), [...(sets.get(docId(e)) ?? []), e]);
      await local.conflicted(
        winners.flatMap((w) => (sets.has(docId(w)) ? [[w, ...sets.get(docId(w))!]] : [])),
        files ?? new Map(),
      );
    }
    // one version of each document per batch, as the merge requires: the winners, then each leaf
    for (const [i, batch] of [winners, ...leaves.map((l) => [l])].entries()) {
      if (batch.length === 0) continue;
      const refused = await local.apply(batch, files, (problem) => report.unreadable.push(problem), i > 0);
      if (refused) {
        report.applyRefused = refused;
        return;
      }
    }
    for (const doc of docs) state.synced[doc._id] = { rev: doc._rev!, hash: docContentHash(doc), same: mergeContentHash(doc), ...(doc._conflicts?.length && { conflicts: doc._conflicts }) };
    report.pulled += winners.length;
    // an idle round (a longpoll that timed out) writes no checkpoint: with hundreds of machines waiting on
    // one database, that was hundreds of writes a minute that changed nothing
    const moved = String(changes.last_seq) !== String(state.since);
    state.since = changes.last_seq;
    if (moved || !checkpointed || docs.length > 0) await local.saveState(state, docs.map((d) => d._id));
    if (moved || !checkpointed) await writeCheckpoint(client, o.db, cpId, state.since, state.session);
    checkpointed = true;
    if (changes.results.length < limit) return;
  }
}

async function push(client: CouchClient, local: LocalSide, state: ReplicationState, o: RoundOptions, report: RoundReport): Promise<void> {
  const pending = await pendingToPush(local, state, o.mayWrite);
  for (let i = 0; i < pending.length; i += o.batchSize ?? 500) {
    const slice = pending.slice(i, i + (o.batchSize ?? 500));
    const docs = pushDocs(slice, state.synced, o.mayClose ?? true);
    const revs: Record<string, string[]> = {};
    for (const d of docs) (revs[d._id] ??= []).push(d._rev);
    const missing = await client.request<Record<string, { missing: string[] }>>('POST', `${dbPath(o.db)}/_revs_diff`, revs);
    const toSend = docs.filter((d) => missing[d._id]?.missing.includes(d._rev));
    type BulkError = { id: string; error: string; reason: string };
    const post = async (part: SyncDoc[]) => {
      const r = await client.request<BulkError[]>('POST', `${dbPath(o.db)}/_bulk_docs`, { docs: part, new_edits: false });
      return Array.isArray(r) ? r : [];
    };
    // documents with evidence carry its bytes, sent in parts (couch/attachments.ts)
    const written = toSend.length === 0 ? { errors: [], problems: [] } : local.readFiles ? await sendWithFiles(toSend, (h) => local.readFiles!(h), post, (ds) => parentAttachments(client, o.db, ds, o.signal)) : { errors: await post(toSend), problems: [] };
    report.unreadable.push(...written.problems);
    const failed = new Map(written.errors.map((e) => [e.id, e]));
    for (const p of slice) {
      const sent = docs.find((d) => d._id === p.doc._id && !d._deleted)!;
      const error = failed.get(p.doc._id);
      if (error) {
        state.refused[p.doc._id] = p.hash;
        report.refused.push(`${p.doc._id}：${error.reason}`);
        continue;
      }
      state.synced[p.doc._id] = { rev: sent._rev, hash: p.hash, same: mergeContentHash(p.doc) };
      if (p.doc.kind !== 'audit') report.pushed++;
    }
    await local.saveState(state, slice.map((p) => p.doc._id));
  }
}

/**
 * One round: pull what the server has (waiting for a first change when `waitMs` is set and nothing is
 * pending here), then push what is pending here. Throws a CouchError when the server cannot be reached;
 * what was done before that is kept.
 */
export async function replicateOnce(client: CouchClient, local: LocalSide, o: RoundOptions): Promise<RoundReport> {
  const report: RoundReport = { pulled: 0, pushed: 0, refused: [], unreadable: [], applyRefused: null };
  const state = await local.loadState();
  const wait = o.waitMs !== undefined && (await pendingToPush(local, state, o.mayWrite)).length === 0;
  await pull(client, local, state, o, report, wait);
  if (report.applyRefused) return report;
  await push(client, local, state, o, report);
  state.lastSyncAt = new Date().toISOString();
  await local.saveState(state, []);
  return report;
}
