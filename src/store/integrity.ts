/**
 * References the database keeps true inside every write transaction: an entry's unit and assessor
 * exist in its assessment, a unit belongs to one of the assessment's groups. Throwing aborts the
 * transaction, so a batch with one bad row stores nothing.
 */
import type { Unit, ScoreEntry } from '../model/entries';
import type { KaoheDb } from './database';
import { IntegrityError } from './errors';
import type { AssessmentRow } from './schema';

export async function requireEntryRefs(db: KaoheDb, assessmentId: string, entry: ScoreEntry): Promise<void> {
  const [unit, assessor] = await Promise.all([
    db.units.get([assessmentId, entry.unitId]),
    db.assessors.get([assessmentId, entry.assessorId]),
  ]);
  if (!unit) throw new IntegrityError(`评分记录 ${entry.id} 引用的单位“${entry.unitId}”在本考核中不存在，未保存任何修改。`);
  if (!assessor)
    throw new IntegrityError(`评分记录 ${entry.id} 引用的考核人员“${entry.assessorId}”在本考核中不存在，未保存任何修改。`);
}

export function requireGroup(assessment: AssessmentRow, unit: Unit): void {
  if (!assessment.groups.some((g) => g.key === unit.group))
    throw new IntegrityError(
      `单位“${unit.name}”（${unit.id}）的分组“${unit.group}”不在考核“${assessment.name}”的分组中（${assessment.groups.map((g) => g.key).join('、')}），未保存任何修改。`,
    );
}
