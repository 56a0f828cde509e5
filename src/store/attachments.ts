/**
 * Evidence files: the bytes stored once per content hash (`files`), each use by a finding, veto entry
 * or appeal (`attachments`). Adding checks the limits and writes the use and its audit row in one
 * transaction; removing the last use of a file, in any assessment, frees its bytes.
 */
import { MAX_ASSESSMENT_BYTES, MAX_FILE_BYTES, attachment as attachmentSchema, type Attachment } from '../model/attachment';
import { zodIssuesAt } from '../model/issues';
import { fileHash } from '../sync/fileHash';
import { auditRow, nowIso } from './audit';
import type { KaoheDb } from './database';
import { InvalidDataError, KaoheDbError, NotFoundError } from './errors';
import { requireOpen } from './guard';
import { unitPacks } from './packs';
import { newId } from './ids';
import type { AttachmentRow, FileRow, SelfConflictRow } from './schema';
import { storeAttachmentRemovals } from './attachmentRemovals';

const MB = 1024 * 1024;
const mb = (n: number) => `${(n / MB).toFixed(1)} MB`;

/** A file over the per-file limit, or one that would take the assessment over its total. */
export class AttachmentLimitError extends KaoheDbError {
  constructor(message: string) {
    super('invalid', message);
  }
}

export interface NewAttachment {
  ownerId: string;
  unitId?: string;
  name: string;
  type: string;
  bytes: Uint8Array;
  /** a preview made by the page (images only) */
  thumb?: Blob;
}

export interface AttachmentUsage {
  bytes: number;
  files: number;
  limit: number;
}

/** Bytes of the distinct files the assessment's attachments use (a file used twice counts once). */
export async function attachmentUsage(db: KaoheDb, assessmentId: string): Promise<AttachmentUsage> {
  const rows = await db.attachments.where('assessmentId').equals(assessmentId).toArray();
  const sizes = new Map(rows.map((r) => [r.hash, r.size]));
  let bytes = 0;
  for (const s of sizes.values()) bytes += s;
  return { bytes, files: sizes.size, limit: MAX_ASSESSMENT_BYTES };
}

/** Refuses a file the limits do not allow; `already` is true when the assessment uses the same bytes. */
export function checkLimits(name: string, size: number, used: number, already: boolean): void {
  if (size > MAX_FILE_BYTES) throw new AttachmentLimitError(`文件“${name}”有 ${mb(size)}，超过单个附件 ${mb(MAX_FILE_BYTES)} 的上限，未添加。请压缩或截取需要的部分。`);
  if (!already && used + size > MAX_ASSESSMENT_BYTES) {
    throw new AttachmentLimitError(`本考核的附件已占 ${mb(used)}，加上“${name}”（${mb(size)}）将超过每个考核 ${mb(MAX_ASSESSMENT_BYTES)} 的上限，未添加。可删除不再需要的附件后再试。`);
  }
}

/** Stores the bytes under their hash unless already stored (by any assessment): a file is kept once. */
export async function storeFile(db: KaoheDb, hash: string, type: string, bytes: Uint8Array, at: string, thumb?: Blob): Promise<boolean> {
  const known = await db.files.get(hash);
  if (known) {
    if (!known.thumb && thumb) await db.files.update(hash, { thumb });
    return false;
  }
  const row: FileRow = { hash, type, size: bytes.byteLength, bytes: new Blob([bytes as BlobPart], { type }), storedAt: at, ...(thumb && { thumb }) };
  await db.files.add(row);
  return true;
}

/** Attaches a file to an owner: stores the bytes if new, records the use and its audit row. */
export async function addAttachment(db: KaoheDb, assessmentId: string, input: NewAttachment, who: string): Promise<AttachmentRow> {
  const hash = fileHash(input.bytes);
  const meta: Attachment = { id: newId('att-'), ownerId: input.ownerId, hash, name: input.name, type: input.type as Attachment['type'], size: input.bytes.byteLength };
  return db.transaction('rw', [db.assessments, db.attachments, db.files, db.audit], async () => {
    await requireOpen(db, assessmentId);
    const already = (await db.attachments.where('[assessmentId+ownerId]').between([assessmentId, ''], [assessmentId, '\uffff']).filter((r) => r.hash === hash).count()) > 0;
    checkLimits(input.name, meta.size, (await attachmentUsage(db, assessmentId)).bytes, already);
    const parsed = attachmentSchema.safeParse(meta);
    if (!parsed.success) throw new InvalidDataError(`附件“${input.name}”`, zodIssuesAt('attachment', parsed.error.issues));
    const at = nowIso();
    await storeFile(db, hash, meta.type, input.bytes, at, input.thumb);
    const row: AttachmentRow = { ...parsed.data, assessmentId, addedAt: at, addedBy: who, ...(input.unitId !== undefined && { unitId: input.unitId }) };
    await db.attachments.add(row);
    await db.audit.add(auditRow({ assessmentId, who, action: 'attachment.add', ...(row.unitId !== undefined && { unitId: row.unitId }), before: null, after: describe(row) }, at));
    return row;
  });
}

/** What the audit log keeps of an attachment: never the bytes. */
function describe(r: AttachmentRow) {
  return { id: r.id, ownerId: r.ownerId, hash: r.hash, name: r.name, type: r.type, size: r.size };
}

/**
 * Whether stored bytes are still needed: by an attachment of any assessment, or by a version of a unit's
 * self-assessment in a conflict still waiting for the coordinator (selfConflicts.ts), whose material is
 * kept for the choice. Runs in a transaction with `attachments` and `selfConflicts`.
 */
export async function fileInUse(db: KaoheDb, hash: string): Promise<boolean> {
  if ((await db.attachments.where('hash').equals(hash).count()) > 0) return true;
  const listed = (c: SelfConflictRow) => c.versions.some((v) => (v.files ?? []).some((f) => f.hash === hash));
  return (await db.selfConflicts.filter((c) => c.status === 'pending' && listed(c)).count()) > 0;
}

/** Deletes the file's bytes once nothing uses them. */
async function freeIfUnused(db: KaoheDb, hash: string): Promise<void> {
  if (!(await fileInUse(db, hash))) await db.files.delete(hash);
}

/**
 * The assessor whose entry holds the owner: the veto entry itself, or the entry with that finding. A
 * finding deleted just before its files (releaseFindings) is in no entry any more: it was on the sheet
 * of the assessor at the keyboard (`who`, by id or by name). An appeal's files name no assessor.
 */
async function ownerAssessor(db: KaoheDb, row: AttachmentRow, who: string): Promise<string | undefined> {
  if (await db.appeals.get([row.assessmentId, row.ownerId])) return undefined;
  if (row.unitId !== undefined) {
    for (const p of await unitPacks(db, row.assessmentId, row.unitId)) for (const e of p.entries) if (e.id === row.ownerId || e.findings?.some((f) => f.id === row.ownerId)) return e.assessorId;
  }
  const assessors = await db.assessors.where('assessmentId').equals(row.assessmentId).toArray();
  const named = assessors.filter((a) => a.name === who);
  return assessors.find((a) => a.id === who)?.id ?? (named.length === 1 ? named[0]!.id : undefined);
}

/** The tables removing an attachment reads and writes. */
const removalTables = (db: KaoheDb) => [db.assessments, db.attachments, db.files, db.audit, db.meta, db.appeals, db.unitPacks, db.assessors, db.selfConflicts];

/** Deletes one stored use (audited, remembered as removed unless `remember` is false); its file goes with its last use. */
export async function dropAttachment(db: KaoheDb, row: AttachmentRow, who: string, why: string | undefined, at: string, remember = true): Promise<void> {
  await db.attachments.delete([row.assessmentId, row.id]);
  await freeIfUnused(db, row.hash);
  const assessorId = remember ? await ownerAssessor(db, row, who) : undefined;
  if (remember) await storeAttachmentRemovals(db, row.assessmentId, [{ id: row.id, ownerId: row.ownerId, ...(row.unitId !== undefined && { unitId: row.unitId }), ...(assessorId !== undefined && { assessorId }), hash: row.hash, name: row.name, removedAt: at, removedBy: who }]);
  await db.audit.add(auditRow({ assessmentId: row.assessmentId, who, action: 'attachment.remove', ...(row.unitId !== undefined && { unitId: row.unitId }), before: describe(row), after: null, ...(why !== undefined && { why }) }, at));
}

/** Removes one attachment (audited); its file goes when this was the last use. */
export async function removeAttachment(db: KaoheDb, assessmentId: string, id: string, who: string, why?: string): Promise<void> {
  await db.transaction('rw', removalTables(db), async () => {
    await requireOpen(db, assessmentId);
    const row = await db.attachments.get([assessmentId, id]);
    if (!row) throw new NotFoundError(`附件 ${id}`);
    await dropAttachment(db, row, who, why, nowIso());
  });
}

/** Removes every attachment of the owners (a deleted finding's evidence), each audited, in one transaction. */
export async function releaseOwners(db: KaoheDb, assessmentId: string, ownerIds: readonly string[], who: string, why?: string): Promise<number> {
  if (ownerIds.length === 0) return 0;
  return db.transaction('rw', removalTables(db), async () => {
    let n = 0;
    for (const ownerId of ownerIds) {
      const rows = await db.attachments.where('[assessmentId+ownerId]').equals([assessmentId, ownerId]).toArray();
      for (const r of rows) {
        await removeAttachment(db, assessmentId, r.id, who, why);
        n++;
      }
    }
    return n;
  });
}

/** The assessment's attachments (or those of some owners), oldest first. */
export async function listAttachments(db: KaoheDb, assessmentId: string, ownerIds?: readonly string[]): Promise<AttachmentRow[]> {
  const rows =
    ownerIds === undefined
      ? await db.attachments.where('assessmentId').equals(assessmentId).toArray()
      : await db.attachments.where('[assessmentId+ownerId]').anyOf(ownerIds.map((o) => [assessmentId, o])).toArray();
  return rows.sort((a, b) => (a.addedAt < b.addedAt ? -1 : a.addedAt > b.addedAt ? 1 : a.id < b.id ? -1 : 1));
}

export async function readFile(db: KaoheDb, hash: string): Promise<FileRow | undefined> {
  return db.files.get(hash);
}

/** Hashes of every stored file: a bundle need not carry what this machine already has. */
export async function storedFileHashes(db: KaoheDb): Promise<Set<string>> {
  return new Set(await db.files.toCollection().primaryKeys());
}
