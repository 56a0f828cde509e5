/**
 * 佐证材料: a unit's attached files in one zip, arranged so a clerk can find each one without the app:
 * 单位/指标/问题序号-文件名 (a veto's files under 单位/否决项名/). Names are cleaned like every exported
 * zip entry and kept apart when two files would get the same name.
 */
import type { Attachment } from '../model/attachment';
import type { AttachmentOwner } from './attachmentOwners';
import { UniqueNames, zipSegment } from './zipEntryName';

export interface EvidenceFile {
  attachment: Attachment;
  owner: AttachmentOwner | undefined;
  bytes: Uint8Array;
}

/** The path of each file in the zip, in the order given. */
export function evidencePaths(unitName: string, files: readonly EvidenceFile[]): string[] {
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

export async function writeEvidenceZip(unitName: string, files: readonly EvidenceFile[]): Promise<Uint8Array> {
  const { default: JSZip } = await import('jszip');
  const zip = new JSZip();
  const paths = evidencePaths(unitName, files);
  files.forEach((f, i) => zip.file(paths[i]!, f.bytes, { compression: 'STORE', binary: true }));
  return zip.generateAsync({ type: 'uint8array', platform: 'DOS' });
}
