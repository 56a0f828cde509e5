/**
 * The change count of the scoring inputs, kept by the database itself: a DBCore middleware widens every
 * read-write transaction that may write an input table to the count's store as well, and the first write
 * to an input table in a transaction adds one to the count in that transaction. A stored results snapshot
 * names the count it was scored at (resultSnapshots.ts); any later entry, unit, rule set, setup,
 * self-assessment, stage or lock change, import, merge, sync pull or bundle opening moves the count and so
 * retires it, whichever function wrote — there is nothing for a new write path to remember.
 */
import type { DBCore, DBCoreMutateRequest, DBCoreTable, DBCoreTransaction, Middleware, Table } from 'dexie';
import type { InputChangesRow } from './schema';

/** The tables scoring reads (assessments.ts dataTables): a write to any of them changes results. */
export const INPUT_TABLES: ReadonlySet<string> = new Set(['assessments', 'ruleSets', 'units', 'assessors', 'entryPacks', 'selfAssessments']);

export const INPUT_CHANGES = 'inputChanges';
const KEY = 'inputs';

/** The count as stored now (0 before the first write since version 6). Read it inside the caller's transaction to pair it with a read. */
export async function readInputChanges(db: { inputChanges: Table<InputChangesRow, string> }): Promise<number> {
  return (await db.inputChanges.get(KEY))?.count ?? 0;
}

export const inputChangesMiddleware: Middleware<DBCore> = {
  stack: 'dbcore',
  name: 'inputChanges',
  create(down: DBCore): DBCore {
    const counted = down.schema.tables.some((t) => t.name === INPUT_CHANGES);
    if (!counted) return down; // a version before 6 (the upgrade's own steps): no count yet
    const counter = down.table(INPUT_CHANGES);
    /** one count per transaction, however many writes it makes */
    const bumped = new WeakMap<DBCoreTransaction, Promise<unknown>>();
    const bump = (trans: DBCoreTransaction): Promise<unknown> => {
      // an upgrade rewrites rows in place without changing what they mean; a version-change transaction
      // before version 6 has no count to move
      if ((trans as unknown as IDBTransaction).mode === 'versionchange') return Promise.resolve();
      let done = bumped.get(trans);
      if (!done) {
        done = counter
          .get({ trans, key: KEY })
          .then((row: { count?: number } | undefined) => counter.mutate({ type: 'put', trans, values: [{ key: KEY, count: (row?.count ?? 0) + 1 }] }));
        bumped.set(trans, done);
      }
      return done;
    };
    return {
      ...down,
      transaction(stores, mode, options) {
        const widen = mode === 'readwrite' && !stores.includes(INPUT_CHANGES) && stores.some((s) => INPUT_TABLES.has(s));
        return down.transaction(widen ? [...stores, INPUT_CHANGES] : stores, mode, options);
      },
      table(name: string): DBCoreTable {
        const table = down.table(name);
        if (!INPUT_TABLES.has(name)) return table;
        return {
          ...table,
          mutate: (req: DBCoreMutateRequest) => Promise.all([bump(req.trans), table.mutate(req)]).then(([, res]) => res),
        };
      },
    };
  },
};
