/**
 * Bundles the bundle door (formats/bundle.ts parseBundle, or formats/packedFile.ts, which gives its
 * answer from a file's bytes) has passed, every cross-reference checked: the store need not walk a
 * nation's million entries again for the same references. Only the door marks, and a parsed bundle is
 * never changed afterwards; a mark does not cross to another thread (a bundle posted from a worker
 * arrives unmarked and is checked again where it is stored).
 */
import type { Bundle } from './assessment';

const checked = new WeakSet<Bundle>();

export function markChecked(bundle: Bundle): void {
  checked.add(bundle);
}

/** Its entries' ids are unique, and their units and assessors are in it. */
export const isCheckedBundle = (bundle: Bundle): boolean => checked.has(bundle);
