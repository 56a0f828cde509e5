/**
 * The change count of the scoring inputs, kept by the database itself: a DBCore middleware widens every
 * read-write transaction that may write an input table to the count's store as well, and the first write
 * to an input table in a transaction adds one to the count in that transaction. A stored results snapshot
 * names the count it was scored at (resultSnapshots.ts); any later entry, unit, rule set, setup,
 * self-assessment, stage or lock change, import, merge, sync pull or bundle opening moves the count and so
 * retires it, whichever function wrote — there is nothing for a new write path to remember. Writes to
 * packs of entries are also counted per assessment (readPackChanges), the same way.
 */
import type { DBCore, DBCoreMutateRequest, DBCoreTable, DBCoreTransaction, Middleware, Table } from 'dexie';
import { UNIT_PACKS } from './packMiddleware';
import type { InputChangesRow } from './schema';

/** The tables scoring reads (assessments.ts dataTables): a write to any of them changes results. */
export const INPUT_TABLES: ReadonlySet<string> = new Set(['assessments', 'ruleSets', 'units', 'assessors', 'unitPacks', 'selfAssessments']);

export const INPUT_CHANGES = 'inputChanges';
const KEY = 'inputs';
/** the count of writes to packs whose assessments a write could not name */
const ANY_PACKS = 'packs:*';
const packsKey = (assessmentId: string) => `packs:${assessmentId}`;

/** The count as stored now (0 before the first write since version 6). Read it inside the caller's transaction to pair it with a read. */
export async function readInputChanges(db: { inputChanges: Table<InputChangesRow, string> }): Promise<number> {
  return (await db.inputChanges.get(KEY))?.count ?? 0;
}

/**
 * Where the writes to an assessment's packs of entries stand: unchanged between two readings exactly
 * when no write since the first could have changed them. Dexie tells live readers the keys of a write
 * of fewer than 50 rows, but a larger one only as "anything may have changed"; this lets a reader tell
 * such a write to another assessment (opening a year's file) from one to its own.
 */
export async function readPackChanges(db: { inputChanges: Table<InputChangesRow, string> }, assessmentId: string): Promise<string> {
  const [own, any] = await db.inputChanges.bulkGet([packsKey(assessmentId), ANY_PACKS]);
  return `${own?.count ?? 0}/${any?.count ?? 0}`;
}

/** The assessments a write to the packs names: by the rows written, the keys deleted, or a range within one assessment; ANY_PACKS otherwise. */
function packsWritten(req: DBCoreMutateRequest): string[] {
  const named = new Set<string>();
  const name = (id: unknown) => named.add(typeof id === 'string' ? packsKey(id) : ANY_PACKS);
  switch (req.type) {
    case 'add':
    case 'put':
      for (const v of req.values) name((v as { assessmentId?: unknown } | undefined)?.assessmentId);
      break;
    case 'delete':
      for (const k of req.keys) name(Array.isArray(k) ? k[0] : undefined);
      break;
    case 'deleteRange': {
      const { lower, upper } = req.range;
      name(Array.isArray(lower) && Array.isArray(upper) && lower[0] === upper[0] ? lower[0] : undefined);
    }
  }
  return [...named];
}

export const inputChangesMiddleware: Middleware<DBCore> = {
  stack: 'dbcore',
  name: 'inputChanges',
  create(down: DBCore): DBCore {
    const counted = down.schema.tables.some((t) => t.name === INPUT_CHANGES);
    if (!counted) return down; // a version before 6 (the upgrade's own steps): no count yet
    const counter = down.table(INPUT_CHANGES);
    /** one count per transaction and key, however many writes it makes */
    const bumped = new WeakMap<DBCoreTransaction, Map<string, Promise<unknown>>>();
    const bump = (trans: DBCoreTransaction, key: string): Promise<unknown> => {
      // an upgrade rewrites rows in place without changing what they mean; a version-change transaction
      // before version 6 has no count to move
      if ((trans as unknown as IDBTransaction).mode === 'versionchange') return Promise.resolve();
      let keys = bumped.get(trans);
      if (!keys) bumped.set(trans, (keys = new Map()));
      let done = keys.get(key);
      if (!done) {
        done = counter
          .get({ trans, key })
          .then((row: { count?: number } | undefined) => counter.mutate({ type: 'put', trans, values: [{ key, count: (row?.count ?? 0) + 1 }] }));
        keys.set(key, done);
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
          mutate: (req: DBCoreMutateRequest) => {
            const counted = Promise.all((name === UNIT_PACKS ? [KEY, ...packsWritten(req)] : [KEY]).map((k) => bump(req.trans, k)));
            return Promise.all([counted, table.mutate(req)]).then(([, res]) => res);
          },
        };
      },
    };
  },
};
