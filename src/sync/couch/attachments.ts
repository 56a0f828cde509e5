/**
 * Evidence files as CouchDB attachments. A document that references files (an entry with its findings,
 * an appeal; `files` in docs.ts) carries their bytes as attachments named by their content hash, so one
 * name always means the same bytes.
 *
 * Push: each written version carries its files' bytes inline (base64 in `_bulk_docs`), since a version
 * written with `new_edits: false` may land beside another and must be complete on its own.
 * Pull: only the files this machine does not already store (by hash) are fetched, one attachment at a
 * time, so a file that is here — from any assessment, or an earlier version of the document — is never
 * fetched or stored twice. Fetched bytes are hashed again: bytes that do not match their name, or a file
 * the server does not have, are reported with the document and the file's name, never dropped silently.
 */
import type { Attachment } from '../../model/attachment';
import { fileHash } from '../fileHash';
import type { CouchClient } from './http';
import type { SyncDoc } from './docs';

export interface StoredFile {
  type: string;
  bytes: Uint8Array;
}

function toBase64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

/**
 * Adds the bytes of each document's files as `_attachments`. Returns what could not be attached (a file
 * missing here): that document goes without it and the other machines report it as missing.
 */
export async function attachFileBytes(docs: SyncDoc[], read: (hashes: string[]) => Promise<Map<string, StoredFile>>): Promise<string[]> {
  const hashes = [...new Set(docs.flatMap((d) => (d._deleted ? [] : (d.files ?? []).map((f) => f.hash))))];
  if (hashes.length === 0) return [];
  const stored = await read(hashes);
  const problems: string[] = [];
  for (const doc of docs) {
    if (doc._deleted || !doc.files?.length) continue;
    const atts: NonNullable<SyncDoc['_attachments']> = {};
    for (const f of doc.files) {
      const file = stored.get(f.hash);
      if (!file) problems.push(`“${doc._id}”的附件“${f.name}”的文件在本机已不存在，未能发送`);
      else atts[f.hash] ??= { content_type: f.type, data: toBase64(file.bytes) };
    }
    doc._attachments = atts;
  }
  return problems;
}

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
 * Writes documents with `_bulk_docs`, those with files in parts of about PART_BYTES of files each (a
 * document with more goes alone), reading each part's bytes just before sending it. Returns the
 * server's per-document errors and what could not be attached.
 */
export async function sendWithFiles<E>(
  docs: SyncDoc[],
  read: (hashes: string[]) => Promise<Map<string, StoredFile>>,
  post: (docs: SyncDoc[]) => Promise<E[]>,
): Promise<{ errors: E[]; problems: string[] }> {
  const size = (d: SyncDoc) => (d._deleted ? 0 : (d.files ?? []).reduce((s, f) => s + f.size, 0));
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
    out.problems.push(...(await attachFileBytes(p, read)));
    out.errors.push(...(await post(p)));
    // the bytes are on the server now: not kept in memory for the rest of the round
    for (const d of p) delete d._attachments;
  }
  return out;
}
