/** A chosen file's text through the shared encoding policy (formats/fileText.ts), as the command line reads it. */
import { decodeFileText, type FileText } from '../formats/fileText';

export async function readTextFile(file: File): Promise<FileText> {
  return decodeFileText(new Uint8Array(await file.arrayBuffer()), file.name);
}
