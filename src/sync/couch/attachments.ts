/**
 * Evidence files as CouchDB attachments. A document that references files (an entry with its findings,
 * an appeal; `files` in docs.ts) carries their bytes as attachments named by their content hash, so one
 * name always means the same bytes.
 *
 * Push: a written version carries the bytes (base64 in `_bulk_docs`) only of the files its parent version
 * on the server does not already have. For those it has, the version carries a stub (`stub: true` with
 * the server's digest and revpos, as the replicator sends them); CouchDB fills a stub in from the nearest
 * ancestor it stores, so an entry edited again sends none of its files' bytes. Which files the parent has
 * is read from the server (`_bulk_get` of the parents: a few hundred bytes per document), never assumed;
 * should the server still refuse a stub (`missing_stub`: the parent was compacted meanwhile), that part
 * is sent again with all its bytes.
 * Pull: only the files this machine does not already store (by hash) are fetched, one attachment at a
 * time, so a file that is here — from any assessment, or an earlier version of the document — is never
 * fetched or stored twice. Fetched bytes are hashed again: bytes that do not match their name, or a file
 * the server does not have, are reported with the document and the file's name, never dropped silently.
 */
import type { Attachment } from '../../model/attachment';
import { fileHash } from '../fileHash';
import { CouchError, dbPath, type CouchClient } from './http';
import type { CouchAttachment, SyncDoc } from './docs';
import type { Revisions } from './revs';

export interface StoredFile {
  type: string;
  bytes: Uint8Array;
}

function toBase64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

/** Per document id, the attachments (stubs, by name) of the version a written version is based on, as the server has it. */
export type ParentAttachments = Map<string, Record<string, CouchAttachment>>;

/**
 * Adds each document's files as `_attachments`: a stub for a file its parent version on the server has
 * (`parents`), else the bytes. Returns what could not be attached (a file missing here): that document
 * goes without it and the other machines report it as missing.
 */
export async function attachFileBytes(docs: SyncDoc[], read: (hashes: string[]) => Promise<Map<string, StoredFile>>, parents: ParentAttachments = new Map()): Promise<string[]> {
  const onServer = (d: SyncDoc, hash: string) => parents.get(d._id)?.[hash];
  const hashes = [...new Set(docs.flatMap((d) => (d._deleted ? [] : (d.files ?? []).filter((f) => !onServer(d, f.hash)).map((f) => f.hash))))];
  const stored = hashes.length > 0 ? await read(hashes) : new Map<string, StoredFile>();
  const problems: string[] = [];
  for (const doc of docs) {
    if (doc._deleted || !doc.files?.length) continue;
    const atts: NonNullable<SyncDoc['_attachments']> = {};
    for (const f of doc.files) {
      if (atts[f.hash]) continue;
      const stub = onServer(doc, f.hash);
      const file = stub ? undefined : stored.get(f.hash);
      if (stub) atts[f.hash] = { stub: true, content_type: stub.content_type, ...(stub.digest && { digest: stub.digest }), ...(stub.length !== undefined && { length: stub.length }), ...(stub.revpos !== undefined && { revpos: stub.revpos }) };
      else if (!file) problems.push(`“${doc._id}”的附件“${f.name}”的文件在本机已不存在，未能发送`);
      else atts[f.hash] = { content_type: f.type, data: toBase64(file.bytes) };
    }
    doc._attachments = atts;
  }
  return problems;
}

/** The parent revision a version written with `new_edits: false` names in its `_revisions`. */
function parentRev(doc: SyncDoc): string | undefined {
  const r = (doc as { _revisions?: Revisions })._revisions;
  return r && r.ids.length > 1 ? `${r.start - 1}-${r.ids[1]}` : undefined;
}

/**
 * The attachments the server has on the parent version of each document that carries files, read with
 * one `_bulk_get` (stubs only, no bytes). A parent the server cannot give (gone, or compacted away) has
 * none: its files are sent whole.
 */
export async function parentAttachments(client: CouchClient, db: string, docs: readonly SyncDoc[], signal?: AbortSignal): Promise<ParentAttachments> {
  const wanted = docs.flatMap((d) => {
    const rev = !d._deleted && d.files?.length ? parentRev(d) : undefined;
    return rev ? [{ id: d._id, rev }] : [];
  });
  const out: ParentAttachments = new Map();
  if (wanted.length === 0) return out;
  type Got = { ok?: { _id: string; _attachments?: Record<string, CouchAttachment> } };
  const r = await client.request<{ results: { id: string; docs: Got[] }[] }>('POST', `${dbPath(db)}/_bulk_get`, { docs: wanted }, {}, signal);
  for (const x of r.results) {
    const atts = x.docs.find((d) => d.ok)?.ok?._attachments;
    if (atts) out.set(x.id, atts);
  }
  return out;
}

/** The server refused a stub: the version it names is no longer there to fill it in from. */
const isMissingStub = (e: unknown) => e instanceof CouchError && (e.error === 'missing_stub' || e.status === 412);

export interface FetchedFiles {
  /** bytes by hash, each checked against its hash */
  files: Map<string, Uint8Array>;
  /** the files of these documents that could not be had (missing on the server, or corrupt) */
  unavailable: Set<string>;
  problems: string[];
}

/**
 * Fetches the files the pulled documents reference and this machine does not store (`have` says which
 * it does). A file is read from the first document that has it intact; each document that names a
 * file which cannot be had is reported.
 */
export async function fetchMissingFiles(
  client: CouchClient,
  db: string,
  docs: readonly { doc: SyncDoc; files: readonly Attachment[] }[],
  have: (hashes: string[]) => Promise<Set<string>>,
  signal?: AbortSignal,
): Promise<FetchedFiles> {
  const out: FetchedFiles = { files: new Map(), unavailable: new Set(), problems: [] };
  const wanted = [...new Set(docs.flatMap((d) => d.files.map((f) => f.hash)))];
  if (wanted.length === 0) return out;
  const here = await have(wanted);
  for (const { doc, files } of docs) {
    for (const f of files) {
      if (here.has(f.hash) || out.files.has(f.hash)) continue;
      const where = `服务器文档“${doc._id}”的附件“${f.name}”`;
      const bytes = doc._attachments?.[f.hash] ? await client.attachmentBytes(db, doc._id, f.hash, doc._rev, signal) : null;
      if (!bytes) {
        out.unavailable.add(f.hash);
        out.problems.push(`${where}在服务器上没有文件，未保存该附件`);
      } else if (fileHash(bytes) !== f.hash) {
        out.unavailable.add(f.hash);
        out.problems.push(`${where}内容与校验值不符（文件已损坏），未保存该附件`);
      } else out.files.set(f.hash, bytes);
    }
  }
  // bytes one document lacked, another may have brought
  for (const hash of out.files.keys()) out.unavailable.delete(hash);
  return out;
}

/** The entities without the files that could not be had: the rest of each document is still merged. */
export function withoutUnavailable<E extends { kind: string; files?: Attachment[] }>(entities: E[], unavailable: ReadonlySet<string>): E[] {
  if (unavailable.size === 0) return entities;
  return entities.map((e) => (e.files?.some((f) => unavailable.has(f.hash)) ? { ...e, files: e.files.filter((f) => !unavailable.has(f.hash)) } : e));
}

/** Bytes of files per `_bulk_docs` request: a whole batch of documents with evidence is not sent (nor held in memory) at once. */
const PART_BYTES = 8 * 1024 * 1024;

/**
 * Writes documents with `_bulk_docs`, those with files to send in parts of about PART_BYTES of file
 * bytes each (a document with more goes alone; files the server has on the parent go as stubs and weigh
 * nothing), reading each part's bytes just before sending it. Returns the server's per-document errors
 * and what could not be attached.
 */
export async function sendWithFiles<E extends { error?: string }>(
  docs: SyncDoc[],
  read: (hashes: string[]) => Promise<Map<string, StoredFile>>,
  post: (docs: SyncDoc[]) => Promise<E[]>,
  parents: (docs: SyncDoc[]) => Promise<ParentAttachments> = async () => new Map(),
): Promise<{ errors: E[]; problems: string[] }> {
  const known = await parents(docs);
  const size = (d: SyncDoc) => (d._deleted ? 0 : (d.files ?? []).reduce((s, f) => s + (known.get(d._id)?.[f.hash] ? 0 : f.size), 0));
  const parts: SyncDoc[][] = [docs.filter((d) => size(d) === 0)];
  let part: SyncDoc[] = [];
  let bytes = 0;
  for (const d of docs.filter((x) => size(x) > 0)) {
    if (part.length > 0 && bytes + size(d) > PART_BYTES) {
      parts.push(part);
      part = [];
      bytes = 0;
    }
    part.push(d);
    bytes += size(d);
  }
  parts.push(part);
  const out = { errors: [] as E[], problems: [] as string[] };
  for (const p of parts) {
    if (p.length === 0) continue;
    const problems = await attachFileBytes(p, read, known);
    let errors: E[];
    try {
      errors = await post(p);
    } catch (e) {
      if (!isMissingStub(e)) throw e;
      errors = [{ error: 'missing_stub' } as E];
    }
    if (errors.some((x) => x.error === 'missing_stub')) {
      // a stub the server could not fill in: this part again, every file with its bytes
      problems.length = 0;
      problems.push(...(await attachFileBytes(p, read)));
      errors = await post(p);
    }
    out.problems.push(...problems);
    out.errors.push(...errors);
    // the bytes are on the server now: not kept in memory for the rest of the round
    for (const d of p) delete d._attachments;
  }
  return out;
}
