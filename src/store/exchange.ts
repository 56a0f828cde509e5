/**
 * Bundles in and out: export a whole assessment or one assessor's sheets; import (merge) a bundle in
 * one all-or-nothing transaction; resolve the conflicts an import left for the coordinator.
 */
import { BUNDLE_TYPE, BUNDLE_VERSION, type Bundle } from '../model/assessment';
import { planMerge, type Conflict, type MergeRefusal, type RuleSetMismatch } from '../sync/merge';
import { canonicalJson } from '../sync/contentHash';
import type { ScoreEntry } from '../model/entries';
import { loadData } from './assessments';
import { auditRow, nowIso } from './audit';
import type { KaoheDb } from './database';
import { IntegrityError, NotFoundError } from './errors';
import { quote } from '../model/issues';
import { requireOpen } from './guard';
import { requireEntryRefs, requireGroup } from './integrity';
import { PackSet } from './packs';
import { loadRemovals, removalOf, storeRemovals, takeRemoval } from './removals';
import { readMergeLocal } from './mergeLocal';
import { assessmentOfRow, removalsFromRows } from './rows';
import type { ConflictRow } from './schema';
import { listAppeals, putMergedAppeals } from './appeals';
import { planAppealMerge } from '../sync/appealMerge';

/** "2024-11-01 16:00" in this machine's time zone; a text that is not a time stays as it is. */
function localTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}

/**
 * What a bundle carries: the whole assessment, one assessor's sheets (for merging), or one unit's
 * sheet for that unit to read back during 征求意见 (written as a whole-assessment file of one unit, so
 * that opening it shows the unit its preliminary result and nothing of the other units).
 */
export type ExportScope = { kind: 'full' } | { kind: 'assessor'; assessorId: string } | { kind: 'unit'; unitId: string };

/** A bundle of the assessment; arrays in a fixed order (by id) so the same data gives the same file. */
export async function exportBundle(db: KaoheDb, assessmentId: string, scope: ExportScope, exportedBy?: string): Promise<Bundle> {
  const only = scope.kind === 'assessor' ? scope.assessorId : undefined;
  const [data, allRemovals, allAppeals] = await db.transaction(
    'r',
    [db.assessments, db.ruleSets, db.units, db.assessors, db.unitPacks, db.removals, db.appeals, db.selfAssessments],
    () => Promise.all([loadData(db, assessmentId, only), loadRemovals(db, assessmentId, only), listAppeals(db, assessmentId)]),
  );
  let { assessors, units, entries } = data;
  let removals = allRemovals;
  // appeals are the office's records: an assessor's sheets do not carry them
  let appeals = scope.kind === 'assessor' ? [] : allAppeals;
  if (scope.kind === 'assessor') {
    assessors = assessors.filter((a) => a.id === scope.assessorId);
    if (assessors.length === 0) throw new NotFoundError(`考核人员 ${scope.assessorId}`);
  } else if (scope.kind === 'unit') {
    const mine = <T extends { unitId: string }>(x: T) => x.unitId === scope.unitId;
    units = units.filter((u) => u.id === scope.unitId);
    if (units.length === 0) throw new NotFoundError(`单位 ${scope.unitId}`);
    entries = entries.filter(mine);
    removals = removals.filter(mine);
    appeals = appeals.filter(mine);
  }
  return {
    type: BUNDLE_TYPE,
    schemaVersion: BUNDLE_VERSION,
    exportedAt: nowIso(),
    ...(exportedBy !== undefined && { exportedBy }),
    scope: scope.kind === 'assessor' ? { kind: 'assessor', assessorId: scope.assessorId } : { kind: 'full' },
    assessment: assessmentOfRow(data.assessment),
    ruleSets: data.ruleSets,
    units,
    assessors,
    entries,
    ...(removals.length > 0 && { removals }),
    ...(appeals.length > 0 && { appeals }),
  };
}

export interface ImportReport {
  added: number;
  updated: number;
  /** entries the file deleted (the same person's deletion, later than the copy here) */
  removed: number;
  unchanged: number;
  /** the local copy is a later revision by the same assessor */
  olderSkipped: number;
  /** differing entries left for the coordinator (also kept as pending conflicts) */
  conflicts: Conflict[];
  unitsAdded: number;
  assessorsAdded: number;
  /** units present on both sides with different details: the local ones were kept */
  unitsDiffering: string[];
  /** appeals added or updated to a later revision */
  appealsMerged: number;
  /** appeals of the same revision with other content here: the local ones were kept (see sync/appealMerge.ts) */
  appealConflicts: string[];
  /** set when nothing was imported, with the reason for the user */
  refused?: MergeRefusal;
  ruleSetMismatch?: RuleSetMismatch;
}

export interface ImportOptions {
  /** the reason every audit row of the merge gives (default: the bundle's file, exporter and time) */
  why?: string;
}

/** The stores an import writes: a caller wrapping importBundle in a larger transaction includes them all. */
export function importTables(db: KaoheDb) {
  return [db.assessments, db.ruleSets, db.units, db.assessors, db.unitPacks, db.removals, db.appeals, db.audit, db.conflicts, db.selfAssessments];
}

/**
 * Merges a parsed bundle into the assessment. Everything that does not conflict is applied in one
 * transaction (all or nothing: a refused row aborts the whole import); conflicts are stored as
 * pending for resolveConflicts. A bundle of another assessment or rule-set version is refused with
 * `refused` set and nothing changed. Importing the same bundle again changes nothing.
 */
export async function importBundle(db: KaoheDb, assessmentId: string, bundle: Bundle, who: string, options: ImportOptions = {}): Promise<ImportReport> {
  return db.transaction('rw', importTables(db), async () => {
    const assessment = await requireOpen(db, assessmentId);
    const { local, packs } = await readMergeLocal(db, assessmentId, bundle);
    const decided = await db.conflicts.where('assessmentId').equals(assessmentId).filter((c) => c.status === 'keptLocal').toArray();
    const plan = planMerge(local, bundle, { keptLocal: new Set(decided.map((c) => c.id)) });
    const appealPlan = planAppealMerge(await listAppeals(db, assessmentId), bundle.appeals ?? []);
    const report: ImportReport = {
      added: plan.add.length,
      updated: plan.update.length,
      removed: plan.remove.length,
      unchanged: plan.unchanged.length,
      olderSkipped: plan.olderSkipped.length,
      conflicts: plan.conflicts,
      unitsAdded: plan.unitsToAdd.length,
      assessorsAdded: plan.assessorsToAdd.length,
      unitsDiffering: plan.unitsDiffering,
      appealsMerged: appealPlan.add.length + appealPlan.update.length,
      appealConflicts: appealPlan.conflicts.map((c) => c.incoming.id),
      ...(plan.refused && { refused: plan.refused }),
      ...(plan.ruleSetMismatch && { ruleSetMismatch: plan.ruleSetMismatch }),
    };
    if (plan.refused) return report;

    const at = nowIso();
    const scope = bundle.scope;
    const by = scope.kind === 'assessor' ? (bundle.assessors.find((a) => a.id === scope.assessorId)?.name ?? scope.assessorId) : undefined;
    const why = options.why ?? `导入${by !== undefined ? `考核人员${by}的` : '完整'}评分文件（导出于 ${localTime(bundle.exportedAt)}${bundle.exportedBy ? `，${bundle.exportedBy}` : ''}）`;
    for (const u of plan.unitsToAdd) {
      requireGroup(assessment, u);
      await db.units.add({ ...u, assessmentId });
      await db.audit.add(auditRow({ assessmentId, who, action: 'unit.upsert', unitId: u.id, before: null, after: u, why }, at));
    }
    for (const a of plan.assessorsToAdd) {
      await db.assessors.add({ ...a, assessmentId });
      await db.audit.add(auditRow({ assessmentId, who, action: 'assessor.upsert', before: null, after: a, why }, at));
    }
    const changes: [ScoreEntry | null, ScoreEntry][] = [
      ...plan.add.map((e): [null, ScoreEntry] => [null, e]),
      ...plan.update.map((u): [ScoreEntry, ScoreEntry] => [u.local, u.incoming]),
    ];
    for (const [before, e] of changes) {
      await requireEntryRefs(db, assessmentId, e);
      await packs.put(e);
      if (!before) await takeRemoval(db, assessmentId, e.id);
      await db.audit.add(
        auditRow({ assessmentId, who, action: before ? 'import.update' : 'import.add', entryId: e.id, unitId: e.unitId, node: e.node, before, after: e, why }, at),
      );
    }
    for (const { local: before } of plan.remove) {
      await packs.remove(before);
      await db.audit.add(
        auditRow({ assessmentId, who, action: 'import.delete', entryId: before.id, unitId: before.unitId, node: before.node, before, after: null, why }, at),
      );
    }
    // a deletion is kept only for a unit of the assessment: one for an unknown unit would be stored
    // while the report shows nothing changed
    for (const r of plan.removalsToStore) {
      if (!(await db.units.get([assessmentId, r.unitId]))) throw new IntegrityError(`删除记录 ${quote(r.id)} 属于未知的单位 ${quote(r.unitId)}，未导入任何数据。`);
    }
    await storeRemovals(db, assessmentId, [...plan.remove.map((r) => r.removal), ...plan.removalsToStore]);
    await packs.flush();
    const appealChanges = [...appealPlan.add.map((a) => ({ local: null, incoming: a })), ...appealPlan.update];
    await putMergedAppeals(db, assessmentId, appealChanges, who, why, at);
    let newConflicts = 0;
    for (const c of plan.conflicts) {
      const known = await db.conflicts.get([assessmentId, c.id]);
      if (known?.status === 'pending' && canonicalJson(known.local) === canonicalJson(c.local)) continue;
      newConflicts++;
      await db.conflicts.put({ ...c, assessmentId, detectedAt: at, status: 'pending' });
    }
    const changed =
      changes.length + plan.remove.length + plan.removalsToStore.length + plan.unitsToAdd.length + plan.assessorsToAdd.length + newConflicts + appealChanges.length;
    if (changed > 0)
      await db.audit.add(
        auditRow(
          {
            assessmentId,
            who,
            action: 'import',
            after: { added: report.added, updated: report.updated, removed: report.removed, unchanged: report.unchanged, olderSkipped: report.olderSkipped, conflicts: plan.conflicts.length, unitsAdded: report.unitsAdded, assessorsAdded: report.assessorsAdded, ...(appealChanges.length > 0 && { appeals: appealChanges.length }), ...(appealPlan.conflicts.length > 0 && { appealConflicts: report.appealConflicts }) },
            why,
          },
          at,
        ),
      );
    return report;
  });
}

/** Conflicts of the assessment, by entry id; by default only those still waiting for a choice. */
export async function listConflicts(db: KaoheDb, assessmentId: string, status: ConflictRow['status'] | 'all' = 'pending'): Promise<ConflictRow[]> {
  const rows = await db.conflicts.where('assessmentId').equals(assessmentId).toArray();
  return rows
    .filter((r) => status === 'all' || r.status === status)
    .sort((a, b) => (a.entryId < b.entryId ? -1 : a.entryId > b.entryId ? 1 : a.id < b.id ? -1 : 1));
}

export interface ConflictChoice {
  conflictId: string;
  pick: 'local' | 'incoming';
}

export const WHY_TOOK_INCOMING = '合并冲突选择：采用导入值';
export const WHY_KEPT_LOCAL = '合并冲突选择：保留本地值';

/**
 * Applies the coordinator's choices in one transaction, each logged in the audit log. Taking the
 * incoming value keeps its author, with a revision above the local one, so that assessor's later
 * revisions of the entry merge as updates. Keeping the local value is remembered: importing the same
 * bundle again does not ask again. It is also written as a new revision, above both sides, under the
 * other side's author: every copy that holds the other side (another machine, the sync server) then
 * takes the kept value as that author's later revision, so the choice travels and wins everywhere
 * instead of coming back there as the same conflict. A kept deletion is a later deletion likewise.
 */
export async function resolveConflicts(db: KaoheDb, assessmentId: string, choices: readonly ConflictChoice[], who: string): Promise<void> {
  await db.transaction('rw', [db.assessments, db.units, db.assessors, db.unitPacks, db.removals, db.audit, db.conflicts], async () => {
    await requireOpen(db, assessmentId);
    const at = nowIso();
    const packs = new PackSet(db, assessmentId);
    for (const choice of choices) {
      const c = await db.conflicts.get([assessmentId, choice.conflictId]);
      if (!c || c.status !== 'pending') throw new NotFoundError(`待处理的合并冲突 ${choice.conflictId}`);
      const cell = { id: c.entryId, unitId: c.unitId, node: c.node, assessorId: c.assessorId, ...(c.objectId !== undefined && { objectId: c.objectId }) };
      const current = (await packs.get(cell)) ?? null;
      let after = current;
      if (choice.pick === 'incoming' && c.incoming) {
        // deleted here: the taken entry continues above the deletion's revision
        const removed = current ? 0 : await takeRemoval(db, assessmentId, c.entryId);
        const taken: ScoreEntry = {
          ...c.incoming,
          rev: Math.max((current?.rev ?? 0) + 1, removed + 1, c.incoming.rev),
          updatedAt: at,
          updatedBy: c.incoming.updatedBy ?? who,
        };
        await requireEntryRefs(db, assessmentId, taken);
        await packs.put(taken);
        after = taken;
      } else if (choice.pick === 'incoming' && current) {
        // the file's deletion, above the local revision
        await packs.remove(current);
        const removal = removalOf(current, at, c.removal?.removedBy ?? who);
        await storeRemovals(db, assessmentId, [{ ...removal, rev: Math.max(removal.rev, c.removal?.rev ?? 0) }]);
        after = null;
      } else if (choice.pick === 'local') {
        const otherRev = c.incoming?.rev ?? c.removal?.rev ?? 0;
        const otherAuthor = c.incoming?.updatedBy ?? c.removal?.removedBy;
        if (current) {
          const kept: ScoreEntry = { ...current, rev: Math.max(current.rev, otherRev) + 1, updatedAt: at, updatedBy: otherAuthor ?? current.updatedBy ?? who };
          await packs.put(kept);
          after = kept;
        } else if (c.incoming) {
          const here = await db.removals.get([assessmentId, c.entryId]);
          const base = here ? removalsFromRows([here])[0]! : removalOf(c.incoming, at, who);
          await storeRemovals(db, assessmentId, [{ ...base, rev: Math.max(base.rev, otherRev) + 1, removedAt: at, removedBy: otherAuthor ?? base.removedBy }]);
        }
      }
      await db.audit.add(
        auditRow(
          {
            assessmentId,
            who,
            action: 'conflict.resolve',
            entryId: c.entryId,
            unitId: c.unitId,
            node: c.node,
            before: current,
            after,
            why: choice.pick === 'incoming' ? WHY_TOOK_INCOMING : WHY_KEPT_LOCAL,
          },
          at,
        ),
      );
      await db.conflicts.put({ ...c, status: choice.pick === 'incoming' ? 'tookIncoming' : 'keptLocal', resolvedAt: at, resolvedBy: who });
    }
    await packs.flush();
  });
}
