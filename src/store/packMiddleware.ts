/**
 * The packs of entries in columns (packCodec.ts), below every other part of the store: a DBCore
 * middleware directly above IndexedDB turns each pack written into columns and each pack read back into
 * entries. Every read and write of `unitPacks` (and of `entryPacks`, the table before version 10, which
 * upgrades still read) — by the repositories, live queries, upgrades — sees packs of entries as before;
 * only IndexedDB sees columns. The one writer that makes columns itself is opening a file
 * (fedBundle.ts, scannedColumns.ts): a unit row it gives in columns already is stored as it is.
 */
import type { DBCore, DBCoreCursor, DBCoreTable, Middleware } from 'dexie';
import { decodePack, decodeUnitPacks, encodePack, encodeUnitPacks } from './packCodec';
import type { EntryPackRow, UnitPacksRow } from './schema';

/** The table of packs before version 10, one row per pack. */
const PACKS = 'entryPacks';
export const UNIT_PACKS = 'unitPacks';

type Codec = { encode: (row: unknown) => unknown; decode: (row: unknown) => unknown };
const CODECS: Record<string, Codec> = {
  [PACKS]: { encode: (v) => encodePack(v as EntryPackRow), decode: (v) => decodePack(v as EntryPackRow) },
  [UNIT_PACKS]: { encode: (v) => encodeUnitPacks(v as UnitPacksRow), decode: (v) => decodeUnitPacks(v as UnitPacksRow) },
};

/** The cursor with its value as entries (decoded once per row it stands on). */
function decodingCursor(cursor: DBCoreCursor, decode: (row: unknown) => unknown): DBCoreCursor {
  let raw: unknown;
  let decoded: unknown;
  return Object.create(cursor, {
    value: {
      get() {
        const v: unknown = cursor.value;
        if (v !== raw) {
          raw = v;
          decoded = v === undefined ? undefined : decode(v);
        }
        return decoded;
      },
    },
    next: { value: () => cursor.next().then((c) => (c ? decodingCursor(c, decode) : c)) },
  }) as DBCoreCursor;
}

export const packMiddleware: Middleware<DBCore> = {
  stack: 'dbcore',
  name: 'packColumns',
  // below Dexie's own middlewares (level 0: live queries, their cache): they see entries
  level: -1,
  create(down: DBCore): DBCore {
    return {
      ...down,
      table(name: string): DBCoreTable {
        const table = down.table(name);
        const codec = CODECS[name];
        if (!codec) return table;
        const decode = (row: unknown) => (row === undefined ? undefined : codec.decode(row));
        return {
          ...table,
          mutate: (req) => (req.type === 'add' || req.type === 'put' ? table.mutate({ ...req, values: req.values.map(codec.encode) }) : table.mutate(req)),
          get: (req) => table.get(req).then(decode),
          getMany: (req) => table.getMany(req).then((rows) => rows.map(decode)),
          query: (req) => (req.values ? table.query(req).then((res) => ({ ...res, result: res.result.map(decode) })) : table.query(req)),
          openCursor: (req) => table.openCursor(req).then((c) => (c && req.values !== false ? decodingCursor(c, decode) : c)),
        };
      },
    };
  },
};
