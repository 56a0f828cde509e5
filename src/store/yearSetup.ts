/**
 * The assessment as a year: its name and year corrected, the next year started from it (units,
 * assessors and rule sets copied, no entries), a whole assessment deleted, and a past year's results
 * imported from its spreadsheet. Each is one transaction with its audit row.
 */
import { contentHash } from '../sync/contentHash';
import { pastResults as pastResultsSchema, type PastResults } from '../model/pastResults';
import { zodIssuesAt } from '../model/issues';
import { auditRow, nowIso } from './audit';
import type { KaoheDb } from './database';
import { CorruptDataError, IntegrityError, InvalidDataError } from './errors';
import { requireAssessment } from './guard';
import { newId } from './ids';
import { assessmentPacks } from './packs';
import { deleteRows, sheetTables } from './assessments';
import type { AssessmentGroup, AssessmentRow } from './schema';

function checkNameYear(name: string, year: number): void {
  if (name.trim() === '') throw new IntegrityError('考核名称不能为空。');
  if (!Number.isInteger(year) || year < 2000 || year > 2100) throw new IntegrityError(`年度“${year}”应为 2000–2100 之间的整数。`);
}

/**
 * Corrects the name and year. Allowed on a locked assessment too: neither enters a score (the inputs
 * hash of the lock covers groups, units, assessors and entries only).
 */
export async function editAssessment(db: KaoheDb, assessmentId: string, change: { name: string; year: number }, who: string): Promise<void> {
  const name = change.name.trim();
  checkNameYear(name, change.year);
  await db.transaction('rw', [db.assessments, db.audit], async () => {
    const a = await requireAssessment(db, assessmentId);
    if (a.name === name && a.year === change.year) return;
    await db.assessments.put({ ...a, name, year: change.year });
    await db.audit.add(
      auditRow({ assessmentId, who, action: 'assessment.edit', before: { name: a.name, year: a.year }, after: { name, year: change.year } }),
    );
  });
}

export interface CopySpec {
  name: string;
  year: number;
}

/**
 * A new open assessment with `from`'s groups (the same pinned rule sets), units and assessors (same
 * ids, so year-over-year finds each unit by its id) and nothing entered. Returns the new id.
 */
export async function copyAssessmentToYear(db: KaoheDb, fromId: string, spec: CopySpec, who: string): Promise<string> {
  const name = spec.name.trim();
  checkNameYear(name, spec.year);
  const id = newId('a-');
  await db.transaction('rw', [db.assessments, db.units, db.assessors, db.audit], async () => {
    const from = await requireAssessment(db, fromId);
    if (from.pastYear) throw new IntegrityError(`“${from.name}”是导入的往年成绩，没有单位和规则集可复制。`);
    const [units, assessors] = await Promise.all([
      db.units.where('assessmentId').equals(fromId).toArray(),
      db.assessors.where('assessmentId').equals(fromId).toArray(),
    ]);
    const row: AssessmentRow = { id, name, year: spec.year, status: 'open', groups: from.groups, createdAt: nowIso() };
    await db.assessments.add(row);
    await db.units.bulkAdd(units.map((u) => ({ ...u, assessmentId: id })));
    await db.assessors.bulkAdd(assessors.map((a) => ({ ...a, assessmentId: id })));
    await db.audit.add(
      auditRow({
        assessmentId: id,
        who,
        action: 'assessment.create',
        after: { name, year: spec.year, groups: from.groups, copiedFrom: { id: from.id, name: from.name, year: from.year }, units: units.length, assessors: assessors.length },
      }),
    );
  });
  return id;
}

/** What deleting an assessment would remove, for the confirmation. */
export async function assessmentSize(db: KaoheDb, assessmentId: string): Promise<{ units: number; assessors: number; entries: number }> {
  return db.transaction('r', [db.assessments, db.units, db.assessors, db.unitPacks], async () => {
    await requireAssessment(db, assessmentId);
    const [units, assessors, packs] = await Promise.all([
      db.units.where('assessmentId').equals(assessmentId).count(),
      db.assessors.where('assessmentId').equals(assessmentId).count(),
      assessmentPacks(db, assessmentId),
    ]);
    return { units, assessors, entries: packs.reduce((n, p) => n + p.entries.length, 0) };
  });
}

/**
 * Deletes the assessment with all its rows (rule sets stay: they are shared) and leaves one audit row
 * under its id saying who deleted what and when: the log of a deleted year keeps that one line.
 */
export async function deleteAssessmentAudited(db: KaoheDb, assessmentId: string, who: string): Promise<void> {
  await db.transaction('rw', sheetTables(db), async () => {
    const a = await requireAssessment(db, assessmentId);
    const [units, packs] = await Promise.all([db.units.where('assessmentId').equals(assessmentId).count(), assessmentPacks(db, assessmentId)]);
    await deleteRows(db, assessmentId);
    await db.audit.add(
      auditRow({
        assessmentId,
        who,
        action: 'assessment.delete',
        before: { name: a.name, year: a.year, status: a.status, units, entries: packs.reduce((n, p) => n + p.entries.length, 0) },
      }),
    );
  });
}

export interface PastYearSpec {
  name: string;
  year: number;
  /** the groups of the assessment the table's units were matched to */
  groups: AssessmentGroup[];
  results: PastResults;
  /** the column mapping to remember for the next import (kept in meta under `mappingKey`) */
  mapping?: { key: string; value: unknown };
}

/**
 * Stores a past year's results table as a locked assessment of that year whose snapshot is the
 * table: year-over-year lists it beside the years scored on this machine. Returns its id.
 */
export async function storePastYear(db: KaoheDb, spec: PastYearSpec, who: string): Promise<string> {
  const name = spec.name.trim();
  checkNameYear(name, spec.year);
  const parsed = pastResultsSchema.safeParse(spec.results, { reportInput: true });
  if (!parsed.success) throw new InvalidDataError('往年成绩', zodIssuesAt('results', parsed.error.issues));
  if (spec.groups.length === 0) throw new IntegrityError('往年成绩至少需要一个分组。');
  const id = newId('a-');
  const at = nowIso();
  const results = parsed.data;
  await db.transaction('rw', [db.assessments, db.snapshots, db.audit, db.meta], async () => {
    if (spec.mapping) await db.meta.put({ key: spec.mapping.key, value: spec.mapping.value });
    const row: AssessmentRow = {
      id,
      name,
      year: spec.year,
      status: 'locked',
      stage: 'published',
      groups: spec.groups,
      createdAt: at,
      lockedAt: at,
      pastYear: { file: results.source.file, sheet: results.source.sheet, importedAt: at },
    };
    await db.assessments.add(row);
    await db.snapshots.add({ assessmentId: id, at, who, inputsHash: contentHash(results), results });
    const units = results.groups.reduce((n, g) => n + g.units.length, 0);
    await db.audit.add(auditRow({ assessmentId: id, who, action: 'assessment.pastYear', after: { name, year: spec.year, ...results.source, units } }, at));
  });
  return id;
}

/** The results of a past year imported from its spreadsheet, checked as they are read back. */
export async function readPastYear(db: KaoheDb, assessmentId: string): Promise<PastResults> {
  const snap = await db.snapshots.where('assessmentId').equals(assessmentId).last();
  const parsed = pastResultsSchema.safeParse(snap?.results);
  if (!parsed.success) throw new CorruptDataError(zodIssuesAt(`snapshots[${assessmentId}].results`, parsed.error.issues));
  return parsed.data;
}
