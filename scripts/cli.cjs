#!/usr/bin/env node
/**
 * `npm run score`, `npm run bundle`, `npm run rules` and `npm run server`: runs the command-line tools from a bundled build, so that no
 * TypeScript is transpiled at run time (tsx spent most of a small run compiling). The build is one
 * CommonJS file per tool, made with esbuild into `.cache/cli/` (ignored by git) on first use and again
 * whenever a file it was built from, the lock file, tsconfig.json or this script changed; a fresh clone
 * needs no extra step.
 *
 * A province-sized run is mostly start-up, so the launcher does as little as it can before the tool runs:
 * - It is CommonJS: Node sets up its ES module loader for an `.mjs` entry, which costs more than the
 *   check below. (scripts/cli.mjs still works; it only hands over to this file.)
 * - "Up to date" looks at the files the tool was built from (esbuild's list, kept in
 *   `.cache/cli/manifest.json`) and their folders, not at every file under src/. A changed, added or
 *   removed file changes its folder's or its own time.
 * - Most of start-up was V8 compiling the tool's code, so the compiled code is kept beside the
 *   tool (`<tool>.cjs.v8cache`, V8's code cache, made after a run so it holds every function that run
 *   compiled) and handed back to V8 on the next run. The cache is tied to the tool's exact text and this
 *   Node version; anything else, or a cache V8 refuses, is made anew.
 * - On a machine whose cores are all busy, the score tool runs with V8 optimising later (busyFlags):
 *   less work for V8's helper threads, which there take turns with the run itself.
 * - The sources import zod as a namespace (`import * as z`; lint holds them to it), so esbuild keeps only
 *   the parts of zod used: the score tool is 0.35 MB, half of what it was with zod's locales, which it
 *   never used; Node reads and V8 loads the rest faster.
 * - In the build, `@noble/hashes/sha2.js` is Node's own sha256 (src/cli/nodeSha2.ts): the same digests
 *   (test/cli/nodeSha2.test.ts), without running the hash in JavaScript before it is compiled.
 *
 *   node scripts/cli.cjs <tool> [args…]     tool: score | bundle | rules | server
 *   node scripts/cli.cjs --build            build (if stale) and exit
 *   CLI_V8=idle|busy                        V8's settings for score regardless of the load
 */
'use strict';
/* global require, __dirname, process, Buffer -- CommonJS in Node (the lint setup is for the TypeScript sources) */
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS launcher loads with require */
const { createHash } = require('node:crypto');
const { mkdirSync, readFileSync, renameSync, rmSync, statSync, mkdtempSync, writeFileSync } = require('node:fs');
const { createRequire } = require('node:module');
const { availableParallelism, loadavg } = require('node:os');
const { dirname, join } = require('node:path');
const { Script } = require('node:vm');
const { setFlagsFromString } = require('node:v8');

const root = join(__dirname, '..');
const outDir = join(root, '.cache', 'cli');
const MANIFEST = join(outDir, 'manifest.json');
/** tool name → entry point */
const TOOLS = { score: 'src/cli/score.ts', bundle: 'src/cli/bundleTool.ts', rules: 'src/cli/rulesTool.ts', server: 'src/cli/serverTool.ts' };
/** besides the sources: what else decides the build's output */
const ALWAYS = ['package-lock.json', 'tsconfig.json', 'scripts/cli.cjs'];
/** the files that stand in for a package's in the built tools */
const ALIASES = { '@noble/hashes/sha2.js': 'src/cli/nodeSha2.ts' };

const mtime = (rel) => statSync(join(root, rel)).mtimeMs;

/**
 * Whether `tool` was built after every file it was built from last changed. The manifest's time is
 * when that build started, so a file saved while it ran counts as newer.
 */
function upToDate(tool) {
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(MANIFEST, 'utf8'));
    const files = manifest.tools[tool];
    if (!Array.isArray(files)) return false;
    // the tool itself: a missing file is not up to date
    statSync(join(outDir, `${tool}.cjs`));
    for (const rel of ALWAYS) if (mtime(rel) > manifest.startedAt) return false;
    const dirs = new Set();
    for (const rel of files) {
      if (mtime(rel) > manifest.startedAt) return false;
      dirs.add(dirname(rel));
    }
    for (const dir of dirs) if (mtime(dir) > manifest.startedAt) return false;
    return true;
  } catch {
    // no manifest, an older one, or a file that is gone
    return false;
  }
}

/** The sources of one output, from esbuild's metafile: files of the project, not of node_modules. */
function sourcesOf(metafile, output) {
  return Object.keys(metafile.outputs[output].inputs)
    .filter((p) => !p.startsWith('node_modules/') && !p.includes(':'))
    .sort();
}

/** Resolves the aliased packages to the project's stand-ins. */
const aliasPlugin = {
  name: 'cli-aliases',
  setup(build) {
    for (const [from, to] of Object.entries(ALIASES)) {
      const filter = new RegExp(`^${from.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}$`);
      build.onResolve({ filter }, () => ({ path: join(root, to) }));
    }
  },
};

async function build() {
  const { build: esbuild } = require('esbuild');
  mkdirSync(outDir, { recursive: true });
  const startedAt = Date.now();
  // built beside the old files and moved over them, so a run started meanwhile never reads a half-written file
  const tmp = mkdtempSync(join(outDir, 'build-'));
  try {
    const common = {
      absWorkingDir: root,
      outdir: tmp,
      outExtension: { '.js': '.cjs' },
      bundle: true,
      format: 'cjs',
      platform: 'node',
      target: 'node20',
      // less text for V8 to read on a run without a code cache
      minify: true,
      metafile: true,
      plugins: [aliasPlugin],
      logLevel: 'warning',
    };
    const entries = (names) => Object.fromEntries(names.map((name) => [name, TOOLS[name]]));
    const results = await Promise.all([
      // score without keepNames, whose call at every function made (closures in the scoring loops too)
      // cost a province run about 5% of its processor time; it prints no function's name (an error's
      // `name` is Error's own unless its class sets one, which minifying does not touch)
      esbuild({ ...common, entryPoints: entries(['score']) }),
      // the others keep function names for libraries that may read them
      esbuild({ ...common, entryPoints: entries(Object.keys(TOOLS).filter((t) => t !== 'score')), keepNames: true }),
    ]);
    const tools = {};
    for (const { metafile } of results) {
      for (const output of Object.keys(metafile.outputs)) {
        const name = Object.keys(TOOLS).find((t) => output.endsWith(`/${t}.cjs`));
        if (name) tools[name] = sourcesOf(metafile, output);
      }
    }
    for (const name of Object.keys(TOOLS)) renameSync(join(tmp, `${name}.cjs`), join(outDir, `${name}.cjs`));
    // written last: a manifest names only tools that are in place
    writeWhole(MANIFEST, JSON.stringify({ startedAt, tools }, null, 1));
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
 * V8's settings for a score run on a machine whose cores are all taken (the last minute's load above
 * their count), or none. V8 compiles a function's optimised code on helper threads once the function
 * has run a while; on an idle machine that is free (another core does it while the run goes on), but on
 * a busy one the helpers take turns with the run itself, and in a short run most of what they compile is
 * barely used before the end. Letting a function run four times longer before it is optimised cut a
 * province run's processor time by about a tenth at load 10 on two cores (and made its own thread about
 * 50 ms slower, which is why an idle machine keeps V8's defaults); a nation's run took the same time.
 * The results are the same either way: only when code is optimised changes.
 */
function busyFlags(tool) {
  // CLI_V8=busy or CLI_V8=idle decides instead of the load (for tests, or to compare the two)
  const mode = process.env.CLI_V8;
  const busy = mode === 'busy' || (mode !== 'idle' && loadavg()[0] > availableParallelism());
  return tool === 'score' && busy ? '--interrupt-budget=270336' : '';
}

/**
 * Runs a built tool as Node runs a CommonJS file, with V8's code cache when there is a good one. The
 * cache file starts with a key (the tool's text and the Node version, hashed): V8 itself checks only the
 * text's length, so a cache of an older build must never reach it. V8 refuses a cache made under other
 * settings, so each set of `flags` keeps its own cache file.
 */
function runTool(file, flags) {
  if (flags) setFlagsFromString(flags);
  const source = readFileSync(file, 'utf8');
  const key = createHash('sha256').update(process.version).update('\0').update(flags).update('\0').update(source).digest();
  const cacheFile = flags ? `${file}.busy.v8cache` : `${file}.v8cache`;
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

async function main() {
  const [tool] = process.argv.slice(2);
  if (tool === '--build') {
    if (!Object.keys(TOOLS).every(upToDate)) await build();
    return;
  }
  if (!Object.hasOwn(TOOLS, tool ?? '')) {
    process.stderr.write(`用法: node scripts/cli.cjs <${Object.keys(TOOLS).join('|')}> [参数…]\n`);
    process.exitCode = 2;
    return;
  }
  if (!upToDate(tool)) await build();
  // the tool reads its arguments from process.argv.slice(2), as when it is run on its own
  process.argv.splice(2, 1);
  runTool(join(outDir, `${tool}.cjs`), busyFlags(tool));
}

main().catch((e) => {
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 2;
});
