/**
 * The support-line check itself: it must fail on syntax and APIs newer than the line, or a dependency
 * that raises the floor would slip through to an office's older browser.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkDist, esCheck, unpolyfilledApis } from '../../scripts/checkBrowserLine';
import { ES_LEVEL } from '../../scripts/browserLine';

const work = mkdtempSync(join(tmpdir(), 'zwgk-browser-line-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A minimal built folder: one app chunk, the browser check and the service-worker registration. */
function dist(name: string, chunk: string, check = 'var ok = true;'): string {
  const dir = join(work, name);
  mkdirSync(join(dir, 'assets'), { recursive: true });
  writeFileSync(join(dir, 'assets', 'index-abc.js'), chunk);
  writeFileSync(join(dir, 'browser-check.js'), check);
  writeFileSync(join(dir, 'registerSW.js'), "if('serviceWorker' in navigator) {window.addEventListener('load', () => {})}");
  return dir;
}

describe('the browser line check', () => {
  it(`passes ${ES_LEVEL} syntax and polyfilled APIs`, () => {
    const ok = dist('ok', 'export const f = (a) => { a.x ??= 1; return [1, 2].at(-1) + Object.hasOwn(a, "x") + a?.y; };\n');
    expect(checkDist(ok)).toEqual([]);
  });

  it('fails on syntax newer than the line (a class static block, ES2022)', () => {
    const bad = dist('static-block', 'export class A { static { globalThis.a = 1; } }\n');
    const problems = checkDist(bad);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/syntax newer than es2021.*index-abc\.js/);
  });

  it('fails on top-level await, which cannot be lowered', () => {
    expect(esCheck(ES_LEVEL, [dist('tla', 'export const a = await Promise.resolve(1);\n') + '/assets/index-abc.js'], true)).toHaveLength(1);
  });

  it('fails when the browser check is not ES5', () => {
    const problems = checkDist(dist('check-es6', 'export const a = 1;\n', 'const shown = () => true;'));
    expect(problems.join('\n')).toMatch(/syntax newer than es5.*browser-check\.js/);
  });

  it('fails on an API newer than the line without its polyfill, and names the polyfill', () => {
    const problems = checkDist(dist('findlast', 'export const f = (a) => a.findLast((x) => x > 1);\n'));
    expect(problems).toEqual([expect.stringMatching(/uses Array\.prototype\.findLast \(Chromium 97\).*es\.array\.find-last/)]);
  });

  it('accepts a newer API that the library tests for first, and only then', () => {
    const guarded = 'var h=typeof Uint8Array.from([]).toHex==`function`&&typeof Uint8Array.fromHex==`function`;function _(e){if(h)return e.toHex();return ""}';
    expect(unpolyfilledApis(guarded)).toEqual([]);
    expect(unpolyfilledApis('function _(e){return e.toHex()}').map((a) => a.name)).toEqual(['Uint8Array hex/base64']);
    expect(unpolyfilledApis('x.randomUUID()').map((a) => a.name)).toEqual(['crypto.randomUUID']);
  });
});
