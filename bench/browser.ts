/**
 * Figures of the built app in headless Chromium: initial JS size, opening a bundle of 135,000 score
 * entries into IndexedDB, and a cold start with them to the rendered ranking page.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { makeBundle, serializeBundle } from '../src/formats/bundle';
import { serveStatic } from '../test/e2e/staticServer';
import type { Page } from 'playwright-core';
import { chooseAssessor } from '../test/e2e/appDriver';
import { launch, waitForServiceWorker } from '../test/e2e/harness';
import { synthetic } from './synthetic';
import { median, report } from './report';

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
    // a file is opened into a settled page: the service worker has cached the app, the first screen is drawn
    await waitForServiceWorker(b.page);
    await b.page.waitForTimeout(1000);
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

    await editFigures(b.page);
  } finally {
    await b.close().catch(() => undefined);
    await server.close();
    rmSync(work, { recursive: true, force: true });
  }
}

/**
 * Typing scores in the grid with 135,000 entries stored: from Enter to the row's total showing the new
 * score (saved, read back, the unit scored again and drawn), and the main thread's long tasks (> 50 ms)
 * in the second after each save — the time the page would not answer the next keystroke.
 */
async function editFigures(page: Page): Promise<void> {
  await chooseAssessor(page, '评分人0');
  await page.goto(page.url().replace(/#.*$/, '#/entry'));
  await page.waitForSelector('[data-testid="score-grid"]', { timeout: 60_000 });
  // the first row of the grid, its first points check point
  const row = '[data-testid="grid-row"][aria-rowindex="2"]';
  const total = `${row} [data-testid="row-total"]`;
  await page.click(`${row} [data-col="leaf:basic_1"]`);
  await page.evaluate(() => {
    const w = window as unknown as { longTasks: number[][] };
    w.longTasks = [];
    new PerformanceObserver((l) => l.getEntries().forEach((e) => w.longTasks.push([e.startTime, e.duration]))).observe({ type: 'longtask' });
  });
  const latency: number[] = [];
  const blocked: number[] = [];
  for (let i = 0; i < 9; i++) {
    if (i > 0) await page.keyboard.press('ArrowUp'); // Enter moved down a row
    const before = await page.textContent(total);
    const start = await page.evaluate(() => performance.now());
    await page.keyboard.type(i % 2 === 0 ? '1' : '0');
    const t = performance.now();
    await page.keyboard.press('Enter');
    await page.waitForFunction(([sel, text]) => document.querySelector(sel)?.textContent !== text, [total, before] as const, { timeout: 30_000, polling: 'raf' });
    latency.push(performance.now() - t);
    await page.waitForTimeout(1000);
    blocked.push(
      await page.evaluate((from) => (window as unknown as { longTasks: number[][] }).longTasks.filter(([s]) => s! >= from).reduce((sum, [, d]) => sum + d!, 0), start),
    );
  }
  report('edit_to_total_135k', median(latency), 'ms', `Enter to the row total redrawn in the grid, median of ${latency.length}`);
  report('edit_blocked_135k', median(blocked), 'ms', `long tasks in the second after a save, median of ${blocked.length}`);
}
