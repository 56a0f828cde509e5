/**
 * Bundle format version 2: the entries packed one pack per unit × assessor, as storage keeps them.
 *
 *   "entryPacks": [ { "unitId": "u1", "assessorId": "a1", "entries": [ { "node": "basic_1", "value": 0.5 }, … ] }, … ]
 *
 * An entry in a pack leaves out what the pack already says and what the schema would fill in: its unit
 * and assessor, its id when it is the cell's own (cellEntryId), `rev` when 1, a finding's `count` when 1.
 * A nation's 1.35 million entries take a quarter of the bytes of version 1, and reading them needs no
 * schema walk: each entry goes through `adoptEntry` (entryShape's checks, completing the object read
 * instead of copying it), and only one it refuses is given to the schema,
 * whose message names the place (`entryPacks[3].entries[7].value`). Problems found later, by the
 * cross-checks on the flat list of entries, are moved to the same places.
 */
import { adoptEntry } from '../engine';
import type { Bundle } from '../model/assessment';
import type { RuleNode, RuleSet } from '../model/ruleSet';
import { bundleSchema } from '../model/assessment';
import { cellEntryId } from '../model/cellId';
import { scoreEntry, type Finding, type ScoreEntry } from '../model/entries';
import { fromZodIssues, subPath, type ValidationIssue } from '../model/issues';
import * as z from 'zod';
import type { PackRun } from './bundleQuickCheck';

/** A pack's own fields; its entries are checked one by one below. */
const packHead = z.strictObject({
  unitId: z.string().min(1).max(200),
  assessorId: z.string().min(1).max(200),
  entries: z.array(z.unknown()),
});

/** Where each entry of the flat list sits in the file: its pack and its place in the pack. */
export interface Places {
  pack: Int32Array;
  at: Int32Array;
}

/**
 * The packs handed over one at a time (read from a file's bytes as they are needed, so a nation's
 * packs never all exist as parsed JSON at once) instead of as the value's own array. Such packs are
 * taken only when every pack head and entry is well formed on the quick checks: `pack` throws, and so
 * does unpacking at the first thing that is not, and the caller reads the file the ordinary way.
 */
export interface PackSource {
  readonly count: number;
  pack(i: number): unknown;
}

/** Thrown when a pack source meets something the quick checks do not accept (see PackSource). */
export class NotQuick extends Error {
  constructor(readonly where: string) {
    super(`not read quickly: ${where}`);
    this.name = 'NotQuick';
  }
}

/** A larger copy of `a` holding its values. */
function grown(a: Int32Array): Int32Array {
  const b = new Int32Array(Math.max(1024, a.length * 2));
  b.set(a);
  return b;
}

/** The schema's answer for a well-formed pack head, without the schema (there are thousands of packs). */
function quickHead(p: unknown): { success: true; data: { unitId: string; assessorId: string; entries: unknown[] } } | undefined {
  if (!isRecord(p)) return undefined;
  let n = 0;
  for (const k in p) {
    if (k !== 'unitId' && k !== 'assessorId' && k !== 'entries') return undefined;
    n++;
  }
  const { unitId, assessorId, entries } = p;
  const isId = (v: unknown): v is string => typeof v === 'string' && v.length >= 1 && v.length <= 200;
  if (n !== 3 || !isId(unitId) || !isId(assessorId) || !Array.isArray(entries)) return undefined;
  return { success: true, data: { unitId, assessorId, entries } };
}

export type Unpacked = { ok: true; entries: ScoreEntry[]; places: Places; runs: PackRun[] } | { ok: false; errors: ValidationIssue[] };

const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/**
 * `nodes`: the rule sets' node keys, each as one string: an entry's key read from the file is swapped
 * for it, so a nation's million entries share a few hundred strings instead of holding one each.
 */
export function unpackEntries(raw: unknown, nodes: ReadonlyMap<string, string>, source?: PackSource): Unpacked {
  if (!source && !Array.isArray(raw)) {
    return { ok: false, errors: fromZodIssues(z.array(z.unknown()).safeParse(raw, { reportInput: true }).error?.issues ?? [], ['entryPacks']) };
  }
  const errors: ValidationIssue[] = [];
  let total = 0;
  if (!source) for (const p of raw as unknown[]) if (isRecord(p) && Array.isArray(p.entries)) total += p.entries.length;
  const entries: ScoreEntry[] = [];
  // from a source the number of entries is not known before the packs are read: the places grow
  const places: Places = { pack: new Int32Array(total), at: new Int32Array(total) };
  const packs = source ? undefined : (raw as unknown[]);
  const count = source ? source.count : packs!.length;
  const runs: PackRun[] = [];
  for (let pi = 0; pi < count; pi++) {
    const p = source ? source.pack(pi) : packs![pi];
    const quick = quickHead(p);
    if (source && !quick) throw new NotQuick(`entryPacks[${pi}]`);
    const head = quick ?? packHead.safeParse(p, { reportInput: true });
    if (!head.success) {
      errors.push(...fromZodIssues(head.error.issues, ['entryPacks', pi]));
      continue;
    }
    const { unitId, assessorId, entries: list } = head.data;
    const cell = { unitId, assessorId };
    const run: PackRun = { unitId, assessorId, start: entries.length, end: entries.length, ownIds: true };
    for (let k = 0; k < list.length; k++) {
      const x = list[k];
      if (isRecord(x) && typeof x.node === 'string') {
        const node = nodes.get(x.node);
        if (node !== undefined) x.node = node;
      }
      // asked before adoptEntry completes the entry with its id
      if (isRecord(x) && x.id !== undefined) run.ownIds = false;
      let entry = adoptEntry(x, cell);
      if (!entry) run.ownIds = false;
      if (!entry && source) throw new NotQuick(`entryPacks[${pi}].entries[${k}]`);
      if (!entry) {
        const path = ['entryPacks', pi, 'entries', k];
        if (isRecord(x) && (x.unitId !== undefined || x.assessorId !== undefined)) {
          const field = x.unitId !== undefined ? 'unitId' : 'assessorId';
          errors.push({ path: subPath('', ...path, field), message: `记录的${field === 'unitId' ? '单位' : '考核人员'}由所在的包给出（${subPath('entryPacks', pi, field)}），记录内不应再写` });
          continue;
        }
        // the entry as version 1 writes it, for the schema to name what is wrong
        const candidate = isRecord(x)
          ? { id: x.id ?? cellEntryId({ unitId, node: String(x.node), assessorId, objectId: typeof x.objectId === 'string' ? x.objectId : undefined }), unitId, assessorId, ...x }
          : x;
        const checked = scoreEntry.safeParse(candidate, { reportInput: true });
        if (!checked.success) {
          errors.push(...fromZodIssues(checked.error.issues, path));
          continue;
        }
        entry = checked.data;
      }
      if (entries.length === places.pack.length) {
        places.pack = grown(places.pack);
        places.at = grown(places.at);
      }
      places.pack[entries.length] = pi;
      places.at[entries.length] = k;
      entries.push(entry);
    }
    run.end = entries.length;
    runs.push(run);
    // the file's own objects are not needed once read: a nation's would otherwise stay until the end
    if (packs) packs[pi] = undefined;
  }
  if (places.pack.length > entries.length) {
    places.pack = places.pack.slice(0, entries.length);
    places.at = places.at.slice(0, entries.length);
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, entries, places, runs };
}

/** Every key an entry may name: the nodes of the rule tree and the vetoes. */
function nodeKeys(rs: RuleSet): string[] {
  const keys = rs.vetoes.map((v) => v.key);
  const walk = (n: RuleNode) => {
    keys.push(n.key);
    if (n.type === 'group') n.children.forEach(walk);
  };
  rs.root.children.forEach(walk);
  return keys;
}

/** Each key an entry of these rule sets may name, to itself: the strings unpackEntries swaps in. */
export function nodeStrings(ruleSets: readonly RuleSet[]): Map<string, string> {
  const nodes = new Map<string, string>();
  for (const rs of ruleSets) for (const key of nodeKeys(rs)) nodes.set(key, key);
  return nodes;
}

/** `entries[12].value` (a place in the flat list) as the place in the file: `entryPacks[2].entries[4].value`. */
function inFile(text: string, places: Places): string {
  return text.replace(/(?<![\w.])entries\[(\d+)\](\.(?:unitId|assessorId)\b)?/g, (whole, i: string, cell: string | undefined) => {
    const n = Number(i);
    if (n >= places.pack.length) return whole;
    const pack = subPath('entryPacks', places.pack[n]!);
    return cell ? pack + cell : subPath(pack, 'entries', places.at[n]!);
  });
}

export type PackedParse = { ok: true; bundle: Bundle } | { ok: false; errors: ValidationIssue[] };

/**
 * A version 2 bundle, parsed JSON in, checked as version 1 is (the schema for everything but the
 * entries, then `crossCheck` on the whole), every problem at its place in the file. The value is taken
 * over: its packs are emptied and their entries completed in place, so pass one of its own (as
 * JSON.parse returns), never one whose objects are used elsewhere.
 */
export function parsePackedBundle(
  value: Record<string, unknown>,
  crossCheck: (b: Bundle, runs?: readonly PackRun[]) => ValidationIssue[],
  /** the packs, when `value.entryPacks` only stands in for them (see PackSource) */
  source?: PackSource,
): PackedParse {
  const { entryPacks, ...rest } = value;
  const errors: ValidationIssue[] = [];
  if ('entries' in rest) errors.push({ path: 'entries', message: '第 2 版数据包的记录写在 entryPacks 中，不应有 entries' });
  if (entryPacks === undefined) errors.push({ path: 'entryPacks', message: '缺少必填字段（应为数组）' });
  const head = bundleSchema.safeParse({ ...rest, entries: [] }, { reportInput: true });
  if (!head.success) errors.push(...fromZodIssues(head.error.issues));
  const nodes = head.success ? nodeStrings(head.data.ruleSets) : new Map<string, string>();
  const unpacked = entryPacks === undefined ? undefined : unpackEntries(entryPacks, nodes, source);
  if (unpacked && !unpacked.ok) errors.push(...unpacked.errors);
  if (errors.length > 0 || !head.success || !unpacked?.ok) return { ok: false, errors };
  const bundle: Bundle = { ...head.data, entries: unpacked.entries };
  const cross = crossCheck(bundle, unpacked.runs).map((e) => ({ ...e, path: inFile(e.path, unpacked.places), message: inFile(e.message, unpacked.places) }));
  return cross.length > 0 ? { ok: false, errors: cross } : { ok: true, bundle };
}

function packedFinding(f: Finding): Record<string, unknown> {
  const { count, ...rest } = f;
  return count === 1 ? rest : { ...rest, count };
}

/** One entry as a pack holds it: without what the pack or the schema's defaults already say. */
function packedEntry(e: ScoreEntry): Record<string, unknown> {
  const { id, unitId, assessorId, rev, findings, ...rest } = e;
  const out: Record<string, unknown> = id === cellEntryId(e) ? {} : { id };
  Object.assign(out, rest);
  if (findings !== undefined) out.findings = findings.map(packedFinding);
  if (rev !== 1) out.rev = rev;
  void unitId;
  void assessorId;
  return out;
}

/** Entries grouped one pack per unit × assessor, packs in the order their first entry comes. */
function packEntries(entries: readonly ScoreEntry[]): { unitId: string; assessorId: string; entries: Record<string, unknown>[] }[] {
  const packs = new Map<string, Map<string, Record<string, unknown>[]>>();
  const order: { unitId: string; assessorId: string; entries: Record<string, unknown>[] }[] = [];
  for (const e of entries) {
    let byAssessor = packs.get(e.unitId);
    if (!byAssessor) packs.set(e.unitId, (byAssessor = new Map()));
    let list = byAssessor.get(e.assessorId);
    if (!list) {
      byAssessor.set(e.assessorId, (list = []));
      order.push({ unitId: e.unitId, assessorId: e.assessorId, entries: list });
    }
    list.push(packedEntry(e));
  }
  return order;
}

/**
 * The file text of a bundle in version 2: the small parts indented for reading, one pack per line
 * (a nation's file stays a few tens of megabytes and still diffs by unit × assessor).
 */
export function serializePacked(bundle: Bundle): string {
  const { entries, removals, appeals, ...head } = bundle;
  const top = JSON.stringify({ ...head, schemaVersion: 2 }, null, 2);
  const packs = packEntries(entries).map((p) => `    ${JSON.stringify(p)}`);
  const parts = [top.slice(0, top.lastIndexOf('}')).trimEnd(), `,\n  "entryPacks": [${packs.length > 0 ? `\n${packs.join(',\n')}\n  ` : ''}]`];
  if (removals !== undefined && removals.length > 0) parts.push(`,\n  "removals": ${JSON.stringify(removals, null, 2).replace(/\n/g, '\n  ')}`);
  if (appeals !== undefined && appeals.length > 0) parts.push(`,\n  "appeals": ${JSON.stringify(appeals, null, 2).replace(/\n/g, '\n  ')}`);
  return `${parts.join('')}\n}\n`;
}
