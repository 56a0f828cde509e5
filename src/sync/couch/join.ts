/**
 * Joining an assessment from the server into a browser that does not have it: the whole database read
 * through the changes feed from the start (`_changes`, `style=all_docs&conflicts=true&include_docs=true`,
 * in batches, each asked for while the one before is read here), assembled into a bundle of the
 * assessment, with the replication state that says which version of each document this copy now has
 * and where in the feed it got to. The caller stores the bundle and the state together, so the first
 * round after joining pulls only what changed meanwhile —
 * or, when the database holds files, removed attachments or audit records (which a bundle does not
 * carry), reads the feed again from just before the first of them and takes those, skipping the
 * versions already here (at nation size the feed before them is most of 1.35 million documents).
 *
 * Nothing is written here: a database without the assessment document, or one whose documents do not
 * make a valid assessment, is refused with the reason.
 */
import type { Bundle } from '../../model/assessment';
import { contentHash } from '../contentHash';
import { pause } from '../pause';
import { CouchError, dbPath, type CouchClient } from './http';
import { docContentHash, fromDoc, type SyncDoc, type SyncEntity } from './docs';
import { bundleOfPulled, mergeContentHash, type SyncedMap } from './plan';
import { conflictLeaves, type ReplicationState } from './replicate';

export interface JoinedDatabase {
  bundle: Bundle;
  state: ReplicationState;
  /** the other versions of documents in a CouchDB conflict, to merge after the bundle is stored */
  leaves: SyncEntity[];
  /** documents that could not be read (with the reason); they are left out */
  unreadable: string[];
}

export type JoinRead = { ok: true; joined: JoinedDatabase } | { ok: false; message: string };

/** documents read between two pauses */
const SLICE = 1000;

type ChangesBatch = { results: ChangesRow[]; last_seq: string | number };

interface ChangesRow {
  id: string;
  seq: string | number;
  deleted?: boolean;
  doc?: SyncDoc & { _conflicts?: string[] };
}

/** Reads the whole database; `progress` hears the number of documents read so far. */
export async function readWholeDatabase(
  client: CouchClient,
  db: string,
  options: { batchSize?: number; progress?: (docs: number) => void; signal?: AbortSignal } = {},
): Promise<JoinRead> {
  const limit = options.batchSize ?? 10_000;
  const synced: SyncedMap = {};
  const entities: SyncEntity[] = [];
  const conflicted: SyncDoc[] = [];
  const unreadable: string[] = [];
  let since: string | number = 0;
  /** where the first round reads the feed from to take what a bundle does not carry: the row before the first such document */
  let followFrom: string | number | null = null;
  let previous: string | number = 0;
  let read = 0;
  const batchAfter = (after: string | number): Promise<ChangesBatch> =>
    client.request('GET', `${dbPath(db)}/_changes`, undefined, { since: after, style: 'all_docs', include_docs: true, conflicts: true, limit }, options.signal);
  let next = batchAfter(since);
  for (;;) {
    const changes = await next;
    // a full batch may have more after it: asked for now, so that the server looks them up while this
    // batch is parsed and hashed here (at nation size the two take about as long)
    const more = changes.results.length >= limit;
    if (more) {
      next = batchAfter(changes.last_seq);
      // a failure is seen when the loop awaits it; until then it must not count as unhandled
      next.catch(() => undefined);
    }
    for (const [i, row] of changes.results.entries()) {
      // a batch takes the page most of a second to read: it keeps answering between slices
      if (i > 0 && i % SLICE === 0) await pause();
      const before = previous;
      previous = row.seq;
      const doc = row.doc;
      if (!doc || row.deleted || doc._deleted || row.id.startsWith('_design/')) continue;
      const parsed = fromDoc(doc);
      if (!parsed.ok) {
        unreadable.push(parsed.message);
        continue;
      }
      entities.push(parsed.entity);
      // files, removed attachments and audit records are not in a bundle: left unknown, the first round
      // takes them the way it takes any pulled document (the files fetched and checked by hash)
      const e = parsed.entity;
      if (e.kind === 'audit' || e.kind === 'attachmentRemoval' || e.kind === 'self' || ('files' in e && e.files?.length)) {
        followFrom ??= before;
        continue;
      }
      synced[doc._id] = { rev: doc._rev!, hash: docContentHash(doc), same: mergeContentHash(doc), ...(doc._conflicts?.length && { conflicts: doc._conflicts }) };
      if (doc._conflicts?.length) conflicted.push(doc);
    }
    read += changes.results.length;
    options.progress?.(read);
    since = changes.last_seq;
    if (!more) break;
  }
  const leaves: SyncEntity[] = [];
  for (const d of await conflictLeaves(client, db, conflicted)) {
    const parsed = fromDoc(d);
    if (parsed.ok) leaves.push(parsed.entity);
    else unreadable.push(parsed.message);
  }
  const bundle = bundleOfDatabase(entities, db);
  if (!bundle.ok) return bundle;
  const session = contentHash(`join|${db}|${Date.now()}|${Math.random()}`).slice(7, 23);
  return { ok: true, joined: { bundle: bundle.bundle, state: { since: followFrom ?? since, session, synced, refused: {} }, leaves, unreadable } };
}

/** The assessment the documents make: the assessment document, its rule sets, and everything else. */
function bundleOfDatabase(entities: readonly SyncEntity[], db: string): { ok: true; bundle: Bundle } | { ok: false; message: string } {
  const assessment = entities.find((e) => e.kind === 'assessment');
  if (!assessment) return { ok: false, message: `数据库 ${db} 中还没有考核：请协调人先用 npm run server -- setup … --bundle 考核数据包 把考核写入服务器` };
  const ruleSets = entities.flatMap((e) => (e.kind === 'ruleSet' ? [e.data] : []));
  // the rest of the documents make a bundle as a pulled batch does; here the server's rule sets are the assessment's
  const bundle = bundleOfPulled(entities, { assessment: assessment.data, ruleSets }, new Date().toISOString(), '同步服务器');
  if (bundle.ruleSets.length === 0) return { ok: false, message: `数据库 ${db} 中的考核没有规则集：请协调人重新运行 npm run server -- setup … --bundle 考核数据包` };
  return { ok: true, bundle };
}

/** Why the server would not open the database to this login, as a message for the user. */
export function accessProblem(e: unknown, db: string): string {
  if (e instanceof CouchError && e.status === 401) return '用户名或密码不正确';
  if (e instanceof CouchError && e.status === 403) return `此账号无权访问数据库 ${db}`;
  if (e instanceof CouchError && e.status === 404) return `服务器上没有数据库 ${db}（请先运行 npm run server -- setup）`;
  if (e instanceof CouchError && e.status === 0) return `无法连接服务器：请检查服务器地址和网络（${e.reason}）`;
  return e instanceof CouchError ? e.message : '无法连接服务器';
}
