/**
 * `npm run score` builds zod's schemas without their compiled fast path (src/cli/zodJitless.ts): a single
 * run parses each schema once or twice, and compiling a parser per schema cost more than it saved. The
 * answers must not change: every file here, sound or damaged (in the rule sets, units, assessors and
 * assessment that zod reads, and the hostile corpus), gives the same output, messages and exit code with
 * the fast path and without it.
 */
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it, vi } from 'vitest';
import type { CliOutput } from '../../src/cli/scoreReport';
import { serializeBundle } from '../../src/formats/bundle';
import { parseBundle } from '../../src/formats/bundle';
import { hostileJson, seeded } from '../fixtures/hostileFiles';
import { utf8 } from '../fixtures/encodings';

type Json = Record<string, unknown>;
const zodConfig = globalThis as { __zod_globalConfig?: { jitless?: boolean } };

/** runScore from freshly loaded sources, their schemas built with zod's fast path or without it. */
async function scorer(jitless: boolean): Promise<(bytes: Uint8Array) => CliOutput> {
  vi.resetModules();
  (zodConfig.__zod_globalConfig ??= {}).jitless = jitless;
  const { runScore } = await import('../../src/cli/scoreReport');
  return (bytes) => runScore(['b.json', '--format', 'json'], () => bytes);
}

/** Counts the parsers zod compiles (it compiles them with the Function constructor). */
function countCompiled<T>(run: () => T): { result: T; compiled: number } {
  const original = globalThis.Function;
  let compiled = 0;
  globalThis.Function = new Proxy(original, {
    construct(target, args: string[]) {
      compiled++;
      return new target(...args) as object;
    },
  });
  try {
    return { result: run(), compiled };
  } finally {
    globalThis.Function = original;
  }
}

const v1Text = readFileSync(new URL('../fixtures/bundle-v1.json', import.meta.url), 'utf8');
const read = parseBundle(v1Text, 'v1.json');
if (!read.ok) throw new Error('the kept version 1 file should be valid');
const v2 = JSON.parse(serializeBundle(read.bundle)) as Json;
const v1 = JSON.parse(v1Text) as Json;

const WRONG: unknown[] = ['文本', '', 0, -1, 1.5, 1e308, true, null, [], {}, ['a'], { a: 1 }];

/** Every path into the parts zod reads (not the entries: those have their own checks). */
function headPaths(doc: unknown, path: (string | number)[], out: (string | number)[][]): void {
  if (path.length > 0) out.push(path);
  if (doc === null || typeof doc !== 'object') return;
  for (const [k, v] of Array.isArray(doc) ? doc.map((v, i) => [i, v] as const) : Object.entries(doc)) {
    if (path.length === 0 && (k === 'entries' || k === 'entryPacks')) continue;
    headPaths(v, [...path, k], out);
  }
}

/** `count` copies of `base`, each with one value of its head replaced or removed. */
function headDamaged(base: Json, count: number, rand: () => number): Uint8Array[] {
  const all: (string | number)[][] = [];
  headPaths(base, [], all);
  const out: Uint8Array[] = [];
  for (let i = 0; i < count; i++) {
    const doc = structuredClone(base);
    const path = all[Math.floor(rand() * all.length)]!;
    let at = doc as Record<string | number, unknown>;
    for (const seg of path.slice(0, -1)) at = at[seg] as Record<string | number, unknown>;
    const last = path[path.length - 1]!;
    if (rand() < 0.2) {
      if (Array.isArray(at)) at.splice(last as number, 1);
      else delete at[last];
    } else at[last] = WRONG[Math.floor(rand() * WRONG.length)];
    out.push(utf8(JSON.stringify(doc)));
  }
  return out;
}

describe('zod without its compiled fast path', () => {
  afterAll(() => {
    if (zodConfig.__zod_globalConfig) zodConfig.__zod_globalConfig.jitless = false;
  });

  it('gives the same output, messages and exit code on sound and damaged files', { timeout: 120_000 }, async () => {
    const rand = seeded(17_0301);
    const files: Uint8Array[] = [
      utf8(v1Text),
      utf8(serializeBundle(read.bundle)),
      readFileSync('public/demo/demo-bundle.json'),
      ...headDamaged(v1, 60, rand),
      ...headDamaged(v2, 60, rand),
      ...hostileJson(v2, 'v2', 19, rand).map((f) => f.bytes),
    ];
    const withFast = await scorer(false);
    const fast = countCompiled(() => files.map(withFast));
    const withoutFast = await scorer(true);
    const slow = countCompiled(() => files.map(withoutFast));
    // the switch works: parsers compiled with it off, none with it on
    expect(fast.compiled).toBeGreaterThan(0);
    expect(slow.compiled).toBe(0);
    let refused = 0;
    fast.result.forEach((out, i) => {
      expect(slow.result[i], `file ${i}`).toEqual(out);
      if (out.code !== 0) refused++;
    });
    // most damaged files are refused, with their messages compared above
    expect(refused).toBeGreaterThan(90);
  });
});
