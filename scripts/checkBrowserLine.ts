/**
 * Checks built JavaScript against the support line (scripts/browserLine.ts):
 * - the app's chunks parse at the line's ECMAScript level (es-check), so a dependency shipping newer
 *   syntax fails here instead of blanking the page in an office;
 * - the browser check parses as ES5, as it must run in any browser at all;
 * - no chunk calls an API newer than the line unless its polyfill is in MODERN_POLYFILLS or the library
 *   tests for the API first.
 * Usage: `tsx scripts/checkBrowserLine.ts [dist]`; exits 1 with one line per problem.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ES_LEVEL, MODERN_POLYFILLS, NEWER_APIS, type NewerApi } from './browserLine';

const ES_CHECK = resolve(fileURLToPath(new URL('.', import.meta.url)), '../node_modules/es-check/lib/cli/index.js');

/** es-check on some files; the problems it reports, or none. */
export function esCheck(level: string, files: string[], module: boolean): string[] {
  if (files.length === 0) return [];
  const args = [ES_CHECK, level, ...files, '--noColor', ...(module ? ['--module'] : [])];
  const r = spawnSync(process.execPath, args, { encoding: 'utf8' });
  if (r.status === 0) return [];
  const found = `${r.stdout}\n${r.stderr}`
    .split('\n')
    .filter((l) => /erroring file|error: (?!ES-Check: there were)/.test(l))
    .map((l) => l.replace(/^\s*·\s*/, '').trim())
    .filter((l, i, all) => all.indexOf(l) === i);
  return [`syntax newer than ${level}: ${found.join(' | ') || `es-check exited with ${r.status}`}`];
}

/** APIs newer than the line used in `code` that neither a listed polyfill nor a feature test covers. */
export function unpolyfilledApis(code: string, polyfills: readonly string[] = MODERN_POLYFILLS, apis: readonly NewerApi[] = NEWER_APIS): NewerApi[] {
  return apis.filter((api) => {
    if (!api.pattern.test(code)) return false;
    if (api.polyfill && polyfills.includes(api.polyfill)) return false;
    if (api.guarded?.test(code)) return false;
    return true;
  });
}

export function checkDist(dist: string): string[] {
  const assets = join(dist, 'assets');
  if (!existsSync(assets)) return [`${assets} is missing: build first`];
  const chunks = readdirSync(assets)
    .filter((f) => f.endsWith('.js'))
    .map((f) => join(assets, f));
  const problems = esCheck(ES_LEVEL, chunks, true);
  // the browser check must run in any browser at all; the service-worker registration (written by
  // public/registerSW.js) only where service workers exist, all of which parse ES2015
  for (const [file, level] of [['browser-check.js', 'es5'], ['registerSW.js', 'es6']] as const) {
    const f = join(dist, file);
    if (existsSync(f)) problems.push(...esCheck(level, [f], false));
    else problems.push(`${f} is missing`);
  }
  for (const file of chunks) {
    // the polyfills themselves name the APIs they supply
    if (basename(file).startsWith('polyfills-')) continue;
    for (const api of unpolyfilledApis(readFileSync(file, 'utf8'))) {
      problems.push(`${basename(file)} uses ${api.name} (Chromium ${api.chrome}) without a polyfill${api.polyfill ? ` (add '${api.polyfill}' to MODERN_POLYFILLS)` : ''}`);
    }
  }
  return problems;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dist = resolve(process.argv[2] ?? 'dist');
  const problems = checkDist(dist);
  for (const p of problems) console.error(`✗ ${p}`);
  if (problems.length) process.exit(1);
  console.log(`✓ ${dist}: every chunk parses as ${ES_LEVEL}, the browser check as ES5, and every newer API is polyfilled or feature-tested`);
}
