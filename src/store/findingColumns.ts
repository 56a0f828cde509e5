/**
 * The findings of a pack in columns (part of packCodec.ts's columns since database version 9). A
 * nation's packs hold about half a million lists of findings; as objects, Chromium's IndexedDB cloned
 * each one when it was written, cloned it again to find the row's index keys, and made it anew when it
 * was read: measured on a nation's 9,000 packs, about 0.5 s more on each side than these few columns.
 *
 * Lossless for the findings the schema knows (model/entries.ts): each holds some of FINDING_KEYS, in
 * that order, texts as strings and numbers finite. A pack with any other finding (another field,
 * another order, another type, a text holding the separator) keeps its findings as a list, as before.
 */
import type { ScannedFindings } from '../model/scannedPack';

/** A finding's fields in the schema's order; `has` marks which of them a finding holds, bit k for key k. */
const FINDING_KEYS = ['id', 'checkpoint', 'count', 'points', 'reason', 'evidence'] as const;
type FindingKey = (typeof FINDING_KEYS)[number];
const TEXT: ReadonlySet<FindingKey> = new Set(['id', 'checkpoint', 'reason', 'evidence']);
const KEY_AT = new Map<string, number>(FINDING_KEYS.map((k, i) => [k, i]));

/** Between the texts of one field: a control character no reason typed or pasted holds (a pack whose text does keeps its list). */
const SEPARATOR = '\u001f';

export interface FindingColumns {
  /** the entries that have a list of findings, in index order */
  entry: Uint32Array;
  /** how many findings each of those lists holds (0 for an empty list) */
  size: Uint32Array;
  /** for each finding, which fields it holds (bit k: FINDING_KEYS[k]) */
  has: Uint8Array;
  /** the texts of one field of the findings that hold it, joined by SEPARATOR */
  id?: string;
  checkpoint?: string;
  reason?: string;
  evidence?: string;
  /** the numbers of one field of the findings that hold it; one number where all are the same */
  count?: Float64Array | number;
  points?: Float64Array | number;
}

type Loose = Record<string, unknown>;

/**
 * The columns of `lists` (entry index, then its findings, for each entry that has them, in index order),
 * or undefined where a finding is not one the columns hold exactly.
 */
export function findingColumns(lists: readonly unknown[]): FindingColumns | undefined {
  const entries = lists.length / 2;
  const entry = new Uint32Array(entries);
  const size = new Uint32Array(entries);
  let total = 0;
  for (let j = 0; j < entries; j++) {
    const found = lists[2 * j + 1];
    if (!Array.isArray(found)) return undefined;
    entry[j] = lists[2 * j] as number;
    size[j] = found.length;
    total += found.length;
  }
  const has = new Uint8Array(total);
  const texts: Partial<Record<FindingKey, string[]>> = {};
  const numbers: Partial<Record<FindingKey, number[]>> = {};
  let f = 0;
  for (let j = 0; j < entries; j++) {
    for (const finding of lists[2 * j + 1] as unknown[]) {
      if (typeof finding !== 'object' || finding === null || Array.isArray(finding) || Object.getPrototypeOf(finding) !== Object.prototype) return undefined;
      let mask = 0;
      let last = -1;
      for (const k in finding) {
        const v = (finding as Loose)[k];
        const at = KEY_AT.get(k);
        // another field, or the schema's fields in another order: a round trip would change the object
        if (at === undefined || at <= last || !Object.hasOwn(finding, k)) return undefined;
        last = at;
        const key = FINDING_KEYS[at]!;
        if (TEXT.has(key)) {
          if (typeof v !== 'string' || v.includes(SEPARATOR)) return undefined;
          (texts[key] ??= []).push(v);
        } else {
          if (typeof v !== 'number' || !Number.isFinite(v) || Object.is(v, -0)) return undefined;
          (numbers[key] ??= []).push(v);
        }
        mask |= 1 << at;
      }
      has[f++] = mask;
    }
  }
  const columns: FindingColumns = { entry, size, has };
  for (const [key, list] of Object.entries(texts) as [FindingKey & ('id' | 'checkpoint' | 'reason' | 'evidence'), string[]][]) columns[key] = list.join(SEPARATOR);
  for (const [key, list] of Object.entries(numbers) as [FindingKey & ('count' | 'points'), number[]][]) columns[key] = list.every((n) => n === list[0]) ? list[0]! : Float64Array.from(list);
  return columns;
}

/** A finding of only an id, a count and a reason (a file's common finding): its fields. */
const ID_COUNT_REASON = (1 << KEY_AT.get('id')!) | (1 << KEY_AT.get('count')!) | (1 << KEY_AT.get('reason')!);

/**
 * findingColumns of a scanned pack's findings (each `{ id, count: 1, reason }`), made from their
 * texts with no finding object, with entry `at[i]`'s list as entry i's where the pack is put in
 * another order; undefined where a text holds the separator.
 */
export function scannedFindingColumns(f: ScannedFindings, at?: Uint32Array): FindingColumns | undefined {
  const total = f.id.length;
  const lists = f.entry.length;
  for (let k = 0; k < total; k++) if (f.id[k]!.includes(SEPARATOR) || f.reason[k]!.includes(SEPARATOR)) return undefined;
  let entry: Uint32Array;
  let size: Uint32Array;
  let id = f.id;
  let reason = f.reason;
  if (!at) {
    entry = new Uint32Array(f.entry);
    size = new Uint32Array(f.size);
  } else {
    // each list's place among the lists, and its first finding, by the entry that has it
    const list = new Int32Array(at.length).fill(-1);
    const first = new Uint32Array(lists);
    for (let j = 0, k = 0; j < lists; k += f.size[j]!, j++) {
      list[f.entry[j]!] = j;
      first[j] = k;
    }
    entry = new Uint32Array(lists);
    size = new Uint32Array(lists);
    id = new Array<string>(total);
    reason = new Array<string>(total);
    for (let i = 0, w = 0, out = 0; i < at.length; i++) {
      const j = list[at[i]!]!;
      if (j < 0) continue;
      entry[w] = i;
      const n = (size[w++] = f.size[j]!);
      for (let k = first[j]!, end = k + n; k < end; k++, out++) {
        id[out] = f.id[k]!;
        reason[out] = f.reason[k]!;
      }
    }
  }
  const columns: FindingColumns = { entry, size, has: new Uint8Array(total).fill(ID_COUNT_REASON) };
  if (total === 0) return columns;
  columns.id = id.join(SEPARATOR);
  columns.reason = reason.join(SEPARATOR);
  columns.count = 1;
  return columns;
}

/** The lists the columns were made of: entry index, then its findings, for each entry that has them. */
export function findingLists(c: FindingColumns): unknown[] {
  const split = (s: string | undefined) => (s === undefined ? [] : s.split(SEPARATOR));
  const text: Partial<Record<FindingKey, string[]>> = { id: split(c.id), checkpoint: split(c.checkpoint), reason: split(c.reason), evidence: split(c.evidence) };
  const at: Record<FindingKey, number> = { id: 0, checkpoint: 0, count: 0, points: 0, reason: 0, evidence: 0 };
  const number = (column: Float64Array | number | undefined, key: FindingKey): number => (typeof column === 'number' ? column : column![at[key]++]!);
  const lists: unknown[] = [];
  let f = 0;
  for (let j = 0; j < c.entry.length; j++) {
    const n = c.size[j]!;
    const found = new Array<Loose>(n);
    for (let i = 0; i < n; i++) {
      const mask = c.has[f++]!;
      const finding: Loose = {};
      for (let k = 0; k < FINDING_KEYS.length; k++) {
        if ((mask & (1 << k)) === 0) continue;
        const key = FINDING_KEYS[k]!;
        finding[key] = TEXT.has(key) ? text[key]![at[key]++] : number(c[key as 'count' | 'points'], key);
      }
      found[i] = finding;
    }
    lists.push(c.entry[j], found);
  }
  return lists;
}
