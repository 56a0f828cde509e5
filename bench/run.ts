/**
 * `npm run bench`: deterministic synthetic data, one `BENCH name value unit` line per figure.
 *
 * The engine is measured the way the app runs it: bundled as one ES module (esbuild, which the Vite and
 * tsx toolchain brings along), not through tsx's on-the-fly transform, where a call into another module
 * (`X.add`) can go through a getter. The bundle runs in a child `node --expose-gc` so heap figures are
 * taken after full collections. `--in-process` runs the sources through tsx instead, for comparison.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const engineOnly = process.argv.includes('--engine');
/** `-- --cli`: the command line against LibreOffice Calc only */
const cliOnly = process.argv.includes('--cli');
/**
 * `-- --browser [--scale=nation]`: the built app in Chromium only, at both scales or the one named;
 * `--cold` measures only the cold start (three times), `--open-only` only the opening of the bundle, `--keep=<dir>` keeps each scale's opened profile there
 */
const browserOnly = process.argv.includes('--browser');
/** `-- --sync [--scale=province]`: live sync through the test CouchDB server only */
const syncOnly = process.argv.includes('--sync');
const scaleArg = process.argv.find((a) => a.startsWith('--scale='))?.slice('--scale='.length);
const SCALES = [
  { name: 'province', units: 50, leaves: 120, assessors: 3 },
  { name: 'nation', units: 3000, leaves: 150, assessors: 3 },
]
  .filter((s) => scaleArg === undefined || s.name === scaleArg)
  // `--units=N`: the scale's shape with N units (e.g. a part of the nation, when the whole does not fit the time there is)
  .map((s) => {
    const units = Number(process.argv.find((a) => a.startsWith('--units='))?.slice('--units='.length));
    return Number.isInteger(units) && units > 0 ? { ...s, name: `${s.name}_${units}units`, units } : s;
  });

if (syncOnly && SCALES.some((s) => s.units * s.leaves * s.assessors > 500_000) && (await import('node:v8')).getHeapStatistics().heap_size_limit < 12 * 2 ** 30) {
  // the in-memory test server holds a nation's 1.35 million documents in this process: run again with room for them
  const r = spawnSync(process.execPath, [...process.execArgv, '--max-old-space-size=14336', ...process.argv.slice(1)], { stdio: 'inherit' });
  process.exitCode = r.status ?? 1;
} else if (syncOnly) {
  const { syncBench } = await import('./sync');
  const { table } = await import('./report');
  const { loadavg } = await import('node:os');
  console.log(`load average at start: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  await syncBench(SCALES);
  console.log(`load average at end: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  console.log('\n' + table());
  // the test server's database handles keep the process alive
  process.exit(process.exitCode ?? 0);
} else if (browserOnly) {
  const { browserBench } = await import('./browser');
  const { table } = await import('./report');
  const { loadavg } = await import('node:os');
  console.log(`load average at start: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  // `--edit-only [--cpu-profile]`: only the edit figures, on a profile kept between runs (bench/editBench.ts)
  const keep = process.argv.find((a) => a.startsWith('--keep='))?.slice('--keep='.length);
  if (process.argv.includes('--edit-only')) await (await import('./editBench')).editOnlyBench(SCALES, process.argv.includes('--cpu-profile'));
  else await browserBench(SCALES, { coldOnly: process.argv.includes('--cold'), openOnly: process.argv.includes('--open-only'), asNew: process.argv.includes('--as-new'), ...(keep !== undefined && { keep }) });
  console.log(`load average at end: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  console.log('\n' + table());
} else if (cliOnly) {
  const { cliPeerBench } = await import('./cliPeer');
  const { table } = await import('./report');
  await cliPeerBench();
  console.log('\n' + table());
} else if (process.argv.includes('--in-process')) {
  console.log('engine run from the TypeScript sources through tsx (no bundle, no --expose-gc: heap figures are rough)');
  await import('./main');
} else {
  const dir = mkdtempSync(join(tmpdir(), 'zwgk-bench-'));
  const outfile = join(dir, 'bench.mjs');
  try {
    await build({
      entryPoints: [fileURLToPath(new URL('./main.ts', import.meta.url))],
      bundle: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      outfile,
      logLevel: 'warning',
    });
    console.log(`engine bundled as one ES module with esbuild (as the app ships it), run in node ${process.version} --expose-gc`);
    const r = spawnSync(process.execPath, ['--expose-gc', outfile], { stdio: 'inherit' });
    if (r.status !== 0) process.exitCode = r.status ?? 1;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// Exports and the built app are measured in headless Chromium, driven from here.
if (!engineOnly && !cliOnly && !browserOnly && !syncOnly && process.exitCode === undefined) {
  const { cliPeerBench } = await import('./cliPeer');
  const { exportBench } = await import('./exports');
  const { browserBench } = await import('./browser');
  const { evidenceBench } = await import('./evidence');
  const { table } = await import('./report');
  await cliPeerBench();
  await evidenceBench();
  await exportBench(3000, 150, 3);
  await browserBench(SCALES);
  console.log('\n' + table());
  // live sync in a process of its own (the `--sync` run above): its in-memory test server holds a nation's
  // 1.35 million documents, more than this process's heap has room for
  const r = spawnSync(process.execPath, [...process.execArgv, ...process.argv.slice(1), '--sync'], { stdio: 'inherit' });
  if (r.status !== 0) process.exitCode = r.status ?? 1;
}
