/**
 * A fresh test database that records every row written to `meta` (key and value), however it is
 * written (put, bulkPut, inside or outside a transaction): to check what a save of the replication
 * state really wrote.
 */
import type { DBCore, DBCoreMutateRequest } from 'dexie';
import type { KaoheDb } from '../../src/store/database';
import { freshDb } from './testDb';

export function recordingDb(): { db: KaoheDb; written: Map<string, unknown>; clear(): void } {
  const db = freshDb();
  const written = new Map<string, unknown>();
  db.use({
    stack: 'dbcore',
    name: 'recordMeta',
    create: (down: DBCore) => ({
      ...down,
      table: (name: string) => {
        const table = down.table(name);
        if (name !== 'meta') return table;
        return {
          ...table,
          mutate: (req: DBCoreMutateRequest) => {
            if (req.type === 'put' || req.type === 'add') for (const row of req.values as { key: string; value: unknown }[]) written.set(row.key, row.value);
            return table.mutate(req);
          },
        };
      },
    }),
  });
  return { db, written, clear: () => written.clear() };
}

/** The parts of the replication state of `assessmentId` among the rows written. */
export const partsWritten = (written: Map<string, unknown>, assessmentId: string): number[] =>
  [...written.keys()].filter((k) => k.startsWith(`sync.synced:${assessmentId}:`)).map((k) => Number(k.slice(k.lastIndexOf(':') + 1)));

/** How many document versions the written parts of `assessmentId` held in all. */
export const versionsWritten = (written: Map<string, unknown>, assessmentId: string): number =>
  [...written].filter(([k]) => k.startsWith(`sync.synced:${assessmentId}:`)).reduce((n, [, v]) => n + Object.keys(v as object).length, 0);
