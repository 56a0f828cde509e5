/**
 * `GET /_db_updates` for the test server, which express-pouchdb lacks: CouchDB's feed of the databases
 * created, updated or deleted, for server admins only (docs.couchdb.org, "/_db_updates"), in its plain
 * form (`feed=normal`): `since` (a sequence, or `now`) → `{ results: [{ db_name, type, seq }], last_seq }`.
 * Sequences are opaque strings, as on CouchDB. A database counts as updated when a request that writes
 * its documents (PUT, DELETE or COPY of a document, POST of a new one or to `_bulk_docs`) is answered
 * with success; reads made with POST (`_revs_diff`, `_bulk_get`, `_all_docs`…) and `_local` documents,
 * which CouchDB keeps out of a database's changes, do not count.
 */
import { ADMIN } from './couchServer';

interface DbUpdate {
  db_name: string;
  type: 'created' | 'updated' | 'deleted';
  seq: string;
}

type Req = { method: string; url: string; headers: Record<string, string | undefined> };
type Res = { statusCode: number; on(event: 'finish', f: () => void): void; setHeader(k: string, v: string): void; end(body: string): void };

const seqOf = (n: number) => `${n}-emulated`;
const numberOf = (seq: string) => Number.parseInt(seq, 10);
/** Whether a request writes a database's documents: `parts` is the path, the database first. */
function writesDocs(method: string, parts: readonly string[]): boolean {
  if (parts.length === 1) return method === 'PUT' || method === 'DELETE' || method === 'POST';
  const [, first] = parts;
  if (first === '_bulk_docs') return method === 'POST';
  if (first === '_local' || first === '_security' || first!.startsWith('_') && first !== '_design') return false;
  return method === 'PUT' || method === 'DELETE' || method === 'COPY';
}

/** The middleware: answers `/_db_updates` and records successful writes to databases. */
export function dbUpdatesFeed(): (req: Req, res: Res, next: () => void) => void {
  const updates: DbUpdate[] = [];
  const admin = `Basic ${Buffer.from(`${ADMIN.name}:${ADMIN.password}`).toString('base64')}`;
  return (req, res, next) => {
    const url = new URL(req.url, 'http://server');
    const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    if (parts[0] === '_db_updates') {
      res.setHeader('content-type', 'application/json');
      if (req.method !== 'GET' || req.headers.authorization !== admin) {
        res.statusCode = 401;
        return res.end(JSON.stringify({ error: 'unauthorized', reason: 'You are not a server admin.' }));
      }
      const since = url.searchParams.get('since') ?? '0';
      const from = since === 'now' ? updates.length : numberOf(since) || 0;
      res.statusCode = 200;
      return res.end(JSON.stringify({ results: updates.slice(from), last_seq: seqOf(updates.length) }));
    }
    const db = parts[0];
    if (db && !db.startsWith('_') && writesDocs(req.method, parts)) {
      const type = parts.length === 1 && req.method === 'PUT' ? 'created' : parts.length === 1 && req.method === 'DELETE' ? 'deleted' : 'updated';
      res.on('finish', () => {
        if (res.statusCode < 300) updates.push({ db_name: db, type, seq: seqOf(updates.length + 1) });
      });
    }
    next();
  };
}
