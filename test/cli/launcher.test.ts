/**
 * `npm run score` through its launcher (scripts/cli.cjs): the bundled tool with V8's code cache gives
 * what the sources give, whether the cache is missing, good, or belongs to something else; the build is
 * made again exactly when a file it was built from changes; and the build hashes with Node's SHA-256.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runScore } from '../../src/cli/scoreReport';

const DEMO = 'public/demo/demo-bundle.json';
const CACHE = '.cache/cli/score.cjs.v8cache';
const MANIFEST = '.cache/cli/manifest.json';
const BUSY_CACHE = '.cache/cli/score.cjs.busy.v8cache';
/** the score tool; `mode` pins V8's settings (else the machine's load picks them, see busyFlags) */
const cli = (launcher = 'scripts/cli.cjs', mode: 'idle' | 'busy' = 'idle') =>
  execFileSync(process.execPath, [launcher, 'score', DEMO, '--format', 'csv'], { encoding: 'utf8', env: { ...process.env, CLI_V8: mode } });
const build = () => execFileSync(process.execPath, ['scripts/cli.cjs', '--build']);
const builtAt = (): number => (JSON.parse(readFileSync(MANIFEST, 'utf8')) as { startedAt: number }).startedAt;

describe('scripts/cli.cjs score', () => {
  it('prints what runScore gives, without a cache, with the cache it made, and over a foreign cache', { timeout: 120_000 }, () => {
    const expected = runScore([DEMO, '--format', 'csv'], (p) => readFileSync(p)).stdout;
    expect(expected).toContain('排名');
    build();
    rmSync(CACHE, { force: true });
    expect(cli()).toBe(expected);
    expect(existsSync(CACHE)).toBe(true);
    const made = readFileSync(CACHE);
    expect(cli()).toBe(expected);
    // the first name of the launcher hands over to it
    expect(cli('scripts/cli.mjs')).toBe(expected);
    // the same length under another key, and bytes V8 cannot read: neither reaches the tool's code
    writeFileSync(CACHE, Buffer.alloc(made.length, 7));
    expect(cli()).toBe(expected);
    expect(readFileSync(CACHE).subarray(0, 32).equals(made.subarray(0, 32))).toBe(true);
    const garbled = Buffer.concat([made.subarray(0, 32), Buffer.alloc(made.length - 32, 7)]);
    writeFileSync(CACHE, garbled);
    expect(cli()).toBe(expected);
    expect(readFileSync(CACHE).equals(garbled)).toBe(false);
  });

  it('gives the same on a busy machine, where V8 optimises later, with a cache of its own', { timeout: 120_000 }, () => {
    const expected = runScore([DEMO, '--format', 'csv'], (p) => readFileSync(p)).stdout;
    build();
    expect(cli()).toBe(expected);
    const idle = readFileSync(CACHE);
    rmSync(BUSY_CACHE, { force: true });
    expect(cli('scripts/cli.cjs', 'busy')).toBe(expected);
    // V8 refuses a cache made under other settings: the busy runs keep theirs, the idle cache stays as it was
    const busy = readFileSync(BUSY_CACHE);
    expect(busy.subarray(0, 32).equals(idle.subarray(0, 32))).toBe(false);
    expect(cli('scripts/cli.cjs', 'busy')).toBe(expected);
    expect(readFileSync(BUSY_CACHE).equals(busy)).toBe(true);
    expect(cli()).toBe(expected);
    expect(readFileSync(CACHE).equals(idle)).toBe(true);
  });

  it('builds again when a source is saved or a file is added beside one, and not otherwise', { timeout: 120_000 }, () => {
    build();
    const first = builtAt();
    build();
    expect(builtAt()).toBe(first);
    // a source saved after the build (its time set just after the build began)
    const source = 'src/cli/scoreReport.ts';
    const later = new Date(first + 1000);
    utimesSync(source, later, later);
    build();
    const second = builtAt();
    expect(second).toBeGreaterThan(first);
    // a new file in a source folder could change what an import resolves to
    const added = 'src/cli/zz-launcher-probe.ts';
    try {
      writeFileSync(added, 'export {};\n');
      utimesSync('src/cli', new Date(second + 1000), new Date(second + 1000));
      build();
      expect(builtAt()).toBeGreaterThan(second);
    } finally {
      rmSync(added, { force: true });
    }
    expect(cli()).toBe(runScore([DEMO, '--format', 'csv'], (p) => readFileSync(p)).stdout);
  });

  it('hashes with Node\'s SHA-256 in the built tools, not the script one', () => {
    build();
    const { tools } = JSON.parse(readFileSync(MANIFEST, 'utf8')) as { tools: Record<string, string[]> };
    expect(tools.score).toContain('src/cli/nodeSha2.ts');
    expect(tools.score).toContain('src/cli/score.ts');
    const built = readFileSync('.cache/cli/score.cjs', 'utf8');
    // a constant of the script implementation's first round (SHA-256's K[0], 0x428a2f98)
    expect(built.includes('1116352408') || built.toLowerCase().includes('0x428a2f98')).toBe(false);
  });

  it('runs zod without compiling parsers (src/cli/zodJitless.ts comes before every schema)', { timeout: 60_000 }, () => {
    build();
    const dir = mkdtempSync(join(tmpdir(), 'zwgk-launcher-'));
    try {
      // counts what the Function constructor makes: zod's compiled parsers are made with it
      const counter = join(dir, 'count.cjs');
      writeFileSync(
        counter,
        `const F = globalThis.Function; let n = 0;
globalThis.Function = new Proxy(F, { construct(t, a) { n++; return new t(...a); } });
process.on('exit', () => process.stderr.write('compiled=' + n + '\\n'));
`,
      );
      const run = spawnSync(process.execPath, ['--require', counter, 'scripts/cli.cjs', 'score', DEMO, '--format', 'csv'], { encoding: 'utf8' });
      expect(run.status).toBe(0);
      expect(run.stdout).toContain('排名');
      expect(run.stderr).toContain('compiled=0');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
