/**
 * How a pack of entries lies in IndexedDB since version 7: in columns, not as one object per entry.
 * Chromium's IndexedDB pays per object and per byte it clones and writes; a nation's 1.35 million entry
 * objects, each naming its unit, assessor and id again, took about 5 s to store and longer to read back.
 * In columns a pack is a few values: its nodes as one line-separated string (one string to clone, not a
 * hundred and fifty), values and revisions as typed arrays (the revision as one number when all entries
 * share it, as after opening a file), the rest only where
 * an entry has it. The unit and assessor are the pack's, and an id that is its cell's own (cellEntryId)
 * is left out and made again on reading.
 *
 * Lossless for every entry the store can hold: findings are kept in columns of their own (since version 9,
 * findingColumns.ts) or, where those cannot hold them exactly, as they are, by entry, and a field kept
 * in no column (a non-own id, an object, a checklist, a note, anything unforeseen) travels in `more` as
 * it is; a pack with an entry of another unit or assessor, a value that is not a finite number, or a
 * field of the row itself beyond the four, is stored as it was given. Only a field whose value is `undefined` is not kept, as in JSON.
 */
import { cellEntryId } from '../model/cellId';
import type { ScoreEntry } from '../model/entries';
import { findingColumns, findingLists, type FindingColumns } from './findingColumns';
import type { EntryPackRow, UnitPacksRow } from './schema';

/** A pack as version 7 stores it (packMiddleware.ts turns rows into this and back). */
export interface StoredPackRow {
  assessmentId: string;
  unitId: string;
  assessorId: string;
  columns: PackColumns;
}

export interface PackColumns {
  /** the entries' nodes joined by NODE_SEPARATOR; a list where a node holds the separator itself */
  node: string | string[];
  /** NaN where an entry has no value (a value is always finite) */
  value?: Float64Array;
  /** NaN where an entry has no revision; one number when every entry has that same revision */
  rev?: Float64Array | number;
  /** null where an entry has none */
  updatedAt?: (string | null)[];
  updatedBy?: (string | null)[];
  /** entry index, then that entry's findings (an array), for each entry that has them, in index order: where findingColumns cannot hold them */
  findings?: unknown[];
  /** the same findings in columns (since version 9) */
  findingColumns?: FindingColumns;
  /** entry index, then that entry's other fields, for each entry that has any, in index order */
  more?: unknown[];
}

type Loose = Record<string, unknown>;

const NODE_SEPARATOR = '\n';

/** The value every element holds (-0 and 0 told apart), if they all hold the same number. */
function oneValue(xs: Float64Array): number | undefined {
  const first = xs[0]!;
  if (Number.isNaN(first)) return undefined;
  for (let i = 1; i < xs.length; i++) if (!Object.is(xs[i], first)) return undefined;
  return first;
}

/** One string where it can be read back exactly: never for no entries, nor where a node holds a line break. */
export function nodeColumn(node: string[]): string | string[] {
  if (node.length === 0 || node.some((k) => k.includes(NODE_SEPARATOR))) return node;
  return node.join(NODE_SEPARATOR);
}

/** `id === cellEntryId(…)`, told without making the id (a nation's file has a million of them). */
function isOwnId(id: string, unitId: string, node: string, assessorId: string, objectId: unknown): boolean {
  if (objectId) return id === cellEntryId({ unitId, node, assessorId, objectId: objectId as string });
  const at = unitId.length;
  return (
    id.length === at + node.length + assessorId.length + 2 &&
    id.startsWith(unitId) &&
    id.charCodeAt(at) === 58 &&
    id.startsWith(node, at + 1) &&
    id.charCodeAt(at + 1 + node.length) === 58 &&
    id.endsWith(assessorId)
  );
}

export const isStoredPack = (row: unknown): row is StoredPackRow => typeof row === 'object' && row !== null && 'columns' in row;

/** The row in columns, or the row itself where columns cannot hold it exactly. */
export function encodePack(row: EntryPackRow): StoredPackRow | EntryPackRow {
  const { assessmentId, unitId, assessorId, entries } = row;
  if (Object.keys(row).length !== 4 || !Array.isArray(entries)) return row;
  const n = entries.length;
  const node: string[] = new Array<string>(n);
  const value = new Float64Array(n);
  const rev = new Float64Array(n);
  let updatedAt: (string | null)[] | undefined;
  let updatedBy: (string | null)[] | undefined;
  let hasValue = false;
  let hasRev = false;
  const findings: unknown[] = [];
  const more: unknown[] = [];
  for (let i = 0; i < n; i++) {
    const e = entries[i] as unknown as Loose;
    if (e.unitId !== unitId || e.assessorId !== assessorId || typeof e.node !== 'string' || typeof e.id !== 'string') return row;
    node[i] = e.node;
    const v = e.value;
    if (v === undefined) value[i] = NaN;
    else if (typeof v === 'number' && Number.isFinite(v)) {
      value[i] = v;
      hasValue = true;
    } else return row;
    const r = e.rev;
    if (r === undefined) rev[i] = NaN;
    else if (typeof r === 'number' && Number.isFinite(r)) {
      rev[i] = r;
      hasRev = true;
    } else return row;
    const at = e.updatedAt;
    if (at !== undefined) {
      if (typeof at !== 'string') return row;
      (updatedAt ??= new Array<string | null>(n).fill(null))[i] = at;
    }
    const by = e.updatedBy;
    if (by !== undefined) {
      if (typeof by !== 'string') return row;
      (updatedBy ??= new Array<string | null>(n).fill(null))[i] = by;
    }
    let rest: Loose | undefined;
    for (const k in e) {
      switch (k) {
        case 'unitId':
        case 'assessorId':
        case 'node':
        case 'value':
        case 'rev':
        case 'updatedAt':
        case 'updatedBy':
          continue;
        case 'id':
          if (isOwnId(e.id as string, unitId, e.node, assessorId, e.objectId)) continue;
          break;
        case 'findings':
          // a column of their own: a wrapper object per entry costs IndexedDB more than the findings
          if (Array.isArray(e.findings)) {
            findings.push(i, e.findings);
            continue;
          }
      }
      if (e[k] !== undefined) (rest ??= {})[k] = e[k];
    }
    if (rest) more.push(i, rest);
  }
  const columns: PackColumns = {
    node: nodeColumn(node),
    ...(hasValue && { value }),
    ...(hasRev && { rev: oneValue(rev) ?? rev }),
    ...(updatedAt && { updatedAt }),
    ...(updatedBy && { updatedBy }),
    ...(findings.length > 0 && findingsColumn(findings)),
    ...(more.length > 0 && { more }),
  };
  return { assessmentId, unitId, assessorId, columns };
}

function findingsColumn(lists: unknown[]): Pick<PackColumns, 'findings' | 'findingColumns'> {
  const columns = findingColumns(lists);
  return columns ? { findingColumns: columns } : { findings: lists };
}

/** The row as the rest of the store knows it; a row stored whole (before version 7, or not in columns) as it is. */
export function decodePack(row: StoredPackRow | EntryPackRow): EntryPackRow {
  if (!isStoredPack(row)) return row;
  const { assessmentId, unitId, assessorId, columns: c } = row;
  const nodes = typeof c.node === 'string' ? c.node.split(NODE_SEPARATOR) : c.node;
  const n = nodes.length;
  // both lists are in index order: walked along with the entries, no lookups
  const fl = c.findingColumns ? findingLists(c.findingColumns) : (c.findings ?? []);
  const ml = c.more ?? [];
  let fk = 0;
  let mk = 0;
  const entries = new Array<ScoreEntry>(n);
  for (let i = 0; i < n; i++) {
    const node = nodes[i]!;
    const value = c.value?.[i];
    const rev = typeof c.rev === 'number' ? c.rev : c.rev?.[i];
    let found: unknown;
    if (fl[fk] === i) {
      found = fl[fk + 1];
      fk += 2;
    }
    let more: Loose | undefined;
    if (ml[mk] === i) {
      more = ml[mk + 1] as Loose;
      mk += 2;
    }
    if (!more) {
      // the common entry: nothing beyond the columns, its id the cell's own
      const e: Loose = { id: [unitId, node, assessorId].join(':'), unitId, node, assessorId };
      if (value !== undefined && !Number.isNaN(value)) e.value = value;
      if (found !== undefined) e.findings = found;
      if (rev !== undefined && !Number.isNaN(rev)) e.rev = rev;
      if (c.updatedAt?.[i] != null) e.updatedAt = c.updatedAt[i];
      if (c.updatedBy?.[i] != null) e.updatedBy = c.updatedBy[i];
      entries[i] = e as unknown as ScoreEntry;
      continue;
    }
    // the schema's key order (model/entries.ts), so an entry read back looks as written
    const objectId = more.objectId as string | undefined;
    const id = 'id' in more ? more.id : cellEntryId({ unitId, node, assessorId, ...(objectId !== undefined && { objectId }) });
    const e: Loose = { id, unitId, node, assessorId };
    if (objectId !== undefined) e.objectId = objectId;
    if (value !== undefined && !Number.isNaN(value)) e.value = value;
    if (more.checks !== undefined) e.checks = more.checks;
    if (found !== undefined) e.findings = found;
    if (more.triggered !== undefined) e.triggered = more.triggered;
    if (more.notApplicable !== undefined) e.notApplicable = more.notApplicable;
    if (more.note !== undefined) e.note = more.note;
    if (rev !== undefined && !Number.isNaN(rev)) e.rev = rev;
    if (c.updatedAt?.[i] != null) e.updatedAt = c.updatedAt[i];
    if (c.updatedBy?.[i] != null) e.updatedBy = c.updatedBy[i];
    for (const k in more) if (!(k in e)) e[k] = more[k];
    entries[i] = e as unknown as ScoreEntry;
  }
  return { assessmentId, unitId, assessorId, entries };
}

/**
 * A unit's row as version 10 stores it: every pack in columns, without the assessment and unit again.
 * A row any of whose packs columns cannot hold exactly is stored as it was given (with `packs`). A row
 * written in columns already (a file's packs scanned straight into columns, scannedColumns.ts)
 * has no `packs` and is stored as it is.
 */
export interface StoredUnitPacksRow {
  assessmentId: string;
  unitId: string;
  inColumns: { assessorId: string; columns: PackColumns }[];
}

export function encodeUnitPacks(row: UnitPacksRow): StoredUnitPacksRow | UnitPacksRow {
  const { assessmentId, unitId, packs } = row;
  if (Object.keys(row).length !== 3 || !Array.isArray(packs)) return row;
  const inColumns = new Array<StoredUnitPacksRow['inColumns'][number]>(packs.length);
  for (let i = 0; i < packs.length; i++) {
    const p = packs[i] as EntryPackRow | null;
    if (typeof p !== 'object' || p === null || p.assessmentId !== assessmentId || p.unitId !== unitId) return row;
    const stored = encodePack(p);
    if (!isStoredPack(stored)) return row;
    inColumns[i] = { assessorId: stored.assessorId, columns: stored.columns };
  }
  return { assessmentId, unitId, inColumns };
}

export function decodeUnitPacks(row: StoredUnitPacksRow | UnitPacksRow): UnitPacksRow {
  if (!('inColumns' in row) || 'packs' in row) return row as UnitPacksRow;
  const { assessmentId, unitId, inColumns } = row;
  return { assessmentId, unitId, packs: inColumns.map(({ assessorId, columns }) => decodePack({ assessmentId, unitId, assessorId, columns })) };
}
