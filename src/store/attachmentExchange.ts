/**
 * Attachments in bundles: exported with the entries they belong to, imported with the merge in the same
 * transaction, so that a file that cannot be stored leaves the database as it was. A file this machine
 * already has is not stored again; an attachment already here (same id) is left as it is. Removals
 * travel too (see sync/attachmentMerge): a removal on one machine removes the attachment on the other.
 */
import type { Bundle } from '../model/assessment';
import type { Attachment, AttachmentRemoval } from '../model/attachment';
import { auditRow, nowIso } from './audit';
import { checkLimits, dropAttachment } from './attachments';
import { unitPacks } from './packs';
import { loadAttachmentRemovals, newRefusals, storeAttachmentRemovals } from './attachmentRemovals';
import { planAttachmentMerge, type OwnerAssessor, type RefusedRemoval } from '../sync/attachmentMerge';
import type { KaoheDb } from './database';
import { IntegrityError } from './errors';
import { exportBundle, importBundle, importTables, type ExportScope, type ImportOptions, type ImportReport } from './exchange';
import type { AttachmentRow, FileRow } from './schema';

export interface BundleWithFiles {
  bundle: Bundle;
  /** the bytes of every attached file, once per hash */
  files: Map<string, Uint8Array>;
}

/** Owners in a bundle: its findings, its entries (vetoes) and its appeals, with the unit each belongs to. */
function ownerUnits(bundle: Pick<Bundle, 'entries' | 'appeals'>): Map<string, string> {
  const owners = new Map<string, string>();
  for (const e of bundle.entries) {
    owners.set(e.id, e.unitId);
    for (const f of e.findings ?? []) owners.set(f.id, e.unitId);
  }
  for (const a of bundle.appeals ?? []) owners.set(a.id, a.unitId);
  return owners;
}

/**
 * Who holds the owners that removals naming an assessor concern (see sync/attachmentMerge): the assessor
 * of the entry holding the finding or veto entry, as merged here (else as in the bundle), null for an
 * appeal. Reads only the entry packs of the units those owners belong to, and nothing when no removal
 * names an assessor.
 */
async function ownerAssessors(
  db: KaoheDb,
  assessmentId: string,
  bundle: Bundle,
  here: ReadonlyMap<string, AttachmentRow>,
  stored: readonly AttachmentRemoval[],
): Promise<OwnerAssessor> {
  const arriving = new Map((bundle.attachments ?? []).map((a) => [a.id, a]));
  const incomingUnits = ownerUnits(bundle);
  const owners = new Set<string>();
  const units = new Set<string>();
  const ask = (r: AttachmentRemoval, a: { ownerId: string; unitId?: string | undefined } | undefined) => {
    if (r.assessorId === undefined) return;
    for (const o of [r.ownerId, a?.ownerId]) if (o !== undefined) owners.add(o);
    for (const u of [r.unitId, a?.unitId, incomingUnits.get(r.ownerId), a && incomingUnits.get(a.ownerId)]) if (u !== undefined) units.add(u);
  };
  for (const r of bundle.attachmentRemovals ?? []) ask(r, here.get(r.id) ?? arriving.get(r.id));
  for (const r of stored) if (arriving.has(r.id) && !here.has(r.id)) ask(r, arriving.get(r.id));
  if (owners.size === 0) return () => undefined;
  const held = new Map<string, string | null>();
  const note = (entries: readonly { id: string; assessorId: string; findings?: readonly { id: string }[] | undefined }[]) => {
    for (const e of entries)
      for (const id of [e.id, ...(e.findings ?? []).map((f) => f.id)]) if (owners.has(id) && !held.has(id)) held.set(id, e.assessorId);
  };
  for (const unitId of units)
    for (const p of await unitPacks(db, assessmentId, unitId)) note(p.entries);
  note(bundle.entries);
  const ids = [...owners];
  const appeals = await db.appeals.bulkGet(ids.map((o) => [assessmentId, o]));
  ids.forEach((o, i) => appeals[i] && held.set(o, null));
  for (const a of bundle.appeals ?? []) if (owners.has(a.id)) held.set(a.id, null);
  return (ownerId) => held.get(ownerId);
}

/** A removal not applied, in words for the person merging. */
function refusedInWords(c: RefusedRemoval, names: ReadonlyMap<string, string>): string {
  const { removal } = c;
  const name = c.attachment?.name ?? removal.name;
  const id = c.attachment?.id ?? removal.id;
  const by = `删除人 ${removal.removedBy}，删除时间 ${removal.removedAt}`;
  if (c.reason === 'other') return `附件“${name}”（${id}）在对方被删除，但本机同一编号的附件内容或所属不同，未删除；${by}`;
  const who = (assessorId: string) => (names.has(assessorId) ? `${names.get(assessorId)}（${assessorId}）` : assessorId);
  const holder = c.holder === null || c.holder === undefined ? '属于申诉材料' : `属于考核人员${who(c.holder)}的评分记录`;
  return `附件“${name}”（${id}）的删除记录写明由考核人员${who(removal.assessorId!)}删除自己的附件，但该附件在本机${holder}，删除未执行，附件保留；${by}`;
}

const metaOf = (r: AttachmentRow): Attachment => ({ id: r.id, ownerId: r.ownerId, hash: r.hash, name: r.name, type: r.type, size: r.size });

/** The bundle of exportBundle, with the attachments of its entries and their files' bytes. */
export async function exportBundleWithFiles(db: KaoheDb, assessmentId: string, scope: ExportScope, exportedBy?: string): Promise<BundleWithFiles> {
  const bundle = await exportBundle(db, assessmentId, scope, exportedBy);
  const owners = ownerUnits(bundle);
  const rows = (await db.attachments.where('assessmentId').equals(assessmentId).toArray())
    .filter((r) => owners.has(r.ownerId))
    .sort((a, b) => (a.id < b.id ? -1 : 1));
  const files = new Map<string, Uint8Array>();
  const hashes = [...new Set(rows.map((r) => r.hash))];
  // one read for every file, then their bytes all at once
  const stored = await db.files.bulkGet(hashes);
  const missing = stored.findIndex((f) => !f);
  if (missing >= 0) {
    const r = rows.find((x) => x.hash === hashes[missing])!;
    throw new IntegrityError(`附件“${r.name}”的文件在本机已不存在（${r.hash.slice(0, 15)}…），无法导出。`);
  }
  const bytes = await Promise.all(stored.map(async (f) => new Uint8Array(await f!.bytes.arrayBuffer())));
  hashes.forEach((h, i) => files.set(h, bytes[i]!));
  // every removal of the assessment (an id is removed for good, whichever sheets the bundle holds), but
  // a unit's own bundle names no other unit's files
  const removals = (await loadAttachmentRemovals(db, assessmentId)).filter((r) => scope.kind !== 'unit' || r.unitId === scope.unitId);
  return {
    bundle: { ...bundle, ...(rows.length > 0 && { attachments: rows.map(metaOf) }), ...(removals.length > 0 && { attachmentRemovals: removals }) },
    files,
  };
}

export interface ImportFilesReport extends ImportReport {
  attachmentsAdded: number;
  filesAdded: number;
  /** attachments here removed because they were removed on the other machine */
  attachmentsRemoved: number;
  /** removals not applied, in words: the attachment here is not the one removed there */
  attachmentConflicts: string[];
}

/** The stores a merge with attachments writes: a caller wrapping it in a larger transaction includes them all. */
export const importWithFilesTables = (db: KaoheDb) => [...importTables(db), db.attachments, db.files, db.meta, db.selfConflicts];

/**
 * Merges a bundle and its attachments in one transaction: the entries as importBundle does, then each
 * attachment not yet here, storing only the files this machine does not have. A file neither in the
 * bundle nor here, or a total over the assessment's limit, refuses the whole import.
 */
export async function importBundleWithFiles(db: KaoheDb, assessmentId: string, input: BundleWithFiles, who: string, options: ImportOptions = {}): Promise<ImportFilesReport> {
  return db.transaction('rw', importWithFilesTables(db), async () => {
    const report = await importBundle(db, assessmentId, input.bundle, who, options);
    const out: ImportFilesReport = { ...report, attachmentsAdded: 0, filesAdded: 0, attachmentsRemoved: 0, attachmentConflicts: [] };
    if (report.refused) return out;
    const owners = ownerUnits(input.bundle);
    const at = nowIso();
    const existing = await db.attachments.where('assessmentId').equals(assessmentId).toArray();
    const rows = new Map(existing.map((r) => [r.id, r]));
    const stored = await loadAttachmentRemovals(db, assessmentId);
    const plan = planAttachmentMerge(
      { attachments: existing.map(metaOf), removals: stored },
      { attachments: input.bundle.attachments, removals: input.bundle.attachmentRemovals },
      await ownerAssessors(db, assessmentId, input.bundle, rows, stored),
    );
    for (const { local, removal } of plan.remove) {
      await dropAttachment(db, rows.get(local.id)!, who, `${options.why ?? '随评分文件导入'}：${removal.removedBy} 于 ${removal.removedAt.slice(0, 10)} 删除`, at, false);
      rows.delete(local.id);
      out.attachmentsRemoved++;
    }
    await storeAttachmentRemovals(db, assessmentId, plan.removalsToStore);
    if (plan.conflicts.length > 0) {
      const names = new Map((await db.assessors.where('assessmentId').equals(assessmentId).toArray()).map((a) => [a.id, a.name]));
      for (const c of plan.conflicts) out.attachmentConflicts.push(refusedInWords(c, names));
      // kept in the log too, once per removal: the message of a merge or a sync round is gone when read
      const logged = await newRefusals(db, assessmentId, plan.conflicts);
      await db.audit.bulkAdd(
        logged.map((c) => {
          const unitId = c.removal.unitId ?? (c.attachment && rows.get(c.attachment.id)?.unitId);
          const why = `${options.why ?? '随评分文件导入'}：${refusedInWords(c, names)}`;
          return auditRow({ assessmentId, who, action: 'attachment.removalRefused', ...(unitId !== undefined && { unitId }), before: null, after: c.attachment ?? c.removal, why }, at);
        }),
      );
    }
    const used = new Map([...rows.values()].map((r) => [r.hash, r.size]));
    let usedBytes = [...used.values()].reduce((s, n) => s + n, 0);
    const known = new Set((await db.files.bulkGet([...new Set(plan.add.map((a) => a.hash))])).flatMap((f) => (f ? [f.hash] : [])));
    const newFiles: FileRow[] = [];
    const newRows: AttachmentRow[] = [];
    for (const a of plan.add) {
      const bytes = input.files.get(a.hash);
      if (!known.has(a.hash) && !bytes) throw new IntegrityError(`缺少附件“${a.name}”的文件（${a.hash.slice(0, 15)}…），未导入任何数据。`);
      checkLimits(a.name, a.size, usedBytes, used.has(a.hash));
      if (!used.has(a.hash)) {
        used.set(a.hash, a.size);
        usedBytes += a.size;
      }
      if (!known.has(a.hash) && bytes) {
        known.add(a.hash);
        newFiles.push({ hash: a.hash, type: a.type, size: bytes.byteLength, bytes: new Blob([bytes as BlobPart], { type: a.type }), storedAt: at });
      }
      const unitId = owners.get(a.ownerId);
      newRows.push({ ...a, assessmentId, addedAt: at, addedBy: who, ...(unitId !== undefined && { unitId }) });
    }
    // written together: one request per table, not three per file
    await db.files.bulkAdd(newFiles);
    await db.attachments.bulkAdd(newRows);
    await db.audit.bulkAdd(newRows.map((row) => auditRow({ assessmentId, who, action: 'attachment.add', ...(row.unitId !== undefined && { unitId: row.unitId }), before: null, after: metaOf(row), why: options.why ?? '随评分文件导入' }, at)));
    out.filesAdded = newFiles.length;
    out.attachmentsAdded = newRows.length;
    return out;
  });
}
