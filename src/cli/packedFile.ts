/**
 * A version 2 bundle read from its bytes for `npm run score` (formats/packedFile.ts reads it; Node
 * brings a faster UTF-8: isUtf8 over the whole file at once, then Buffer's decoding), and scored unit
 * by unit: a unit's packs are read when it is scored and dropped after.
 */
import { Buffer, isUtf8 } from 'node:buffer';
import { randomFillSync } from 'node:crypto';
import { checkBundle, type BundleParse } from '../formats/bundle';
import { NotQuick, nodeStrings } from '../formats/bundlePacked';
import { EntryQuickCheck, type PackRun } from '../formats/bundleQuickCheck';
import { openPackedFile, packedHead, readPack, readPackedFile as readPackedBytes, type ByteReading, type PackedFile } from '../formats/packedFile';
import { Strings } from '../formats/packScan';
import type { Bundle } from '../model/assessment';
import type { ScoreEntry, Unit } from '../model/entries';

/** The file as a Buffer over the same bytes, for Node's reading below. */
const asBuffer = (bytes: Uint8Array): Buffer => (Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));

/**
 * Node's: the whole file checked at once (isUtf8), so a piece is decoded without a check; the bytes
 * must be a Buffer (asBuffer). node:crypto is already loaded by the launcher (its cache key); the Web
 * Crypto global is not.
 */
const nodeReading: ByteReading = {
  utf8: {
    all: (bytes) => isUtf8(bytes),
    text: (bytes, from, to, ascii) => (bytes as Buffer).toString(ascii ? 'latin1' : 'utf8', from, to),
  },
  random: (bytes) => randomFillSync(bytes),
};

/** parseBundle's answer for a sound version 2 file in this program's layout, else undefined (read it the ordinary way). */
export function readPackedFile(bytes: Uint8Array): BundleParse | undefined {
  return readPackedBytes(asBuffer(bytes), nodeReading);
}

type AssessmentGroup = Bundle['assessment']['groups'][number];

const UNIT_PREFIX = Buffer.from('{"unitId":"');
const [QUOTE, BACKSLASH] = [0x22, 0x5c];

/**
 * Each pack's lines by the unit id its line starts with (`{"unitId":"…"`, as this program writes a pack),
 * or undefined when a line starts otherwise or its id has an escape. Only a hint for where to look: the
 * unit of every pack read is checked against it.
 */
function linesByUnit({ buf: bytes, lines }: PackedFile): Map<string, number[]> | undefined {
  const buf = bytes as Buffer;
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
  const file = openPackedFile(asBuffer(bytes), nodeReading);
  const bundle = file && packedHead(file);
  if (!file || !bundle) return undefined;
  // what checkPackedBundle asks of everything but the entries; appeals' targets name entries: left to it
  if (checkBundle(bundle).length > 0 || bundle.appeals?.some((a) => a.targets.length > 0)) return undefined;
  const byUnit = linesByUnit(file);
  if (!byUnit) return undefined;
  const check = new EntryQuickCheck(bundle);
  const nodes = nodeStrings(bundle.ruleSets);
  // a unit's entries are dropped once it is scored
  const strings = new Strings(file.utf8, false);
  let claimed = 0;
  const entriesOf = (unit: Unit): ScoreEntry[] => {
    const ks = byUnit.get(unit.id);
    if (!ks) return [];
    byUnit.delete(unit.id);
    claimed += ks.length;
    const entries: ScoreEntry[] = [];
    const runs: PackRun[] = [];
    for (const k of ks) readPack(file, k, nodes, strings, entries, runs);
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
