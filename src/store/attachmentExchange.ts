/**
 * Attachments in bundles: exported with the entries they belong to, imported with the merge in the same
 * transaction, so that a file that cannot be stored leaves the database as it was. A file this machine
 * already has is not stored again; an attachment already here (same id) is left as it is.
 */
import type { Bundle } from '../model/assessment';
import type { Attachment } from '../model/attachment';
import { auditRow, nowIso } from './audit';
import { checkLimits, storeFile } from './attachments';
import type { KaoheDb } from './database';
import { IntegrityError } from './errors';
import { exportBundle, importBundle, importTables, type ExportScope, type ImportReport } from './exchange';
import type { AttachmentRow } from './schema';

export interface BundleWithFiles {
  bundle: Bundle;
  /** the bytes of every attached file, once per hash */
  files: Map<string, Uint8Array>;
}

/** Owners in a bundle: its findings and its entries (vetoes), with the unit each belongs to. */
function ownerUnits(entries: Bundle['entries']): Map<string, string> {
  const owners = new Map<string, string>();
  for (const e of entries) {
    owners.set(e.id, e.unitId);
    for (const f of e.findings ?? []) owners.set(f.id, e.unitId);
  }
  return owners;
}

const metaOf = (r: AttachmentRow): Attachment => ({ id: r.id, ownerId: r.ownerId, hash: r.hash, name: r.name, type: r.type, size: r.size });

/** The bundle of exportBundle, with the attachments of its entries and their files' bytes. */
export async function exportBundleWithFiles(db: KaoheDb, assessmentId: string, scope: ExportScope, exportedBy?: string): Promise<BundleWithFiles> {
  const bundle = await exportBundle(db, assessmentId, scope, exportedBy);
  const owners = ownerUnits(bundle.entries);
  const rows = (await db.attachments.where('assessmentId').equals(assessmentId).toArray())
    .filter((r) => owners.has(r.ownerId))
    .sort((a, b) => (a.id < b.id ? -1 : 1));
  const files = new Map<string, Uint8Array>();
  for (const r of rows) {
    if (files.has(r.hash)) continue;
    const file = await db.files.get(r.hash);
    if (!file) throw new IntegrityError(`附件“${r.name}”的文件在本机已不存在（${r.hash.slice(0, 15)}…），无法导出。`);
    files.set(r.hash, new Uint8Array(await file.bytes.arrayBuffer()));
  }
  return { bundle: rows.length > 0 ? { ...bundle, attachments: rows.map(metaOf) } : bundle, files };
}

export interface ImportFilesReport extends ImportReport {
  attachmentsAdded: number;
  filesAdded: number;
}

/**
 * Merges a bundle and its attachments in one transaction: the entries as importBundle does, then each
 * attachment not yet here, storing only the files this machine does not have. A file neither in the
 * bundle nor here, or a total over the assessment's limit, refuses the whole import.
 */
export async function importBundleWithFiles(db: KaoheDb, assessmentId: string, input: BundleWithFiles, who: string): Promise<ImportFilesReport> {
  const tables = [...importTables(db), db.attachments, db.files];
  return db.transaction('rw', tables, async () => {
    const report = await importBundle(db, assessmentId, input.bundle, who);
    const out: ImportFilesReport = { ...report, attachmentsAdded: 0, filesAdded: 0 };
    if (report.refused) return out;
    const owners = ownerUnits(input.bundle.entries);
    const at = nowIso();
    const existing = await db.attachments.where('assessmentId').equals(assessmentId).toArray();
    const used = new Map(existing.map((r) => [r.hash, r.size]));
    let usedBytes = [...used.values()].reduce((s, n) => s + n, 0);
    for (const a of input.bundle.attachments ?? []) {
      if (await db.attachments.get([assessmentId, a.id])) continue;
      const bytes = input.files.get(a.hash);
      const stored = await db.files.get(a.hash);
      if (!stored && !bytes) throw new IntegrityError(`缺少附件“${a.name}”的文件（${a.hash.slice(0, 15)}…），未导入任何数据。`);
      checkLimits(a.name, a.size, usedBytes, used.has(a.hash));
      if (!used.has(a.hash)) {
        used.set(a.hash, a.size);
        usedBytes += a.size;
      }
      if (!stored && bytes && (await storeFile(db, a.hash, a.type, bytes, at))) out.filesAdded++;
      const unitId = owners.get(a.ownerId);
      const row: AttachmentRow = { ...a, assessmentId, addedAt: at, addedBy: who, ...(unitId !== undefined && { unitId }) };
      await db.attachments.add(row);
      await db.audit.add(auditRow({ assessmentId, who, action: 'attachment.add', ...(unitId !== undefined && { unitId }), before: null, after: metaOf(row), why: '随评分文件导入' }, at));
      out.attachmentsAdded++;
    }
    return out;
  });
}
