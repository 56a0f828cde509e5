#!/usr/bin/env node
/**
 * `npm run score`, `npm run bundle`, `npm run rules` and `npm run server`: runs the command-line tools from a bundled build, so that no
 * TypeScript is transpiled at run time (tsx spent most of a small run compiling). The build is one
 * ES module per tool, made with esbuild into `.cache/cli/` (ignored by git) on first use and again
 * whenever a source file, the lock file or this script is newer than it; a fresh clone needs no extra step.
 *
 *   node scripts/cli.mjs <tool> [args…]     tool: score | bundle | rules | server
 *   node scripts/cli.mjs --build            build (if stale) and exit
 */
import { mkdirSync, readdirSync, renameSync, rmSync, statSync, mkdtempSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

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
    return Math.min(...Object.keys(TOOLS).map((name) => statSync(join(outDir, `${name}.mjs`)).mtimeMs));
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
      outExtension: { '.js': '.mjs' },
      bundle: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      logLevel: 'warning',
      // the tools are bundled whole: a package that still uses require() needs it in an ES module
      banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
    });
    for (const name of Object.keys(TOOLS)) renameSync(join(tmp, `${name}.mjs`), join(outDir, `${name}.mjs`));
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

const [tool, ...args] = process.argv.slice(2);
await buildIfStale();
if (tool !== '--build') {
  if (!Object.hasOwn(TOOLS, tool ?? '')) {
    process.stderr.write(`用法: node scripts/cli.mjs <${Object.keys(TOOLS).join('|')}> [参数…]\n`);
    process.exit(2);
  }
  // the tool reads its arguments from process.argv.slice(2), as when it is run on its own
  process.argv.splice(2, 1);
  await import(pathToFileURL(join(outDir, `${tool}.mjs`)).href);
}
