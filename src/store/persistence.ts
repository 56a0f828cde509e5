/**
 * Asks the browser to keep this site's storage under pressure instead of evicting it: the assessors'
 * sheets live only here until exported. Absent APIs (older browsers, Node) report "not persisted".
 */
export interface PersistenceState {
  persisted: boolean;
  /** bytes used by this site */
  usage?: number;
  /** bytes this site may use */
  quota?: number;
}

async function askPersist(storage: Partial<Pick<StorageManager, 'persist' | 'persisted'>>): Promise<boolean> {
  try {
    return (await storage.persisted?.()) || ((await storage.persist?.()) ?? false);
  } catch {
    return false; // some browsers reject in private windows; the data is still stored, only not pinned
  }
}

export async function requestPersistence(
  storage: Partial<Pick<StorageManager, 'persist' | 'persisted' | 'estimate'>> | undefined = globalThis.navigator?.storage,
): Promise<PersistenceState> {
  if (!storage) return { persisted: false };
  const state: PersistenceState = { persisted: await askPersist(storage) };
  try {
    const estimate = await storage.estimate?.();
    if (estimate?.usage !== undefined) state.usage = estimate.usage;
    if (estimate?.quota !== undefined) state.quota = estimate.quota;
  } catch {
    // no estimate available: usage and quota stay unknown
  }
  return state;
}
