/**
 * Reading a bundle file for import: the bytes (a large file as a stream, so progress can be shown), then a version 2
 * file read from its bytes (formats/packedFile.ts) or else the shared encoding policy
 * (formats/fileText.ts) and parseBundle — exactly the functions the command line uses, so the
 * result and every message are the same wherever this runs (in a worker or, as a fallback, the page).
 * A zip (a bundle with its attached files) is told by its first bytes and read through the zip door,
 * every file checked against its hash, so opening or merging it also runs off the page's thread.
 * No React, no Dexie: this runs inside bundle.worker.ts.
 */
import { parseBundle, type BundleParse } from '../formats/bundle';
import type { Bundle } from '../model/assessment';
import { isZip, readBundleZip } from '../formats/bundleZip';
import { decodeFileText } from '../formats/fileText';
import { readPackedFile, webReading } from '../formats/packedFile';

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

/** How often the read stage tells how far it got: a few dozen times for a nation's file. */
export const CHUNK_BYTES = 4 << 20;

/**
 * Up to this size a file is read in one call: in Chromium a nation's 63 MB took 0.23–0.35 s so, and
 * 0.41–0.91 s as a stream (three runs each, in one page); the bar then shows the read stage without
 * steps for that long. A larger file (a version 1 file of a nation is 200 MB) is read as a stream, with
 * its progress shown and a cancel heard between its chunks.
 */
export const READ_WHOLE_BYTES = 128 << 20;

/**
 * The file's bytes: up to `wholeUpTo` bytes in one call, a larger file as a stream (in 4 MB slices it
 * took 0.44–0.74 s), telling progress each CHUNK_BYTES and asking `stop` between the stream's chunks.
 * Reading the packs while the stream still arrives gained nothing measurable: the stream does not read ahead.
 */
export async function readBytes(
  file: Blob,
  progress: (p: IngestProgress) => void,
  stop: () => boolean,
  wholeUpTo: number = READ_WHOLE_BYTES,
): Promise<Uint8Array | undefined> {
  const total = file.size;
  progress({ stage: 'read', loaded: 0, total });
  if (total <= wholeUpTo) {
    const whole = new Uint8Array(await file.arrayBuffer());
    if (stop()) return undefined;
    if (whole.length !== total) throw new Error(FILE_CHANGED);
    progress({ stage: 'read', loaded: total, total });
    return whole;
  }
  const bytes = new Uint8Array(total);
  const reader = file.stream().getReader();
  let at = 0;
  let next = CHUNK_BYTES;
  for (;;) {
    if (stop()) {
      await reader.cancel();
      return undefined;
    }
    const { done, value } = await reader.read();
    if (done) break;
    if (at + value.length > total) throw new Error(FILE_CHANGED);
    bytes.set(value, at);
    at += value.length;
    if (at >= next || at === total) {
      progress({ stage: 'read', loaded: at, total });
      next = at + CHUNK_BYTES;
    }
  }
  if (at !== total) throw new Error(FILE_CHANGED);
  return bytes;
}

const FILE_CHANGED = '文件在读取过程中发生了变化，请重新选择文件';

/**
 * Reads, decodes, parses and checks; `stop` is asked between chunks (a cancel on the page's own thread).
 * A version 2 file in the layout this program writes is read from its bytes (formats/packedFile.ts);
 * anything else, and any problem in it, the ordinary way: the encoding policy, then parseBundle.
 */
export async function ingestBundle(
  { file, fileName, present }: IngestRequest,
  progress: (p: IngestProgress) => void,
  stop: () => boolean = () => false,
): Promise<IngestResult | undefined> {
  const bytes = await readBytes(file, progress, stop);
  if (!bytes || stop()) return undefined;
  return ingestBytes(bytes, fileName, progress, present);
}

/** ingestBundle once the file's bytes are read: a zip, a version 2 file in this program's layout, or any other. */
export function ingestBytes(bytes: Uint8Array, fileName: string, progress: (p: IngestProgress) => void, present?: ReadonlySet<string>): IngestResult | Promise<IngestResult> {
  const total = bytes.length;
  if (isZip(bytes)) {
    progress({ stage: 'check', loaded: total, total });
    return readBundleZip(bytes, fileName, present);
  }
  const quick = readPackedFile(bytes, webReading, (stage) => progress({ stage, loaded: total, total }));
  if (quick) return quick;
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
