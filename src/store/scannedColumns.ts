/**
 * A pack scanned from a file (model/scannedPack.ts) in the store's columns: exactly what encodePack
 * (packCodec.ts) makes of the entries it stands for once packRow has put them in a pack's order (by
 * id), but made from its columns, with no entry object. Opening a nation's file so skips making,
 * sorting and taking apart again 1.35 million entries.
 */
import type { ScannedPack } from '../model/scannedPack';
import { scannedFindingColumns } from './findingColumns';
import { nodeColumn, type PackColumns } from './packCodec';

const SEPARATOR = 58; // ':' of cellEntryId

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
  return a.length < b.length ? b.charCodeAt(n) > SEPARATOR : a.charCodeAt(n) < SEPARATOR;
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
