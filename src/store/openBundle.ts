/**
 * Opening a bundle file as an assessment of its own, with everything it carries: rule sets, units,
 * assessors, entries, deletions, appeals, stage and lock, and its attached files. One transaction: a
 * file that cannot be stored (a missing attachment, a limit) leaves the database as it was.
 */
import type { Attachment } from '../model/attachment';
import type { Bundle } from '../model/assessment';
import { loadBundleAsNewAssessment, sheetTables } from './assessments';
import { auditRow, nowIso } from './audit';
import { checkLimits, storeFile } from './attachments';
import type { KaoheDb } from './database';
import { IntegrityError } from './errors';
import type { LockSnapshot } from './lock';
import type { PacksStored } from './packs';
import type { AttachmentRow } from './schema';

export interface OpenBundleInput {
  bundle: Bundle;
  /** the bytes of attached files, once per hash (a zip's `files/`); absent for a plain JSON file */
  files?: ReadonlyMap<string, Uint8Array>;
}

export interface OpenBundleOptions {
  /** open under a new id (and "（副本）" name): a copy opens unlocked */
  asCopy?: boolean;
  who: string;
  /**
   * Called inside the transaction once the rows are stored, with the new id: gives the results and
   * inputs hash of an assessment that opens locked, kept as its lock's snapshot.
   */
  snapshot?: (id: string) => Promise<LockSnapshot>;
  /** hears how many of the bundle's entries are stored, as storing goes */
  stored?: PacksStored;
}

export interface OpenedBundle {
  id: string;
  locked: boolean;
  attachments: number;
  filesAdded: number;
}

/** Findings and entries of the bundle, with the unit each belongs to: the owners of attachments. */
function ownerUnits(entries: Bundle['entries']): Map<string, string> {
  const owners = new Map<string, string>();
  for (const e of entries) {
    owners.set(e.id, e.unitId);
    for (const f of e.findings ?? []) owners.set(f.id, e.unitId);
  }
  return owners;
}

const metaOf = (r: AttachmentRow): Attachment => ({ id: r.id, ownerId: r.ownerId, hash: r.hash, name: r.name, type: r.type, size: r.size });

export async function openBundleAsAssessment(db: KaoheDb, input: OpenBundleInput, options: OpenBundleOptions): Promise<OpenedBundle> {
  const { bundle } = input;
  return db.transaction('rw', sheetTables(db), async () => {
    const id = await loadBundleAsNewAssessment(db, bundle, { who: options.who, ...(options.asCopy && { asCopy: true }), ...(options.stored && { stored: options.stored }) });
    const at = nowIso();
    const owners = ownerUnits(bundle.entries);
    const sizes = new Map<string, number>();
    let filesAdded = 0;
    const attachments = bundle.attachments ?? [];
    for (const a of attachments) {
      const bytes = input.files?.get(a.hash);
      const stored = await db.files.get(a.hash);
      if (!stored && !bytes) throw new IntegrityError(`缺少附件“${a.name}”的文件（${a.hash.slice(0, 15)}…），未导入任何数据。`);
      const used = [...sizes.values()].reduce((s, n) => s + n, 0);
      checkLimits(a.name, a.size, used, sizes.has(a.hash));
      sizes.set(a.hash, a.size);
      if (!stored && bytes && (await storeFile(db, a.hash, a.type, bytes, at))) filesAdded++;
      const unitId = owners.get(a.ownerId);
      const row: AttachmentRow = { ...a, assessmentId: id, addedAt: at, addedBy: options.who, ...(unitId !== undefined && { unitId }) };
      await db.attachments.add(row);
      await db.audit.add(
        auditRow({ assessmentId: id, who: options.who, action: 'attachment.add', ...(unitId !== undefined && { unitId }), before: null, after: metaOf(row), why: '随评分文件打开' }, at),
      );
    }
    const row = await db.assessments.get(id);
    const locked = row?.status === 'locked';
    if (locked && options.snapshot) {
      const snap = await options.snapshot(id);
      await db.snapshots.add({ assessmentId: id, at, who: options.who, inputsHash: snap.inputsHash, results: snap.results });
    }
    return { id, locked, attachments: attachments.length, filesAdded };
  });
}
