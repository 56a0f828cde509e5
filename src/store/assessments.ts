/**
 * Assessments as a whole: create one, open a bundle as one, the demo, delete, list, and read one
 * back as the engine's input.
 */
import type { Bundle } from '../model/assessment';
import { contentHash } from '../sync/contentHash';
import { isCheckedBundle } from '../model/checkedBundle';
import type { RuleSet } from '../model/ruleSet';
import type { Assessor, ScoreEntry, Unit } from '../model/entries';
import { auditRow, nowIso } from './audit';
import { attachmentRemovalsKey, refusedRemovalsKey } from './attachmentRemovals';
import type { KaoheDb } from './database';
import { AssessmentExistsError, CorruptDataError, IntegrityError, NotFoundError } from './errors';
import { requireAssessment } from './guard';
import { newId } from './ids';
import { storeRemovals } from './removals';
import { stageOf } from '../model/stage';
import { requireGroup } from './integrity';
import { deleteSyncRows } from './syncState';
import { META_CURRENT_ASSESSMENT } from './meta';
import { addPacks, assessmentPacks, assessmentUnitRange, assessorPacks, packsOf, type PacksStored } from './packs';
import { countingSelfScores } from './selfScores';
import { versionFiles } from './selfConflicts';
import { fileInUse } from './attachments';
import { assessorsFromRows, entriesFromPacks, ruleSetsFromRows, unitsFromRows } from './rows';
import type { AssessmentGroup, AssessmentRow } from './schema';

export const SYSTEM = '系统';

export function sheetTables(db: KaoheDb) {
  return [
    ...[db.assessments, db.ruleSets, db.units, db.assessors, db.unitPacks, db.removals, db.appeals, db.audit, db.snapshots, db.conflicts, db.meta],
    ...[db.ruleDrafts, db.attachments, db.files, db.selfAssessments, db.resultSnapshots, db.selfConflicts],
  ];
}

/** An assessment without its score entries: what changes only when its setup does. */
export interface AssessmentFrame {
  assessment: AssessmentRow;
  /** the rule sets of the groups, in group order, each once */
  ruleSets: RuleSet[];
  /** each group with its rule set */
  groupRuleSets: { group: AssessmentGroup; ruleSet: RuleSet }[];
  units: Unit[];
  assessors: Assessor[];
  /**
   * The self scores that count: by unit and leaf, from the self-assessments units sent back, only for
   * units whose group's rule set weights self-assessment (empty when none does, and then not read).
   */
  selfScores: ReadonlyMap<string, ReadonlyMap<string, number>>;
}

export interface AssessmentData extends AssessmentFrame {
  /** sorted by id */
  entries: ScoreEntry[];
}

/** Everything the engine needs for one assessment, read in one consistent transaction. */
export function loadAssessmentData(db: KaoheDb, assessmentId: string): Promise<AssessmentData> {
  return loadData(db, assessmentId);
}

/**
 * The assessment, its rule sets, units and assessors, without the entries: a live read of it runs again
 * only when the setup changes, not on every score (entries are followed pack by pack, see watch.ts).
 */
export function loadAssessmentFrame(db: KaoheDb, assessmentId: string): Promise<AssessmentFrame> {
  return db.transaction('r', [db.assessments, db.ruleSets, db.units, db.assessors, db.selfAssessments], () => readFrame(db, assessmentId));
}

async function readFrame(db: KaoheDb, assessmentId: string): Promise<AssessmentFrame> {
  const assessment = await requireAssessment(db, assessmentId);
  const hashes = [...new Set(assessment.groups.map((g) => g.ruleSetHash))];
  const rows = await db.ruleSets.bulkGet(hashes);
  const missing = hashes.filter((_, i) => !rows[i]);
  if (missing.length > 0) throw new CorruptDataError(missing.map((h) => ({ path: `ruleSets[${h}]`, message: '考核固定的规则集在本机不存在' })));
  const ruleSets = ruleSetsFromRows(rows.filter((r) => r !== undefined));
  const byHash = new Map(hashes.map((h, i) => [h, ruleSets[i]!]));
  const [units, assessors] = await Promise.all([
    db.units.where('assessmentId').equals(assessmentId).toArray(),
    db.assessors.where('assessmentId').equals(assessmentId).toArray(),
  ]);
  const groupRuleSets = assessment.groups.map((group) => ({ group, ruleSet: byHash.get(group.ruleSetHash)! }));
  const unitList = unitsFromRows(units);
  const self = countingSelfScores(db, assessmentId, groupRuleSets, unitList);
  return {
    assessment,
    ruleSets,
    groupRuleSets,
    units: unitList,
    assessors: assessorsFromRows(assessors),
    selfScores: self instanceof Map ? self : await self,
  };
}

/** What loadData (and so loadAssessmentData) reads: a caller wrapping it in its own transaction includes all of these. */
export const dataTables = (db: KaoheDb) => [db.assessments, db.ruleSets, db.units, db.assessors, db.unitPacks, db.selfAssessments];

export async function loadData(db: KaoheDb, assessmentId: string, onlyAssessorId?: string): Promise<AssessmentData> {
  return db.transaction('r', dataTables(db), async () => {
    const frame = await readFrame(db, assessmentId);
    const packs = await (onlyAssessorId === undefined ? assessmentPacks(db, assessmentId) : assessorPacks(db, assessmentId, onlyAssessorId));
    return { ...frame, entries: entriesFromPacks(packs) };
  });
}

export async function listAssessments(db: KaoheDb): Promise<AssessmentRow[]> {
  const rows = await db.assessments.toArray();
  return rows.sort(
    (a, b) => b.year - a.year || (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0) || (a.id < b.id ? -1 : 1),
  );
}

/** Writes the entries of assessment `id` and tells how many there were (inside insertBundle's transaction). */
export type EntryWriter = (id: string) => PromiseLike<number>;

/** A bundle's own entries, written from its list. */
const entriesOf =
  (db: KaoheDb, bundle: Bundle, stored?: PacksStored): EntryWriter =>
  (id) =>
    addPacks(db, packsOf(id, bundle.entries), stored).then(() => bundle.entries.length);

/**
 * Stores a bundle's rule sets and sheets as assessment `id`, the entries through `writeEntries`; runs
 * inside the caller's transaction.
 */
export async function insertBundle(db: KaoheDb, bundle: Bundle, id: string, name: string, who: string, writeEntries: EntryWriter): Promise<void> {
  const existing = await db.assessments.get(id);
  if (existing) throw new AssessmentExistsError(id, existing.name);
  const byHash = new Map(bundle.ruleSets.map((rs) => [contentHash(rs), rs]));
  for (const g of bundle.assessment.groups)
    if (!byHash.has(g.ruleSetHash))
      throw new IntegrityError(`分组“${g.name}”（${g.key}）固定的规则集 ${g.ruleSetHash} 不在文件中，未导入任何数据。`);
  const status = id === bundle.assessment.id ? bundle.assessment.status : 'open';
  const row: AssessmentRow = {
    id,
    name,
    year: bundle.assessment.year,
    status,
    groups: bundle.assessment.groups,
    createdAt: nowIso(),
    ...(status === 'locked' && { lockedAt: bundle.exportedAt }),
    // a copy opens unlocked: it keeps 征求意见 but not 定稿 / 已通报
    ...(bundle.assessment.stage !== undefined && { stage: stageOf({ status, stage: bundle.assessment.stage }) }),
  };
  for (const u of bundle.units) requireGroup(row, u);
  const units = new Set(bundle.units.map((u) => u.id));
  const assessors = new Set(bundle.assessors.map((a) => a.id));
  const seen = new Set<string>();
  // the bundle door checked these very entries (ids unique, units and assessors in the file)
  if (!isCheckedBundle(bundle))
    for (const e of bundle.entries) {
      if (seen.has(e.id)) throw new IntegrityError(`文件中评分记录 id“${e.id}”重复，未导入任何数据。`);
      seen.add(e.id);
      if (!units.has(e.unitId)) throw new IntegrityError(`评分记录 ${e.id} 引用的单位“${e.unitId}”不在文件中，未导入任何数据。`);
      if (!assessors.has(e.assessorId))
        throw new IntegrityError(`评分记录 ${e.id} 引用的考核人员“${e.assessorId}”不在文件中，未导入任何数据。`);
    }
  await db.ruleSets.bulkPut([...byHash].map(([hash, ruleSet]) => ({ hash, id: ruleSet.id, ruleSet })));
  await db.assessments.add(row);
  // not awaited before the entries: a nation's 3,000 unit rows are 3,000 requests, which the database
  // works through while the first packs of a file being read are made (awaited, 0.5 s in which no pack was)
  const [, , entries] = await Promise.all([
    db.units.bulkAdd(bundle.units.map((u) => ({ ...u, assessmentId: id }))),
    db.assessors.bulkAdd(bundle.assessors.map((a) => ({ ...a, assessmentId: id }))),
    writeEntries(id),
  ]);
  await storeRemovals(db, id, bundle.removals ?? []);
  const appeals = bundle.appeals ?? [];
  for (const a of appeals)
    if (!units.has(a.unitId)) throw new IntegrityError(`申诉 ${a.id} 引用的单位“${a.unitId}”不在文件中，未导入任何数据。`);
  if (appeals.length > 0) await db.appeals.bulkAdd(appeals.map((a) => ({ ...a, assessmentId: id })));
  await db.audit.add(
    auditRow({
      assessmentId: id,
      who,
      action: 'assessment.load',
      after: {
        from: bundle.assessment.id,
        exportedAt: bundle.exportedAt,
        units: bundle.units.length,
        assessors: bundle.assessors.length,
        entries,
        ...(appeals.length > 0 && { appeals: appeals.length }),
      },
    }),
  );
}

export interface LoadBundleOptions {
  /** open under a new id (and "（副本）" name) instead of the bundle's own */
  asCopy?: boolean;
  who?: string;
  /** hears how many of the bundle's entries are stored, as storing goes */
  stored?: PacksStored;
}

/**
 * Opens a bundle as an assessment of this machine. It keeps the bundle's assessment id, so sheets
 * exported from it can later be merged back into the coordinator's copy; opening an assessment that
 * is already here is refused (use importBundle to merge, or `asCopy`).
 */
export async function loadBundleAsNewAssessment(db: KaoheDb, bundle: Bundle, options: LoadBundleOptions = {}): Promise<string> {
  const id = options.asCopy ? newId('a-') : bundle.assessment.id;
  const name = options.asCopy ? `${bundle.assessment.name}（副本）` : bundle.assessment.name;
  await db.transaction('rw', sheetTables(db), () => insertBundle(db, bundle, id, name, options.who ?? SYSTEM, entriesOf(db, bundle, options.stored)));
  return id;
}

/**
 * Deletes every row of the assessment, its sync settings and replication state, and the attached files
 * no other assessment uses; it stays the open one only with `keepCurrent` (a reset puts it back at once,
 * as shipped: not synced). Runs inside a transaction over sheetTables.
 */
export async function deleteRows(db: KaoheDb, assessmentId: string, keepCurrent = false): Promise<void> {
  const hashes = new Set((await db.attachments.where('assessmentId').equals(assessmentId).toArray()).map((a) => a.hash));
  for (const c of await db.selfConflicts.where('assessmentId').equals(assessmentId).toArray()) for (const f of versionFiles(c)) hashes.add(f.hash);
  await Promise.all([
    db.ruleDrafts.where('assessmentId').equals(assessmentId).delete(),
    db.attachments.where('assessmentId').equals(assessmentId).delete(),
    db.selfAssessments.where('assessmentId').equals(assessmentId).delete(),
    db.assessments.delete(assessmentId),
    db.units.where('assessmentId').equals(assessmentId).delete(),
    db.assessors.where('assessmentId').equals(assessmentId).delete(),
    // by their keys, not as a range: a live reader is told which packs went (watch.ts)
    assessmentUnitRange(db, assessmentId).primaryKeys().then((keys) => db.unitPacks.bulkDelete(keys)),
    db.removals.where('assessmentId').equals(assessmentId).delete(),
    db.appeals.where('assessmentId').equals(assessmentId).delete(),
    db.audit.where('assessmentId').equals(assessmentId).delete(),
    db.snapshots.where('assessmentId').equals(assessmentId).delete(),
    db.conflicts.where('assessmentId').equals(assessmentId).delete(),
    db.selfConflicts.where('assessmentId').equals(assessmentId).delete(),
    db.resultSnapshots.delete(assessmentId),
    db.meta.delete(attachmentRemovalsKey(assessmentId)),
    db.meta.delete(refusedRemovalsKey(assessmentId)),
    deleteSyncRows(db, assessmentId),
  ]);
  for (const hash of hashes) if (!(await fileInUse(db, hash))) await db.files.delete(hash);
  if (keepCurrent) return;
  const current = await db.meta.get(META_CURRENT_ASSESSMENT);
  if (current?.value === assessmentId) await db.meta.delete(META_CURRENT_ASSESSMENT);
}

/** Deletes the assessment with its sheets, audit log and snapshots. Rule sets stay (they are shared). */
export async function deleteAssessment(db: KaoheDb, assessmentId: string): Promise<void> {
  await db.transaction('rw', sheetTables(db), async () => {
    await requireAssessment(db, assessmentId);
    await deleteRows(db, assessmentId);
  });
}

const demoLoads = new WeakMap<KaoheDb, Promise<string | null>>();

/**
 * On first start (no assessment on this machine) loads the demo and makes it current; returns its id,
 * or null when there already were assessments. Concurrent calls share one load.
 */
export function ensureDemo(db: KaoheDb, fetchDemo: () => Promise<Bundle>): Promise<string | null> {
  const running = demoLoads.get(db);
  if (running) return running;
  const load = (async () => {
    if ((await db.assessments.count()) > 0) return null;
    const bundle = await fetchDemo();
    // fetching cannot happen inside an IndexedDB transaction; check again once inside it
    return db.transaction('rw', sheetTables(db), async () => {
      if ((await db.assessments.count()) > 0) return null;
      await insertBundle(db, bundle, bundle.assessment.id, bundle.assessment.name, SYSTEM, entriesOf(db, bundle));
      await db.meta.put({ key: META_CURRENT_ASSESSMENT, value: bundle.assessment.id });
      return bundle.assessment.id;
    });
  })().finally(() => demoLoads.delete(db));
  demoLoads.set(db, load);
  return load;
}

/** Puts the demo back as shipped: its assessment is deleted (if present) and loaded again, in one go. */
export async function resetDemo(db: KaoheDb, bundle: Bundle): Promise<string> {
  const id = bundle.assessment.id;
  await db.transaction('rw', sheetTables(db), async () => {
    await deleteRows(db, id, true);
    await insertBundle(db, bundle, id, bundle.assessment.name, SYSTEM, entriesOf(db, bundle));
  });
  return id;
}

export interface NewAssessment {
  name: string;
  year: number;
  ruleSets: RuleSet[];
  /** defaults to one group per rule set, named after the rule set's group */
  groups?: { key: string; name: string; ruleSetId: string }[];
}

export async function createEmptyAssessment(db: KaoheDb, spec: NewAssessment, who: string = SYSTEM): Promise<string> {
  const groupSpecs = spec.groups ?? spec.ruleSets.map((rs) => ({ key: rs.group.key, name: rs.group.name, ruleSetId: rs.id }));
  if (groupSpecs.length === 0) throw new IntegrityError('考核至少需要一个分组及其规则集。');
  const groups: AssessmentGroup[] = groupSpecs.map((g) => {
    const candidates = spec.ruleSets.filter((rs) => rs.id === g.ruleSetId);
    if (candidates.length !== 1)
      throw new IntegrityError(
        candidates.length === 0
          ? `分组“${g.name}”使用的规则集“${g.ruleSetId}”未提供。`
          : `规则集“${g.ruleSetId}”提供了 ${candidates.length} 个版本，请只保留分组“${g.name}”要用的一个。`,
      );
    const rs = candidates[0]!;
    if (rs.group.key !== g.key)
      throw new IntegrityError(`规则集“${rs.name}”适用于分组“${rs.group.name}”（${rs.group.key}），不能用于分组“${g.name}”（${g.key}）。`);
    return { key: g.key, name: g.name, ruleSetId: rs.id, ruleSetHash: contentHash(rs) };
  });
  const keys = groups.map((g) => g.key);
  const dup = keys.find((k, i) => keys.indexOf(k) !== i);
  if (dup !== undefined) throw new IntegrityError(`分组“${dup}”重复。`);
  const id = newId('a-');
  const row: AssessmentRow = { id, name: spec.name, year: spec.year, status: 'open', groups, createdAt: nowIso() };
  await db.transaction('rw', [db.assessments, db.ruleSets, db.audit], async () => {
    await db.ruleSets.bulkPut(spec.ruleSets.map((rs) => ({ hash: contentHash(rs), id: rs.id, ruleSet: rs })));
    await db.assessments.add(row);
    await db.audit.add(auditRow({ assessmentId: id, who, action: 'assessment.create', after: { name: row.name, year: row.year, groups } }));
  });
  return id;
}

export async function getAssessment(db: KaoheDb, assessmentId: string): Promise<AssessmentRow> {
  const a = await db.assessments.get(assessmentId);
  if (!a) throw new NotFoundError(`考核 ${assessmentId}`);
  return a;
}
