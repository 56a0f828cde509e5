/**
 * A version 2 bundle read from its bytes: what parseBundle gives for the file's text, without making
 * that text (a nation's is 60 MB of bytes and twice that as a string), JSON.parse of all of it, or a
 * million parsed entry objects that would at once be completed and dropped. Used where a file arrives as
 * bytes: the browser's worker opening or importing a file (app/bundleIngest.ts) and `npm run score`.
 *
 * It reads only the layout this program writes (serializePacked: one pack per line) and only a file
 * that is sound: anything else — another layout, a byte that is not UTF-8, a pack or entry the quick
 * checks do not accept, any problem at all — gives undefined, and the caller reads the file the
 * ordinary way (decodeFileText, parseBundle), which finds and words the problems. So every refusal is
 * worded by the same code as before.
 *
 * Why the answer is the same as JSON.parse of the whole text: the packs' array is cut out at the value
 * of a key `"entryPacks"`, one JSON value per line with the commas between; the rest of the file is
 * parsed with a string nobody can know in advance (a random one) in the array's place, and is taken only
 * if that string is then the top level's `entryPacks` — so the array was the value of the top level's
 * last `entryPacks`, and the file with the array is valid JSON exactly when the rest is. Each line must
 * read on its own as a pack (a value cannot go on over the next line: JSON strings hold no line breaks):
 * scanned from its bytes (packScan.ts) or, in any other form, JSON.parse of its text.
 * Depth: a pack whose head and every entry pass the quick checks nests seven levels at most.
 * UTF-8: every byte is in the rest, in a string of a scanned line (each decoded on its own, cut at its
 * quotes), in a line decoded whole, or a space, comma or bracket between them; each piece is decoded
 * with the check (or the whole file is checked first: `Utf8.all`), so the file is read only when its
 * whole text would decode.
 */
import type { Bundle } from '../model/assessment';
import { bundleSchema } from '../model/assessment';
import { markChecked } from '../model/checkedBundle';
import type { ScoreEntry } from '../model/entries';
import { readPackSize, type ReadPack } from '../model/scannedPack';
import { tooDeep } from '../model/jsonDepth';
import { appealTargetsSound, checkBundle, checkPackedBundle, type BundleParse } from './bundle';
import { NotQuick, nodeStrings, unpackEntries, type PackSource } from './bundlePacked';
import { EntryQuickCheck, type PackRun } from './bundleQuickCheck';
import { scanPack, scanPackColumns, Strings, webUtf8, type Utf8 } from './packScan';

/** What the platform brings: its UTF-8 decoding and its random bytes. */
export interface ByteReading {
  utf8: Utf8;
  /** fills `bytes` with random values and returns them */
  random(bytes: Uint8Array<ArrayBuffer>): Uint8Array;
}

/** Any platform's: a fatal TextDecoder and the Web Crypto global. */
export const webReading: ByteReading = { utf8: webUtf8, random: (bytes) => globalThis.crypto.getRandomValues(bytes) };

const [SPACE, TAB, LF, CR, COLON, COMMA, OPEN, CLOSE] = [0x20, 0x09, 0x0a, 0x0d, 0x3a, 0x2c, 0x5b, 0x5d];
const KEY = Uint8Array.from('"entryPacks"', (c) => c.charCodeAt(0));

const isSpace = (b: number | undefined) => b === SPACE || b === LF || b === CR || b === TAB;

function skipSpace(buf: Uint8Array, i: number): number {
  while (isSpace(buf[i])) i++;
  return i;
}

/**
 * Where the bytes `seq` next occur in `buf` from `from`, or -1. Found by its byte at `anchor`: one that
 * is rare where it is looked for (a quote is every few bytes of a JSON file, and a call per quote would
 * make a version 1 file of hundreds of megabytes wait seconds to be told this reading is not for it).
 */
export function indexOfBytes(buf: Uint8Array, seq: Uint8Array, from: number, anchor = 0): number {
  const last = buf.length - seq.length;
  for (let a = buf.indexOf(seq[anchor]!, from + anchor); a >= 0; a = buf.indexOf(seq[anchor]!, a + 1)) {
    const i = a - anchor;
    if (i > last) return -1;
    let k = 0;
    while (k < seq.length && buf[i + k] === seq[k]) k++;
    if (k === seq.length) return i;
  }
  return -1;
}

/** The packs' array: where it opens and closes, and each pack's bytes [starts[k], ends[k]). */
export interface PackLines {
  open: number;
  close: number;
  starts: number[];
  ends: number[];
}

/** The array after the first `"entryPacks"`, one pack per line, or undefined for any other layout. */
function packLines(buf: Uint8Array, from: number): PackLines | undefined {
  // found by its capital P: no key of a bundle has another
  const key = indexOfBytes(buf, KEY, from, KEY.indexOf(0x50));
  if (key < 0) return undefined;
  let i = skipSpace(buf, key + KEY.length);
  if (buf[i] !== COLON) return undefined;
  i = skipSpace(buf, i + 1);
  if (buf[i] !== OPEN) return undefined;
  const open = i;
  const starts: number[] = [];
  const ends: number[] = [];
  i = skipSpace(buf, i + 1);
  if (buf[i] === CLOSE) return { open, close: i, starts, ends };
  for (;;) {
    if (buf[i] === CLOSE || buf[i] === COMMA) return undefined;
    const lf = buf.indexOf(LF, i);
    if (lf < 0) return undefined;
    let end = lf;
    while (end > i && isSpace(buf[end - 1])) end--;
    const more = buf[end - 1] === COMMA;
    starts.push(i);
    ends.push(more ? end - 1 : end);
    i = skipSpace(buf, lf);
    if (!more) return buf[i] === CLOSE ? { open, close: i, starts, ends } : undefined;
  }
}

/** A string no file can contain on purpose: made new for each read. */
function nonce(random: ByteReading['random']): string {
  let hex = '';
  for (const b of random(new Uint8Array(16))) hex += b.toString(16).padStart(2, '0');
  return `\u0000${hex}`;
}

/** A version 2 file in this program's layout: its bytes, its packs' lines, and the rest parsed. */
export interface PackedFile {
  buf: Uint8Array;
  lines: PackLines;
  value: Record<string, unknown>;
  utf8: Utf8;
}

/** The file's lines and the rest parsed, or undefined when it is not a version 2 file in this layout. */
export function openPackedFile(buf: Uint8Array, { utf8, random }: ByteReading): PackedFile | undefined {
  // the encoding policy's UTF-8 cases (decodeFileText): with or without one byte order mark, nothing else
  if (buf[0] === 0xff || buf[0] === 0xfe) return undefined;
  if (utf8.all && !utf8.all(buf)) return undefined;
  const start = buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? 3 : 0;
  // a second mark would be dropped by the JSON reader: left to it
  if (buf[start] === 0xef) return undefined;
  const lines = packLines(buf, start);
  if (!lines) return undefined;
  const before = utf8.text(buf, start, lines.open);
  const after = utf8.text(buf, lines.close + 1, buf.length);
  if (before === undefined || after === undefined) return undefined;
  const stand = nonce(random);
  let head: unknown;
  try {
    head = JSON.parse(before + JSON.stringify(stand) + after);
  } catch {
    return undefined;
  }
  if (typeof head !== 'object' || head === null || Array.isArray(head)) return undefined;
  const value = head as Record<string, unknown>;
  if (value.entryPacks !== stand || value.schemaVersion !== 2 || tooDeep(value)) return undefined;
  return { buf, lines, value, utf8 };
}

/** Packs `ks` of the file, parsed as they are asked for (see PackSource). */
export function packSource({ buf, lines, utf8 }: PackedFile, ks: readonly number[]): PackSource {
  return {
    count: ks.length,
    pack(i) {
      const k = ks[i]!;
      const text = utf8.text(buf, lines.starts[k]!, lines.ends[k]!);
      if (text === undefined) throw new NotQuick(`entryPacks[${k}]`);
      try {
        return JSON.parse(text) as unknown;
      } catch {
        throw new NotQuick(`entryPacks[${k}]`);
      }
    },
  };
}

/**
 * Pack `k`'s entries appended to `entries` and its runs to `runs` (PackRun): scanned from its bytes in
 * the two common forms, else parsed and adopted as the whole-file reading does. Throws NotQuick when
 * the pack is not sound on the quick checks.
 */
export function readPack(file: PackedFile, k: number, nodes: ReadonlyMap<string, string>, strings: Strings, entries: ScoreEntry[], runs: PackRun[]): void {
  const start = entries.length;
  const cell = scanPack(file.buf, file.lines.starts[k]!, file.lines.ends[k]!, nodes, strings, entries);
  if (cell) {
    runs.push({ ...cell, start, end: entries.length, ownIds: true });
    return;
  }
  const unpacked = unpackEntries(undefined, nodes, packSource(file, [k]));
  if (!unpacked.ok) throw new NotQuick(`entryPacks[${k}]`);
  for (const e of unpacked.entries) entries.push(e);
  for (const r of unpacked.runs) runs.push({ ...r, start: r.start + start, end: r.end + start });
}

/** Everything of the file but its entries, through the schema as parsePackedBundle takes it; undefined when that fails. */
export function packedHead(file: PackedFile): Bundle | undefined {
  const { entryPacks, ...rest } = file.value;
  void entryPacks;
  if ('entries' in rest) return undefined;
  const head = bundleSchema.safeParse({ ...rest, entries: [] });
  return head.success ? head.data : undefined;
}

/** A file's packs, read in order and each once (the runs and the checks across packs count on it). */
interface PacksReader {
  /** packs [from, to) into `entries` and `runs` */
  read(from: number, to: number, entries: ScoreEntry[], runs: PackRun[]): void;
  /** every pack has been read */
  done(): boolean;
}

function packsReader(file: PackedFile, head: Bundle): PacksReader {
  const nodes = nodeStrings(head.ruleSets);
  const strings = new Strings(file.utf8);
  const packs = file.lines.starts.length;
  let next = 0;
  return {
    read(from, to, entries, runs) {
      if (from !== next || to < from || to > packs) throw new RangeError(`packs ${from}–${to} asked after ${next}`);
      for (let k = from; k < to; k++) readPack(file, k, nodes, strings, entries, runs);
      next = to;
    },
    done: () => next === packs,
  };
}

/**
 * A sound-looking version 2 file in this program's layout, read a few packs at a time by one that stores
 * each slice and then drops it (opening a file as an assessment, app/bundleOpen.ts): no entry is kept
 * here, so a nation's million entries never all exist at once in the worker that stores them (keeping
 * them cost that worker about 0.4 s of its processor time, most of it collecting garbage). A pack in
 * the two common forms is read straight into columns (scanPackColumns), with no entry object at all;
 * any other is parsed into entries. Each slice passes the quick check of its entries as it is read
 * (EntryQuickCheck, as the command line checks a file unit by unit); `read` throws NotQuick where that
 * check is not sure, and the caller reads the file the ordinary way, which runs the full checks and
 * words any problem. Entries are made and kept only in a file whose appeals name entries, for the one
 * check between entries and the other sections.
 */
export interface PackFeed {
  /** everything but the entries, through the schema and its checks */
  head: Bundle;
  /** how many packs (lines) the file has */
  packs: number;
  /** packs [from, to), their entries surely sound */
  read(from: number, to: number): ReadPack[];
  /** once every pack was read: how many entries the file has, or undefined where the checks across packs fail */
  finish(): number | undefined;
}

/** The file as a PackFeed, or undefined when it is not a version 2 file in this layout or its other sections do not pass the checks. */
export function packFeed(bytes: Uint8Array, how: ByteReading = webReading): PackFeed | undefined {
  const file = openPackedFile(bytes, how);
  const head = file && packedHead(file);
  if (!head || checkBundle(head).length > 0) return undefined;
  const quick = new EntryQuickCheck(head);
  const kept: ScoreEntry[] | undefined = head.appeals?.some((a) => a.targets.length > 0) ? [] : undefined;
  const read = kept ? entryPacks(file, head, quick, kept) : scannedPacks(file, head, quick);
  let count = 0;
  let at = 0;
  return {
    head,
    packs: file.lines.starts.length,
    read(from, to) {
      const packs = read(from, to);
      at = to;
      for (const p of packs) count += readPackSize(p);
      return packs;
    },
    finish() {
      if (at !== file.lines.starts.length || quick.covered !== count) return undefined;
      if (kept && !appealTargetsSound({ ...head, entries: kept })) return undefined;
      return count;
    },
  };
}

/** Reads packs [from, to) of a file, checked: each pack once, in order (the checks across packs count on it). */
type ReadPacks = (from: number, to: number) => ReadPack[];

/** Packs in columns where scanned, else as entries. */
function scannedPacks(file: PackedFile, head: Bundle, quick: EntryQuickCheck): ReadPacks {
  const nodes = nodeStrings(head.ruleSets);
  const strings = new Strings(file.utf8);
  const { starts, ends } = file.lines;
  let next = 0;
  return (from, to) => {
    if (from !== next || to < from || to > starts.length) throw new RangeError(`packs ${from}–${to} asked after ${next}`);
    const packs: ReadPack[] = [];
    for (let k = from; k < to; k++) {
      const scanned = scanPackColumns(file.buf, starts[k]!, ends[k]!, nodes, strings);
      if (scanned) {
        if (!quick.scanned(scanned)) throw new NotQuick(`entryPacks[${k}]`);
        packs.push(scanned);
        continue;
      }
      const unpacked = unpackEntries(undefined, nodes, packSource(file, [k]));
      if (!unpacked.ok || !quick.runs(unpacked.entries, unpacked.runs)) throw new NotQuick(`entryPacks[${k}]`);
      for (const r of unpacked.runs) packs.push({ unitId: r.unitId, assessorId: r.assessorId, entries: unpacked.entries.slice(r.start, r.end) });
    }
    next = to;
    return packs;
  };
}

/** Packs as entries, each entry also kept in `kept`. */
function entryPacks(file: PackedFile, head: Bundle, quick: EntryQuickCheck, kept: ScoreEntry[]): ReadPacks {
  const reader = packsReader(file, head);
  return (from, to) => {
    const entries: ScoreEntry[] = [];
    const runs: PackRun[] = [];
    reader.read(from, to, entries, runs);
    if (!quick.runs(entries, runs)) throw new NotQuick(`entryPacks[${from}..${to - 1}]`);
    for (const e of entries) kept.push(e);
    return runs.map((r) => ({ unitId: r.unitId, assessorId: r.assessorId, entries: entries.slice(r.start, r.end) }));
  };
}

/**
 * parseBundle's answer for a sound version 2 file in this program's layout (the same bundle, marked as
 * checked as parseBundle marks it), else undefined: read it the ordinary way. `onStage` is told when the
 * file is found in this layout and its packs are being read ('parse'), and when the checks begin ('check').
 */
export function readPackedFile(bytes: Uint8Array, how: ByteReading = webReading, onStage?: (stage: 'parse' | 'check') => void): BundleParse | undefined {
  try {
    const file = openPackedFile(bytes, how);
    const head = file && packedHead(file);
    if (!head) return undefined;
    onStage?.('parse');
    const entries: ScoreEntry[] = [];
    const runs: PackRun[] = [];
    packsReader(file, head).read(0, file.lines.starts.length, entries, runs);
    onStage?.('check');
    const bundle: Bundle = { ...head, entries };
    if (checkPackedBundle(bundle, runs).length > 0) return undefined;
    markChecked(bundle);
    return { ok: true, bundle };
  } catch {
    // NotQuick, or anything else: the ordinary reading meets it again and reports it in its words
    return undefined;
  }
}
