/**
 * 征求意见 for every unit in one zip: a folder per group, and per unit its feedback (Word, marked
 * 征求意见稿) and its own bundle (only its data), named so that the two sort together.
 */
import { UniqueNames, zipSegment } from './zipEntryName';

export interface UnitFeedbackFiles {
  groupName: string;
  unitId: string;
  unitName: string;
  docx: Uint8Array;
  /** the unit's bundle file text */
  bundle: string;
}

export function feedbackFileStem(unitName: string, unitId: string, index?: number): string {
  const name = zipSegment(unitName, zipSegment(unitId, '单位'));
  return `${index === undefined ? '' : `${String(index + 1).padStart(2, '0')}-`}${name}-初步结果征求意见`;
}

export async function unitFeedbackZip(units: readonly UnitFeedbackFiles[]): Promise<Uint8Array> {
  const { default: JSZip } = await import('jszip');
  const zip = new JSZip();
  const folders = new Map<string, { folder: string; files: UniqueNames; n: number }>();
  const names = new UniqueNames();
  for (const u of units) {
    let f = folders.get(u.groupName);
    if (!f) folders.set(u.groupName, (f = { folder: names.take(zipSegment(u.groupName, `分组${folders.size + 1}`)), files: new UniqueNames(), n: 0 }));
    const stem = feedbackFileStem(u.unitName, u.unitId, f.n++);
    zip.file(`${f.folder}/${f.files.take(`${stem}.docx`)}`, u.docx);
    zip.file(`${f.folder}/${f.files.take(`${stem}.json`)}`, u.bundle);
  }
  return zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' });
}
