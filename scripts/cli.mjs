#!/usr/bin/env node
/**
 * `npm run score`, `npm run bundle`, `npm run rules` and `npm run server`: runs the command-line tools from a bundled build, so that no
 * TypeScript is transpiled at run time (tsx spent most of a small run compiling). The build is one
 * CommonJS file per tool, made with esbuild into `.cache/cli/` (ignored by git) on first use and again
 * whenever a source file, the lock file or this script is newer than it; a fresh clone needs no extra step.
 *
 * Start-up is most of a province-sized run, and most of start-up was V8 compiling the tool's megabyte of
 * code, so the compiled code is kept beside the tool (`<tool>.cjs.v8cache`, V8's code cache, made after a
 * run so it holds every function that run compiled) and handed back to V8 on the next run. The cache is
 * tied to the tool's exact text and this Node version; anything else, or a cache V8 refuses, is made anew.
 * CommonJS rather than an ES module because a module's code cannot be given to V8 in Node 20, and
 * because `require('node:fs')` does not load Node's stream modules as importing it does.
 *
 *   node scripts/cli.mjs <tool> [args…]     tool: score | bundle | rules | server
 *   node scripts/cli.mjs --build            build (if stale) and exit
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, '.cache', 'cli');
/** tool name → entry point */
const TOOLS = { score: 'src/cli/score.ts', bundle: 'src/cli/bundleTool.ts', rules: 'src/cli/rulesTool.ts', server: 'src/cli/serverTool.ts' };

/** Newest modification time under a folder (the sources the tools are built from). */
function newest(dir) {
  let t = 0;
  for (const d of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, d.name);
    t = Math.max(t, d.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

function builtAt() {
  try {
    return Math.min(...Object.keys(TOOLS).map((name) => statSync(join(outDir, `${name}.cjs`)).mtimeMs));
  } catch {
    return -Infinity;
  }
}

async function buildIfStale() {
  const sources = Math.max(newest(join(root, 'src')), statSync(join(root, 'package-lock.json')).mtimeMs, statSync(fileURLToPath(import.meta.url)).mtimeMs);
  if (builtAt() >= sources) return;
  const { build } = await import('esbuild');
  mkdirSync(outDir, { recursive: true });
  // built beside the old files and moved over them, so a run started meanwhile never reads a half-written file
  const tmp = mkdtempSync(join(outDir, 'build-'));
  try {
    await build({
      entryPoints: Object.fromEntries(Object.entries(TOOLS).map(([name, src]) => [name, join(root, src)])),
      outdir: tmp,
      outExtension: { '.js': '.cjs' },
      bundle: true,
      format: 'cjs',
      platform: 'node',
      target: 'node20',
      // less text for V8 to read on a run without a code cache; names kept for the error names the tools print
      minify: true,
      keepNames: true,
      logLevel: 'warning',
    });
    for (const name of Object.keys(TOOLS)) renameSync(join(tmp, `${name}.cjs`), join(outDir, `${name}.cjs`));
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** Writes a file so that no reader ever sees half of it. */
function writeWhole(file, data) {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, data);
  renameSync(tmp, file);
}

/**
 * Runs a built tool as Node runs a CommonJS file, with V8's code cache when there is a good one. The
 * cache file starts with a key (the tool's text and the Node version, hashed): V8 itself checks only the
 * text's length, so a cache of an older build must never reach it.
 */
function runTool(file) {
  const source = readFileSync(file, 'utf8');
  const key = createHash('sha256').update(process.version).update('\0').update(source).digest();
  const cacheFile = `${file}.v8cache`;
  let cachedData;
  try {
    const raw = readFileSync(cacheFile);
    if (raw.length > key.length && raw.subarray(0, key.length).equals(key)) cachedData = raw.subarray(key.length);
  } catch {
    // no cache yet
  }
  const wrapper = `(function (exports, require, module, __filename, __dirname) {${source}\n})`;
  const script = new Script(wrapper, { filename: file, cachedData });
  if (cachedData === undefined || script.cachedDataRejected) {
    // made when the run ends, so the functions it compiled on the way are in the cache too
    process.once('exit', () => {
      try {
        writeWhole(cacheFile, Buffer.concat([key, script.createCachedData()]));
      } catch {
        // a read-only checkout runs without the cache
      }
    });
  }
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(file), module, file, dirname(file));
}

const [tool] = process.argv.slice(2);
await buildIfStale();
if (tool !== '--build') {
  if (!Object.hasOwn(TOOLS, tool ?? '')) {
    process.stderr.write(`用法: node scripts/cli.mjs <${Object.keys(TOOLS).join('|')}> [参数…]\n`);
    process.exit(2);
  }
  // the tool reads its arguments from process.argv.slice(2), as when it is run on its own
  process.argv.splice(2, 1);
  runTool(join(outDir, `${tool}.cjs`));
}
