/**
 * A version 2 bundle read from its bytes, pack by pack, for `npm run score`: what parseBundle gives for
 * the file's text, without ever holding that text (a nation's is 60 MB of bytes and twice that as a
 * string) or the whole file as parsed JSON, and without walking a million entries for their depth.
 *
 * It reads only the layout this program writes (serializePacked: one pack per line) and only a file
 * that is sound: anything else — another layout, a byte that is not UTF-8, a pack or entry the quick
 * checks do not accept, any problem at all — gives undefined, and the caller reads the file the
 * ordinary way, which finds and words the problems. So every refusal is worded by the same code as before.
 *
 * Why the answer is the same as JSON.parse of the whole text: the packs' array is cut out at the value
 * of a key `"entryPacks"`, one JSON value per line with the commas between; the rest of the file is
 * parsed with a string nobody can know in advance (a random one) in the array's place, and is taken only
 * if that string is then the top level's `entryPacks` — so the array was the value of the top level's
 * last `entryPacks`, and the file with the array is valid JSON exactly when the rest is. Each line must
 * parse on its own as a pack (a value cannot go on over the next line: JSON strings hold no line breaks).
 * Depth: a pack whose head and every entry pass the quick checks nests seven levels at most.
 */
import { Buffer, isUtf8 } from 'node:buffer';
import { checkPackedBundle, type BundleParse } from '../formats/bundle';
import { NotQuick, parsePackedBundle, type PackSource } from '../formats/bundlePacked';
import { tooDeep } from '../model/jsonDepth';

const KEY = Buffer.from('"entryPacks"');
const [SPACE, TAB, LF, CR, COLON, COMMA, OPEN, CLOSE] = [0x20, 0x09, 0x0a, 0x0d, 0x3a, 0x2c, 0x5b, 0x5d];

const isSpace = (b: number | undefined) => b === SPACE || b === LF || b === CR || b === TAB;

function skipSpace(buf: Buffer, i: number): number {
  while (isSpace(buf[i])) i++;
  return i;
}

/** The packs' array: where it opens and closes, and each pack's bytes [starts[k], ends[k]). */
interface PackLines {
  open: number;
  close: number;
  starts: number[];
  ends: number[];
}

/** The array after the first `"entryPacks"`, one pack per line, or undefined for any other layout. */
function packLines(buf: Buffer, from: number): PackLines | undefined {
  const key = buf.indexOf(KEY, from);
  if (key < 0) return undefined;
  let i = skipSpace(buf, key + KEY.length);
  if (buf[i] !== COLON) return undefined;
  i = skipSpace(buf, i + 1);
  if (buf[i] !== OPEN) return undefined;
  const open = i;
  const starts: number[] = [];
  const ends: number[] = [];
  i = skipSpace(buf, i + 1);
  if (buf[i] === CLOSE) return { open, close: i, starts, ends };
  for (;;) {
    if (buf[i] === CLOSE || buf[i] === COMMA) return undefined;
    const lf = buf.indexOf(LF, i);
    if (lf < 0) return undefined;
    let end = lf;
    while (end > i && isSpace(buf[end - 1])) end--;
    const more = buf[end - 1] === COMMA;
    starts.push(i);
    ends.push(more ? end - 1 : end);
    i = skipSpace(buf, lf);
    if (!more) return buf[i] === CLOSE ? { open, close: i, starts, ends } : undefined;
  }
}

/** A string no file can contain on purpose: made new for each read. */
function nonce(): string {
  const bytes = new Uint8Array(16);
  globalThis.crypto.getRandomValues(bytes);
  return `\u0000${Buffer.from(bytes).toString('hex')}`;
}

/** parseBundle's answer for a sound version 2 file in this program's layout, else undefined (read it the ordinary way). */
export function readPackedFile(bytes: Uint8Array): BundleParse | undefined {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // the encoding policy's UTF-8 cases (decodeFileText): with or without one byte order mark, nothing else
  if (buf[0] === 0xff || buf[0] === 0xfe || !isUtf8(buf)) return undefined;
  const start = buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? 3 : 0;
  // a second mark would be dropped by the JSON reader: left to it
  if (buf[start] === 0xef) return undefined;
  const lines = packLines(buf, start);
  if (!lines) return undefined;
  const stand = nonce();
  let head: unknown;
  try {
    head = JSON.parse(buf.toString('utf8', start, lines.open) + JSON.stringify(stand) + buf.toString('utf8', lines.close + 1));
  } catch {
    return undefined;
  }
  if (typeof head !== 'object' || head === null || Array.isArray(head)) return undefined;
  const value = head as Record<string, unknown>;
  if (value.entryPacks !== stand || value.schemaVersion !== 2 || tooDeep(value)) return undefined;
  const source: PackSource = {
    count: lines.starts.length,
    pack(k) {
      try {
        return JSON.parse(buf.toString('utf8', lines.starts[k], lines.ends[k])) as unknown;
      } catch {
        throw new NotQuick(`entryPacks[${k}]`);
      }
    },
  };
  try {
    const parsed = parsePackedBundle(value, checkPackedBundle, source);
    return parsed.ok ? parsed : undefined;
  } catch {
    // NotQuick, or anything else: the ordinary reading meets it again and reports it in its words
    return undefined;
  }
}
