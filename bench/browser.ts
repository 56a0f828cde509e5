/**
 * Figures of the built app in headless Chromium: initial JS size, opening a bundle of 135,000 score
 * entries into IndexedDB, and a cold start with them to the rendered ranking page.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { makeBundle, serializeBundle } from '../src/io/bundle';
import { serveStatic } from '../test/e2e/staticServer';
import { launch } from '../test/e2e/harness';
import { synthetic } from './synthetic';
import { report } from './report';

/** gzip size of the scripts the page loads before anything lazy: the entry and its modulepreloads */
function initialJs(dist: string): { gzip: number; files: string[] } {
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const refs = [...html.matchAll(/<(?:script[^>]+src|link[^>]+rel="modulepreload"[^>]+href)="\.?\/?([^"]+\.js)"/g)]
    .map((m) => m[1]!)
    .filter((f) => f.startsWith('assets/'));
  const gzip = refs.reduce((sum, f) => sum + gzipSync(readFileSync(join(dist, f)), { level: 9 }).length, 0);
  return { gzip, files: refs };
}

function lazyChunk(dist: string, marker: RegExp): number {
  return readdirSync(join(dist, 'assets'))
    .filter((f) => f.endsWith('.js') && marker.test(readFileSync(join(dist, 'assets', f), 'utf8')))
    .reduce((sum, f) => sum + gzipSync(readFileSync(join(dist, 'assets', f))).length, 0);
}

export async function browserBench(units: number, leaves: number, assessors: number): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'zwgk-bench-'));
  const dist = join(work, 'dist');
  execFileSync('npx', ['vite', 'build', '--outDir', dist, '--emptyOutDir', '--logLevel', 'error'], { stdio: 'inherit' });

  const size = initialJs(dist);
  report('build_initial_js_gzip', size.gzip / 1024, 'KB', `entry + modulepreload: ${size.files.join(', ')}`);
  report('build_lazy_exceljs_gzip', lazyChunk(dist, /ExcelJS|exceljs/) / 1024, 'KB', 'lazy chunks mentioning exceljs');
  report('build_lazy_docx_gzip', lazyChunk(dist, /w:document|wordprocessingml/) / 1024, 'KB', 'lazy chunks of docx');
  report('build_lazy_recharts_gzip', lazyChunk(dist, /recharts/) / 1024, 'KB', 'lazy chunks mentioning recharts');

  const s = synthetic(units, leaves, assessors);
  const bundle = makeBundle({
    assessment: { id: 'bench-assessment', name: `基准测试：${s.entries.length} 条评分`, year: 2025, status: 'open' },
    ruleSets: [s.ruleSet],
    units: s.units,
    assessors: s.assessors,
    entries: s.entries,
    exportedAt: '2025-01-01T00:00:00.000Z',
  });
  const bundleFile = join(work, 'bench-bundle.json');
  writeFileSync(bundleFile, serializeBundle(bundle));

  const server = await serveStatic(dist);
  const profile = join(work, 'profile');
  let b = await launch(profile);
  try {
    await b.page.goto(`${server.url}#/rankings`);
    await b.page.waitForSelector('[data-testid="rank-row"]', { timeout: 60_000 }); // the demo is in
    const input = b.page.locator('[data-testid="yoy-load-file"]');
    let t = performance.now();
    await input.setInputFiles(bundleFile);
    const outcome = b.page.locator('[data-testid="yoy-load-outcome"]:not([data-kind="none"])');
    await outcome.waitFor({ timeout: 120_000 });
    if ((await outcome.getAttribute('data-kind')) !== 'done') throw new Error(`opening the bundle failed: ${await outcome.innerText()}`);
    report('idb_open_bundle_135k', performance.now() - t, 'ms', `${s.entries.length} entries: read, validate, store in IndexedDB`);

    await b.page.goto(`${server.url}#/setup`);
    await b.page.selectOption('[data-testid="assessment-picker"]', 'bench-assessment');
    // the switch is stored (and read back) once the masthead names the opened assessment
    await b.page.waitForFunction(() => document.querySelector('[data-testid="assessment-name"]')?.textContent?.includes('基准测试'), undefined, { timeout: 180_000 });
    await b.close();

    // cold start: a new browser process on the same profile, straight to the ranking page
    b = await launch(profile);
    t = performance.now();
    await b.page.goto(`${server.url}#/rankings`);
    await b.page.waitForFunction((n) => document.querySelectorAll('[data-testid="rank-row"]').length > 0 && document.body.innerText.includes(n), '基准测试', { timeout: 60_000 });
    report('cold_start_135k_to_rankings', performance.now() - t, 'ms', `${units} units × ${leaves} leaves × ${assessors} assessors, ranking rendered`);
  } finally {
    await b.close().catch(() => undefined);
    await server.close();
    rmSync(work, { recursive: true, force: true });
  }
}
