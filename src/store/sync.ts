/**
 * The store's side of live replication (sync/couch/replicate.ts): the assessment read as documents'
 * entities, pulled batches merged exactly as an imported bundle (importBundle, one transaction each),
 * and per-assessment sync settings and replication state kept in `meta` beside the other settings of
 * this machine. Turning sync off changes none of the assessment's data.
 */
import Dexie from 'dexie';
import type { KaoheDb } from './database';
import { dataTables, loadAssessmentData, loadAssessmentFrame, sheetTables } from './assessments';
import { openBundleAsAssessment, type OpenBundleOptions, type OpenedBundle } from './openBundle';
import type { Bundle } from '../model/assessment';
import { loadRemovals } from './removals';
import { listAppeals } from './appeals';
import { assessmentOfRow } from './rows';
import { importBundle } from './exchange';
import { KaoheDbError } from './errors';
import { bundleOfPulled } from '../sync/couch/plan';
import type { SyncEntity } from '../sync/couch/docs';
import { emptyState, type ReplicationState } from '../sync/couch/replicate';

/** The assessment as entities to replicate, read in one transaction. */
export async function readSyncEntities(db: KaoheDb, assessmentId: string): Promise<SyncEntity[]> {
  const [data, removals, appeals] = await db.transaction('r', [...dataTables(db), db.removals, db.appeals], () =>
    Promise.all([loadAssessmentData(db, assessmentId), loadRemovals(db, assessmentId), listAppeals(db, assessmentId)]),
  );
  return [
    { kind: 'assessment', data: assessmentOfRow(data.assessment) },
    ...data.ruleSets.map((d): SyncEntity => ({ kind: 'ruleSet', data: d })),
    ...data.units.map((d): SyncEntity => ({ kind: 'unit', data: d })),
    ...data.assessors.map((d): SyncEntity => ({ kind: 'assessor', data: d })),
    ...data.entries.map((d): SyncEntity => ({ kind: 'entry', data: d })),
    ...removals.map((d): SyncEntity => ({ kind: 'removal', data: d })),
    ...appeals.map((d): SyncEntity => ({ kind: 'appeal', data: d })),
  ];
}

/** The packs (unit × assessor) of entries, as `unitId|assessorId`. */
export const packKey = (unitId: string, assessorId: string) => `${unitId}|${assessorId}`;

/**
 * The assessment as entities, its entries only from the packs named (all of them for 'all'): what a
 * round needs to look at when it knows which packs were written since it last looked. Everything but
 * the entries (units, assessors, deletions, appeals, rule sets) is small and read whole.
 */
export async function readSyncEntitiesOf(db: KaoheDb, assessmentId: string, packs: ReadonlySet<string> | 'all'): Promise<{ rest: SyncEntity[]; entries: Map<string, SyncEntity[]> }> {
  if (packs === 'all') {
    const all = await readSyncEntities(db, assessmentId);
    const entries = new Map<string, SyncEntity[]>();
    const rest: SyncEntity[] = [];
    for (const e of all) {
      if (e.kind !== 'entry') rest.push(e);
      else {
        const k = packKey(e.data.unitId, e.data.assessorId);
        const list = entries.get(k);
        if (list) list.push(e);
        else entries.set(k, [e]);
      }
    }
    return { rest, entries };
  }
  const keys = [...packs].map((k) => [assessmentId, ...k.split('|')] as [string, string, string]);
  const [frame, removals, appeals, rows] = await db.transaction('r', [...dataTables(db), db.removals, db.appeals], () =>
    Promise.all([loadAssessmentFrame(db, assessmentId), loadRemovals(db, assessmentId), listAppeals(db, assessmentId), db.entryPacks.bulkGet(keys)]),
  );
  const entries = new Map<string, SyncEntity[]>([...packs].map((k) => [k, []]));
  for (const pack of rows) if (pack) entries.set(packKey(pack.unitId, pack.assessorId), pack.entries.map((data): SyncEntity => ({ kind: 'entry', data })));
  return {
    rest: [
      { kind: 'assessment', data: assessmentOfRow(frame.assessment) },
      ...frame.ruleSets.map((d): SyncEntity => ({ kind: 'ruleSet', data: d })),
      ...frame.units.map((d): SyncEntity => ({ kind: 'unit', data: d })),
      ...frame.assessors.map((d): SyncEntity => ({ kind: 'assessor', data: d })),
      ...removals.map((d): SyncEntity => ({ kind: 'removal', data: d })),
      ...appeals.map((d): SyncEntity => ({ kind: 'appeal', data: d })),
    ],
    entries,
  };
}

/** Document ids of entries with a conflict waiting for the coordinator: they are not pushed meanwhile. */
export async function heldDocIds(db: KaoheDb, assessmentId: string): Promise<Set<string>> {
  const rows = await db.conflicts.where('assessmentId').equals(assessmentId).filter((c) => c.status === 'pending').toArray();
  return new Set(rows.map((c) => `entry:${c.entryId}`));
}

/**
 * Merges documents pulled from the server as a bundle of the assessment. Returns null when merged (conflicts
 * included, which wait in the conflicts view), or the reason nothing was merged.
 */
export async function applyPulled(db: KaoheDb, assessmentId: string, batch: readonly SyncEntity[], who: string): Promise<string | null> {
  const frame = await db.transaction('r', dataTables(db), () => loadAssessmentData(db, assessmentId));
  const bundle = bundleOfPulled(batch, { assessment: assessmentOfRow(frame.assessment), ruleSets: frame.ruleSets }, new Date().toISOString(), '同步服务器');
  try {
    const report = await importBundle(db, assessmentId, bundle, who);
    return report.refused ? report.refused.message : null;
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

const settingsKey = (assessmentId: string) => `sync.settings:${assessmentId}`;
const stateKey = (assessmentId: string) => `sync.state:${assessmentId}`;

export async function getSyncSettings(db: KaoheDb, assessmentId: string): Promise<SyncSettings | null> {
  const v = (await db.meta.get(settingsKey(assessmentId)))?.value as SyncSettings | undefined;
  return v && typeof v === 'object' && typeof v.server === 'string' ? v : null;
}

export async function putSyncSettings(db: KaoheDb, assessmentId: string, settings: SyncSettings): Promise<void> {
  const before = await getSyncSettings(db, assessmentId);
  await db.transaction('rw', db.meta, async () => {
    await db.meta.put({ key: settingsKey(assessmentId), value: settings });
    // another server or database: what this copy knew of the old one says nothing about the new one
    if (before && (before.server !== settings.server || before.db !== settings.db)) await db.meta.delete(stateKey(assessmentId));
  });
}

export async function getSyncState(db: KaoheDb, assessmentId: string): Promise<ReplicationState> {
  const v = (await db.meta.get(stateKey(assessmentId)))?.value as ReplicationState | undefined;
  return v && typeof v === 'object' && v.synced ? v : emptyState();
}

export async function putSyncState(db: KaoheDb, assessmentId: string, state: ReplicationState): Promise<void> {
  await db.meta.put({ key: stateKey(assessmentId), value: state });
}

/** The tables whose writes can make a document pending; `meta` (where replication keeps its state) is not one. */
const WATCHED = ['assessments', 'units', 'assessors', 'entryPacks', 'removals', 'appeals', 'conflicts'];

/** What a committed write touched: the entry packs (`packKey`), 'all' when they cannot be told. */
export interface SyncedWrite {
  packs: Set<string> | 'all';
}

interface RangeNode {
  from?: unknown;
  to?: unknown;
  l?: RangeNode | null;
  r?: RangeNode | null;
}

/** The packs of the assessment a mutated-keys range set names, one key at a time; 'all' for a range. */
function packsOfRange(node: RangeNode | null | undefined, assessmentId: string, into: Set<string>): boolean {
  if (!node) return true;
  const { from, to } = node;
  if (Array.isArray(from) && Array.isArray(to) && from.length === 3 && from.every((x, i) => x === to[i])) {
    if (from[0] === assessmentId) into.add(packKey(String(from[1]), String(from[2])));
  } else if (from !== undefined) return false;
  return packsOfRange(node.l, assessmentId, into) && packsOfRange(node.r, assessmentId, into);
}

/**
 * Calls `onWrite` after each committed write (this tab or another) that may have changed what replicates,
 * with the entry packs of the assessment it wrote, so a round need not read and hash the others.
 */
export function watchSyncedWrites(db: KaoheDb, onWrite: (write: SyncedWrite) => void, assessmentId?: string): () => void {
  const prefixes = WATCHED.map((t) => `idb://${db.name}/${t}/`);
  const packsPart = `idb://${db.name}/entryPacks/`;
  const listener = (parts: Record<string, unknown>) => {
    const keys = Object.keys(parts);
    if (!keys.some((k) => prefixes.some((p) => k.startsWith(p)))) return;
    const packs = new Set<string>();
    const told = assessmentId === undefined || !(packsPart in parts) || packsOfRange(parts[packsPart] as RangeNode, assessmentId, packs);
    onWrite({ packs: told ? packs : 'all' });
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
  return db.transaction('rw', sheetTables(db), async () => {
    const opened = await openBundleAsAssessment(db, { bundle: input.bundle }, options);
    await db.meta.put({ key: settingsKey(opened.id), value: input.settings });
    await db.meta.put({ key: stateKey(opened.id), value: input.state });
    return opened;
  });
}
