/**
 * A bundle with its evidence: a zip holding the JSON bundle (`bundle.json`, the same text as a plain
 * bundle file) and each attached file once, named by its hash (`files/<64 hex digits>`). A plain JSON
 * bundle is still read as before; a zip is recognised by its first bytes, not by its name.
 *
 * Reading checks every file against its name and every attachment against the files, and reports a
 * missing or damaged file with the zip entry and the finding it belongs to: nothing is dropped quietly.
 */
import type { Bundle } from '../model/assessment';
import { FILE_HASH, MAX_FILE_BYTES } from '../model/attachment';
import type { ValidationIssue } from '../model/issues';
import { fileHashAsync } from '../sync/fileHash';
import { storedEntries, writeZip } from './storedZip';
import { ownerText, bundleOwners } from './attachmentOwners';
import { parseBundle, serializeBundle } from './bundle';

export const BUNDLE_ENTRY = 'bundle.json';
const FILES = 'files/';

export const fileEntryName = (hash: string): string => `${FILES}${hash.replace(/^sha256:/, '')}`;

/** A zip starts with "PK\x03\x04" (or "PK\x05\x06" when empty); JSON starts with text. */
export function isZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && (bytes[2] === 3 || bytes[2] === 5);
}

export interface BundleFile {
  hash: string;
  bytes: Uint8Array;
}

/** The zip of a bundle and its files; images are already compressed, so files are stored as they are. */
export async function writeBundleZip(bundle: Bundle, files: Iterable<BundleFile>): Promise<Uint8Array> {
  const list = [...files];
  const json = new TextEncoder().encode(serializeBundle(bundle));
  // each file copied once, into the zip's own buffer; the general writer only where the quick one cannot
  const quick = await writeZip([{ name: BUNDLE_ENTRY, bytes: json, deflate: true }, ...list.map((f) => ({ name: fileEntryName(f.hash), bytes: f.bytes }))]);
  if (quick) return quick;
  const { default: JSZip } = await import('jszip');
  const zip = new JSZip();
  zip.file(BUNDLE_ENTRY, json, { compression: 'DEFLATE' });
  for (const f of list) zip.file(fileEntryName(f.hash), f.bytes, { compression: 'STORE', binary: true });
  return zip.generateAsync({ type: 'uint8array', platform: 'DOS' });
}

export type BundleZipParse = { ok: true; bundle: Bundle; files: Map<string, Uint8Array> } | { ok: false; errors: ValidationIssue[] };

/**
 * Reads a bundle zip: the JSON through the bundle's own door, then every file. `present` are the
 * hashes this machine already stores: an attachment whose file is here need not travel again.
 */
export async function readBundleZip(bytes: Uint8Array, fileName: string, present: ReadonlySet<string> = new Set()): Promise<BundleZipParse> {
  const { default: JSZip } = await import('jszip');
  let zip: InstanceType<typeof JSZip>;
  try {
    zip = await JSZip.loadAsync(bytes);
  } catch {
    return { ok: false, errors: [{ path: fileName, message: '不是可读取的 zip 文件（可能已损坏或未下载完整）' }] };
  }
  const json = zip.file(BUNDLE_ENTRY);
  if (!json) return { ok: false, errors: [{ path: fileName, message: `zip 中没有 ${BUNDLE_ENTRY}：这不是本系统导出的评分文件` }] };
  const parsed = parseBundle(await json.async('string'), `${fileName} › ${BUNDLE_ENTRY}`);
  if (!parsed.ok) return parsed;
  const bundle = parsed.bundle;
  const owners = bundleOwners(bundle);
  const attachments = bundle.attachments ?? [];
  const byHash = new Map<string, typeof attachments>();
  for (const a of attachments) byHash.set(a.hash, [...(byHash.get(a.hash) ?? []), a]);
  const whose = (hash: string) => {
    const uses = byHash.get(hash) ?? [];
    return uses.length === 0 ? '，不属于任何附件' : `，是 ${uses.map((a) => `${ownerText(owners.get(a.ownerId), a.ownerId)} 的附件“${a.name}”`).join('、')}`;
  };

  const errors: ValidationIssue[] = [];
  const files = new Map<string, Uint8Array>();
  // stored files are read in place (views of the zip); hashing runs a few files at a time on the platform's SHA-256
  const stored = storedEntries(bytes);
  const pending: { place: string; hash: string; data: Uint8Array }[] = [];
  /** checks the files read so far, reporting in the zip's order */
  const checkPending = async () => {
    const batch = pending.splice(0);
    const hashes = await Promise.all(batch.map((p) => (p.data.byteLength > MAX_FILE_BYTES ? null : fileHashAsync(p.data))));
    batch.forEach(({ place, hash, data }, i) => {
      if (hashes[i] === null) errors.push({ path: place, message: `附件文件超过单个附件上限${whose(hash)}` });
      else if (hashes[i] !== hash) errors.push({ path: place, message: `附件文件内容与其哈希不符（文件已损坏或被改动）${whose(hash)}` });
      else files.set(hash, data);
    });
  };
  for (const entry of Object.values(zip.files)) {
    if (entry.dir || entry.name === BUNDLE_ENTRY) continue;
    const place = `${fileName} › ${entry.name}`;
    const hash = `sha256:${entry.name.slice(FILES.length)}`;
    if (!entry.name.startsWith(FILES) || !FILE_HASH.test(hash)) {
      errors.push({ path: place, message: '多余的文件：附件应命名为 files/ 加 64 位十六进制哈希' });
      continue;
    }
    let data = stored?.get(entry.name);
    if (!data) {
      try {
        data = await entry.async('uint8array');
      } catch {
        errors.push({ path: place, message: `附件文件无法解压（已损坏）${whose(hash)}` });
        continue;
      }
    }
    pending.push({ place, hash, data });
    if (pending.length >= 8) await checkPending();
  }
  await checkPending();
  attachments.forEach((a, i) => {
    const inZip = zip.file(fileEntryName(a.hash)) !== null;
    if (!inZip && !present.has(a.hash)) {
      errors.push({
        path: `${fileName} › ${fileEntryName(a.hash)}（attachments[${i}]）`,
        message: `缺少附件文件：${ownerText(owners.get(a.ownerId), a.ownerId)} 的附件“${a.name}”`,
      });
    }
    const size = files.get(a.hash)?.byteLength;
    if (size !== undefined && size !== a.size) {
      errors.push({ path: `${fileName} › attachments[${i}].size`, message: `附件“${a.name}”记录的大小为 ${a.size} 字节，实际为 ${size} 字节` });
    }
  });
  return errors.length > 0 ? { ok: false, errors } : { ok: true, bundle, files };
}
