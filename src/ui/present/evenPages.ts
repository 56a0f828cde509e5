/** Splitting a long ranking over several slides. */

/** `items` in pages of at most `per`, the pages as even as possible (32 by 19 → 16 + 16, not 19 + 13). */
export function evenPages<T>(items: readonly T[], per: number): T[][] {
  if (items.length === 0) return [];
  const pages = Math.ceil(items.length / Math.max(1, per));
  const size = Math.ceil(items.length / pages);
  return Array.from({ length: pages }, (_, i) => items.slice(i * size, (i + 1) * size));
}
