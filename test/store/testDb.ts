/**
 * A fresh in-memory database per test (fake-indexeddb), and a dump of every table to compare states.
 */
import Dexie from 'dexie';
import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { KaoheDb } from '../../src/store/database';

let n = 0;

export function freshDb(): KaoheDb {
  n += 1;
  return new KaoheDb(`test-${process.pid}-${n}-${Date.now()}`, { indexedDB, IDBKeyRange });
}

export const fakeIdb = { indexedDB, IDBKeyRange };

/** Every row of every table, in key order. */
export async function dump(db: KaoheDb): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const table of db.tables) out[table.name] = await table.toArray();
  return out;
}

/** The rows of a table as IndexedDB holds them, read without the app's middleware. */
export async function rawRows(name: string, table: string): Promise<unknown[]> {
  const raw = new Dexie(name, fakeIdb);
  await raw.open();
  const rows = await raw.table(table).toArray();
  raw.close();
  return rows;
}
