/**
 * A pack scanned from a file (model/scannedPack.ts) in the store's columns: exactly what encodePack
 * (packCodec.ts) makes of the entries it stands for once packRow has put them in a pack's order (by
 * id), but made from its columns, with no entry object. Opening a nation's file so skips making,
 * sorting and taking apart again 1.35 million entries.
 */
import type { ScannedFindings, ScannedPack } from '../model/scannedPack';
import { ID_COUNT_REASON, SEPARATOR as FINDING_SEPARATOR, toCodes, type FindingColumns } from './findingColumns';
import { nodeColumn, type PackColumns } from './packCodec';

const ID_SEPARATOR = 58; // ':' of cellEntryId

/**
 * The id of an entry of node `a` sorts before that of node `b` in the same pack: each id is
 * `unit:node:assessor` with the same unit and assessor, so node + ':' is what is compared. False where
 * that is not sure (a node holding the separator) as well as where it is not so.
 */
export function idBefore(a: string, b: string): boolean {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return x < y;
  }
  if (a.length === b.length) return false;
  return a.length < b.length ? b.charCodeAt(n) > ID_SEPARATOR : a.charCodeAt(n) < ID_SEPARATOR;
}

/** A list of nodes in a pack's order: its node column, and where each sorted entry is in the file (none: already sorted). */
interface Order {
  node: string | string[];
  at: Uint32Array | undefined;
}

/**
 * Orders already found, by the file's list of nodes: the packs of one group list the same nodes in
 * the same order (a nation's 9,000 packs, a few lists), so each list is sorted once. Null: a list
 * whose order is not sure (scannedColumns then gives undefined).
 */
const orders = new Map<string, Order | null>();
const ORDERS_KEPT = 256;

/** The same, by the list itself: a list scanned once stands for the packs after it that list the same nodes. */
const ordersOfList = new WeakMap<readonly string[], Order | null>();

function orderOf(nodes: readonly string[]): Order | undefined {
  if (nodes.length === 0) return { node: [], at: undefined };
  let order = ordersOfList.get(nodes);
  if (order === undefined) ordersOfList.set(nodes, (order = orderByText(nodes) ?? null));
  return order ?? undefined;
}

function orderByText(nodes: readonly string[]): Order | undefined {
  const key = nodes.join('\n');
  // a node holding a line break would make two lists one key: such a list is not kept
  let breaks = 0;
  for (let i = key.indexOf('\n'); i >= 0; i = key.indexOf('\n', i + 1)) breaks++;
  const keep = breaks === nodes.length - 1;
  if (keep) {
    const known = orders.get(key);
    if (known !== undefined) return known ?? undefined;
  }
  const order = sortedOrder(nodes);
  if (keep) {
    if (orders.size >= ORDERS_KEPT) orders.clear();
    orders.set(key, order ?? null);
  }
  return order;
}

function sortedOrder(nodes: readonly string[]): Order | undefined {
  let sorted = true;
  for (let i = 1; i < nodes.length && sorted; i++) sorted = idBefore(nodes[i - 1]!, nodes[i]!);
  if (sorted) return { node: nodeColumn([...nodes]), at: undefined };
  const at = Uint32Array.from(nodes.keys()).sort((a, b) => (idBefore(nodes[a]!, nodes[b]!) ? -1 : 1));
  for (let i = 1; i < at.length; i++) if (!idBefore(nodes[at[i - 1]!]!, nodes[at[i]!]!)) return undefined;
  return { node: nodeColumn(Array.from(at, (k) => nodes[k]!)), at };
}

/** encodePack's columns of the pack `p` stands for, or undefined where they are not sure (the pack then goes as entries). */
export function scannedColumns(p: ScannedPack): PackColumns | undefined {
  const order = orderOf(p.node);
  if (!order) return undefined;
  const { at } = order;
  const n = p.node.length;
  const value = new Float64Array(n);
  let hasValue = false;
  for (let i = 0; i < n; i++) {
    const v = p.value[at ? at[i]! : i]!;
    value[i] = v;
    if (!Number.isNaN(v)) hasValue = true;
  }
  const findings = p.findings && scannedFindingColumns(p.findings, at);
  if (p.findings && !findings) return undefined;
  // encodePack's keys in encodePack's order
  const columns: PackColumns = { node: order.node };
  if (hasValue) columns.value = value;
  if (n > 0) columns.rev = 1;
  if (findings) columns.findingColumns = findings;
  return columns;
}

/**
 * Scratch reused from pack to pack: a nation's 9,000 packs would otherwise make 36,000 small typed
 * arrays, which took most of the time of making their finding columns.
 */
let listOfEntry = new Int32Array(256);
let firstOfList = new Uint32Array(256);
const entryCodes: number[] = [];
const sizeCodes: number[] = [];

/**
 * findingColumns of a scanned pack's findings (each `{ id, count: 1, reason }`), made from their
 * texts with no finding object, with entry `at[i]`'s list as entry i's where the pack is put in
 * another order; undefined where a text holds the separator.
 */
function scannedFindingColumns(f: ScannedFindings, at?: Uint32Array): FindingColumns | undefined {
  const total = f.id.length;
  const lists = f.entry.length;
  for (let k = 0; k < total; k++) if (f.id[k]!.includes(FINDING_SEPARATOR) || f.reason[k]!.includes(FINDING_SEPARATOR)) return undefined;
  entryCodes.length = 0;
  sizeCodes.length = 0;
  let id = f.id;
  let reason = f.reason;
  if (!at) {
    for (let j = 0; j < lists; j++) {
      entryCodes.push(f.entry[j]!);
      sizeCodes.push(f.size[j]!);
    }
  } else {
    // each list's place among the lists, and its first finding, by the entry that has it
    if (listOfEntry.length < at.length) listOfEntry = new Int32Array(2 * at.length);
    if (firstOfList.length < lists) firstOfList = new Uint32Array(2 * lists);
    const list = listOfEntry.fill(-1, 0, at.length);
    const first = firstOfList;
    for (let j = 0, k = 0; j < lists; k += f.size[j]!, j++) {
      list[f.entry[j]!] = j;
      first[j] = k;
    }
    id = new Array<string>(total);
    reason = new Array<string>(total);
    for (let i = 0, out = 0; i < at.length; i++) {
      const j = list[at[i]!]!;
      if (j < 0) continue;
      const n = f.size[j]!;
      entryCodes.push(i);
      sizeCodes.push(n);
      for (let k = first[j]!, end = k + n; k < end; k++, out++) {
        id[out] = f.id[k]!;
        reason[out] = f.reason[k]!;
      }
    }
  }
  const columns: FindingColumns = { entry: toCodes(entryCodes), size: toCodes(sizeCodes), has: String.fromCharCode(ID_COUNT_REASON).repeat(total) };
  if (total === 0) return columns;
  columns.id = id.join(FINDING_SEPARATOR);
  columns.reason = reason.join(FINDING_SEPARATOR);
  columns.count = 1;
  return columns;
}
