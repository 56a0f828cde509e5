/**
 * Identifiers made on this machine. crypto.randomUUID exists only in secure contexts, and the app is
 * also served over plain http on office intranets, so the id is built from getRandomValues.
 */
export function newId(prefix = ''): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return prefix + Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
