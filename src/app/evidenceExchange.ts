/**
 * Bundles that carry evidence: a zip of the JSON bundle and its attached files. Exporting gives a zip
 * when the exported entries have attachments or attachments were removed, the plain JSON file otherwise; importing recognises a
 * zip by its first bytes and checks every file before anything is written (one transaction).
 */
import { isZip, readBundleZip, writeBundleZip } from '../formats/bundleZip';
import { serializeBundle } from '../formats/bundle';
import { trackSave } from './saveStatus';
import type { FileOutcome } from './exchange';
import { exportBundleWithFiles, importBundleWithFiles, storedFileHashes, type ExportScope, type ImportFilesReport, type KaoheDb } from '../store/repo';

export { isZip };
export type { ImportFilesReport };

export type ExportedBundle = { kind: 'zip'; bytes: Uint8Array; files: number; size: number } | { kind: 'json'; text: string };

/** The assessment (or one assessor's sheets) as a bundle file: a zip when it has attached files. */
export async function exportBundleWithEvidence(db: KaoheDb, assessmentId: string, scope: ExportScope, who: string): Promise<ExportedBundle> {
  const { bundle, files } = await exportBundleWithFiles(db, assessmentId, scope, who);
  // removed attachments travel too, and only the zip import applies them
  if (files.size === 0 && !bundle.attachmentRemovals?.length) return { kind: 'json', text: serializeBundle(bundle) };
  const list = [...files].map(([hash, bytes]) => ({ hash, bytes }));
  return { kind: 'zip', bytes: await writeBundleZip(bundle, list), files: list.length, size: list.reduce((n, f) => n + f.bytes.byteLength, 0) };
}

/** Merges a bundle zip: its JSON and every file are checked first; a bad file imports nothing. */
export async function importBundleZip(db: KaoheDb, assessmentId: string, bytes: Uint8Array, fileName: string, who: string): Promise<FileOutcome<{ report: ImportFilesReport }>> {
  const read = await readBundleZip(bytes, fileName, await storedFileHashes(db));
  if (!read.ok) return read;
  return { ok: true, report: await trackSave(() => importBundleWithFiles(db, assessmentId, read, who)) };
}
