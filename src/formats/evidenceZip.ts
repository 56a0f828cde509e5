/**
 * 佐证材料: a unit's attached files in one zip, arranged so a clerk can find each one without the app:
 * 单位/指标/问题序号-文件名 (a veto's files under 单位/否决项名/). Names are cleaned like every exported
 * zip entry and kept apart when two files would get the same name. The results workbook names each
 * finding's files by the same paths (evidencePathsById), so a row leads to its files in the zip.
 */
import type { Attachment } from '../model/attachment';
import type { AttachmentOwner } from './attachmentOwners';
import { UniqueNames, zipSegment } from './zipEntryName';

/** An attached file and whom it belongs to, before its bytes are read. */
export interface EvidenceItem {
  attachment: Attachment;
  owner: AttachmentOwner | undefined;
}

/** The zip's order: by indicator, then finding number, so the folder reads like the problem list. */
export function evidenceOrder<T extends EvidenceItem>(items: readonly T[]): T[] {
  return [...items].sort((a, b) => (a.owner?.nodeName ?? '').localeCompare(b.owner?.nodeName ?? '', 'zh-CN') || (a.owner?.findingNumber ?? 0) - (b.owner?.findingNumber ?? 0));
}

/** The path of each file in the zip, in the order given. */
export function evidencePaths(unitName: string, files: readonly EvidenceItem[]): string[] {
  const unit = zipSegment(unitName, '单位');
  const folders = new Map<string, UniqueNames>();
  return files.map(({ attachment: a, owner }) => {
    const folder = zipSegment(owner?.nodeName ?? '其他', '其他');
    let names = folders.get(folder);
    if (!names) folders.set(folder, (names = new UniqueNames()));
    const prefix = owner?.findingNumber !== undefined ? `问题${owner.findingNumber}-` : '';
    return `${unit}/${folder}/${names.take(zipSegment(`${prefix}${a.name}`, a.hash.slice(7, 19)))}`;
  });
}

/** Each attachment's path in its unit's evidence zip, by attachment id (items of one unit, any order). */
export function evidencePathsById(unitName: string, items: readonly EvidenceItem[]): Map<string, string> {
  const ordered = evidenceOrder(items);
  const paths = evidencePaths(unitName, ordered);
  return new Map(ordered.map((f, i) => [f.attachment.id, paths[i]!]));
}

/** The zip of one unit's files at their evidencePathsById paths, in the order given; images are compressed already, so stored as they are. */
export async function writeEvidenceZip(files: readonly { path: string; bytes: Uint8Array }[]): Promise<Uint8Array> {
  const { default: JSZip } = await import('jszip');
  const zip = new JSZip();
  for (const f of files) zip.file(f.path, f.bytes, { compression: 'STORE', binary: true });
  return zip.generateAsync({ type: 'uint8array', platform: 'DOS' });
}
