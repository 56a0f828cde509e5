/**
 * `npm run bundle -- upgrade <in> <out>` as a pure function: a bundle of any version in, the same bundle
 * in the current version out. Checked as an import checks it; nothing is written unless it is valid.
 * Upgrading a file already in the current version gives the same text again.
 */
import { parseBundle, serializeBundle } from '../formats/bundle';

export type Upgrade = { ok: true; text: string } | { ok: false; errors: string[] };

export function upgradeBundleText(text: string, fileName: string): Upgrade {
  const parsed = parseBundle(text, fileName);
  if (!parsed.ok) return { ok: false, errors: parsed.errors.map((e) => `${fileName}: ${e.path}: ${e.message}`) };
  return { ok: true, text: serializeBundle(parsed.bundle) };
}
