/** Files chosen, dropped or pasted, read for attaching: accepted kinds only, each with its preview. */
import { acceptedType, type IncomingFile } from '../../app/evidence';
import type { T } from '../useT';
import { makeThumbnail } from './thumbnail';

export interface Incoming {
  files: IncomingFile[];
  /** messages for files refused by kind */
  refused: string[];
}

const stamp = () => {
  const d = new Date();
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}-${p(d.getHours())}${p(d.getMinutes())}${p(d.getSeconds())}`;
};

export async function readIncoming(list: ArrayLike<File>, t: T): Promise<Incoming> {
  const files: IncomingFile[] = [];
  const refused: string[] = [];
  for (const file of Array.from(list)) {
    if (!acceptedType(file.type)) {
      refused.push(t('evidence.badType', { name: file.name, type: file.type || '?' }));
      continue;
    }
    // a pasted screenshot is called "image.png" by every browser: give it a name a clerk can tell apart
    const name = file.name === '' || file.name === 'image.png' ? `${t('evidence.pasted')}-${stamp()}.png` : file.name;
    const thumb = await makeThumbnail(file);
    files.push({ name, type: file.type, bytes: new Uint8Array(await file.arrayBuffer()), ...(thumb && { thumb }) });
  }
  return { files, refused };
}
