/**
 * Content hashes that pin what an assessment was scored with. Canonical JSON (sorted keys, no spaces)
 * so that the same rule set hashes the same whatever order its file was written in.
 *
 * Joining a nation's assessment from a server hashes every one of 1.35 million documents twice, so both
 * steps avoid making what they need not: the JSON is built as one string (no arrays of parts), and the
 * text is encoded by one encoder without a second copy.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';

export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) {
      const v: unknown = value[i];
      out += (i > 0 ? ',' : '') + (v === undefined ? 'null' : canonicalJson(v));
    }
    return `${out}]`;
  }
  const record = value as Record<string, unknown>;
  // the default order compares UTF-16 code units, as `<` does
  const keys = Object.keys(record).sort();
  let out = '{';
  for (const k of keys) {
    const v = record[k];
    if (v === undefined) continue;
    out += (out.length > 1 ? ',' : '') + JSON.stringify(k) + ':' + canonicalJson(v);
  }
  return `${out}}`;
}

const utf8 = new TextEncoder();

/** sha256 of the canonical JSON, hex, prefixed with the algorithm so the format can change later. */
export function contentHash(value: unknown): string {
  return `sha256:${bytesToHex(sha256(utf8.encode(canonicalJson(value))))}`;
}
