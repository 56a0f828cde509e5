/**
 * Evidence on findings, veto entries and appeals: attach files (checked against the limits), remove
 * them (audited), release a deleted finding's files, and read what is attached. Every write is one
 * transaction, tracked by the save status.
 */
import { ATTACHMENT_TYPES } from '../model/attachment';
import { attachmentOwners } from '../formats/attachmentOwners';
import { evidencePathsById, writeEvidenceZip } from '../formats/evidenceZip';
import type { ProblemAttachment } from '../formats/docx/problemListDocx';
import { trackSave } from './saveStatus';
import {
  addAttachment,
  listAppeals,
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
  const appeals = (await listAppeals(db, assessmentId)).filter((a) => a.unitId === unitId);
  const owners = attachmentOwners({ ruleSets: data.ruleSets, units: data.units, entries, appeals });
  const rows = (await listAttachments(db, assessmentId)).filter((r) => owners.has(r.ownerId));
  if (rows.length === 0) return null;
  // names first, over every attachment, so they are the ones the results workbook gives
  const paths = evidencePathsById(unit.name, rows.map((r) => ({ attachment: r, owner: owners.get(r.ownerId) })));
  const files: { path: string; bytes: Uint8Array }[] = [];
  const byId = new Map(rows.map((r) => [r.id, r]));
  for (const [id, path] of paths) {
    const r = byId.get(id)!;
    const file = await readFile(db, r.hash);
    if (file) files.push({ path, bytes: new Uint8Array(await file.bytes.arrayBuffer()) });
  }
  return { bytes: await writeEvidenceZip(files), fileName: `${unit.name}佐证材料.zip` };
}

/**
 * Each finding's files by the paths they have in their unit's evidence zip (exportUnitEvidence), by
 * finding id: the results workbook lists them so a row leads to its files.
 */
export async function evidenceNames(db: KaoheDb, assessmentId: string): Promise<Map<string, string[]>> {
  const rows = await listAttachments(db, assessmentId);
  const out = new Map<string, string[]>();
  if (rows.length === 0) return out;
  const data = await loadAssessmentData(db, assessmentId);
  const owners = attachmentOwners({ ...data, appeals: await listAppeals(db, assessmentId) });
  const byUnit = new Map<string, AttachmentRow[]>();
  for (const r of rows) {
    const unitId = owners.get(r.ownerId)?.unitId;
    if (unitId !== undefined) byUnit.set(unitId, [...(byUnit.get(unitId) ?? []), r]);
  }
  for (const [unitId, list] of byUnit) {
    const unitName = data.units.find((u) => u.id === unitId)?.name ?? unitId;
    const paths = evidencePathsById(unitName, list.map((r) => ({ attachment: r, owner: owners.get(r.ownerId) })));
    for (const r of list) out.set(r.ownerId, [...(out.get(r.ownerId) ?? []), paths.get(r.id)!]);
  }
  return out;
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

/** Reads each unit's files as its problem list is written (one unit's bytes in memory at a time). */
export const problemEvidenceReader =
  (db: KaoheDb, assessmentId: string) =>
  (unitId: string): Promise<Map<string, ProblemAttachment[]>> =>
    problemEvidence(db, assessmentId, unitId);
