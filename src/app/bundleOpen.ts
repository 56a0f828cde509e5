/**
 * Opening a bundle file as an assessment of its own, start to end where it runs: read, checked (as an
 * import is, bundleIngest.ts) and stored through the repository — in the worker, so a nation's million
 * entries are never copied to the page, parsed or written on its thread. The page hears progress and,
 * at the end, only the assessment's name and year; its live reads see the new rows as they see another
 * tab's (Dexie tells every context of a write).
 *
 * A version 2 file in this program's layout is stored while its packs are read (openWhileReading): the
 * store writes one slice of packs while the next is read and checked, in one transaction that is kept
 * only when the checks across the whole file pass. Any other file, and any that fails on the way, is
 * read the ordinary way first and then stored, so a refused file is worded as an import words it.
 */
import type { ValidationIssue } from '../model/issues';
import { packFeed, type PackFeed } from '../formats/packedFile';
import { loadBundleAsNewAssessment, loadFedBundleAsNewAssessment, openDb, type KaoheDb } from '../store/repo';
import { explainFailure, type Failure } from './appError';
import { ingestBytes, readBytes, type IngestProgress, type IngestRequest } from './bundleIngest';

export interface OpenRequest extends IngestRequest {
  open: { dbName: string; who: string };
}

export type Opened = { ok: true; id: string; name: string; year: number } | { ok: false; errors: ValidationIssue[] };

/** Storing, once the checks passed: with the entries stored so far, and in all, where that is known. */
export interface StoreProgress {
  stage: 'store';
  stored?: number;
  total?: number;
}

/** Reading, checking and writing at once (nothing is kept until the whole file passed): packs done, of all. */
export interface LoadProgress {
  stage: 'load';
  done: number;
  total: number;
}

/** Where opening stands: the reading stages, or reading and writing at once, then storing. */
export type OpenStep = IngestProgress | LoadProgress | StoreProgress;

export type OpenMessage =
  | { kind: 'step'; step: OpenStep }
  | { kind: 'opened'; opened: Opened }
  | { kind: 'refused'; failure: Failure }
  /** the page asked to stop, and nothing was kept */
  | { kind: 'stopped' }
  /** about to write while reading: the worker waits for GO_OPEN, so the page knows from then on to ask it to stop rather than end it */
  | { kind: 'mayWrite' };

export const isOpenRequest = (r: IngestRequest): r is OpenRequest => 'open' in r && r.open !== undefined;

/** What the page sends the worker to stop an opening: it stops between slices and undoes what it wrote. */
export const STOP_OPEN = { stopOpen: true } as const;
export const isStopOpen = (m: unknown): m is typeof STOP_OPEN => typeof m === 'object' && m !== null && 'stopOpen' in m;
/** The page's answer to `mayWrite`. */
export const GO_OPEN = { goOpen: true } as const;
export const isGoOpen = (m: unknown): m is typeof GO_OPEN => typeof m === 'object' && m !== null && 'goOpen' in m;

/** Packs read and then written together; 500 keeps the store's writes as large as addPacks makes them. */
const PACKS_PER_SLICE = 500;

class Stopped extends Error {}

/**
 * Reads, checks and stores; `stop` is asked between chunks and slices (the page asked to stop). A
 * refusal of the store (the assessment is already here, storage full) comes back as its words for the
 * user. `pageDb`: the page's own connection, when this runs on the page (no worker); a worker opens its own.
 * `mayWrite`: resolves when writing while reading may begin (in the worker, once the page answered
 * `mayWrite`: until then the page may simply end the worker, as nothing is written).
 */
export async function openBundle(
  request: OpenRequest,
  post: (m: OpenMessage) => void,
  stop: () => boolean = () => false,
  pageDb?: KaoheDb,
  mayWrite: () => Promise<void> = () => Promise.resolve(),
): Promise<void> {
  const step = (s: OpenStep) => post({ kind: 'step', step: s });
  const bytes = await readBytes(request.file, step, stop);
  if (!bytes || stop()) return post({ kind: 'stopped' });
  const db = pageDb ?? openDb(request.open.dbName);
  try {
    const whileReading = await openWhileReading(db, bytes, request.open.who, step, stop, mayWrite);
    if (whileReading === 'stopped') return post({ kind: 'stopped' });
    if (whileReading) return post({ kind: 'opened', opened: whileReading });
    const read = await ingestBytes(bytes, request.fileName, step, request.present);
    if (stop()) return post({ kind: 'stopped' });
    if (!read.ok) return post({ kind: 'opened', opened: read });
    step({ stage: 'store' });
    const id = await loadBundleAsNewAssessment(db, read.bundle, {
      who: request.open.who,
      stored: (stored, total) => step({ stage: 'store', stored, total }),
    });
    const { name, year } = read.bundle.assessment;
    post({ kind: 'opened', opened: { ok: true, id, name, year } });
  } catch (e) {
    post({ kind: 'refused', failure: explainFailure(e, 'import') });
  } finally {
    if (!pageDb) db.close();
  }
}

/**
 * The file stored while its packs are read, where it is a version 2 file in this program's layout whose
 * every section but the entries passes the checks. Undefined where it is not, or where a pack could not
 * be read, checked or written, or the checks across packs failed: nothing was kept, and the caller reads
 * the file the ordinary way, which words the problems. A refusal before any entry (the assessment is
 * already here) is thrown as the store's own.
 */
async function openWhileReading(
  db: KaoheDb,
  bytes: Uint8Array,
  who: string,
  step: (s: OpenStep) => void,
  stop: () => boolean,
  mayWrite: () => Promise<void>,
): Promise<Opened | 'stopped' | undefined> {
  let reading: PackFeed | undefined;
  try {
    reading = packFeed(bytes);
  } catch {
    return undefined;
  }
  if (!reading) return undefined;
  const { head, packs: total } = reading;
  const read = reading;
  let at = 0;
  let done = 0;
  let fed = false;
  await mayWrite();
  if (stop()) return 'stopped';
  step({ stage: 'load', done, total });
  try {
    const id = await loadFedBundleAsNewAssessment(
      db,
      {
        head,
        next() {
          if (stop()) throw new Stopped();
          fed = true;
          if (at >= total) return undefined;
          const from = at;
          at = Math.min(total, at + PACKS_PER_SLICE);
          return read.read(from, at);
        },
        written(packs) {
          done = Math.min(total, done + packs);
          step({ stage: 'load', done, total });
        },
        finish() {
          step({ stage: 'check', loaded: bytes.length, total: bytes.length });
          const count = read.finish();
          // the last moment to stop: once storing is told, the page no longer offers it
          if (stop()) throw new Stopped();
          if (count === undefined) return undefined;
          step({ stage: 'store' });
          return count;
        },
      },
      who,
    );
    const { name, year } = head.assessment;
    return { ok: true, id, name, year };
  } catch (e) {
    if (e instanceof Stopped) return 'stopped';
    if (!fed) throw e;
    return undefined;
  }
}
