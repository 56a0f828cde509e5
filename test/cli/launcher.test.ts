/**
 * `npm run score` through its launcher (scripts/cli.mjs): the bundled tool with V8's code cache gives
 * what the sources give, whether the cache is missing, good, or belongs to something else.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runScore } from '../../src/cli/scoreReport';

const DEMO = 'public/demo/demo-bundle.json';
const CACHE = '.cache/cli/score.cjs.v8cache';
const cli = () => execFileSync(process.execPath, ['scripts/cli.mjs', 'score', DEMO, '--format', 'csv'], { encoding: 'utf8' });

describe('scripts/cli.mjs score', () => {
  it('prints what runScore gives, without a cache, with the cache it made, and over a foreign cache', { timeout: 120_000 }, () => {
    const expected = runScore([DEMO, '--format', 'csv'], (p) => readFileSync(p)).stdout;
    expect(expected).toContain('排名');
    execFileSync(process.execPath, ['scripts/cli.mjs', '--build']);
    rmSync(CACHE, { force: true });
    expect(cli()).toBe(expected);
    expect(existsSync(CACHE)).toBe(true);
    const made = readFileSync(CACHE);
    expect(cli()).toBe(expected);
    // the same length under another key, and bytes V8 cannot read: neither reaches the tool's code
    writeFileSync(CACHE, Buffer.alloc(made.length, 7));
    expect(cli()).toBe(expected);
    expect(readFileSync(CACHE).subarray(0, 32).equals(made.subarray(0, 32))).toBe(true);
    const garbled = Buffer.concat([made.subarray(0, 32), Buffer.alloc(made.length - 32, 7)]);
    writeFileSync(CACHE, garbled);
    expect(cli()).toBe(expected);
    expect(readFileSync(CACHE).equals(garbled)).toBe(false);
  });
});
