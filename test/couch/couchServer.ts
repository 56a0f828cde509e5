/**
 * A CouchDB-compatible server for tests: express-pouchdb over in-memory PouchDB, on 127.0.0.1 and a free
 * port, with an admin (`admin` / `admin-pw`), cookie sessions, `_users`, `_security` and
 * `validate_doc_update` as CouchDB has them. CORS is open to any origin with credentials, as a CouchDB
 * configured for the app's origin would be.
 *
 * `stop()` closes the port and cuts every open connection (a server killed mid-request), `start()`
 * opens the same port again; the data lives in this process, so it survives like a CouchDB's on disk.
 */
import { createServer, type Server } from 'node:http';
import type { Socket } from 'node:net';
import { readFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/**
 * pouchdb-validation 4.2 replaces a written document's `_revisions` with those of the stored version
 * before validating it, so a revision replicated with `new_edits: false` beside another (a CouchDB
 * conflict) is dropped, where CouchDB keeps it. Loaded here with that line fixed: the ancestry the
 * writer sent is kept.
 */
function loadFixedValidation(): void {
  const path = createRequire(require.resolve('express-pouchdb')).resolve('pouchdb-validation');
  if (require.cache[path]) return;
  const broken = 'newDoc._revisions = (oldDoc || {})._revisions;';
  const source = readFileSync(path, 'utf8');
  if (!source.includes(broken)) throw new Error('test server: pouchdb-validation changed, check its _revisions handling');
  const m = new Module(path) as Module & { _compile(code: string, file: string): void; paths: string[] };
  m.filename = path;
  m.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(path.slice(0, path.lastIndexOf('/')));
  m._compile(source.replace(broken, 'if (!newDoc._revisions) newDoc._revisions = (oldDoc || {})._revisions;'), path);
  m.loaded = true;
  require.cache[path] = m;
}

export const ADMIN = { name: 'admin', password: 'admin-pw' };

let instances = 0;

export interface CouchServer {
  url: string;
  /** http://admin:admin-pw@127.0.0.1:port */
  adminUrl: string;
  port: number;
  stop(): Promise<void>;
  /**
   * Kills the server at the first request `matches` accepts: before it is handled, or after the server
   * handled it but before the answer leaves (the client never learns its write was stored).
   */
  killAt(matches: (method: string, url: string) => boolean, when: 'before' | 'afterWrite'): Promise<void>;
  start(): Promise<void>;
  close(): Promise<void>;
  /**
   * Writes documents straight into a database's store in this process (`bulkDocs` with `new_edits: false`,
   * in large batches), not over HTTP and without the validation function: to fill a server for a bench.
   */
  seed(db: string, docs: readonly object[], batchSize?: number): Promise<void>;
}

export async function startCouchServer(): Promise<CouchServer> {
  const PouchDB = require('pouchdb-core')
    .plugin(require('pouchdb-adapter-memory'))
    .plugin(require('pouchdb-adapter-http'))
    .plugin(require('pouchdb-mapreduce'))
    .plugin(require('pouchdb-replication'));
  loadFixedValidation();
  const express = require('express');
  const expressPouch = require('express-pouchdb');
  const app = express();
  let kill: { matches: (method: string, url: string) => boolean; when: 'before' | 'afterWrite'; killed: () => void } | null = null;
  app.use((req: { method: string; url: string }, res: { end: (...a: unknown[]) => unknown; socket: Socket | null }, next: () => void) => {
    if (!kill?.matches(req.method, req.url)) return next();
    const { when, killed } = kill;
    kill = null;
    if (when === 'before') {
      void stop().then(killed);
      return;
    }
    res.end = () => {
      void stop().then(killed);
      return res;
    };
    next();
  });
  app.use((req: { method: string; headers: Record<string, string | undefined> }, res: { setHeader(k: string, v: string): void; status(n: number): { end(): void } }, next: () => void) => {
    const origin = req.headers.origin;
    if (origin) {
      res.setHeader('Access-Control-Allow-Origin', origin);
      res.setHeader('Access-Control-Allow-Credentials', 'true');
      res.setHeader('Access-Control-Allow-Headers', 'accept, content-type, authorization');
      res.setHeader('Access-Control-Allow-Methods', 'GET, PUT, POST, DELETE, HEAD');
      if (req.method === 'OPTIONS') return res.status(204).end();
    }
    next();
  });
  const prefix = `couch-test-${process.pid}-${++instances}-`;
  const Pouch = PouchDB.defaults({ adapter: 'memory', prefix });
  const exclude = ['routes/fauxton', 'routes/replicate', 'routes/find', 'routes/ddoc-info', 'routes/view-cleanup', 'routes/temp-views', 'routes/list', 'routes/show', 'routes/update', 'routes/rewrite', 'routes/vhosts', 'replicator', 'routes/uuids', 'routes/log', 'routes/http-log'];
  app.use('/', expressPouch(Pouch, { mode: 'fullCouchDB', overrideMode: { exclude }, inMemoryConfig: true, logPath: '/dev/null' }));

  let server: Server | undefined;
  const sockets = new Set<Socket>();
  let port = 0;
  const start = () =>
    new Promise<void>((resolve, reject) => {
      const s = createServer(app);
      s.on('connection', (socket: Socket) => {
        sockets.add(socket);
        socket.on('close', () => sockets.delete(socket));
      });
      s.once('error', reject);
      s.listen(port, '127.0.0.1', () => {
        port = (s.address() as { port: number }).port;
        server = s;
        resolve();
      });
    });
  const stop = () =>
    new Promise<void>((resolve) => {
      if (!server) return resolve();
      server.close(() => resolve());
      for (const socket of sockets) socket.destroy();
      server = undefined;
    });
  await start();
  const url = `http://127.0.0.1:${port}`;
  // a fresh server is an "admin party": the first admin is set over HTTP, as on a new CouchDB
  const res = await fetch(`${url}/_config/admins/${ADMIN.name}`, { method: 'PUT', body: JSON.stringify(ADMIN.password) });
  if (!res.ok) throw new Error(`test server: could not set the admin (${res.status})`);
  const killAt = (matches: (method: string, url: string) => boolean, when: 'before' | 'afterWrite') => new Promise<void>((killed) => (kill = { matches, when, killed }));
  const seed = async (db: string, docs: readonly object[], batchSize = 20_000) => {
    // the same store the server reads: PouchDB shares a memory database by name within the process
    const target = new Pouch(db);
    for (let i = 0; i < docs.length; i += batchSize) {
      const r: { error?: string; reason?: string; id?: string }[] = await target.bulkDocs(docs.slice(i, i + batchSize), { new_edits: false });
      const bad = r.find((x) => x.error);
      if (bad) throw new Error(`test server: seeding ${db} failed at ${bad.id}: ${bad.reason}`);
    }
  };
  return { url, adminUrl: `http://${ADMIN.name}:${ADMIN.password}@127.0.0.1:${port}`, port, stop, start, killAt, close: stop, seed };
}
