/**
 * The findings of a pack in columns (part of packCodec.ts's columns since database version 9). A
 * nation's packs hold about half a million lists of findings; as objects, Chromium's IndexedDB cloned
 * each one when it was written, cloned it again to find the row's index keys, and made it anew when it
 * was read: measured on a nation's 9,000 packs, about 0.5 s more on each side than these few columns.
 *
 * Lossless for the findings the schema knows (model/entries.ts): each holds some of FINDING_KEYS, in
 * that order, texts as strings and numbers finite. A pack with any other finding (another field,
 * another order, another type, a text holding the separator) keeps its findings as a list, as before.
 *
 * Since version 11 the small whole numbers (which entries, how many findings, which fields) are each
 * one string of character codes, not a typed array: Chromium's IndexedDB stores a row's few strings
 * far faster than its nine small typed arrays (measured on a nation's 3,000 unit rows: 0.85 s against
 * 1.75 s from the first put to the last commit). Rows written before keep their typed arrays and are
 * read as they are.
 */
/** A finding's fields in the schema's order; `has` marks which of them a finding holds, bit k for key k. */
const FINDING_KEYS = ['id', 'checkpoint', 'count', 'points', 'reason', 'evidence'] as const;
type FindingKey = (typeof FINDING_KEYS)[number];
const TEXT: ReadonlySet<FindingKey> = new Set(['id', 'checkpoint', 'reason', 'evidence']);
const KEY_AT = new Map<string, number>(FINDING_KEYS.map((k, i) => [k, i]));

/** A finding of only an id, a count and a reason (a file's common finding): its fields. */
export const ID_COUNT_REASON = (1 << KEY_AT.get('id')!) | (1 << KEY_AT.get('count')!) | (1 << KEY_AT.get('reason')!);

/** Between the texts of one field: a control character no reason typed or pasted holds (a pack whose text does keeps its list). */
export const SEPARATOR = '\u001f';

/** Whole numbers as the character codes of a string, or (any above 0xFFFF, or a row before version 11) as they are. */
export type Codes = string | Uint32Array | Uint8Array;

const codeAt = (c: Codes, i: number): number => (typeof c === 'string' ? c.charCodeAt(i) : c[i]!);

/** String.fromCharCode takes its codes as arguments: a long column goes a slice at a time. */
const CODES_PER_CALL = 8192;

/** `xs` as a string of character codes, or as numbers where one does not fit in a code. */
export function toCodes(xs: Uint32Array | Uint8Array | readonly number[]): Codes {
  for (let i = 0; i < xs.length; i++) if (xs[i]! > 0xffff) return Array.isArray(xs) ? Uint32Array.from(xs) : (xs as Uint32Array);
  if (xs.length <= CODES_PER_CALL) return String.fromCharCode.apply(null, xs as number[]);
  let out = '';
  for (let i = 0; i < xs.length; i += CODES_PER_CALL) out += String.fromCharCode.apply(null, xs.slice(i, i + CODES_PER_CALL) as number[]);
  return out;
}

export interface FindingColumns {
  /** the entries that have a list of findings, in index order */
  entry: Codes;
  /** how many findings each of those lists holds (0 for an empty list) */
  size: Codes;
  /** for each finding, which fields it holds (bit k: FINDING_KEYS[k]) */
  has: Codes;
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
  const columns: FindingColumns = { entry: toCodes(entry), size: toCodes(size), has: toCodes(has) };
  for (const [key, list] of Object.entries(texts) as [FindingKey & ('id' | 'checkpoint' | 'reason' | 'evidence'), string[]][]) columns[key] = list.join(SEPARATOR);
  for (const [key, list] of Object.entries(numbers) as [FindingKey & ('count' | 'points'), number[]][]) columns[key] = list.every((n) => n === list[0]) ? list[0]! : Float64Array.from(list);
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
    const n = codeAt(c.size, j);
    const found = new Array<Loose>(n);
    for (let i = 0; i < n; i++) {
      const mask = codeAt(c.has, f++);
      const finding: Loose = {};
      for (let k = 0; k < FINDING_KEYS.length; k++) {
        if ((mask & (1 << k)) === 0) continue;
        const key = FINDING_KEYS[k]!;
        finding[key] = TEXT.has(key) ? text[key]![at[key]++] : number(c[key as 'count' | 'points'], key);
      }
      found[i] = finding;
    }
    lists.push(codeAt(c.entry, j), found);
  }
  return lists;
}
