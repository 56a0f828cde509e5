/**
 * A pause in long work on the page's thread (hashing or reading thousands of documents), so the page
 * handles input and draws meanwhile: the browser's own yield where it has one (not clamped to 4 ms as
 * nested timers are), a timer otherwise.
 */
export function pause(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
  return scheduler?.yield ? scheduler.yield() : new Promise((resolve) => setTimeout(resolve, 0));
}
