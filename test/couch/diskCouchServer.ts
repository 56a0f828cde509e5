/**
 * A CouchDB-compatible test server that keeps its data on disk and runs in a process of its own
 * (diskCouchMain.ts: express-pouchdb over LevelDB in a temporary folder), so a test can kill it the way
 * a machine loses a server: `kill -9`, with whatever it had written in its files and nothing else, then
 * start a new process on the same port and folder.
 *
 * `killAt` holds the next matching request in the server (before it is handled, or after it was handled
 * and before the answer leaves) and kills the process with SIGKILL as soon as it is held.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ADMIN, setFirstAdmin, type KillPoint } from './couchServer';
import type { HoldMessage } from './diskCouchMain';

export interface DiskCouchServer {
  url: string;
  adminUrl: string;
  port: number;
  /** the data folder */
  dir: string;
  /** SIGKILL now (nothing is flushed or closed); resolves once the process is gone */
  kill(): Promise<void>;
  /**
   * SIGKILL once the next matching request is held at `when`; resolves once the process is gone. Asked
   * while the server is down, it holds from the next start on, before the port opens.
   */
  killAt(match: Omit<HoldMessage['hold'], 'when'>, when: KillPoint): Promise<void>;
  /** a new process on the same port and folder; resolves once it answers */
  start(): Promise<void>;
  /** the process ids this server has had, in order (each start makes a new one) */
  pids: number[];
  /** kills the process and removes the folder */
  close(): Promise<void>;
}

const MAIN = fileURLToPath(new URL('./diskCouchMain.ts', import.meta.url));

function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.on('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => ok(port));
    });
  });
}

export async function startDiskCouchServer(): Promise<DiskCouchServer> {
  const dir = mkdtempSync(join(tmpdir(), 'couch-disk-'));
  const port = await freePort();
  let child: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();
  let output = '';
  const pids: number[] = [];
  let queued: { hold: HoldMessage; killed: () => void } | null = null;

  /** Kills `c` with SIGKILL as soon as it says it holds a request. */
  const killWhenHeld = (c: ChildProcess, killed: () => void) => {
    const onMessage = (m: { held?: string }) => {
      if (m.held === undefined) return;
      c.off('message', onMessage);
      c.kill('SIGKILL');
      void exited.then(killed);
    };
    c.on('message', onMessage);
  };

  const start = async () => {
    if (child) throw new Error('test server: already running');
    const env = { ...process.env, ...(queued && { TEST_COUCH_HOLD: JSON.stringify(queued.hold) }) };
    const c = spawn(process.execPath, ['--import', 'tsx', MAIN, String(port), dir], { stdio: ['ignore', 'pipe', 'pipe', 'ipc'], env });
    child = c;
    pids.push(c.pid!);
    c.stdout?.on('data', (d: Buffer) => (output += d.toString()));
    c.stderr?.on('data', (d: Buffer) => (output += d.toString()));
    exited = new Promise<void>((ok) => c.once('exit', () => ((child = undefined), ok())));
    if (queued) killWhenHeld(c, queued.killed);
    queued = null;
    await new Promise<void>((ok, fail) => {
      const onMessage = (m: { listening?: number }) => {
        if (m.listening === undefined) return;
        c.off('message', onMessage);
        ok();
      };
      c.on('message', onMessage);
      void exited.then(() => fail(new Error(`test server process ended before serving:\n${output}`)));
    });
  };
  const kill = async () => {
    const c = child;
    if (!c) return;
    c.kill('SIGKILL');
    await exited;
  };
  const killAt: DiskCouchServer['killAt'] = (match, when) =>
    new Promise<void>((killed) => {
      const hold: HoldMessage = { hold: { ...match, when } };
      const c = child;
      if (!c) return void (queued = { hold, killed });
      killWhenHeld(c, killed);
      c.send(hold);
    });

  await start();
  const url = `http://127.0.0.1:${port}`;
  await setFirstAdmin(url);
  // the session secret written to the configuration file, as a CouchDB keeps it in local.ini: logins
  // made before a restart stay valid after it (the test server would otherwise draw a new one per process)
  const secret = await fetch(`${url}/_config/couch_httpd_auth/secret`, {
    method: 'PUT',
    headers: { authorization: `Basic ${btoa(`${ADMIN.name}:${ADMIN.password}`)}` },
    body: JSON.stringify(randomBytes(16).toString('hex')),
  });
  if (!secret.ok) throw new Error(`test server: could not set the session secret (${secret.status})`);
  return {
    url,
    adminUrl: `http://${ADMIN.name}:${ADMIN.password}@127.0.0.1:${port}`,
    port,
    dir,
    kill,
    killAt,
    start,
    pids,
    close: async () => {
      await kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
