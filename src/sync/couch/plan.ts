/**
 * What one replication round moves, as pure functions of the two sides.
 *
 * Push: a local document is pending when its content differs from the version the server was last
 * known to have (`SyncedMap`, kept per assessment). It is written on top of that version, so the server
 * either fast-forwards or, when someone else wrote meanwhile, keeps both as a CouchDB conflict.
 *
 * Pull: the server's documents become a bundle of the assessment and go through the same merge plan
 * as an imported file (sync/merge.ts): revisions and deletions mean exactly what they mean in bundles,
 * and a disagreement becomes a pending conflict for the coordinator.
 */
import type { Assessment, Bundle } from '../../model/assessment';
import { BUNDLE_TYPE, BUNDLE_VERSION } from '../../model/assessment';
import type { RuleSet } from '../../model/ruleSet';
import type { ScoreEntry } from '../../model/entries';
import { contentHash } from '../contentHash';
import { entryContent } from '../merge';
import { docContentHash, toDoc, type SyncDoc, type SyncEntity } from './docs';
import { nextRev, type Revisions } from './revs';

/** The server's version of a document as last seen here. */
export interface SyncedDoc {
  rev: string;
  /** docContentHash of that version */
  hash: string;
  /** mergeContentHash of that version: a local version saying the same needs no push */
  same?: string;
  /** the other leaf revisions of a CouchDB conflict, closed when this copy next writes the document */
  conflicts?: string[];
}
export type SyncedMap = Record<string, SyncedDoc>;

export interface PendingDoc {
  doc: SyncDoc;
  hash: string;
}

/**
 * What the merge compares (sync/merge.ts): an entry without its revision and who/when (with its files),
 * other documents whole. Two copies of an entry that say the same are the same to the merge, whatever their revisions.
 */
export function mergeContentHash(doc: Pick<SyncDoc, 'kind' | 'data' | 'files'>): string {
  // the files count: a file added to a finding changes no entry field, yet the document must travel
  return doc.kind === 'entry'
    ? contentHash({ kind: doc.kind, data: entryContent(doc.data as ScoreEntry), ...(doc.files?.length && { files: doc.files }) })
    : docContentHash(doc);
}

/**
 * The local document, if the server does not have it yet. A version the merge takes as the same as the
 * server's (an entry that merely carries another revision, e.g. after the coordinator took the server's
 * value) is not pushed: pushing it would make the other copies push theirs back, round after round.
 * It is pushed when the server's version has conflicting leaves, to close them.
 */
export function pendingDoc(entity: SyncEntity, synced: SyncedMap): PendingDoc | null {
  const doc = toDoc(entity);
  const hash = docContentHash(doc);
  const known = synced[doc._id];
  if (known?.hash === hash) return null;
  if (known?.same !== undefined && !known.conflicts?.length && known.same === mergeContentHash(doc)) return null;
  return { doc, hash };
}

export const byDocId = (a: PendingDoc, b: PendingDoc) => (a.doc._id < b.doc._id ? -1 : a.doc._id > b.doc._id ? 1 : 0);

/** Local documents whose content the server does not have yet, in id order. */
export function pendingDocs(local: readonly SyncEntity[], synced: SyncedMap, mayWrite: (e: SyncEntity) => boolean = () => true): PendingDoc[] {
  const out: PendingDoc[] = [];
  for (const entity of local) {
    if (!mayWrite(entity)) continue;
    const p = pendingDoc(entity, synced);
    if (p) out.push(p);
  }
  return out.sort(byDocId);
}

export type PushDoc = SyncDoc & { _rev: string; _revisions: Revisions };

/**
 * The documents for `_bulk_docs` with `new_edits: false`: each pending document as the child of the
 * server's version it was based on; the losing leaves of a conflict this copy has seen are closed
 * (deleted), since the local content is now the decided one — unless `close` is false (a login that may
 * not delete).
 */
export function pushDocs(pending: readonly PendingDoc[], synced: SyncedMap, close = true): PushDoc[] {
  const out: PushDoc[] = [];
  for (const { doc, hash } of pending) {
    const base = synced[doc._id];
    out.push({ ...doc, ...revFields(nextRev(base?.rev, hash)) });
    // a closed leaf keeps its data, so the server can still tell whose document it was
    for (const leaf of close ? (base?.conflicts ?? []) : []) out.push({ _id: doc._id, _deleted: true, kind: doc.kind, data: doc.data, ...revFields(nextRev(leaf, 'deleted')) });
  }
  return out;
}

const revFields = (r: { rev: string; revisions: Revisions }) => ({ _rev: r.rev, _revisions: r.revisions });

/** The local frame a pulled batch is merged into: the assessment and its rule sets as they are here. */
export interface PullFrame {
  assessment: Assessment;
  ruleSets: RuleSet[];
}

/**
 * A batch of server documents as a bundle to merge. Entries, removals, units, assessors and appeals
 * travel; the assessment and rule sets are the local ones (a server rule set that differs is reported
 * by `ruleSetChange`, not merged behind the coordinator's back). A batch holds at most one version of
 * each document, as the merge requires.
 */
export function bundleOfPulled(entities: readonly SyncEntity[], frame: PullFrame, exportedAt: string, exportedBy: string): Bundle {
  const bundle: Bundle = {
    type: BUNDLE_TYPE,
    schemaVersion: BUNDLE_VERSION,
    exportedAt,
    exportedBy,
    scope: { kind: 'full' },
    assessment: frame.assessment,
    ruleSets: frame.ruleSets,
    units: [],
    assessors: [],
    entries: [],
    removals: [],
    appeals: [],
  };
  for (const e of entities) {
    if (e.kind === 'entry') bundle.entries.push(e.data);
    else if (e.kind === 'removal') bundle.removals!.push(e.data);
    else if (e.kind === 'unit') bundle.units.push(e.data);
    else if (e.kind === 'assessor') bundle.assessors.push(e.data);
    else if (e.kind === 'appeal') bundle.appeals!.push(e.data);
  }
  return bundle;
}

/** The server's assessment differs from the local one in its groups' rule sets: a message, else null. */
export function ruleSetChange(server: Assessment | undefined, local: Assessment): string | null {
  if (!server) return null;
  const here = new Map(local.groups.map((g) => [g.key, g.ruleSetHash]));
  const differing = server.groups.filter((g) => here.get(g.key) !== g.ruleSetHash);
  return differing.length === 0 ? null : `服务器上的考核使用了不同的评分规则（分组：${differing.map((g) => g.name).join('、')}），评分记录仍照常同步；请协调人统一规则集。`;
}

/** Everything a bundle carries, as entities to replicate (the assessment document included). */
export function entitiesOfBundle(b: Bundle): SyncEntity[] {
  const { assessment, ruleSets, units, assessors, entries, removals = [], appeals = [] } = b;
  return [
    { kind: 'assessment', data: assessment },
    ...ruleSets.map((data): SyncEntity => ({ kind: 'ruleSet', data })),
    ...units.map((data): SyncEntity => ({ kind: 'unit', data })),
    ...assessors.map((data): SyncEntity => ({ kind: 'assessor', data })),
    ...entries.map((data): SyncEntity => ({ kind: 'entry', data })),
    ...removals.map((data): SyncEntity => ({ kind: 'removal', data })),
    ...appeals.map((data): SyncEntity => ({ kind: 'appeal', data })),
  ];
}
