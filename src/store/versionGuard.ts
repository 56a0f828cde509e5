/**
 * Opening the database only when this release understands it. Dexie opens a database of a higher
 * version anyway and, where its stores differ, adds this release's stores and raises the version —
 * changes no migration describes. So the stored version is read first, without opening through Dexie.
 */
import type { KaoheDb } from './database';
import { NewerDatabaseError } from './errors';

/** Dexie stores version n as native version 10 × n. */
const DEXIE_FACTOR = 10;

/** The stored native version, or undefined when there is no such database (none is created). */
export function storedVersion(factory: IDBFactory, name: string): Promise<number | undefined> {
  return new Promise((resolve, reject) => {
    let absent = false;
    const req = factory.open(name);
    req.onupgradeneeded = () => {
      // only a database that does not exist yet needs an upgrade here: abort, so it is not created
      absent = true;
      req.transaction?.abort();
    };
    req.onsuccess = () => {
      const version = req.result.version;
      req.result.close();
      resolve(version);
    };
    req.onerror = (e) => {
      if (absent) {
        e.preventDefault();
        resolve(undefined);
      } else reject(req.error ?? new Error('open failed'));
    };
  });
}

/**
 * Opens the database, or refuses with NewerDatabaseError and leaves it exactly as it was. `upgrading`
 * hears, before it starts, that a database of an older release is brought up to this one (at a nation's
 * scale moving its packs takes seconds, and the page says why it waits).
 */
export async function openDatabase(db: KaoheDb, upgrading?: (from: number, to: number) => void): Promise<void> {
  if (db.factory) {
    const native = await storedVersion(db.factory, db.name);
    const found = native === undefined ? 0 : Math.floor(native / DEXIE_FACTOR);
    if (found > db.verno) throw new NewerDatabaseError(found, db.verno);
    if (found > 0 && found < db.verno) upgrading?.(found, db.verno);
  }
  await db.open();
}
