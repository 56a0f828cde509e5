/**
 * Reading a bundle file for import: the bytes in chunks (so progress can be shown), the shared encoding
 * policy (formats/fileText.ts), then parseBundle — exactly the functions the command line uses, so the
 * result and every message are the same wherever this runs (in a worker or, as a fallback, the page).
 * A zip (a bundle with its attached files) is told by its first bytes and read through the zip door,
 * every file checked against its hash, so opening or merging it also runs off the page's thread.
 * No React, no Dexie: this runs inside bundle.worker.ts.
 */
import { parseBundle, type BundleParse } from '../formats/bundle';
import type { Bundle } from '../model/assessment';
import { isZip, readBundleZip } from '../formats/bundleZip';
import { decodeFileText } from '../formats/fileText';

export type IngestStage = 'read' | 'parse' | 'check';

export interface IngestProgress {
  stage: IngestStage;
  /** bytes read so far and in all (the read stage) */
  loaded: number;
  total: number;
}

/** A read bundle: with the bytes of its attached files (by hash) when the file was a zip. */
export type IngestResult = BundleParse | { ok: true; bundle: Bundle; files: Map<string, Uint8Array> };

/** What the worker posts: progress while it works, then the outcome once. */
export type IngestMessage = { kind: 'progress'; progress: IngestProgress } | { kind: 'result'; result: IngestResult } | { kind: 'failed'; message: string };

export interface IngestRequest {
  file: Blob;
  fileName: string;
  /** hashes of the files this browser already stores: a zip need not carry them again */
  present?: ReadonlySet<string>;
}

/** Large enough that a file of tens of MB is a dozen reads; small enough for a smooth bar. */
export const CHUNK_BYTES = 4 << 20;

/** Reads, decodes, parses and checks; `stop` is asked between chunks (a cancel on the page's own thread). */
export async function ingestBundle(
  { file, fileName, present }: IngestRequest,
  progress: (p: IngestProgress) => void,
  stop: () => boolean = () => false,
): Promise<IngestResult | undefined> {
  const total = file.size;
  const bytes = new Uint8Array(total);
  progress({ stage: 'read', loaded: 0, total });
  for (let at = 0; at < total; at += CHUNK_BYTES) {
    if (stop()) return undefined;
    const chunk = new Uint8Array(await file.slice(at, Math.min(total, at + CHUNK_BYTES)).arrayBuffer());
    bytes.set(chunk, at);
    progress({ stage: 'read', loaded: at + chunk.length, total });
  }
  if (stop()) return undefined;
  if (isZip(bytes)) {
    progress({ stage: 'check', loaded: total, total });
    return readBundleZip(bytes, fileName, present);
  }
  const read = decodeFileText(bytes, fileName);
  if (!read.ok) return read;
  progress({ stage: 'parse', loaded: total, total });
  return parseBundle(read.text, fileName, () => progress({ stage: 'check', loaded: total, total }));
}

/** The worker's handler, callable without a worker (tests): every message it posts goes to `post`. */
export async function handleIngestRequest(request: IngestRequest, post: (m: IngestMessage) => void): Promise<void> {
  try {
    const result = await ingestBundle(request, (progress) => post({ kind: 'progress', progress }));
    if (result) post({ kind: 'result', result });
  } catch (e) {
    post({ kind: 'failed', message: e instanceof Error ? e.message : String(e) });
  }
}
