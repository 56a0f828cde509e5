/**
 * Editing sheets: score entries, units and assessors. Each call is one transaction that refuses a
 * locked assessment, checks references, writes the change and its audit row together.
 */
import type * as z from 'zod';
import { zodIssuesAt } from '../model/issues';
import { sameContent } from '../sync/merge';
import { canonicalJson } from '../sync/contentHash';
import {
  assessor as assessorSchema,
  scoreEntry,
  unit as unitSchema,
  type Assessor,
  type ScoreEntry,
  type Unit,
} from '../model/entries';
import { auditRow, nowIso } from './audit';
import type { KaoheDb } from './database';
import { InvalidDataError, NotFoundError } from './errors';
import { requireOpen } from './guard';
import { requireEntryRefs, requireGroup } from './integrity';
import { PackSet, unitPacks, type EntryRef } from './packs';
import { removalOf, storeRemovals, takeRemoval } from './removals';
import { compareIds, withoutAssessment } from './rows';

function parseOrThrow<T>(schema: z.ZodType<T>, value: unknown, what: string, where: string): T {
  const r = schema.safeParse(value, { reportInput: true });
  if (r.success) return r.data;
  throw new InvalidDataError(what, zodIssuesAt(where, r.error.issues));
}

/** Writes one entry into the caller's transaction's packs; unchanged content writes nothing. */
export async function putEntry(db: KaoheDb, packs: PackSet, assessmentId: string, input: ScoreEntry, who: string, why: string | undefined, at: string) {
  const entry = parseOrThrow(scoreEntry, input, '评分记录', `entries[${input.id}]`);
  const existing = await packs.get(entry);
  if (existing && sameContent(existing, entry)) return existing;
  await requireEntryRefs(db, assessmentId, entry);
  // an entry saved again after a deletion continues above the removal's revision
  const removed = existing ? 0 : await takeRemoval(db, assessmentId, entry.id);
  const saved: ScoreEntry = { ...entry, rev: Math.max(existing?.rev ?? 0, removed) + 1, updatedAt: at, updatedBy: who };
  await packs.put(saved);
  await db.audit.add(
    auditRow(
      { assessmentId, who, action: 'entry.save', entryId: saved.id, unitId: saved.unitId, node: saved.node, before: existing ?? null, after: saved, ...(why !== undefined && { why }) },
      at,
    ),
  );
  return saved;
}

/**
 * Saves one entry: bumps its revision, stamps who and when, and logs before/after. Resolves once the
 * write is on disk. Throws LockedError when the assessment is locked.
 */
export async function saveEntry(db: KaoheDb, assessmentId: string, entry: ScoreEntry, who: string, why?: string): Promise<ScoreEntry> {
  return db.transaction('rw', [db.assessments, db.units, db.assessors, db.unitPacks, db.removals, db.audit], async () => {
    await requireOpen(db, assessmentId);
    const packs = new PackSet(db, assessmentId);
    const saved = await putEntry(db, packs, assessmentId, entry, who, why, nowIso());
    await packs.flush();
    return saved;
  });
}

/** Saves many entries (a paste) as one transaction: all are stored or, on any refusal, none. */
export async function saveEntries(db: KaoheDb, assessmentId: string, entries: readonly ScoreEntry[], who: string, why?: string): Promise<ScoreEntry[]> {
  return db.transaction('rw', [db.assessments, db.units, db.assessors, db.unitPacks, db.removals, db.audit], async () => {
    await requireOpen(db, assessmentId);
    const at = nowIso();
    const packs = new PackSet(db, assessmentId);
    const saved: ScoreEntry[] = [];
    for (const e of entries) saved.push(await putEntry(db, packs, assessmentId, e, who, why, at));
    await packs.flush();
    return saved;
  });
}

/**
 * Saves some entries and deletes others as one transaction (a grid action: a cleared range, an undo
 * that removes what a paste added): every change and its audit row is stored, or none is.
 */
export async function applyEntryChanges(
  db: KaoheDb,
  assessmentId: string,
  saves: readonly ScoreEntry[],
  deletes: readonly (EntryRef | string)[],
  who: string,
  why?: string,
): Promise<ScoreEntry[]> {
  return db.transaction('rw', [db.assessments, db.units, db.assessors, db.unitPacks, db.removals, db.audit], async () => {
    await requireOpen(db, assessmentId);
    const at = nowIso();
    const packs = new PackSet(db, assessmentId);
    const saved: ScoreEntry[] = [];
    for (const e of saves) saved.push(await putEntry(db, packs, assessmentId, e, who, why, at));
    for (const d of deletes) await removeEntry(db, packs, assessmentId, d, who, why, at);
    await packs.flush();
    return saved;
  });
}

export async function removeEntry(db: KaoheDb, packs: PackSet, assessmentId: string, ref: EntryRef | string, who: string, why: string | undefined, at: string) {
  const before = await packs.get(ref);
  if (!before) throw new NotFoundError(`评分记录 ${typeof ref === 'string' ? ref : ref.id}`);
  const entryId = before.id;
  await packs.remove(before);
  await storeRemovals(db, assessmentId, [removalOf(before, at, who)]);
  await db.audit.add(
    auditRow(
      { assessmentId, who, action: 'entry.delete', entryId, unitId: before.unitId, node: before.node, before, after: null, ...(why !== undefined && { why }) },
      at,
    ),
  );
}

/** Deletes an entry, named by its id and cell (EntryRef), or by id alone (then looked for in every pack). */
export async function deleteEntry(db: KaoheDb, assessmentId: string, entry: EntryRef | string, who: string, why?: string): Promise<void> {
  await db.transaction('rw', [db.assessments, db.unitPacks, db.removals, db.audit], async () => {
    await requireOpen(db, assessmentId);
    const packs = new PackSet(db, assessmentId);
    await removeEntry(db, packs, assessmentId, entry, who, why, nowIso());
    await packs.flush();
  });
}

/** Adds or changes units (a unit's group must be one of the assessment's groups). */
export async function upsertUnits(db: KaoheDb, assessmentId: string, units: readonly Unit[], who: string): Promise<Unit[]> {
  const parsed = units.map((u, i) => parseOrThrow(unitSchema, u, '单位', `units[${i}]`));
  return db.transaction('rw', [db.assessments, db.units, db.audit], async () => {
    const a = await requireOpen(db, assessmentId);
    const at = nowIso();
    for (const u of parsed) {
      requireGroup(a, u);
      const row = await db.units.get([assessmentId, u.id]);
      const before = row && withoutAssessment(row);
      if (before && canonicalJson(before) === canonicalJson(u)) continue;
      await db.units.put({ ...u, assessmentId });
      await db.audit.add(auditRow({ assessmentId, who, action: 'unit.upsert', unitId: u.id, before: before ?? null, after: u }, at));
    }
    return parsed;
  });
}

/** Deletes a unit and its entries; every deleted entry is in the audit log with its last value. */
export async function deleteUnit(db: KaoheDb, assessmentId: string, unitId: string, who: string, why?: string): Promise<void> {
  await db.transaction('rw', [db.assessments, db.units, db.unitPacks, db.removals, db.audit], async () => {
    await requireOpen(db, assessmentId);
    const row = await db.units.get([assessmentId, unitId]);
    if (!row) throw new NotFoundError(`单位 ${unitId}`);
    const at = nowIso();
    const packs = new PackSet(db, assessmentId);
    // in id order, as the audit log always listed them
    const entries = (await unitPacks(db, assessmentId, unitId)).flatMap((p) => p.entries).sort((a, b) => compareIds(a.id, b.id));
    packs.know(entries);
    for (const e of entries) await removeEntry(db, packs, assessmentId, e.id, who, why, at);
    await packs.flush();
    await db.units.delete([assessmentId, unitId]);
    await db.audit.add(
      auditRow({ assessmentId, who, action: 'unit.delete', unitId, before: withoutAssessment(row), after: null, ...(why !== undefined && { why }) }, at),
    );
  });
}

export async function upsertAssessor(db: KaoheDb, assessmentId: string, assessor: Assessor, who: string): Promise<Assessor> {
  const parsed = parseOrThrow(assessorSchema, assessor, '考核人员', `assessors[${assessor.id}]`);
  return db.transaction('rw', [db.assessments, db.assessors, db.audit], async () => {
    await requireOpen(db, assessmentId);
    const row = await db.assessors.get([assessmentId, parsed.id]);
    const before = row && withoutAssessment(row);
    if (before && canonicalJson(before) === canonicalJson(parsed)) return parsed;
    await db.assessors.put({ ...parsed, assessmentId });
    await db.audit.add(auditRow({ assessmentId, who, action: 'assessor.upsert', before: before ?? null, after: parsed }));
    return parsed;
  });
}
