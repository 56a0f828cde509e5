/**
 * A real server program (vite preview, nginx, the release's serve.py) started for a test: a free
 * loopback port, the process, and a stop that ends exactly that process.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { sleep } from './harness';

export async function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.on('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => ok(port));
    });
  });
}

export interface ServerProcess {
  url: string;
  output(): string;
  stop(): Promise<void>;
}

/** Starts `cmd args` and waits until `url` answers; the process's output is kept for failure messages. */
export async function startProcess(cmd: string, args: string[], url: string, opts: { cwd?: string } = {}): Promise<ServerProcess> {
  const child: ChildProcess = spawn(cmd, args, { cwd: opts.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  let exited = false;
  const done = new Promise<void>((ok) => child.on('exit', () => ((exited = true), ok())));
  const stop = async () => {
    if (!exited) child.kill('SIGTERM');
    await Promise.race([done, sleep(5000)]);
    if (!exited) child.kill('SIGKILL');
    await done;
  };
  for (let i = 0; i < 300; i++) {
    if (exited) throw new Error(`${cmd} exited before serving ${url}:\n${out}`);
    const up = await fetch(url).then(
      (r) => r.ok,
      () => false,
    );
    if (up) return { url, output: () => out, stop };
    await sleep(100);
  }
  await stop();
  throw new Error(`${cmd} did not serve ${url} within 30 s:\n${out}`);
}
