/** A page's own message catalogue: the English table must have exactly the Chinese table's keys. */
export function defineCatalogue<Z extends Record<string, string>>(zh: Z, en: Record<keyof Z, string>) {
  return { zh, en };
}
