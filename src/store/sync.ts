/**
 * The store's side of live replication (sync/couch/replicate.ts): the assessment read as documents'
 * entities, pulled batches merged exactly as an imported bundle (importBundle, one transaction each),
 * and per-assessment sync settings kept in `meta` beside the other settings of this machine (the
 * replication state too, in parts: syncState.ts). Turning sync off changes none of the assessment's data.
 *
 * Evidence files travel with the entry or appeal that references them, removed attachments as removals,
 * both merged as a bundle's are (importBundleWithFiles). Audit records made here travel as append-only
 * documents; records received from the server are stored marked with the login that sent them (`from`)
 * and are not sent back. The records a pull writes itself say 从服务器同步 and stay on this machine.
 */
import Dexie from 'dexie';
import type { KaoheDb } from './database';
import { dataTables, loadAssessmentData, loadAssessmentFrame, sheetTables, type AssessmentFrame } from './assessments';
import { openBundleAsAssessment, type OpenBundleOptions, type OpenedBundle } from './openBundle';
import type { Bundle } from '../model/assessment';
import { loadRemovals } from './removals';
import { listAppeals } from './appeals';
import { assessmentOfRow } from './rows';
import { importBundleWithFiles } from './attachmentExchange';
import { loadAttachmentRemovals } from './attachmentRemovals';
import type { Attachment } from '../model/attachment';
import type { AuditAction, AuditRow } from './schema';
import { KaoheDbError } from './errors';
import { bundleOfPulled } from '../sync/couch/plan';
import { auditKey, type AuditRecord, type SyncEntity } from '../sync/couch/docs';
import type { StoredFile } from '../sync/couch/attachments';

/** Why the rows of a pulled change say they were written. */
export const WHY_SYNCED = '从服务器同步';

const metaOf = (r: Attachment): Attachment => ({ id: r.id, ownerId: r.ownerId, hash: r.hash, name: r.name, type: r.type, size: r.size });

/** An audit row as it travels (the row's store fields aside). */
function recordOf(row: AuditRow, by: string): AuditRecord {
  const { seq: _seq, assessmentId: _a, from: _f, ...record } = row;
  return { ...record, by };
}
import type { ReplicationState } from '../sync/couch/replicate';
import { deleteSyncState, filesStamp, putInStepMark, putSyncState, syncSettingsKey } from './syncState';
import { readInputChanges } from './inputChanges';
import { UNIT_PACKS } from './packMiddleware';
import { packsOfRow } from './packs';
import { applyPulledSelf, readSelfSyncEntities } from './selfSync';
import { decidedSelfEntities } from './selfConflicts';

/**
 * The assessment as entities to replicate, read in one transaction: entries and appeals with their
 * files, removed attachments, and — given the login `by` that sends them — the audit records made here.
 */
export async function readSyncEntities(db: KaoheDb, assessmentId: string, by?: string): Promise<SyncEntity[]> {
  const { rest, audit, entries } = await readSyncEntitiesOf(db, assessmentId, 'all', by);
  return [...(rest ?? []), ...audit, ...[...entries.values()].flat()];
}

/** What a look reads besides the packs asked for. */
export interface SyncLook {
  /** the small rest (assessment, rule sets, units, assessors, deletions, appeals, removed attachments) */
  rest: boolean;
  /** only the audit rows written after this one (`seq`); 0: all of them */
  auditAfter: number;
}

export interface SyncEntitiesRead {
  /** null when not asked for */
  rest: SyncEntity[] | null;
  /** the audit records made here (none without `by`) */
  audit: SyncEntity[];
  /** the last audit row read (the look's `auditAfter` when there was none after it) */
  auditSeq: number;
  /** the entries of each unit asked for, by unit id */
  entries: Map<string, SyncEntity[]>;
  /** the scoring inputs' change count and the files' stamp in the same read (syncState.ts InStepMark) */
  changes: number;
  files: string;
}

/**
 * The assessment as entities, its entries only from the units named (every unit for 'all'), grouped by
 * unit: what a round needs to look at when it knows which units' packs were written since it last looked.
 * Everything but the entries (units, assessors, deletions, appeals, files, audit records) is small and
 * read whole, unless `look` says the rest need not be read and which audit rows were read before: a
 * nation's 3,000 units and the audit rows of weeks of editing are then not read and hashed every round.
 */
export async function readSyncEntitiesOf(
  db: KaoheDb,
  assessmentId: string,
  units: ReadonlySet<string> | 'all',
  by?: string,
  look: SyncLook = { rest: true, auditAfter: 0 },
): Promise<SyncEntitiesRead> {
  // a unit's copy replicates its self-assessment only (with its unit's own database)
  const self = await db.assessments.get(assessmentId);
  if (self?.self) return { rest: await readSelfSyncEntities(db, self), audit: [], auditSeq: look.auditAfter, entries: new Map(), changes: await readInputChanges(db), files: '' };
  const keys = units === 'all' ? null : [...units].map((u): [string, string] => [assessmentId, u]);
  const [read, removals, appeals, attachments, attachmentRemovals, auditRows, changes, files, decidedSelf] = await db.transaction(
    'r',
    [...dataTables(db), db.removals, db.appeals, db.attachments, db.meta, db.audit, db.inputChanges, db.selfConflicts],
    () => {
      const entriesRead =
        keys === null
          ? loadAssessmentData(db, assessmentId).then((data) => ({ frame: data as AssessmentFrame | null, entries: data.entries }))
          : Promise.all([look.rest ? loadAssessmentFrame(db, assessmentId) : null, db.unitPacks.bulkGet(keys)]).then(([frame, rows]) => ({
              frame,
              entries: rows.flatMap((row) => (row ? packsOfRow(row).flatMap((p) => p.entries) : [])),
            }));
      return Promise.all([
        entriesRead,
        look.rest ? loadRemovals(db, assessmentId) : [],
        look.rest ? listAppeals(db, assessmentId) : [],
        // the files of the entries read (their findings' too) when the appeals are not read: not every file's row
        keys === null || look.rest
          ? db.attachments.where('assessmentId').equals(assessmentId).toArray()
          : entriesRead.then(({ entries }) => {
              const owners = entries.flatMap((e) => [e.id, ...(e.findings ?? []).map((f) => f.id)]).map((o) => [assessmentId, o]);
              return owners.length > 0 ? db.attachments.where('[assessmentId+ownerId]').anyOf(owners).toArray() : [];
            }),
        look.rest ? loadAttachmentRemovals(db, assessmentId) : [],
        by === undefined
          ? Promise.resolve([])
          : look.auditAfter > 0
            ? db.audit.where(':id').above(look.auditAfter).toArray()
            : db.audit.where('assessmentId').equals(assessmentId).toArray(),
        readInputChanges(db),
        filesStamp(db, assessmentId),
        look.rest ? decidedSelfEntities(db, assessmentId) : [],
      ]);
    },
  );
  const { frame, entries: entryList } = read;
  const byOwner = new Map<string, Attachment[]>();
  for (const a of [...attachments].sort((x, y) => (x.id < y.id ? -1 : 1))) {
    const list = byOwner.get(a.ownerId) ?? [];
    list.push(metaOf(a));
    byOwner.set(a.ownerId, list);
  }
  const filesOf = (owners: string[]) => {
    const files = owners.flatMap((o) => byOwner.get(o) ?? []);
    return files.length > 0 ? { files } : {};
  };
  // every unit asked for is listed, an emptied one too: its documents are then no longer pending
  const entries = new Map<string, SyncEntity[]>(units === 'all' ? [] : [...units].map((u) => [u, []]));
  for (const d of entryList) {
    const k = d.unitId;
    const entity: SyncEntity = { kind: 'entry', data: d, ...filesOf([d.id, ...(d.findings ?? []).map((f) => f.id)]) };
    const list = entries.get(k);
    if (list) list.push(entity);
    else entries.set(k, [entity]);
  }
  let auditSeq = look.auditAfter;
  for (const r of auditRows) auditSeq = Math.max(auditSeq, r.seq ?? 0);
  return {
    rest: frame
      ? [
          { kind: 'assessment', data: assessmentOfRow(frame.assessment) },
          ...frame.ruleSets.map((d): SyncEntity => ({ kind: 'ruleSet', data: d })),
          ...frame.units.map((d): SyncEntity => ({ kind: 'unit', data: d })),
          ...frame.assessors.map((d): SyncEntity => ({ kind: 'assessor', data: d })),
          ...removals.map((d): SyncEntity => ({ kind: 'removal', data: d })),
          ...appeals.map((d): SyncEntity => ({ kind: 'appeal', data: d, ...filesOf([d.id]) })),
          ...attachmentRemovals.map((d): SyncEntity => ({ kind: 'attachmentRemoval', data: d })),
          // a unit's self-assessment only where the coordinator chose among its conflicting versions
          ...decidedSelf,
        ]
      : null,
    // made here: not those received from the server, nor the rows that record receiving them
    audit: auditRows
      .filter((r) => r.assessmentId === assessmentId && r.from === undefined && r.why !== WHY_SYNCED)
      .map((r): SyncEntity => ({ kind: 'audit', data: recordOf(r, by!) })),
    auditSeq,
    entries,
    changes,
    files,
  };
}

/** The stored bytes of these files. */
export async function readFileBytes(db: KaoheDb, hashes: readonly string[]): Promise<Map<string, StoredFile>> {
  const rows = await db.files.bulkGet([...hashes]);
  const out = new Map<string, StoredFile>();
  for (const f of rows) if (f) out.set(f.hash, { type: f.type, bytes: new Uint8Array(await f.bytes.arrayBuffer()) });
  return out;
}

/** Which of these files are stored here (by any assessment). */
export async function storedHashes(db: KaoheDb, hashes: readonly string[]): Promise<Set<string>> {
  return new Set((await db.files.bulkGet([...hashes])).flatMap((f) => (f ? [f.hash] : [])));
}

/** Stores audit records received from the server that are not here yet, marked with their sender. */
async function storePulledAudit(db: KaoheDb, assessmentId: string, records: readonly AuditRecord[]): Promise<void> {
  if (records.length === 0) return;
  await db.transaction('rw', db.audit, async () => {
    // only the records here of the same times can be the same: a nation's log is not read whole per batch
    const ats = [...new Set(records.map((r) => r.at))].map((at): [string, string] => [assessmentId, at]);
    const known = new Set((await db.audit.where('[assessmentId+at]').anyOf(ats).toArray()).map((r) => auditKey(recordOf(r, ''))));
    const rows: AuditRow[] = [];
    for (const { by, ...record } of records) {
      const key = auditKey(record);
      if (known.has(key)) continue;
      known.add(key);
      rows.push({ ...record, action: record.action as AuditAction, assessmentId, from: by });
    }
    await db.audit.bulkAdd(rows);
  });
}

/** Document ids of entries with a conflict waiting for the coordinator: they are not pushed meanwhile. */
export async function heldDocIds(db: KaoheDb, assessmentId: string): Promise<Set<string>> {
  const rows = await db.conflicts.where('assessmentId').equals(assessmentId).filter((c) => c.status === 'pending').toArray();
  return new Set(rows.map((c) => `entry:${c.entryId}`));
}

/**
 * Merges documents pulled from the server as a bundle of the assessment. Returns null when merged (conflicts
 * included, which wait in the conflicts view), or the reason nothing was merged; `note` hears what was
 * merged but needs a person's eye (an attachment removal that does not match the attachment here).
 * `leaves`: the batch is the other versions of conflicted documents.
 */
export async function applyPulled(
  db: KaoheDb,
  assessmentId: string,
  batch: readonly SyncEntity[],
  who: string,
  files: Map<string, Uint8Array> = new Map(),
  note: (problem: string) => void = () => {},
  leaves = false,
): Promise<string | null> {
  await applyPulledSelf(db, assessmentId, batch, who, files, leaves);
  // a unit's copy takes nothing else from its database: the unit and rule set came with its package
  if ((await db.assessments.get(assessmentId))?.self) return null;
  // the assessment and its rule sets only: the entries are read by the merge itself
  const frame = await loadAssessmentFrame(db, assessmentId);
  const bundle = bundleOfPulled(batch, { assessment: assessmentOfRow(frame.assessment), ruleSets: frame.ruleSets }, new Date().toISOString(), '同步服务器');
  const attachments = batch.flatMap((e) => ((e.kind === 'entry' || e.kind === 'appeal') && e.files ? e.files : []));
  const attachmentRemovals = batch.flatMap((e) => (e.kind === 'attachmentRemoval' ? [e.data] : []));
  if (attachments.length > 0) bundle.attachments = attachments;
  if (attachmentRemovals.length > 0) bundle.attachmentRemovals = attachmentRemovals;
  try {
    const report = await importBundleWithFiles(db, assessmentId, { bundle, files }, who, { why: WHY_SYNCED });
    if (report.refused) return report.refused.message;
    // as after a file merge: a removal that names another attachment here is shown, not applied
    report.attachmentConflicts.forEach(note);
    await storePulledAudit(db, assessmentId, batch.flatMap((e) => (e.kind === 'audit' ? [e.data] : [])));
    return null;
  } catch (e) {
    if (e instanceof KaoheDbError) return e.message;
    throw e;
  }
}

/** Where and as whom this machine syncs one assessment. The password is not kept: the session cookie is. */
export interface SyncSettings {
  enabled: boolean;
  /** e.g. https://couch.example.gov.cn:6984 */
  server: string;
  /** the assessment's database on that server */
  db: string;
  user: string;
  /** this copy's name in checkpoints, made once when sync is first turned on */
  clientId: string;
}

const settingsKey = syncSettingsKey;

export async function getSyncSettings(db: KaoheDb, assessmentId: string): Promise<SyncSettings | null> {
  const v = (await db.meta.get(settingsKey(assessmentId)))?.value as SyncSettings | undefined;
  return v && typeof v === 'object' && typeof v.server === 'string' ? v : null;
}

export async function putSyncSettings(db: KaoheDb, assessmentId: string, settings: SyncSettings): Promise<void> {
  const before = await getSyncSettings(db, assessmentId);
  await db.transaction('rw', db.meta, async () => {
    await db.meta.put({ key: settingsKey(assessmentId), value: settings });
    // another server or database: what this copy knew of the old one says nothing about the new one
    if (before && (before.server !== settings.server || before.db !== settings.db)) await deleteSyncState(db, assessmentId);
  });
}

/** The tables whose writes can make a document pending; `meta` (where replication keeps its state) is not one. */
const WATCHED = ['assessments', 'units', 'assessors', UNIT_PACKS, 'removals', 'appeals', 'conflicts', 'attachments', 'selfAssessments', 'selfConflicts'];

/** What a committed write touched: the units whose packs of entries it wrote, 'all' when they cannot be told. */
export interface SyncedWrite {
  units: Set<string> | 'all';
  /** anything replicated besides entries: the assessment, units, assessors, deletions, appeals, files, self-assessments (decided conflicts of them too) */
  rest: boolean;
}

/** The watched tables whose rows are not entries (conflicts only hold documents back: see heldDocIds). */
const REST = WATCHED.filter((t) => t !== UNIT_PACKS && t !== 'conflicts');

interface RangeNode {
  from?: unknown;
  to?: unknown;
  l?: RangeNode | null;
  r?: RangeNode | null;
}

/** Whether a mutated-keys range set names any key (an empty one is `{ d: 0 }`). */
const wroteKeys = (node: (RangeNode & { d?: number }) | undefined): boolean => node !== undefined && node.d !== 0;

/** The units of the assessment a mutated-keys range set of unit rows names, one key at a time; false for a range. */
function unitsOfRange(node: RangeNode | null | undefined, assessmentId: string, into: Set<string>): boolean {
  if (!node) return true;
  const { from, to } = node;
  if (Array.isArray(from) && Array.isArray(to) && from.length === 2 && from.every((x, i) => x === to[i])) {
    if (from[0] === assessmentId) into.add(String(from[1]));
  } else if (from !== undefined) return false;
  return unitsOfRange(node.l, assessmentId, into) && unitsOfRange(node.r, assessmentId, into);
}

/**
 * Calls `onWrite` after each committed write (this tab or another) that may have changed what replicates,
 * with the units of the assessment whose packs of entries it wrote, so a round need not read and hash the others.
 */
export function watchSyncedWrites(db: KaoheDb, onWrite: (write: SyncedWrite) => void, assessmentId?: string): () => void {
  const prefixes = WATCHED.map((t) => `idb://${db.name}/${t}/`);
  const restPrefixes = REST.map((t) => `idb://${db.name}/${t}/`);
  const packsPart = `idb://${db.name}/${UNIT_PACKS}/`;
  const filesPart = `idb://${db.name}/attachments/`;
  const listener = (parts: Record<string, unknown>) => {
    // a write of nothing (an empty bulkAdd, as a merge makes for the files it did not get) is reported
    // with an empty set of keys: it changed nothing, and must not make a round look at every pack
    const keys = Object.keys(parts).filter((k) => wroteKeys(parts[k] as RangeNode | undefined));
    if (!keys.some((k) => prefixes.some((p) => k.startsWith(p)))) return;
    const units = new Set<string>();
    // a file added to or removed from a finding changes its entry's document, in a unit that cannot be told here
    const files = keys.some((k) => k.startsWith(filesPart));
    const told = !files && (assessmentId === undefined || !(packsPart in parts) || unitsOfRange(parts[packsPart] as RangeNode, assessmentId, units));
    onWrite({ units: told ? units : 'all', rest: keys.some((k) => restPrefixes.some((p) => k.startsWith(p))) });
  };
  Dexie.on('storagemutated', listener);
  return () => Dexie.on('storagemutated').unsubscribe(listener);
}

/**
 * An assessment joined from the server (sync/couch/join.ts), stored with its sync settings and the
 * replication state in one transaction: a failure leaves nothing behind.
 */
export async function storeJoined(
  db: KaoheDb,
  input: { bundle: Bundle; settings: SyncSettings; state: ReplicationState },
  options: Pick<OpenBundleOptions, 'who' | 'snapshot'>,
): Promise<OpenedBundle> {
  return db.transaction('rw', [...sheetTables(db), db.inputChanges], async () => {
    const opened = await openBundleAsAssessment(db, { bundle: input.bundle }, options);
    await db.meta.put({ key: settingsKey(opened.id), value: input.settings });
    await putSyncState(db, opened.id, input.state);
    // every entry here is the server's version in the state: the first round need not hash them
    await putInStepMark(db, opened.id, { by: input.settings.user, changes: await readInputChanges(db), files: await filesStamp(db, opened.id) });
    return opened;
  });
}
