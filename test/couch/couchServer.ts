/**
 * A CouchDB-compatible server for tests: express-pouchdb over in-memory PouchDB, on 127.0.0.1 and a free
 * port, with an admin (`admin` / `admin-pw`), cookie sessions, `_users`, `_security` and
 * `validate_doc_update` as CouchDB has them. CORS is open to any origin with credentials, as a CouchDB
 * configured for the app's origin would be.
 *
 * `stop()` closes the port and cuts every open connection (a server killed mid-request), `start()`
 * opens the same port again; the data lives in this process, so it survives like a CouchDB's on disk.
 * For a real process killed with SIGKILL and started again over its files, see diskCouchServer.ts (the
 * same handler, `couchApp`, over LevelDB in a child process).
 *
 * `/_db_updates` (CouchDB's feed of updated databases) is emulated in dbUpdates.ts.
 *
 * Several servers may run in one process (the sync bench starts one per scale). Each keeps its documents
 * under its own prefix; only the list of database names (`_all_dbs`) is pouchdb-core's one list, so a
 * server may name a database another made, and finds it empty.
 */
import { createServer, type Server } from 'node:http';
import type { Socket } from 'node:net';
import { readFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { dbUpdatesFeed } from './dbUpdates';

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

/** Where a held request stops: before it is handled, or after the server handled it but before the answer leaves. */
export type KillPoint = 'before' | 'afterWrite';

/** A request as the server saw it arrive: method, path and the body's declared size. */
export interface SeenRequest {
  method: string;
  url: string;
  bytes: number;
}

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
  killAt(matches: (method: string, url: string) => boolean, when: KillPoint): Promise<void>;
  start(): Promise<void>;
  close(): Promise<void>;
  /** every request since the server was made, in order of arrival */
  seen: SeenRequest[];
  /**
   * Writes documents straight into a database's store in this process (`bulkDocs` with `new_edits: false`,
   * in large batches), not over HTTP and without the validation function: to fill a server for a bench.
   */
  seed(db: string, docs: readonly object[], batchSize?: number): Promise<void>;
}

type PouchCore = { plugin(p: unknown): PouchCore; defaults(o: Record<string, unknown>): unknown };
/** pouchdb-core's one class, given the plugins it needs once: a plugin added again throws (`replicate` defined twice) */
let core: PouchCore | undefined;
const adapters = new Set<unknown>();

/**
 * The PouchDB constructor with the plugins the server needs, over the given storage adapter. The plugins
 * change pouchdb-core's class itself, so they are added once per process, however many servers it starts.
 */
export function pouchWith(adapter: unknown): { defaults(o: Record<string, unknown>): unknown } {
  core ??= (require('pouchdb-core') as PouchCore).plugin(require('pouchdb-adapter-http')).plugin(require('pouchdb-mapreduce')).plugin(require('pouchdb-replication'));
  if (!adapters.has(adapter)) core.plugin(adapter);
  adapters.add(adapter);
  return core;
}

/** Tells a request by its method, path and headers (a test's front may name its machine in a header). */
export type RequestMatch = (method: string, url: string, headers: Record<string, string | string[] | undefined>) => boolean;

export interface CouchApp {
  /** the request handler for `http.createServer` */
  handler: (req: unknown, res: unknown) => void;
  /** the next request `matches` accepts is held at `when` and `hit` is called instead of answering it */
  holdAt(matches: RequestMatch, when: KillPoint, hit: () => void): void;
  seen: SeenRequest[];
}

/**
 * The CouchDB-compatible request handler (express-pouchdb over `Pouch`), with CORS open to any origin
 * with credentials and a hook that holds one chosen request (where a test kills the server). The
 * server's configuration (its admin) lives in memory or in the file `configPath`.
 */
export function couchApp(Pouch: unknown, config: { configPath?: string; dbUpdates?: boolean } = {}): CouchApp {
  loadFixedValidation();
  const express = require('express');
  const expressPouch = require('express-pouchdb');
  const app = express();
  const seen: SeenRequest[] = [];
  let hold: { matches: RequestMatch; when: KillPoint; hit: () => void } | null = null;
  app.use((req: { method: string; url: string; headers: Record<string, string | undefined> }, res: { end: (...a: unknown[]) => unknown; socket: Socket | null }, next: () => void) => {
    seen.push({ method: req.method, url: req.url, bytes: Number(req.headers['content-length'] ?? 0) });
    if (!hold?.matches(req.method, req.url, req.headers)) return next();
    const { when, hit } = hold;
    hold = null;
    if (when === 'before') return hit();
    res.end = () => {
      hit();
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
  const exclude = ['routes/fauxton', 'routes/replicate', 'routes/find', 'routes/ddoc-info', 'routes/view-cleanup', 'routes/temp-views', 'routes/list', 'routes/show', 'routes/update', 'routes/rewrite', 'routes/vhosts', 'replicator', 'routes/uuids', 'routes/log', 'routes/http-log'];
  const where = config.configPath ? { configPath: config.configPath } : { inMemoryConfig: true };
  // CouchDB's feed of updated databases, which express-pouchdb lacks (dbUpdates.ts); left out, the
  // server answers it as CouchDB without a `_global_changes` database does: not found
  if (config.dbUpdates !== false) app.use(dbUpdatesFeed());
  app.use('/', expressPouch(Pouch, { mode: 'fullCouchDB', overrideMode: { exclude }, ...where, logPath: '/dev/null' }));
  return { handler: app, holdAt: (matches, when, hit) => (hold = { matches, when, hit }), seen };
}

/** Makes the first admin over HTTP, as on a new CouchDB (a fresh server is an "admin party"). */
export async function setFirstAdmin(url: string): Promise<void> {
  const res = await fetch(`${url}/_config/admins/${ADMIN.name}`, { method: 'PUT', body: JSON.stringify(ADMIN.password) });
  if (!res.ok) throw new Error(`test server: could not set the admin (${res.status})`);
}

/** `dbUpdates: false`: without `/_db_updates` (a CouchDB without `_global_changes`). */
export async function startCouchServer(options: { dbUpdates?: boolean } = {}): Promise<CouchServer> {
  const prefix = `couch-test-${process.pid}-${++instances}-`;
  const Pouch = pouchWith(require('pouchdb-adapter-memory')).defaults({ adapter: 'memory', prefix });
  const app = couchApp(Pouch, options);
  let server: Server | undefined;
  const sockets = new Set<Socket>();
  let port = 0;
  const start = () =>
    new Promise<void>((resolve, reject) => {
      const s = createServer(app.handler as Parameters<typeof createServer>[1]);
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
  await setFirstAdmin(url);
  const killAt = (matches: (method: string, url: string) => boolean, when: KillPoint) => new Promise<void>((killed) => app.holdAt(matches, when, () => void stop().then(killed)));
  const seed = async (db: string, docs: readonly object[], batchSize = 20_000) => {
    // the same store the server reads: PouchDB shares a memory database by name within the process
    const target = new (Pouch as new (name: string) => { bulkDocs(d: object[], o: object): Promise<{ error?: string; reason?: string; id?: string }[]> })(db);
    for (let i = 0; i < docs.length; i += batchSize) {
      const r = await target.bulkDocs(docs.slice(i, i + batchSize), { new_edits: false });
      const bad = r.find((x) => x.error);
      if (bad) throw new Error(`test server: seeding ${db} failed at ${bad.id}: ${bad.reason}`);
    }
  };
  return { url, adminUrl: `http://${ADMIN.name}:${ADMIN.password}@127.0.0.1:${port}`, port, stop, start, killAt, close: stop, seen: app.seen, seed };
}
