/**
 * Self-assessments (自评) through the server. On a unit's copy the one document it replicates is its
 * self-assessment; what the server holds of it is taken only when written later elsewhere (the unit
 * working on a second machine). On the office's assessment a unit's self-assessment pulled from the
 * server is stored as a returned result, checked as an imported file is (unit, pinned rule set, items,
 * points), keeping the material that came with an earlier result file. A document that does not fit is
 * passed over (it would not fit on the next round either), so it never holds up the rest of the pull.
 */
import type { SyncEntity } from '../sync/couch/docs';
import type { SelfDocData } from '../sync/couch/selfDoc';
import { canonicalJson } from '../sync/contentHash';
import { auditRow, nowIso } from './audit';
import type { KaoheDb } from './database';
import { leafMaxima } from './selfAssessments';
import type { AssessmentRow, SelfAssessmentRow } from './schema';

/** The file name a self-assessment received through the server is listed under. */
export const SYNCED_SELF_SOURCE = '服务器同步';

/** A unit's copy as the documents it replicates: its self-assessment only. */
export async function readSelfSyncEntities(db: KaoheDb, a: AssessmentRow): Promise<SyncEntity[]> {
  if (!a.self) return [];
  const row = await db.selfAssessments.get([a.id, a.self.unitId]);
  if (!row) return [];
  const { ruleSetHash, items, updatedAt, updatedBy } = row;
  return [{ kind: 'self', data: { assessmentId: a.self.assessmentId, unitId: a.self.unitId, ruleSetHash, items, updatedAt, updatedBy } }];
}

const sameItems = (a: SelfAssessmentRow, d: SelfDocData) => canonicalJson(a.items) === canonicalJson(d.items);

async function fits(db: KaoheDb, d: SelfDocData): Promise<boolean> {
  const maxima = await leafMaxima(db, d.ruleSetHash).catch(() => null);
  return maxima !== null && d.items.every((i) => maxima.has(i.node) && (i.score === undefined || i.score <= maxima.get(i.node)!));
}

/** Takes the server's version of this copy's self-assessment when it is newer than the one here. */
async function applyToUnitCopy(db: KaoheDb, a: AssessmentRow, docs: readonly SelfDocData[], who: string): Promise<void> {
  const origin = a.self!;
  const d = docs.find((x) => x.unitId === origin.unitId && x.assessmentId === origin.assessmentId && x.ruleSetHash === origin.ruleSetHash);
  if (!d || !(await fits(db, d))) return;
  await db.transaction('rw', [db.assessments, db.selfAssessments, db.audit], async () => {
    const row = await db.selfAssessments.get([a.id, origin.unitId]);
    if (!row || row.kind !== 'draft' || sameItems(row, d) || (row.items.length > 0 && d.updatedAt <= row.updatedAt)) return;
    if ((await db.assessments.get(a.id))?.status === 'locked') return;
    await db.selfAssessments.put({ ...row, items: d.items, updatedAt: d.updatedAt, updatedBy: d.updatedBy });
    await db.audit.add(auditRow({ assessmentId: a.id, who, action: 'selfAssessment.save', unitId: origin.unitId, before: { items: row.items.length }, after: { items: d.items.length, from: SYNCED_SELF_SOURCE } }));
  });
}

/** Stores units' self-assessments from the server as returned results of the office's assessment. */
async function applyToAssessment(db: KaoheDb, a: AssessmentRow, docs: readonly SelfDocData[], who: string): Promise<void> {
  for (const d of docs) {
    if (d.assessmentId !== a.id || !(await fits(db, d))) continue;
    await db.transaction('rw', [db.assessments, db.units, db.selfAssessments, db.audit], async () => {
      const unit = await db.units.get([a.id, d.unitId]);
      const group = unit && a.groups.find((g) => g.key === unit.group);
      if (!group || group.ruleSetHash !== d.ruleSetHash) return;
      if ((await db.assessments.get(a.id))?.status === 'locked') return;
      const before = await db.selfAssessments.get([a.id, d.unitId]);
      // a result file the unit wrote after this version is kept
      if (before && (sameItems(before, d) || (before.exportedAt ?? before.updatedAt) > d.updatedAt)) return;
      const at = nowIso();
      await db.selfAssessments.put({
        assessmentId: a.id,
        unitId: d.unitId,
        kind: 'imported',
        ruleSetHash: d.ruleSetHash,
        items: d.items,
        updatedAt: at,
        updatedBy: who,
        fileName: SYNCED_SELF_SOURCE,
        exportedAt: d.updatedAt,
        exportedBy: d.updatedBy,
      });
      await db.audit.add(
        auditRow({ assessmentId: a.id, who, action: 'selfAssessment.import', unitId: d.unitId, before: before ? { items: before.items.length, exportedAt: before.exportedAt } : null, after: { file: SYNCED_SELF_SOURCE, items: d.items.length } }, at),
      );
    });
  }
}

/** The self-assessments among pulled documents, stored as this copy of the assessment takes them. */
export async function applyPulledSelf(db: KaoheDb, assessmentId: string, batch: readonly SyncEntity[], who: string): Promise<void> {
  const docs = batch.flatMap((e) => (e.kind === 'self' ? [e.data] : []));
  if (docs.length === 0) return;
  const a = await db.assessments.get(assessmentId);
  if (!a) return;
  if (a.self) await applyToUnitCopy(db, a, docs, who);
  else await applyToAssessment(db, a, docs, who);
}
