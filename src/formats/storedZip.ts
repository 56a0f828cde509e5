/**
 * The quick path of bundle zips, which are mostly screenshots: files written STORE (they are compressed
 * already) straight into one buffer of the final size, the JSON deflated by the platform
 * (CompressionStream), and on reading, a STORE entry's bytes taken as a view of the zip, with no copy.
 * Anything unusual (no CompressionStream, zip64, a damaged directory) returns null: the caller then
 * goes the general way (JSZip).
 */

const TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

export function crc32(b: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < b.length; i++) c = TABLE[(c ^ b[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

async function deflateRaw(b: Uint8Array): Promise<Uint8Array | null> {
  if (typeof CompressionStream === 'undefined') return null;
  try {
    const stream = new Blob([b as BlobPart]).stream().pipeThrough(new CompressionStream('deflate-raw'));
    return new Uint8Array(await new Response(stream).arrayBuffer());
  } catch {
    return null;
  }
}

export interface ZipInput {
  name: string;
  bytes: Uint8Array;
  /** deflate this one (text); others are stored */
  deflate?: boolean;
}

const LIMIT = 0xffffffff;
/** 1980-01-01 00:00 in DOS time: entries carry no real date (the bundle says when it was exported) */
const DOS_DATE = (0 << 9) | (1 << 5) | 1;

/** A zip of the entries, or null when this platform cannot deflate or the zip would need zip64. */
export async function writeZip(entries: readonly ZipInput[]): Promise<Uint8Array | null> {
  const enc = new TextEncoder();
  const parts: { name: Uint8Array; data: Uint8Array; crc: number; size: number; method: number }[] = [];
  for (const e of entries) {
    const data = e.deflate ? await deflateRaw(e.bytes) : e.bytes;
    if (!data) return null;
    parts.push({ name: enc.encode(e.name), data, crc: crc32(e.bytes), size: e.bytes.byteLength, method: e.deflate ? 8 : 0 });
  }
  let total = 22;
  for (const p of parts) total += 30 + p.name.length + p.data.byteLength + 46 + p.name.length;
  if (total > LIMIT || parts.length > 0xffff) return null;
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  let at = 0;
  const offsets: number[] = [];
  const header = (sig: number, p: (typeof parts)[number], central: boolean) => {
    view.setUint32(at, sig, true);
    at += 4;
    if (central) {
      view.setUint16(at, 20, true);
      at += 2;
    }
    view.setUint16(at, 20, true); // version needed
    view.setUint16(at + 2, 0x0800, true); // names in UTF-8
    view.setUint16(at + 4, p.method, true);
    view.setUint16(at + 6, 0, true);
    view.setUint16(at + 8, DOS_DATE, true);
    view.setUint32(at + 10, p.crc, true);
    view.setUint32(at + 14, p.data.byteLength, true);
    view.setUint32(at + 18, p.size, true);
    view.setUint16(at + 22, p.name.length, true);
    view.setUint16(at + 24, 0, true);
    at += 26;
  };
  for (const p of parts) {
    offsets.push(at);
    header(0x04034b50, p, false);
    out.set(p.name, at);
    at += p.name.length;
    out.set(p.data, at);
    at += p.data.byteLength;
  }
  const dirStart = at;
  parts.forEach((p, i) => {
    header(0x02014b50, p, true);
    view.setUint16(at, 0, true); // comment length
    view.setUint16(at + 2, 0, true); // disk
    view.setUint16(at + 4, 0, true); // internal attributes
    view.setUint32(at + 6, 0, true); // external attributes
    view.setUint32(at + 10, offsets[i]!, true);
    at += 14;
    out.set(p.name, at);
    at += p.name.length;
  });
  view.setUint32(at, 0x06054b50, true);
  view.setUint16(at + 8, parts.length, true);
  view.setUint16(at + 10, parts.length, true);
  view.setUint32(at + 12, at - dirStart, true);
  view.setUint32(at + 16, dirStart, true);
  return out;
}

/**
 * The bytes of each STORE entry by name, as views of `zip`; null when the directory cannot be read
 * plainly (then the general reader decides what is wrong). Entries stored compressed are left out.
 */
export function storedEntries(zip: Uint8Array): Map<string, Uint8Array> | null {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  let end = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 0xffff); i--) {
    if (view.getUint32(i, true) === 0x06054b50) {
      end = i;
      break;
    }
  }
  if (end < 0) return null;
  const count = view.getUint16(end + 10, true);
  let at = view.getUint32(end + 16, true);
  if (count === 0xffff || at === LIMIT) return null;
  const dec = new TextDecoder();
  const out = new Map<string, Uint8Array>();
  for (let n = 0; n < count; n++) {
    if (at + 46 > zip.length || view.getUint32(at, true) !== 0x02014b50) return null;
    const method = view.getUint16(at + 10, true);
    const packed = view.getUint32(at + 20, true);
    const size = view.getUint32(at + 24, true);
    const nameLen = view.getUint16(at + 28, true);
    const extra = view.getUint16(at + 30, true);
    const comment = view.getUint16(at + 32, true);
    const local = view.getUint32(at + 42, true);
    const name = dec.decode(zip.subarray(at + 46, at + 46 + nameLen));
    at += 46 + nameLen + extra + comment;
    if (method !== 0) continue;
    if (packed !== size || local + 30 > zip.length || view.getUint32(local, true) !== 0x04034b50) return null;
    const start = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
    if (start + size > zip.length) return null;
    out.set(name, zip.subarray(start, start + size));
  }
  return out;
}
