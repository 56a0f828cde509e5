/**
 * What the database stores, version by version. The version history is append-only: a released
 * `STORES_Vn` or `upgradeToVn` is never edited, a change is a new version with its own migration and test.
 *
 * Sheets are stored one row per unit / assessor / entry with the owning `assessmentId` beside the
 * entity's own fields, so one machine can hold several assessments (a demo, this year, last year)
 * whose entity ids overlap.
 */
import type { IndexableTypeArrayReadonly } from 'dexie';
import type { Assessment } from '../model/assessment';
import type { Appeal } from '../model/appeal';
import type { Stage } from '../model/stage';
import type { Attachment } from '../model/attachment';
import type { SelfItem } from '../model/selfAssessment';
import type { Conflict } from '../sync/merge';
import type { SelfDocData } from '../sync/couch/selfDoc';
import type { RuleSet } from '../model/ruleSet';
import type { Assessor, EntryRemoval, ScoreEntry, Unit } from '../model/entries';

export type AssessmentGroup = Assessment['groups'][number];

export interface AssessmentRow {
  id: string;
  name: string;
  year: number;
  status: 'open' | 'locked';
  groups: AssessmentGroup[];
  createdAt: string;
  lockedAt?: string;
  /** absent on rows written before version 5: read as 定稿 when locked, else 录入中 */
  stage?: AssessmentStage;
  /**
   * Present on a past year imported from its results spreadsheet: its results are its snapshot
   * (model/pastResults.ts); it has no units, assessors or entries and stays locked.
   */
  pastYear?: { file: string; sheet: string; importedAt: string };
  /**
   * Present on a unit's own copy opened from a self-assessment package (自评模式): it holds that one
   * unit and its self-assessment, and the app shows nothing else.
   */
  self?: SelfOrigin;
}

/** Where a self-assessment copy came from: the office's assessment and the unit it was made for. */
export interface SelfOrigin {
  assessmentId: string;
  unitId: string;
  ruleSetHash: string;
  /** when the office wrote the package */
  packageAt: string;
}

/** Rule sets are shared between assessments and pinned by content hash: the same file is stored once. */
export interface RuleSetRow {
  hash: string;
  id: string;
  ruleSet: RuleSet;
}

export type UnitRow = Unit & { assessmentId: string };
export type AssessorRow = Assessor & { assessmentId: string };
export type EntryRow = ScoreEntry & { assessmentId: string };

export type AuditAction =
  | 'assessment.create'
  | 'assessment.load'
  | 'assessment.lock'
  | 'assessment.unlock'
  | 'assessment.edit'
  | 'assessment.delete'
  | 'assessment.pastYear'
  | 'ruleSet.set'
  | 'unit.upsert'
  | 'unit.delete'
  | 'assessor.upsert'
  | 'entry.save'
  | 'entry.delete'
  | 'import'
  | 'import.add'
  | 'import.update'
  | 'import.delete'
  | 'conflict.resolve'
  | 'assessment.stage'
  | 'appeal.record'
  | 'appeal.decide'
  | 'appeal.import'
  | 'attachment.add'
  | 'attachment.remove'
  | 'attachment.removalRefused'
  | 'selfAssessment.save'
  | 'selfAssessment.import';

export interface AuditRow {
  /** auto-increment: the order things happened in, even within one millisecond */
  seq?: number;
  assessmentId: string;
  /** ISO 8601, so that ranges compare as strings */
  at: string;
  who: string;
  action: AuditAction;
  entryId?: string;
  unitId?: string;
  node?: string;
  before: unknown;
  after: unknown;
  why?: string;
  /** set on a record made on another machine and received from the sync server: the login that sent it */
  from?: string;
}

/** The results an assessment was locked with, and the hash of the inputs that produced them. */
export interface SnapshotRow {
  id?: number;
  assessmentId: string;
  at: string;
  who: string;
  inputsHash: string;
  results: unknown;
}

export interface MetaRow {
  key: string;
  value: unknown;
}

/** A merge conflict waiting for (or remembering) the coordinator's choice. */
export interface ConflictRow extends Conflict {
  assessmentId: string;
  detectedAt: string;
  status: 'pending' | 'keptLocal' | 'tookIncoming';
  resolvedAt?: string;
  resolvedBy?: string;
}

/**
 * A CouchDB conflict of a unit's self-assessment (the unit wrote it on two machines while apart): every
 * version the server holds, for the coordinator to choose one. The choice is stored as the unit's returned
 * result and, as `decided`, written to the server on top of the versions it was chosen from (closing the
 * others) — until the server is seen to have moved past them (`closed`).
 */
export interface SelfConflictRow {
  assessmentId: string;
  /** the unit + hash of the versions' contents: the same disagreement always has the same id */
  id: string;
  unitId: string;
  unitName: string;
  /** the server's winning version first */
  versions: SelfVersion[];
  detectedAt: string;
  status: 'pending' | 'decided';
  /** index into `versions` */
  chosen?: number;
  /** the document that closes the conflict on the server */
  decided?: SelfVersion;
  /** the server holds a version written after the decision: nothing of it is to be sent any more */
  closed?: boolean;
  resolvedAt?: string;
  resolvedBy?: string;
}

/** One version of a self-assessment document as the server holds it. */
export type SelfVersion = SelfDocData & { files?: Attachment[] };

/** Version 1: sheets and an audit log; no locking, no revisions, no merge. */
export const STORES_V1 = {
  assessments: 'id, year',
  ruleSets: 'hash, id',
  units: '[assessmentId+id], assessmentId, group',
  assessors: '[assessmentId+id], assessmentId',
  entries: '[assessmentId+id], assessmentId, unitId',
  audit: '++seq, assessmentId',
} as const;

/**
 * Version 2: locking (assessment `status`, `snapshots`), merging assessors' bundles (entry `rev`,
 * `conflicts`) and per-machine settings (`meta`). The entries' lone `unitId` index was shared by all
 * assessments, so reading one unit's sheet walked every assessment's rows; it becomes
 * `[assessmentId+unitId]`, and exporting one assessor's sheet gets `[assessmentId+assessorId]`.
 */
export const STORES_V2 = {
  assessments: 'id, year, status',
  entries: '[assessmentId+id], assessmentId, [assessmentId+unitId], [assessmentId+assessorId]',
  snapshots: '++id, assessmentId',
  meta: 'key',
  conflicts: '[assessmentId+id], assessmentId',
} as const;

/** A version 1 entry row: like today's, but written before entries carried revisions. */
export type EntryRowV1 = Omit<EntryRow, 'rev'> & { rev?: number };
/** A version 1 assessment row: assessments could not be locked yet. */
export type AssessmentRowV1 = Omit<AssessmentRow, 'status' | 'lockedAt'> & { status?: AssessmentRow['status'] };

/**
 * v1 entries had no `rev`. Merging compares revisions, so every entry gets one: 1, the value a
 * bundle entry without `rev` gets too, so a v1 row and the same entry re-imported from a file agree.
 * Returns a new object: migrations never mutate what they read.
 */
export function upgradeEntryToV2(row: EntryRowV1): EntryRow {
  return { ...row, rev: row.rev ?? 1 };
}

/** v1 had no locking: every existing assessment is open. */
export function upgradeAssessmentToV2(row: AssessmentRowV1): AssessmentRow {
  return { ...row, status: row.status ?? 'open' };
}

/**
 * A pack: the score entries of one unit by one assessor (at most a leaf count's worth, ~150 at nation
 * scale), stored as one row. IndexedDB's cost is per row, so 135,000 entries as 900 packs open in a
 * fraction of a second instead of twenty. `entries` are sorted by id.
 *
 * An entry belongs to one cell (unit × node × assessor × object) for good, so its pack follows from its
 * unit and assessor: there is no index of entry ids (v3 had one, `*ids`, and it cost more than half the
 * time of storing a large bundle).
 */
export interface EntryPackRow {
  assessmentId: string;
  unitId: string;
  assessorId: string;
  entries: ScoreEntry[];
}

/** A pack as version 3 stored it, with the ids of its entries for the multi-entry index. */
export interface EntryPackRowV3 extends EntryPackRow {
  ids: string[];
}

/**
 * Version 3: entries are stored packed, one row per (assessment, unit, assessor); the one-row-per-entry
 * `entries` table goes once its rows are moved (see packEntriesToV3). A unit's packs are a range of
 * the primary key, one assessor's sheets the `[assessmentId+assessorId]` index.
 */
export const STORES_V3 = {
  entries: null,
  entryPacks: '[assessmentId+unitId+assessorId], assessmentId, [assessmentId+assessorId], *ids',
} as const;

/**
 * Version 4: packs without the index of entry ids (and without the `ids` field behind it), and the
 * removals: entries deleted, kept so that deletions travel in bundles.
 */
export const STORES_V4 = {
  entryPacks: '[assessmentId+unitId+assessorId], assessmentId, [assessmentId+assessorId]',
  removals: '[assessmentId+id], assessmentId',
} as const;

export interface RemovalRow extends EntryRemoval {
  assessmentId: string;
}

/** Packs v2 entry rows (of any assessments); returns new objects: migrations never mutate what they read. */
export function packEntriesToV3(rows: readonly EntryRow[]): EntryPackRowV3[] {
  const packs = new Map<string, EntryPackRowV3>();
  for (const row of rows) {
    const { assessmentId, ...entry } = row;
    const key = JSON.stringify([assessmentId, entry.unitId, entry.assessorId]);
    let pack = packs.get(key);
    if (!pack) packs.set(key, (pack = { assessmentId, unitId: entry.unitId, assessorId: entry.assessorId, ids: [], entries: [] }));
    pack.entries.push(structuredClone(entry));
  }
  for (const pack of packs.values()) {
    pack.entries.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    pack.ids = pack.entries.map((e) => e.id);
  }
  return [...packs.values()];
}

/** The year's stages: 录入中 → 初步结果（征求意见）→ 定稿 → 已通报 (see model/stage.ts). */
export type AssessmentStage = Stage;

/** A unit's appeal (申诉) against findings or cells during 征求意见, and the office's decision. */
export type AppealRow = Appeal & { assessmentId: string };

/** Where a rule-set draft started, shown beside it so the coordinator knows what it was copied from. */
export interface RuleDraftOrigin {
  kind: 'shipped' | 'stored' | 'inUse' | 'blank' | 'table';
  /** a file name, a rule set's name and version, or a table's file name */
  label: string;
  /** the content hash of the rule set it was copied from, when it was a stored one */
  hash?: string;
}

/**
 * A rule set being written in the editor: saved as it is typed, applied only once valid. `ruleSet`
 * has the shape of a rule set but its values may not pass validation yet (a key being typed, a
 * group without children): it goes through the rule-file door before it is applied. The undo
 * history is kept with it, so undo works across a reload.
 */
export interface RuleDraftRow {
  id: string;
  assessmentId: string;
  origin: RuleDraftOrigin;
  ruleSet: RuleSet;
  past: RuleSet[];
  future: RuleSet[];
  createdAt: string;
  updatedAt: string;
}

/** The bytes of an attached file, stored once per content hash however many findings use it. */
export interface FileRow {
  /** "sha256:" + hex of the bytes */
  hash: string;
  /** MIME type as first stored (the same bytes give the same type) */
  type: string;
  size: number;
  bytes: Blob;
  /** a small JPEG preview of an image, made when it was attached here; absent for PDFs and imported files */
  thumb?: Blob;
  storedAt: string;
}

/** One use of a stored file by a finding, appeal or veto entry of an assessment. */
export interface AttachmentRow extends Attachment {
  assessmentId: string;
  /** the unit the owner belongs to, so a unit's evidence is found without reading its entries */
  unitId?: string;
  addedAt: string;
  addedBy: string;
}

/**
 * A unit's self-assessment (自评): on the unit's own copy the draft it is filling in; on the office's
 * assessment the result it sent back. Material is stored as attachments whose owner is
 * `selfOwnerId(unitId, node)` (store/selfAssessments.ts).
 */
export interface SelfAssessmentRow {
  assessmentId: string;
  unitId: string;
  kind: 'draft' | 'imported';
  /** the rule set the indicators belong to */
  ruleSetHash: string;
  /** one per indicator filled in, in the rule set's order */
  items: SelfItem[];
  updatedAt: string;
  updatedBy: string;
  /** imported: the file it came in and when the unit wrote it */
  fileName?: string;
  exportedAt?: string;
  exportedBy?: string;
}

/**
 * Version 5: the stage of the year on the assessment row (no index), appeals, rule-set drafts, and
 * evidence: files stored once by content hash, their uses by findings, and units' self-assessments.
 */
export const STORES_V5 = {
  appeals: '[assessmentId+id], assessmentId, [assessmentId+unitId]',
  ruleDrafts: 'id, assessmentId',
  files: 'hash',
  attachments: '[assessmentId+id], assessmentId, [assessmentId+ownerId], hash',
  selfAssessments: '[assessmentId+unitId], assessmentId',
} as const;

/**
 * How many write transactions have changed the scoring inputs (the tables `dataTables` reads: the
 * assessment rows, rule sets, units, assessors, packs of entries, self-assessments), of every
 * assessment: one row, moved by the store's middleware in the same transaction as the write
 * (inputChanges.ts), so no write path can forget it.
 */
export interface InputChangesRow {
  /**
   * 'inputs'; or `packs:<assessmentId>`, the write transactions that changed that assessment's packs
   * of entries; or 'packs:*', those that changed packs of assessments they could not name (a range, a
   * clear). Never deleted: a count that started again could meet a reader's old value.
   */
  key: string;
  count: number;
}

/**
 * An assessment's results as last scored in one read of its inputs, with the change count read in that
 * same read: they are the results of what is stored now exactly while the count is the same. Only what
 * the ranking page draws is kept of each unit (resultSnapshot.ts in src/app): no trail, first-level nodes.
 */
export interface ResultSnapshotRow {
  assessmentId: string;
  /** InputChangesRow.count when the inputs were read */
  changes: number;
  /** the setup's signature (app/firstResults.ts frameSignature) */
  frame: string;
  /** each group's result in group order, trimmed to what the ranking draws */
  groups: unknown[];
  at: string;
}

/**
 * Version 6: the change count of the scoring inputs and the stored results snapshots it proves, so a
 * large assessment's ranking shows at once on opening. Nothing is moved: a version 5 database gets a
 * count of 0 and no snapshot.
 */
export const STORES_V6 = {
  inputChanges: 'key',
  resultSnapshots: 'assessmentId',
} as const;

/**
 * Version 7: packs of entries lie in IndexedDB in columns (packCodec.ts; the upgrade rewrites every pack),
 * and the audit log has an index by assessment and time, so records pulled by sync are matched with
 * those here of the same time only, not with the whole log.
 */
export const STORES_V7 = {
  audit: '++seq, assessmentId, [assessmentId+at]',
} as const;

/** Version 8: conflicts of units' self-assessments replicated through a server (SelfConflictRow). */
export const STORES_V8 = {
  selfConflicts: '[assessmentId+id], assessmentId',
} as const;

/**
 * Version 9: a pack's findings may lie in columns (store/findingColumns.ts), and packs lose their index by
 * assessment alone: an assessment's packs are a range of the primary key (then packs.ts assessmentPackRange),
 * and the index cost every pack written a record more (at a nation's 9,000 packs about 0.4 s of the
 * browser's time when a file is opened).
 */
export const STORES_V9 = {
  entryPacks: '[assessmentId+unitId+assessorId], [assessmentId+assessorId]',
} as const;

/**
 * A unit's packs, one per assessor (sorted by assessor), in one row (since version 10). Chromium's
 * IndexedDB pays per row: a nation's 9,000 packs as 3,000 rows took about half the time to store.
 */
export interface UnitPacksRow {
  assessmentId: string;
  unitId: string;
  packs: EntryPackRow[];
}

/**
 * Version 10: the packs of a unit lie in one row (UnitPacksRow), keyed by [assessmentId, unitId] given
 * beside the row (an outbound key, unitPackKey): with a key path, Chromium clones every row written
 * once more to find its key. The `entryPacks` table goes once its rows are moved. There is no index by
 * assessor: one assessor's packs are read from the assessment's rows (only exporting one assessor's
 * sheets asks for them).
 */
export const STORES_V10 = {
  entryPacks: null,
  unitPacks: '',
} as const;

/** A unit row's key. */
export const unitPackKey = (row: Pick<UnitPacksRow, 'assessmentId' | 'unitId'>): [string, string] => [row.assessmentId, row.unitId];

/** The keys of unit rows, as Dexie's bulk writes take them (its typing has no list of compound keys). */
export const unitPackKeys = (rows: readonly Pick<UnitPacksRow, 'assessmentId' | 'unitId'>[]) => rows.map(unitPackKey) as unknown as IndexableTypeArrayReadonly;

/** Packs in their row's order: by assessor. */
export const byAssessor = (a: { assessorId: string }, b: { assessorId: string }) => (a.assessorId < b.assessorId ? -1 : a.assessorId > b.assessorId ? 1 : 0);

/**
 * The packs of a new assessment (or packs not stored yet) as unit rows, each unit's packs sorted by
 * assessor. Packs of one unit that follow each other (as every file this program writes lists them)
 * join without a lookup. Two packs of one cell are refused: packsOf never makes them.
 */
export function unitRowsOf(packs: readonly EntryPackRow[]): UnitPacksRow[] {
  const rows = new Map<string, UnitPacksRow>();
  let row: UnitPacksRow | undefined;
  for (const p of packs) {
    if (row === undefined || row.unitId !== p.unitId || row.assessmentId !== p.assessmentId) {
      const k = JSON.stringify([p.assessmentId, p.unitId]);
      row = rows.get(k);
      if (!row) rows.set(k, (row = { assessmentId: p.assessmentId, unitId: p.unitId, packs: [] }));
    }
    row.packs.push(p);
  }
  for (const r of rows.values()) {
    if (r.packs.length < 2) continue;
    r.packs.sort(byAssessor);
    for (let i = 1; i < r.packs.length; i++) if (r.packs[i - 1]!.assessorId === r.packs[i]!.assessorId) throw new Error(`two packs of unit ${r.unitId}, assessor ${r.packs[i]!.assessorId}`);
  }
  return [...rows.values()];
}

