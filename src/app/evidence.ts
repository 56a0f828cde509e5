/**
 * Evidence on findings, veto entries and appeals: attach files (checked against the limits), remove
 * them (audited), release a deleted finding's files, and read what is attached. Every write is one
 * transaction, tracked by the save status.
 */
import { ATTACHMENT_TYPES } from '../model/attachment';
import { attachmentOwners } from '../formats/attachmentOwners';
import { writeEvidenceZip, type EvidenceFile } from '../formats/evidenceZip';
import type { ProblemAttachment } from '../formats/docx/problemListDocx';
import { trackSave } from './saveStatus';
import {
  addAttachment,
  listAttachments,
  loadAssessmentData,
  readFile,
  releaseOwners,
  removeAttachment as removeStored,
  type AttachmentRow,
  type KaoheDb,
} from '../store/repo';

export { attachmentUsage, listAttachments, readFile, type AttachmentRow, type AttachmentUsage, type FileRow } from '../store/repo';
export { ATTACHMENT_TYPES, MAX_ASSESSMENT_BYTES, MAX_FILE_BYTES, isImageType } from '../model/attachment';

/** A file as the page read it (chosen, dropped or pasted). */
export interface IncomingFile {
  name: string;
  type: string;
  bytes: Uint8Array;
  thumb?: Blob;
}

export const acceptedType = (type: string): boolean => (ATTACHMENT_TYPES as readonly string[]).includes(type);

/** Attaches files to one owner, one transaction each: a refused file does not undo the others. */
export async function attachFiles(db: KaoheDb, assessmentId: string, owner: { ownerId: string; unitId?: string }, files: readonly IncomingFile[], who: string): Promise<AttachmentRow[]> {
  const added: AttachmentRow[] = [];
  for (const f of files) added.push(await trackSave(() => addAttachment(db, assessmentId, { ...owner, ...f }, who)));
  return added;
}

export function removeAttachment(db: KaoheDb, assessmentId: string, id: string, who: string): Promise<void> {
  return trackSave(() => removeStored(db, assessmentId, id, who));
}

/** The files of findings just deleted go with them (the last use of a file frees its bytes). */
export function releaseFindings(db: KaoheDb, assessmentId: string, findingIds: readonly string[], who: string): Promise<number> {
  if (findingIds.length === 0) return Promise.resolve(0);
  return trackSave(() => releaseOwners(db, assessmentId, findingIds, who, '所属问题已删除'));
}

/** Attachments by owner id, for showing them under each finding. */
export async function attachmentsByOwner(db: KaoheDb, assessmentId: string, ownerIds?: readonly string[]): Promise<Map<string, AttachmentRow[]>> {
  const rows = await listAttachments(db, assessmentId, ownerIds);
  const out = new Map<string, AttachmentRow[]>();
  for (const r of rows) out.set(r.ownerId, [...(out.get(r.ownerId) ?? []), r]);
  return out;
}

/** What the page shows for a file: the preview when there is one, else the bytes themselves. */
export async function fileForDisplay(db: KaoheDb, hash: string, preview: boolean): Promise<Blob | undefined> {
  const row = await readFile(db, hash);
  if (!row) return undefined;
  return preview && row.thumb ? row.thumb : row.bytes;
}

/** 佐证材料 of one unit as a zip (单位/指标/问题序号-文件名), or null when the unit has none. */
export async function exportUnitEvidence(db: KaoheDb, assessmentId: string, unitId: string): Promise<{ bytes: Uint8Array; fileName: string } | null> {
  const data = await loadAssessmentData(db, assessmentId);
  const unit = data.units.find((u) => u.id === unitId);
  if (!unit) return null;
  const entries = data.entries.filter((e) => e.unitId === unitId);
  const owners = attachmentOwners({ ruleSets: data.ruleSets, units: data.units, entries });
  const rows = (await listAttachments(db, assessmentId)).filter((r) => owners.has(r.ownerId));
  if (rows.length === 0) return null;
  const files: EvidenceFile[] = [];
  for (const r of rows) {
    const file = await readFile(db, r.hash);
    if (file) files.push({ attachment: r, owner: owners.get(r.ownerId), bytes: new Uint8Array(await file.bytes.arrayBuffer()) });
  }
  // by indicator, then finding number, so the folder reads in the order of the problem list
  files.sort((a, b) => (a.owner?.nodeName ?? '').localeCompare(b.owner?.nodeName ?? '', 'zh-CN') || (a.owner?.findingNumber ?? 0) - (b.owner?.findingNumber ?? 0));
  return { bytes: await writeEvidenceZip(unit.name, files), fileName: `${unit.name}佐证材料.zip` };
}

/** A unit's attached files by finding id, with their bytes, for its problem list. */
export async function problemEvidence(db: KaoheDb, assessmentId: string, unitId: string): Promise<Map<string, ProblemAttachment[]>> {
  const rows = (await listAttachments(db, assessmentId)).filter((r) => r.unitId === unitId);
  const out = new Map<string, ProblemAttachment[]>();
  for (const r of rows) {
    const file = await readFile(db, r.hash);
    if (!file) continue;
    out.set(r.ownerId, [...(out.get(r.ownerId) ?? []), { name: r.name, type: r.type, bytes: new Uint8Array(await file.bytes.arrayBuffer()) }]);
  }
  return out;
}
