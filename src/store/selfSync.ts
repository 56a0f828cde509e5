/**
 * Self-assessments (自评) through the server. On a unit's copy the one document it replicates is its
 * self-assessment; the server's version of it (the unit working on a second machine) is taken unless
 * the copy changed here since it last synced. On the office's assessment a unit's self-assessment pulled
 * from the server is stored as a returned result, checked as an imported file is (unit, pinned rule set,
 * items, points), keeping the material that came with an earlier result file. A document that does not
 * fit is passed over (it would not fit on the next round either), so it never holds up the rest of the pull.
 *
 * The material (files per indicator) travels with the document as its `files` (owner: the indicator's
 * key, as in a result file; bytes as CouchDB attachments). Taking a version takes its material too: the
 * files it lists replace the unit's material here. On a unit's copy the document's time is that of the
 * last change, material included (a file added or removed); what it takes is stored at that time, so
 * that it reads back as the very document it took and is not sent again. On the office's assessment the
 * material is stored as importSelfResult stores a result file's (ids prefixed with the unit).
 */
import type { Attachment } from '../model/attachment';
import { docContentHash, toDoc, type SyncEntity } from '../sync/couch/docs';
import type { SyncedMap } from '../sync/couch/plan';
import type { SelfDocData } from '../sync/couch/selfDoc';
import { canonicalJson } from '../sync/contentHash';
import { auditRow, nowIso } from './audit';
import { attachmentUsage, checkLimits, fileInUse, storeFile } from './attachments';
import { loadAttachmentRemovals } from './attachmentRemovals';
import type { KaoheDb } from './database';
import { leafMaxima, returnedAudit, selfOwnerId } from './selfAssessments';
import type { AssessmentRow, AttachmentRow, SelfAssessmentRow, SelfVersion } from './schema';
import { closeMovedPast, versionFiles } from './selfConflicts';
import { requireOpen } from './guard';
import { NotFoundError } from './errors';
import { getSyncState } from './syncState';

/** A pulled self-assessment with the material it lists. */
type SelfDoc = SelfDocData & { files?: Attachment[] | undefined };

const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** The unit's material stored in the assessment, oldest id first. */
function materialRows(db: KaoheDb, assessmentId: string, unitId: string): Promise<AttachmentRow[]> {
  const prefix = selfOwnerId(unitId, '');
  return db.attachments.where('[assessmentId+ownerId]').between([assessmentId, prefix], [assessmentId, `${prefix}\uffff`]).toArray();
}

/** Material as the document lists it: `idOf` undoes the id the material was stored under here. */
function asListed(rows: readonly AttachmentRow[], unitId: string, idOf: (storedId: string) => string): Attachment[] {
  const prefix = selfOwnerId(unitId, '').length;
  return rows.map((r) => ({ id: idOf(r.id), ownerId: r.ownerId.slice(prefix), hash: r.hash, name: r.name, type: r.type, size: r.size })).sort(byId);
}

const sameFiles = (here: readonly Attachment[], d: SelfDoc) => canonicalJson(here) === canonicalJson([...(d.files ?? [])].sort(byId));

/**
 * Makes the unit's material here the document's: the files it does not list go (their bytes with their
 * last use), those new here are stored (bytes already here, or fetched with the pull; a file that could
 * not be had was reported and left out of the document). Runs inside the caller's transaction.
 */
async function replaceMaterial(
  db: KaoheDb,
  assessmentId: string,
  d: SelfDoc,
  storedId: (listedId: string) => string,
  bytes: ReadonlyMap<string, Uint8Array>,
  at: string,
  who: string,
): Promise<number> {
  const rows = await materialRows(db, assessmentId, d.unitId);
  const wanted = new Map((d.files ?? []).map((f) => [storedId(f.id), f]));
  const gone = rows.filter((r) => !wanted.has(r.id));
  await db.attachments.bulkDelete(gone.map((r) => [assessmentId, r.id] as [string, string]));
  const kept = new Set(rows.filter((r) => wanted.has(r.id)).map((r) => r.id));
  let usage = (await attachmentUsage(db, assessmentId)).bytes;
  const used = new Set((await db.attachments.where('assessmentId').equals(assessmentId).toArray()).map((r) => r.hash));
  let added = 0;
  for (const [id, f] of wanted) {
    if (kept.has(id)) continue;
    const have = bytes.get(f.hash);
    if (!have && !(await db.files.get(f.hash))) continue;
    checkLimits(f.name, f.size, usage, used.has(f.hash));
    if (!used.has(f.hash)) usage += f.size;
    used.add(f.hash);
    if (have) await storeFile(db, f.hash, f.type, have, at);
    await db.attachments.put({ ...f, id, ownerId: selfOwnerId(d.unitId, f.ownerId), assessmentId, unitId: d.unitId, addedAt: at, addedBy: who });
    added++;
  }
  for (const r of gone) if (!(await fileInUse(db, r.hash))) await db.files.delete(r.hash);
  return added;
}

/**
 * When the unit's copy last changed: its items, or its material (a file added, or removed: the removal
 * is remembered with its time).
 */
async function copyChangedAt(db: KaoheDb, a: AssessmentRow, row: SelfAssessmentRow, material: readonly AttachmentRow[]): Promise<string> {
  const prefix = selfOwnerId(a.self!.unitId, '');
  const removed = (await loadAttachmentRemovals(db, a.id)).filter((r) => r.ownerId.startsWith(prefix)).map((r) => r.removedAt);
  return [row.updatedAt, ...material.map((r) => r.addedAt), ...removed].reduce((m, t) => (t > m ? t : m));
}

/** Why the audit record of a chosen self-assessment version says it was written. */
export const WHY_SELF_CHOSEN = '自评冲突：协调人选定版本';

/** The file name a self-assessment received through the server is listed under. */
export const SYNCED_SELF_SOURCE = '服务器同步';

/** A unit's copy as the documents it replicates: its self-assessment only. */
export async function readSelfSyncEntities(db: KaoheDb, a: AssessmentRow): Promise<SyncEntity[]> {
  if (!a.self) return [];
  const row = await db.selfAssessments.get([a.id, a.self.unitId]);
  if (!row) return [];
  const { ruleSetHash, items, updatedBy } = row;
  const material = await materialRows(db, a.id, a.self.unitId);
  const files = asListed(material, a.self.unitId, (id) => id);
  const updatedAt = await copyChangedAt(db, a, row, material);
  return [{ kind: 'self', data: { assessmentId: a.self.assessmentId, unitId: a.self.unitId, ruleSetHash, items, updatedAt, updatedBy }, ...(files.length > 0 && { files }) }];
}

/**
 * A unit's copy changed here and not yet on the server (its document differs from the server's version
 * last known, `synced`), as doc id → content hash: kept over the server's version (replicate.ts
 * `keeps`). A copy with nothing filled in and no material is not kept: it takes what the server has.
 */
export async function unpushedSelf(db: KaoheDb, assessmentId: string, synced: SyncedMap): Promise<Map<string, string>> {
  const a = await db.assessments.get(assessmentId);
  if (!a?.self) return new Map();
  const [entity] = await readSelfSyncEntities(db, a);
  if (!entity || entity.kind !== 'self' || (entity.data.items.length === 0 && !entity.files?.length)) return new Map();
  const doc = toDoc(entity);
  const hash = docContentHash(doc);
  return synced[doc._id]?.hash === hash ? new Map() : new Map([[doc._id, hash]]);
}

const sameItems = (a: SelfAssessmentRow, d: SelfDocData) => canonicalJson(a.items) === canonicalJson(d.items);

async function fits(db: KaoheDb, d: SelfDoc): Promise<boolean> {
  const maxima = await leafMaxima(db, d.ruleSetHash).catch(() => null);
  return maxima !== null && d.items.every((i) => maxima.has(i.node) && (i.score === undefined || i.score <= maxima.get(i.node)!)) && (d.files ?? []).every((f) => maxima.has(f.ownerId));
}

/**
 * Takes the server's version of this copy's self-assessment, unless the copy changed here since the
 * server's version last known (then it is pushed beside it, and the office decides between them). Which
 * version the server keeps as the winner of a conflict is its own choice, not the later one: a copy that
 * kept its own because it was later would write it on top and hide the conflict from the office.
 */
async function applyToUnitCopy(db: KaoheDb, a: AssessmentRow, docs: readonly SelfDoc[], who: string, bytes: ReadonlyMap<string, Uint8Array>): Promise<void> {
  const origin = a.self!;
  const d = docs.find((x) => x.unitId === origin.unitId && x.assessmentId === origin.assessmentId && x.ruleSetHash === origin.ruleSetHash);
  if (!d || !(await fits(db, d))) return;
  await db.transaction('rw', [db.assessments, db.selfAssessments, db.audit, db.attachments, db.files, db.meta, db.selfConflicts], async () => {
    const row = await db.selfAssessments.get([a.id, origin.unitId]);
    if (!row || row.kind !== 'draft') return;
    const material = await materialRows(db, a.id, origin.unitId);
    const listed = asListed(material, origin.unitId, (id) => id);
    if (sameItems(row, d) && sameFiles(listed, d)) return;
    // read in this transaction: an edit made while the pull was on its way is not overwritten
    if ((await unpushedSelf(db, a.id, (await getSyncState(db, a.id)).synced)).size > 0) return;
    if ((await db.assessments.get(a.id))?.status === 'locked') return;
    await db.selfAssessments.put({ ...row, items: d.items, updatedAt: d.updatedAt, updatedBy: d.updatedBy });
    // stored at the document's time: read back, the copy is that document again
    const added = await replaceMaterial(db, a.id, d, (id) => id, bytes, d.updatedAt, d.updatedBy);
    await db.audit.add(
      auditRow({ assessmentId: a.id, who, action: 'selfAssessment.save', unitId: origin.unitId, before: { items: row.items.length, files: material.length }, after: { items: d.items.length, files: (d.files ?? []).length, filesAdded: added, from: SYNCED_SELF_SOURCE } }),
    );
  });
}

/** The tables storing a returned self-assessment reads and writes. */
const returnedTables = (db: KaoheDb) => [db.assessments, db.units, db.selfAssessments, db.audit, db.attachments, db.files, db.selfConflicts];

/**
 * Stores a version as the unit's returned result (its material as a result file's: ids made on the unit's
 * machine, prefixed with the unit), unless it is the one here already or, without `force`, a result the
 * unit wrote later is here. Runs inside a transaction over returnedTables; false when not stored.
 */
async function storeReturned(db: KaoheDb, a: AssessmentRow, d: SelfDoc, who: string, bytes: ReadonlyMap<string, Uint8Array>, at: string, force = false): Promise<boolean> {
  const prefix = `${d.unitId}~`;
  const before = await db.selfAssessments.get([a.id, d.unitId]);
  const material = await materialRows(db, a.id, d.unitId);
  const listed = asListed(material, d.unitId, (id) => (id.startsWith(prefix) ? id.slice(prefix.length) : id));
  if (before && ((sameItems(before, d) && sameFiles(listed, d)) || (!force && (before.exportedAt ?? before.updatedAt) > d.updatedAt))) return false;
  const added = await replaceMaterial(db, a.id, d, (id) => `${prefix}${id}`, bytes, at, who);
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
  await db.audit.add(returnedAudit(a.id, who, d.unitId, before, { file: SYNCED_SELF_SOURCE, items: d.items.length, attachments: (d.files ?? []).length, filesAdded: added }, at));
  return true;
}

/** Stores units' self-assessments from the server as returned results of the office's assessment. */
async function applyToAssessment(db: KaoheDb, a: AssessmentRow, docs: readonly SelfDoc[], who: string, bytes: ReadonlyMap<string, Uint8Array>): Promise<void> {
  for (const d of docs) {
    if (d.assessmentId !== a.id || !(await fits(db, d))) continue;
    await db.transaction('rw', returnedTables(db), async () => {
      // a version written after those of a conflict: the conflict, or the decision of it, is overtaken
      const released = await closeMovedPast(db, a.id, d);
      const unit = await db.units.get([a.id, d.unitId]);
      const group = unit && a.groups.find((g) => g.key === unit.group);
      // a result file the unit wrote after this version is kept
      if (group?.ruleSetHash === d.ruleSetHash && (await db.assessments.get(a.id))?.status !== 'locked') await storeReturned(db, a, d, who, bytes, nowIso());
      for (const hash of new Set(released)) if (!(await fileInUse(db, hash))) await db.files.delete(hash);
    });
  }
}

export interface SelfConflictChoice {
  conflictId: string;
  /** index of the chosen version */
  version: number;
}

/**
 * The coordinator's choices of self-assessment conflicts, in one transaction: each chosen version is
 * stored as the unit's returned result (with its material), and becomes the document that closes the
 * conflict on the server: the same content, written now by the coordinator, so every machine of the unit
 * takes it as the latest. Versions not chosen give up their material's bytes where nothing else uses them.
 */
export async function resolveSelfConflicts(db: KaoheDb, assessmentId: string, choices: readonly SelfConflictChoice[], who: string): Promise<void> {
  await db.transaction('rw', returnedTables(db), async () => {
    const a = await requireOpen(db, assessmentId);
    const at = nowIso();
    const released: string[] = [];
    for (const choice of choices) {
      const c = await db.selfConflicts.get([assessmentId, choice.conflictId]);
      if (!c || c.status !== 'pending') throw new NotFoundError(`待处理的自评冲突 ${choice.conflictId}`);
      const chosen = c.versions[choice.version];
      if (!chosen) throw new NotFoundError(`自评冲突 ${choice.conflictId} 的第 ${choice.version + 1} 个版本`);
      const decided: SelfVersion = { ...chosen, updatedAt: at, updatedBy: who };
      await storeReturned(db, a, decided, who, new Map(), at, true);
      await db.audit.add(
        auditRow(
          {
            assessmentId,
            who,
            action: 'conflict.resolve',
            unitId: c.unitId,
            before: { selfVersions: c.versions.map((v) => ({ updatedAt: v.updatedAt, updatedBy: v.updatedBy, items: v.items.length })) },
            after: { selfChosen: { updatedAt: chosen.updatedAt, updatedBy: chosen.updatedBy, items: chosen.items.length } },
            why: WHY_SELF_CHOSEN,
          },
          at,
        ),
      );
      await db.selfConflicts.put({ ...c, status: 'decided', chosen: choice.version, decided, resolvedAt: at, resolvedBy: who });
      released.push(...versionFiles(c).map((f) => f.hash));
    }
    for (const hash of new Set(released)) if (!(await fileInUse(db, hash))) await db.files.delete(hash);
  });
}

/**
 * The self-assessments among pulled documents, stored as this copy of the assessment takes them. A
 * unit's copy does not take the other versions of a conflict (`leaves`): the coordinator chooses among
 * them, and the choice comes back as the server's version.
 */
export async function applyPulledSelf(db: KaoheDb, assessmentId: string, batch: readonly SyncEntity[], who: string, bytes: ReadonlyMap<string, Uint8Array> = new Map(), leaves = false): Promise<void> {
  const docs = batch.flatMap((e): SelfDoc[] => (e.kind === 'self' ? [{ ...e.data, ...(e.files && { files: e.files }) }] : []));
  if (docs.length === 0) return;
  const a = await db.assessments.get(assessmentId);
  if (!a) return;
  if (a.self && leaves) return;
  if (a.self) await applyToUnitCopy(db, a, docs, who, bytes);
  else await applyToAssessment(db, a, docs, who, bytes);
}
