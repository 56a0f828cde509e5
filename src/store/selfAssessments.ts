/**
 * Self-assessment (自评) rows. On a unit's machine: the copy opened from a package (one unit, its rule
 * set, a draft it fills in, its material as attachments). On the office's: the results units sent back,
 * each checked against the assessment, the unit and the pinned rule set before anything is written.
 */
import { compileRuleSet, exact } from '../engine';
import type { Attachment } from '../model/attachment';
import type { ValidationIssue } from '../model/issues';
import { selfItem as selfItemSchema, type SelfItem, type SelfPackage, type SelfResult } from '../model/selfAssessment';
import { zodIssuesAt } from '../model/issues';
import { auditRow, nowIso } from './audit';
import { checkLimits, fileInUse, storeFile } from './attachments';
import type { KaoheDb } from './database';
import { IntegrityError, InvalidDataError, NotFoundError } from './errors';
import { requireAssessment, requireOpen } from './guard';
import type { AssessmentRow, AttachmentRow, AuditRow, SelfAssessmentRow } from './schema';

/** The owner id of a unit's material for one indicator: never a finding's, entry's or appeal's id. */
export const selfOwnerId = (unitId: string, node: string): string => `self:${unitId}:${node}`;
const SELF_OWNER = 'self:';

/** The id of the copy a package opens: the same package opened twice opens the same copy. */
export const selfCopyId = (p: SelfPackage): string => `self-${p.assessment.id}-${p.unit.id}`;

/** Opens a package as a copy holding its one unit; an existing copy is kept as it is (nothing filled in is lost). */
export async function openSelfPackage(db: KaoheDb, p: SelfPackage, who: string): Promise<{ id: string; existed: boolean }> {
  const id = selfCopyId(p);
  return db.transaction('rw', [db.assessments, db.ruleSets, db.units, db.selfAssessments, db.audit], async () => {
    if (await db.assessments.get(id)) return { id, existed: true };
    const at = nowIso();
    const row: AssessmentRow = {
      id,
      name: p.assessment.name,
      year: p.assessment.year,
      status: 'open',
      groups: [{ key: p.group.key, name: p.group.name, ruleSetId: p.ruleSet.id, ruleSetHash: p.ruleSetHash }],
      createdAt: at,
      self: { assessmentId: p.assessment.id, unitId: p.unit.id, ruleSetHash: p.ruleSetHash, packageAt: p.exportedAt },
    };
    await db.ruleSets.put({ hash: p.ruleSetHash, id: p.ruleSet.id, ruleSet: p.ruleSet });
    await db.assessments.add(row);
    await db.units.put({ ...p.unit, assessmentId: id });
    await db.selfAssessments.put({ assessmentId: id, unitId: p.unit.id, kind: 'draft', ruleSetHash: p.ruleSetHash, items: [], updatedAt: at, updatedBy: who });
    await db.audit.add(auditRow({ assessmentId: id, who, action: 'assessment.create', unitId: p.unit.id, after: { name: row.name, year: row.year, self: row.self } }, at));
    return { id, existed: false };
  });
}

export function getSelfAssessment(db: KaoheDb, assessmentId: string, unitId: string): Promise<SelfAssessmentRow | undefined> {
  return db.selfAssessments.get([assessmentId, unitId]);
}

export function listSelfAssessments(db: KaoheDb, assessmentId: string): Promise<SelfAssessmentRow[]> {
  return db.selfAssessments.where('assessmentId').equals(assessmentId).toArray();
}

/** Leaf maxima of the rule set the unit's self-assessment is pinned to. */
export async function leafMaxima(db: KaoheDb, ruleSetHash: string): Promise<Map<string, number>> {
  const rs = await db.ruleSets.get(ruleSetHash);
  if (!rs) throw new NotFoundError(`规则集 ${ruleSetHash.slice(0, 15)}…`);
  const c = compileRuleSet(rs.ruleSet);
  return new Map(c.leaves.filter((l) => l.type !== 'penalty').map((l) => [l.key, exact.toNumber(c.maxOf(l.key))]));
}

/** Saves one indicator of the draft (score and explanation; an item with neither is removed). */
export async function saveSelfItem(db: KaoheDb, assessmentId: string, unitId: string, item: SelfItem, who: string): Promise<SelfAssessmentRow> {
  const parsed = selfItemSchema.safeParse(item);
  if (!parsed.success) throw new InvalidDataError('自评', zodIssuesAt(`items[${item.node}]`, parsed.error.issues));
  return db.transaction('rw', [db.assessments, db.ruleSets, db.selfAssessments, db.audit], async () => {
    await requireOpen(db, assessmentId);
    const row = await db.selfAssessments.get([assessmentId, unitId]);
    if (!row || row.kind !== 'draft') throw new NotFoundError(`单位 ${unitId} 的自评`);
    const max = (await leafMaxima(db, row.ruleSetHash)).get(item.node);
    if (max === undefined) throw new IntegrityError(`规则集中没有评分项“${item.node}”。`);
    if (item.score !== undefined && item.score > max) throw new InvalidDataError('自评', [{ path: `items[${item.node}].score`, message: `自评分 ${item.score} 超过该项分值 ${max}` }]);
    const before = row.items.find((i) => i.node === item.node) ?? null;
    const keep = parsed.data.score !== undefined || (parsed.data.explanation ?? '') !== '';
    const others = row.items.filter((i) => i.node !== item.node);
    const at = nowIso();
    const next: SelfAssessmentRow = { ...row, items: keep ? [...others, parsed.data] : others, updatedAt: at, updatedBy: who };
    await db.selfAssessments.put(next);
    await db.audit.add(auditRow({ assessmentId, who, action: 'selfAssessment.save', unitId, node: item.node, before, after: keep ? parsed.data : null }, at));
    return next;
  });
}

/** The audit record of a unit's returned self-assessment (a result file, or through the server): its size and source. */
export function returnedAudit(
  assessmentId: string,
  who: string,
  unitId: string,
  before: SelfAssessmentRow | undefined,
  after: { file: string; items: number; attachments: number; filesAdded: number },
  at: string,
): AuditRow {
  return auditRow({ assessmentId, who, action: 'selfAssessment.import', unitId, before: before ? { items: before.items.length, exportedAt: before.exportedAt } : null, after }, at);
}

export interface SelfImport {
  result: SelfResult;
  files: ReadonlyMap<string, Uint8Array>;
  fileName: string;
}

/**
 * Stores a unit's returned self-assessment in the office's assessment, replacing the unit's previous
 * one and its material. Refused as a whole (nothing written) when the file is for another assessment,
 * an unknown unit, another rule set, names an item the rule set has not, or scores above an item's points.
 */
export async function importSelfResult(db: KaoheDb, assessmentId: string, input: SelfImport, who: string): Promise<SelfAssessmentRow> {
  const { result: r, fileName } = input;
  return db.transaction('rw', [db.assessments, db.ruleSets, db.units, db.selfAssessments, db.attachments, db.files, db.audit, db.selfConflicts], async () => {
    const a = await requireAssessment(db, assessmentId);
    if (a.self) throw new IntegrityError('这是单位的自评副本：自评结果应在考核办的考核中导入。');
    if (a.status === 'locked') await requireOpen(db, assessmentId);
    const errors: ValidationIssue[] = [];
    const place = (p: string) => `${fileName} › ${p}`;
    if (r.assessmentId !== assessmentId) {
      throw new InvalidDataError('自评结果', [{ path: place('assessmentId'), message: `文件属于另一项考核（${r.assessmentId}），不是当前打开的“${a.name}”` }]);
    }
    const unit = await db.units.get([assessmentId, r.unitId]);
    if (!unit) throw new InvalidDataError('自评结果', [{ path: place('unitId'), message: `本考核没有单位 ${r.unitId}（文件中的单位名为“${r.unitName}”）` }]);
    const group = a.groups.find((g) => g.key === unit.group);
    if (!group || group.ruleSetHash !== r.ruleSetHash) {
      throw new InvalidDataError('自评结果', [{ path: place('ruleSetHash'), message: `自评所用的规则集与本考核“${unit.name}”所在分组现用的规则集不同：规则已更换，请重新发出自评包` }]);
    }
    const maxima = await leafMaxima(db, r.ruleSetHash);
    r.items.forEach((item, i) => {
      const max = maxima.get(item.node);
      if (max === undefined) errors.push({ path: place(`items[${i}].node`), message: `规则集中没有评分项“${item.node}”` });
      else if (item.score !== undefined && item.score > max) errors.push({ path: place(`items[${i}].score`), message: `自评分 ${item.score} 超过该项分值 ${max}` });
    });
    if (errors.length > 0) throw new InvalidDataError('自评结果', errors);

    // the unit's previous material goes, unless the new result uses the same file again
    const at = nowIso();
    const old = await db.attachments.where('assessmentId').equals(assessmentId).filter((x) => x.unitId === r.unitId && x.ownerId.startsWith(SELF_OWNER)).toArray();
    await db.attachments.bulkDelete(old.map((x) => [assessmentId, x.id] as [string, string]));
    const existing = await db.attachments.where('assessmentId').equals(assessmentId).toArray();
    const used = new Map(existing.map((x) => [x.hash, x.size]));
    let usedBytes = [...used.values()].reduce((s, n) => s + n, 0);
    let files = 0;
    for (const att of r.attachments ?? []) {
      const bytes = input.files.get(att.hash);
      const stored = await db.files.get(att.hash);
      if (!bytes && !stored) throw new IntegrityError(`缺少材料“${att.name}”的文件，未导入任何数据。`);
      checkLimits(att.name, att.size, usedBytes, used.has(att.hash));
      if (!used.has(att.hash)) {
        used.set(att.hash, att.size);
        usedBytes += att.size;
      }
      if (!stored && bytes && (await storeFile(db, att.hash, att.type, bytes, at))) files++;
      // ids are made on the unit's machine: prefixed with the unit so they cannot meet the office's own
      const row: AttachmentRow = { ...(att as Attachment), id: `${r.unitId}~${att.id}`, ownerId: selfOwnerId(r.unitId, att.ownerId), assessmentId, unitId: r.unitId, addedAt: at, addedBy: who };
      await db.attachments.put(row);
    }
    // the old files nobody uses any more are freed
    for (const x of old) if (!(await fileInUse(db, x.hash))) await db.files.delete(x.hash);

    const before = await db.selfAssessments.get([assessmentId, r.unitId]);
    const row: SelfAssessmentRow = {
      assessmentId,
      unitId: r.unitId,
      kind: 'imported',
      ruleSetHash: r.ruleSetHash,
      items: r.items,
      updatedAt: at,
      updatedBy: who,
      fileName,
      exportedAt: r.exportedAt,
      ...(r.exportedBy !== undefined && { exportedBy: r.exportedBy }),
    };
    await db.selfAssessments.put(row);
    await db.audit.add(returnedAudit(assessmentId, who, r.unitId, before, { file: fileName, items: r.items.length, attachments: (r.attachments ?? []).length, filesAdded: files }, at));
    return row;
  });
}
