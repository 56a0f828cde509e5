/** The content hash of a file's bytes, in the same "sha256:hex" form as the rule sets' hashes. */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';

export function fileHash(bytes: Uint8Array): string {
  return `sha256:${bytesToHex(sha256(bytes))}`;
}

/**
 * The same hash by the platform's own SHA-256 (Web Crypto), many times faster than the script one on
 * large files; falls back to it where Web Crypto is missing (an insecure context).
 */
export async function fileHashAsync(bytes: Uint8Array): Promise<string> {
  const subtle = globalThis.crypto?.subtle;
  if (!subtle) return fileHash(bytes);
  try {
    return `sha256:${bytesToHex(new Uint8Array(await subtle.digest('SHA-256', bytes as BufferSource)))}`;
  } catch {
    return fileHash(bytes);
  }
}
