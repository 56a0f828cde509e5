/**
 * The IndexedDB database. Only src/store touches it; everything else goes through repo.ts.
 */
import Dexie, { type DexieOptions, type Table } from 'dexie';
import {
  STORES_V1,
  STORES_V2,
  STORES_V3,
  STORES_V4,
  STORES_V5,
  STORES_V6,
  STORES_V7,
  STORES_V8,
  STORES_V9,
  STORES_V10,
  packEntriesToV3,
  unitRowsOf,
  unitPackKeys,
  upgradeAssessmentToV2,
  upgradeEntryToV2,
  type AssessmentRow,
  type AssessmentRowV1,
  type AppealRow,
  type AssessorRow,
  type AttachmentRow,
  type FileRow,
  type RuleDraftRow,
  type SelfAssessmentRow,
  type AuditRow,
  type ConflictRow,
  type EntryRow,
  type EntryRowV1,
  type EntryPackRow,
  type EntryPackRowV3,
  type UnitPacksRow,
  type RemovalRow,
  type MetaRow,
  type RuleSetRow,
  type SnapshotRow,
  type UnitRow,
  type InputChangesRow,
  type ResultSnapshotRow,
  type SelfConflictRow,
} from './schema';
import { inputChangesMiddleware } from './inputChanges';
import { packMiddleware } from './packMiddleware';

/** Versions 7 and 10 rewrite a nation's 9,000 packs in batches of about this many. */
const PACKS_PER_REWRITE = 500;

export const DEFAULT_DB_NAME = 'zwgk-kaohe';

type Pair = [string, string];
type Triple = [string, string, string];

export class KaoheDb extends Dexie {
  declare assessments: Table<AssessmentRow, string>;
  declare ruleSets: Table<RuleSetRow, string>;
  declare units: Table<UnitRow, Pair>;
  declare assessors: Table<AssessorRow, Pair>;
  declare unitPacks: Table<UnitPacksRow, Pair>;
  declare audit: Table<AuditRow, number>;
  declare snapshots: Table<SnapshotRow, number>;
  declare meta: Table<MetaRow, string>;
  declare conflicts: Table<ConflictRow, Pair>;
  declare removals: Table<RemovalRow, Pair>;
  declare appeals: Table<AppealRow, Pair>;
  declare ruleDrafts: Table<RuleDraftRow, string>;
  declare files: Table<FileRow, string>;
  declare attachments: Table<AttachmentRow, Pair>;
  declare selfAssessments: Table<SelfAssessmentRow, Pair>;
  declare inputChanges: Table<InputChangesRow, string>;
  declare resultSnapshots: Table<ResultSnapshotRow, string>;
  declare selfConflicts: Table<SelfConflictRow, Pair>;

  /** the IndexedDB factory this database lives in (tests give fake-indexeddb) */
  readonly factory: IDBFactory | undefined;

  constructor(name: string = DEFAULT_DB_NAME, options: DexieOptions = {}) {
    // "strict": a transaction resolves only once its data is flushed to disk, so an edit shown as
    // saved survives the browser being killed right after.
    super(name, { chromeTransactionDurability: 'strict', ...options });
    this.factory = (options.indexedDB as IDBFactory | undefined) ?? globalThis.indexedDB;
    this.version(1).stores(STORES_V1);
    this.version(2)
      .stores(STORES_V2)
      .upgrade(async (tx) => {
        await tx
          .table<EntryRowV1, Pair>('entries')
          .toCollection()
          .modify((row, ref) => {
            ref.value = upgradeEntryToV2(row);
          });
        await tx
          .table<AssessmentRowV1, string>('assessments')
          .toCollection()
          .modify((row, ref) => {
            ref.value = upgradeAssessmentToV2(row);
          });
      });
    this.version(3)
      .stores(STORES_V3)
      .upgrade(async (tx) => {
        const rows = await tx.table<EntryRow, Pair>('entries').toArray();
        await tx.table<EntryPackRowV3, Triple>('entryPacks').bulkAdd(packEntriesToV3(rows));
      });
    this.version(4)
      .stores(STORES_V4)
      .upgrade(async (tx) => {
        await tx
          .table<EntryPackRowV3, Triple>('entryPacks')
          .toCollection()
          .modify((row: Partial<EntryPackRowV3>) => {
            delete row.ids;
          });
      });
    this.version(5).stores(STORES_V5);
    this.version(6).stores(STORES_V6);
    this.version(7)
      .stores(STORES_V7)
      .upgrade(async (tx) => {
        // every pack written again, so it is stored in columns (packMiddleware.ts), a few hundred at a time
        const packs = tx.table<EntryPackRow, Triple>('entryPacks');
        const keys = await packs.toCollection().primaryKeys();
        for (let i = 0; i < keys.length; i += PACKS_PER_REWRITE) {
          const rows = await packs.bulkGet(keys.slice(i, i + PACKS_PER_REWRITE));
          await packs.bulkPut(rows.filter((r): r is EntryPackRow => r !== undefined));
        }
      });
    this.version(8).stores(STORES_V8);
    // packs written from now on may keep their findings in columns, which a release before this one
    // would not read: it is told the database is newer (versionGuard.ts)
    this.version(9).stores(STORES_V9);
    // a unit's packs in one row: the packs are moved unit by unit, a few hundred packs at a time, before
    // Dexie drops the old table (a unit's packs are next to each other in its key order)
    this.version(10)
      .stores(STORES_V10)
      .upgrade(async (tx) => {
        const packs = tx.table<EntryPackRow, Triple>('entryPacks');
        const keys = await packs.toCollection().primaryKeys();
        for (let i = 0; i < keys.length; ) {
          let end = Math.min(keys.length, i + PACKS_PER_REWRITE);
          while (end < keys.length && keys[end]![0] === keys[end - 1]![0] && keys[end]![1] === keys[end - 1]![1]) end++;
          const rows = await packs.bulkGet(keys.slice(i, end));
          const units = unitRowsOf(rows.filter((r): r is EntryPackRow => r !== undefined));
          await tx.table<UnitPacksRow, Pair>('unitPacks').bulkAdd(units, unitPackKeys(units));
          i = end;
        }
      });
    // packs written from now on keep their findings' whole numbers as strings (findingColumns.ts), which a
    // release before this one would misread: it is told the database is newer (versionGuard.ts)
    this.version(11).stores({});
    // packs of entries lie in IndexedDB in columns; everything above sees entries
    this.use(packMiddleware);
    // every write to the scoring inputs moves their change count in its own transaction
    this.use(inputChangesMiddleware);
  }
}

/** The app's database (one per browser profile). */
export function openDb(name: string = DEFAULT_DB_NAME, options?: DexieOptions): KaoheDb {
  return new KaoheDb(name, options);
}
