/**
 * Browser machines syncing through a CouchDB-compatible server, for the sync browser tests. Each machine
 * reaches the app and, under /couchdb/, the server through its own front (one origin, as behind the
 * office's nginx, so the app's `connect-src 'self'` holds); a front can be cut off alone, as one laptop
 * leaving the intranet while the others stay on it.
 */
import { request as httpRequest, createServer, type Server } from 'node:http';
import type { Socket } from 'node:net';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import type { StaticServer } from './staticServer';
import { ADMIN, type CouchServer } from '../couch/couchServer';
import { CouchClient } from '../../src/sync/couch/http';
import { setupServer } from '../../src/sync/couch/setup';
import { entitiesOfBundle } from '../../src/sync/couch/plan';
import { parseBundle } from '../../src/formats/bundle';
import type { Bundle } from '../../src/model/assessment';

export interface Front {
  url: string;
  /** cut this front's way to the server (its requests fail as on a lost network) or restore it */
  setOffline(offline: boolean): void;
  close(): Promise<void>;
}

/**
 * The app and, under /couchdb/, the CouchDB: one origin. With `machine`, each request to the server
 * names it (header x-test-machine), so the server can tell the machines' requests apart.
 */
export async function sameOrigin(app: StaticServer, couch: Pick<CouchServer, 'url'>, opts: { machine?: string } = {}): Promise<Front> {
  let offline = false;
  const sockets = new Set<Socket>();
  const couchSockets = new Set<Socket>();
  const server: Server = createServer((req, res) => {
    const path = req.url ?? '/';
    const toCouch = path.startsWith('/couchdb/');
    if (toCouch && offline) {
      req.socket.destroy();
      return;
    }
    if (toCouch) couchSockets.add(req.socket);
    const upstream = new URL(toCouch ? couch.url : app.url);
    const out = httpRequest(
      { host: upstream.hostname, port: upstream.port, path: toCouch ? path.slice('/couchdb'.length) : path, method: req.method, headers: { ...req.headers, host: upstream.host, ...(toCouch && opts.machine && { 'x-test-machine': opts.machine }) } },
      (r) => {
        res.writeHead(r.statusCode ?? 502, r.headers);
        r.pipe(res);
        // the server died in the middle of its answer: the browser's connection is cut too, as nginx does
        r.on('close', () => {
          if (!r.complete) res.destroy();
        });
      },
    );
    out.on('error', () => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    req.pipe(out);
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => {
      sockets.delete(s);
      couchSockets.delete(s);
    });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}`,
    setOffline(value) {
      offline = value;
      // a waiting longpoll is cut too, as when the cable is pulled
      if (value) for (const s of couchSockets) s.destroy();
    },
    close: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}

export const demoBundle = (): Bundle => {
  const parsed = parseBundle(readFileSync('public/demo/demo-bundle.json', 'utf8'), 'demo-bundle.json');
  if (!parsed.ok) throw new Error('demo bundle does not parse');
  return parsed.bundle;
};

/** A database set up as `npm run server -- setup` does, with the demo assessment published. */
export async function publishDemo(couch: Pick<CouchServer, 'url'>, db: string, users: { name: string; password: string; roles: string[] }[]): Promise<void> {
  await setupServer(new CouchClient(couch.url, { basic: `${ADMIN.name}:${ADMIN.password}` }), db, users, entitiesOfBundle(demoBundle()));
}

/** Fills 服务器同步 on 导入导出 and logs in; waits until the first round is done. */
export async function logInToSync(page: Page, front: Front, db: string, user: string, password: string): Promise<void> {
  await page.fill('[data-testid="sync-server"]', `${front.url}/couchdb`);
  await page.fill('[data-testid="sync-db"]', db);
  await page.fill('[data-testid="sync-user"]', user);
  await page.fill('[data-testid="sync-password"]', password);
  await page.click('[data-testid="sync-enable"]');
  await page.waitForSelector('[data-testid="sync-on"]');
  await syncStateIs(page, 'synced');
}

export const syncStateIs = (page: Page, state: string, timeout = 30_000) => page.waitForSelector(`[data-testid="sync-state"][data-state="${state}"]`, { timeout });

export const pendingOf = (page: Page) => page.getAttribute('[data-testid="sync-state"]', 'data-pending');
