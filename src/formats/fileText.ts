/**
 * The one encoding policy for every text file that comes in (bundles, rule files), in the app and on
 * the command line: UTF-8 with or without a byte order mark is read; UTF-16 with its byte order mark is
 * converted, because the mark makes the encoding certain; anything else is refused with the encoding
 * that was found (GB18030/GBK is what Chinese Windows editors save by default) and how to save as UTF-8.
 * Guessing further would turn a wrong guess into wrong names in the data, so it is not attempted.
 */
import type { ValidationIssue } from '../model/issues';

export type FileText =
  | { ok: true; text: string; encoding: 'UTF-8' | 'UTF-16LE' | 'UTF-16BE' }
  | { ok: false; errors: ValidationIssue[] };

const SAVE_AS_UTF8 = '请用记事本（或 VS Code、WPS）打开该文件，选择“另存为”，把“编码”改为“UTF-8”后保存，再导入';

/** Other file types renamed to .json, told apart by their first bytes. */
const MAGIC: { bytes: number[]; name: string }[] = [
  { bytes: [0x50, 0x4b, 0x03, 0x04], name: 'ZIP 压缩包（.xlsx、.docx 也是这种格式）' },
  { bytes: [0x25, 0x50, 0x44, 0x46], name: 'PDF 文件' },
  { bytes: [0xd0, 0xcf, 0x11, 0xe0], name: '旧版 Office 文件（.xls、.doc）' },
  { bytes: [0x89, 0x50, 0x4e, 0x47], name: 'PNG 图片' },
  { bytes: [0xff, 0xd8, 0xff], name: 'JPEG 图片' },
  { bytes: [0x1f, 0x8b], name: 'gzip 压缩文件' },
];

const startsWith = (bytes: Uint8Array, prefix: readonly number[]) => prefix.every((b, i) => bytes[i] === b);

function decode(label: string, bytes: Uint8Array): string | undefined {
  try {
    return new TextDecoder(label, { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

/** Index of the first byte that is not part of a well-formed UTF-8 sequence. */
function firstBadUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] as number;
    const n = b < 0x80 ? 0 : b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : -1;
    if (n < 0) return i;
    for (let k = 1; k <= n; k++) if (((bytes[i + k] ?? 0) & 0xc0) !== 0x80) return i;
    i += n + 1;
  }
  return i;
}

const CJK = /[\u4e00-\u9fff]/;

function refusal(fileName: string, message: string): FileText {
  return { ok: false, errors: [{ path: fileName, message }] };
}

export function decodeFileText(bytes: Uint8Array, fileName: string): FileText {
  if (startsWith(bytes, [0xef, 0xbb, 0xbf])) {
    const text = decode('utf-8', bytes.subarray(3));
    if (text !== undefined) return { ok: true, text, encoding: 'UTF-8' };
  } else if (startsWith(bytes, [0xff, 0xfe]) || startsWith(bytes, [0xfe, 0xff])) {
    const encoding = bytes[0] === 0xff ? 'UTF-16LE' : 'UTF-16BE';
    const text = decode(encoding.toLowerCase(), bytes.subarray(2));
    if (text !== undefined) return { ok: true, text, encoding };
    return refusal(fileName, `文件以 ${encoding} 的字节顺序标记开头，但内容不是完整的 ${encoding} 文本：文件可能已损坏。${SAVE_AS_UTF8}。`);
  } else {
    const text = decode('utf-8', bytes);
    if (text !== undefined) return { ok: true, text, encoding: 'UTF-8' };
  }

  const magic = MAGIC.find((m) => startsWith(bytes, m.bytes));
  if (magic) return refusal(fileName, `这不是文本文件，而是${magic.name}：请选择本系统导出的 .json 文件。`);
  const gb = decode('gb18030', bytes);
  if (gb !== undefined && CJK.test(gb)) {
    return refusal(fileName, `文件不是 UTF-8 编码：检测到 GB18030（GBK）编码，这是中文 Windows 记事本、WPS 的常用编码。${SAVE_AS_UTF8}。`);
  }
  const zeros = bytes.reduce((n, b) => n + (b === 0 ? 1 : 0), 0);
  if (zeros > bytes.length / 4) {
    return refusal(fileName, `文件不是 UTF-8 编码：看起来是没有字节顺序标记的 UTF-16 文本或二进制文件。${SAVE_AS_UTF8}。`);
  }
  const at = firstBadUtf8(bytes) + 1;
  return refusal(fileName, `文件不是 UTF-8 编码：第 ${at} 个字节起无法按 UTF-8 读取，编码无法确定。${SAVE_AS_UTF8}。`);
}
