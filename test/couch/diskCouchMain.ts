/**
 * The disk-backed test server's own process (started by diskCouchServer.ts): express-pouchdb over
 * LevelDB files in a data folder, its configuration (the admin) in a file there too, so that after a
 * SIGKILL a new process on the same folder has exactly what the killed one had written.
 *
 * Arguments: port, data folder. Over IPC it says `{ listening: port }` once it serves, takes a
 * `HoldMessage` (hold the next such request; one may also come in TEST_COUCH_HOLD) and says `{ held: "<method> <url>" }` once that request is
 * held; the parent then kills this process.
 */
import { createRequire } from 'node:module';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { couchApp, pouchWith, type KillPoint } from './couchServer';

const require = createRequire(import.meta.url);
const [portArg, dir] = process.argv.slice(2);
if (!portArg || !dir) throw new Error('usage: diskCouchMain <port> <data folder>');

export interface HoldMessage {
  /** the next request with this method whose path contains `path` (sent by `machine`, when given), after `skip` such requests */
  hold: { method: string; path: string; machine?: string; skip?: number; when: KillPoint };
}

const Pouch = pouchWith(require('pouchdb-adapter-leveldb')).defaults({ adapter: 'leveldb', prefix: `${dir}/` });
const app = couchApp(Pouch, { configPath: join(dir, 'config.json') });

function hold(m: HoldMessage): void {
  const { method, path, machine, when } = m.hold;
  let skip = m.hold.skip ?? 0;
  let url = '';
  app.holdAt(
    (mth, u, headers) => mth === method && u.includes(path) && (machine === undefined || headers['x-test-machine'] === machine) && skip-- === 0 && ((url = u), true),
    when,
    () => process.send?.({ held: `${method} ${url}` }),
  );
}
process.on('message', hold);
// a hold asked for before this process started (the request may come as soon as the port opens)
if (process.env.TEST_COUCH_HOLD) hold(JSON.parse(process.env.TEST_COUCH_HOLD) as HoldMessage);

createServer(app.handler as Parameters<typeof createServer>[1]).listen(Number(portArg), '127.0.0.1', () => process.send?.({ listening: Number(portArg) }));
