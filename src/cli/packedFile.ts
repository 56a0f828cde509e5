/**
 * A version 2 bundle read from its bytes, pack by pack, for `npm run score`: what parseBundle gives for
 * the file's text, without ever holding that text (a nation's is 60 MB of bytes and twice that as a
 * string) or the whole file as parsed JSON, and without walking a million entries for their depth.
 *
 * It reads only the layout this program writes (serializePacked: one pack per line) and only a file
 * that is sound: anything else — another layout, a byte that is not UTF-8, a pack or entry the quick
 * checks do not accept, any problem at all — gives undefined, and the caller reads the file the
 * ordinary way, which finds and words the problems. So every refusal is worded by the same code as before.
 *
 * Why the answer is the same as JSON.parse of the whole text: the packs' array is cut out at the value
 * of a key `"entryPacks"`, one JSON value per line with the commas between; the rest of the file is
 * parsed with a string nobody can know in advance (a random one) in the array's place, and is taken only
 * if that string is then the top level's `entryPacks` — so the array was the value of the top level's
 * last `entryPacks`, and the file with the array is valid JSON exactly when the rest is. Each line must
 * parse on its own as a pack (a value cannot go on over the next line: JSON strings hold no line breaks).
 * Depth: a pack whose head and every entry pass the quick checks nests seven levels at most.
 */
import { Buffer, isUtf8 } from 'node:buffer';
import { randomFillSync } from 'node:crypto';
import { checkBundle, checkPackedBundle, type BundleParse } from '../formats/bundle';
import { NotQuick, nodeStrings, parsePackedBundle, unpackEntries, type PackSource } from '../formats/bundlePacked';
import { EntryQuickCheck, type PackRun } from '../formats/bundleQuickCheck';
import { scanPack, Strings } from './packScan';
import { bundleSchema, type Bundle } from '../model/assessment';
import type { ScoreEntry, Unit } from '../model/entries';
import { tooDeep } from '../model/jsonDepth';

const KEY = Buffer.from('"entryPacks"');
const [SPACE, TAB, LF, CR, COLON, COMMA, OPEN, CLOSE] = [0x20, 0x09, 0x0a, 0x0d, 0x3a, 0x2c, 0x5b, 0x5d];

const isSpace = (b: number | undefined) => b === SPACE || b === LF || b === CR || b === TAB;

function skipSpace(buf: Buffer, i: number): number {
  while (isSpace(buf[i])) i++;
  return i;
}

/** The packs' array: where it opens and closes, and each pack's bytes [starts[k], ends[k]). */
interface PackLines {
  open: number;
  close: number;
  starts: number[];
  ends: number[];
}

/** The array after the first `"entryPacks"`, one pack per line, or undefined for any other layout. */
function packLines(buf: Buffer, from: number): PackLines | undefined {
  const key = buf.indexOf(KEY, from);
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
function nonce(): string {
  // node:crypto is already loaded by the launcher (its cache key); the Web Crypto global is not
  const bytes = randomFillSync(new Uint8Array(16));
  return `\u0000${Buffer.from(bytes).toString('hex')}`;
}

/** A version 2 file in this program's layout: its bytes, its packs' lines, and the rest parsed. */
interface PackedFile {
  buf: Buffer;
  lines: PackLines;
  value: Record<string, unknown>;
}

function packedFile(bytes: Uint8Array): PackedFile | undefined {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // the encoding policy's UTF-8 cases (decodeFileText): with or without one byte order mark, nothing else
  if (buf[0] === 0xff || buf[0] === 0xfe || !isUtf8(buf)) return undefined;
  const start = buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? 3 : 0;
  // a second mark would be dropped by the JSON reader: left to it
  if (buf[start] === 0xef) return undefined;
  const lines = packLines(buf, start);
  if (!lines) return undefined;
  const stand = nonce();
  let head: unknown;
  try {
    head = JSON.parse(buf.toString('utf8', start, lines.open) + JSON.stringify(stand) + buf.toString('utf8', lines.close + 1));
  } catch {
    return undefined;
  }
  if (typeof head !== 'object' || head === null || Array.isArray(head)) return undefined;
  const value = head as Record<string, unknown>;
  if (value.entryPacks !== stand || value.schemaVersion !== 2 || tooDeep(value)) return undefined;
  return { buf, lines, value };
}

/** Packs `ks` of the file, parsed as they are asked for (see PackSource). */
function packSource({ buf, lines }: PackedFile, ks: readonly number[]): PackSource {
  return {
    count: ks.length,
    pack(i) {
      const k = ks[i]!;
      try {
        return JSON.parse(buf.toString('utf8', lines.starts[k], lines.ends[k])) as unknown;
      } catch {
        throw new NotQuick(`entryPacks[${k}]`);
      }
    },
  };
}

/** parseBundle's answer for a sound version 2 file in this program's layout, else undefined (read it the ordinary way). */
export function readPackedFile(bytes: Uint8Array): BundleParse | undefined {
  const file = packedFile(bytes);
  if (!file) return undefined;
  const source = packSource(file, Array.from(file.lines.starts, (_, k) => k));
  try {
    const parsed = parsePackedBundle(file.value, checkPackedBundle, source);
    return parsed.ok ? parsed : undefined;
  } catch {
    // NotQuick, or anything else: the ordinary reading meets it again and reports it in its words
    return undefined;
  }
}

type AssessmentGroup = Bundle['assessment']['groups'][number];

const UNIT_PREFIX = Buffer.from('{"unitId":"');
const [QUOTE, BACKSLASH] = [0x22, 0x5c];

/**
 * Each pack's lines by the unit id its line starts with (`{"unitId":"…"`, as this program writes a pack),
 * or undefined when a line starts otherwise or its id has an escape. Only a hint for where to look: the
 * unit of every pack read is checked against it.
 */
function linesByUnit({ buf, lines }: PackedFile): Map<string, number[]> | undefined {
  const byUnit = new Map<string, number[]>();
  for (let k = 0; k < lines.starts.length; k++) {
    const s = lines.starts[k]!;
    if (buf.compare(UNIT_PREFIX, 0, UNIT_PREFIX.length, s, s + UNIT_PREFIX.length) !== 0) return undefined;
    const from = s + UNIT_PREFIX.length;
    const to = buf.indexOf(QUOTE, from);
    if (to < 0 || to >= lines.ends[k]!) return undefined;
    for (let i = from; i < to; i++) if (buf[i] === BACKSLASH) return undefined;
    const id = buf.toString('utf8', from, to);
    const list = byUnit.get(id);
    if (list) list.push(k);
    else byUnit.set(id, [k]);
  }
  return byUnit;
}

/**
 * What `scoreParsedBundle` gives for a sound version 2 file in this program's layout, read unit by unit:
 * a unit's packs are parsed and checked when the unit is scored, and its entries dropped after, so a
 * nation's million entries never exist at once. Undefined for anything else or any doubt (a problem in
 * the file, a group not found, an error while scoring): the caller then reads the file the ordinary way,
 * which words every problem as before. `score` is told each group to score, with each of its units' entries.
 */
export function scorePackedFile<T>(
  bytes: Uint8Array,
  /** scores one group: asks `entriesOf` for each unit of the group, once, in the group's unit order */
  score: (bundle: Bundle, group: AssessmentGroup, entriesOf: (unit: Unit) => readonly ScoreEntry[]) => T,
  wanted: (group: AssessmentGroup) => boolean,
): { bundle: Bundle; results: T[] } | undefined {
  const file = packedFile(bytes);
  if (!file) return undefined;
  const { entryPacks, ...rest } = file.value;
  void entryPacks;
  if ('entries' in rest) return undefined;
  const head = bundleSchema.safeParse({ ...rest, entries: [] });
  if (!head.success) return undefined;
  const bundle = head.data;
  // what checkPackedBundle asks of everything but the entries; appeals' targets name entries: left to it
  if (checkBundle(bundle).length > 0 || bundle.appeals?.some((a) => a.targets.length > 0)) return undefined;
  const byUnit = linesByUnit(file);
  if (!byUnit) return undefined;
  const check = new EntryQuickCheck(bundle);
  const nodes = nodeStrings(bundle.ruleSets);
  const strings = new Strings();
  let claimed = 0;
  const entriesOf = (unit: Unit): ScoreEntry[] => {
    const ks = byUnit.get(unit.id);
    if (!ks) return [];
    byUnit.delete(unit.id);
    claimed += ks.length;
    const entries: ScoreEntry[] = [];
    const runs: PackRun[] = [];
    for (const k of ks) {
      const start = entries.length;
      const cell = scanPack(file.buf, file.lines.starts[k]!, file.lines.ends[k]!, nodes, strings, entries);
      if (cell) {
        runs.push({ ...cell, start, end: entries.length, ownIds: true });
        continue;
      }
      // any other form: parsed and adopted as the whole-file reading does
      const unpacked = unpackEntries(undefined, nodes, packSource(file, [k]));
      if (!unpacked.ok) throw new NotQuick(`entryPacks[${k}]`);
      for (const e of unpacked.entries) entries.push(e);
      for (const r of unpacked.runs) runs.push({ ...r, start: r.start + start, end: r.end + start });
    }
    if (runs.some((r) => r.unitId !== unit.id) || !check.runs(entries, runs)) throw new NotQuick(unit.id);
    return entries;
  };
  const results: T[] = [];
  try {
    const groups = bundle.assessment.groups;
    if (!groups.some(wanted)) return undefined;
    for (const g of groups) {
      if (wanted(g)) results.push(score(bundle, g, entriesOf));
      else for (const u of bundle.units) if (u.group === g.key) entriesOf(u);
    }
  } catch {
    // NotQuick, or anything else: the ordinary reading meets it again and reports it in its words
    return undefined;
  }
  // every pack belongs to a unit of the bundle, and every entry was judged sound
  if (claimed !== file.lines.starts.length || byUnit.size > 0) return undefined;
  return { bundle, results };
}
