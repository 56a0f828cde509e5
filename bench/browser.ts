/**
 * Figures of the built app in headless Chromium: initial JS size, and at each scale opening a bundle into
 * IndexedDB (wall, longest main-thread task), a cold start with it to the rendered ranking page, and edits
 * in the grid (longest main-thread task from a trace).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
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
import { longestTask, traceMainThread, watchLongTasks } from './mainThread';

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

/** The build's sizes: measured once, whatever the scale. */
export function buildFigures(dist: string): void {
  const size = initialJs(dist);
  report('build_initial_js_gzip', size.gzip / 1024, 'KB', `entry + modulepreload: ${size.files.join(', ')}`);
  report('build_lazy_exceljs_gzip', lazyChunk(dist, /ExcelJS|exceljs/) / 1024, 'KB', 'lazy chunks mentioning exceljs');
  report('build_lazy_docx_gzip', lazyChunk(dist, /w:document|wordprocessingml/) / 1024, 'KB', 'lazy chunks of docx');
  report('build_lazy_recharts_gzip', lazyChunk(dist, /recharts/) / 1024, 'KB', 'lazy chunks mentioning recharts');
}

export function buildApp(work: string): string {
  const dist = join(work, 'dist');
  execFileSync('npx', ['vite', 'build', '--outDir', dist, '--emptyOutDir', '--logLevel', 'error'], { stdio: 'inherit' });
  return dist;
}

/**
 * `coldOnly`: the cold start alone, three times (no edits). `keep`: a folder where each scale's browser
 * profile, with its bundle opened, is kept from one run to the next (served on a fixed port, as
 * IndexedDB belongs to an origin), so trying a change to the start-up costs a build, not an opening.
 */
export interface BrowserBenchOptions {
  coldOnly?: boolean;
  /** the opening of each scale's bundle alone (no cold start, no edits) */
  openOnly?: boolean;
  /** open through 打开为新考核 on the export page (it also makes the opened assessment the open one) instead of 历年对比's loader */
  asNew?: boolean;
  keep?: string;
}

/** The app built once, then each scale: open its bundle, a cold start to the ranking page, edits in the grid. */
export async function browserBench(scales: readonly BrowserScale[], options: BrowserBenchOptions = {}): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'zwgk-bench-'));
  try {
    const dist = buildApp(work);
    buildFigures(dist);
    for (const scale of scales) await scaleFigures(dist, work, scale, options);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** a port per scale for kept profiles: the origin, and so the IndexedDB, stays the same from run to run */
const KEPT_PORTS: Record<string, number> = { province: 47311, nation: 47312 };

export interface BrowserScale {
  name: string;
  units: number;
  leaves: number;
  assessors: number;
}

async function scaleFigures(dist: string, work: string, scale: BrowserScale, options: BrowserBenchOptions): Promise<void> {
  const { name, units, leaves, assessors } = scale;
  const size = `${units} units × ${leaves} leaves × ${assessors} assessors`;
  const kept = options.keep !== undefined ? join(options.keep, `profile-${name}`) : undefined;
  const opened = kept !== undefined && existsSync(join(kept, 'opened'));
  const server = await serveStatic(dist, kept !== undefined ? (KEPT_PORTS[name] ?? 0) : 0);
  const profile = kept ?? join(work, `profile-${name}`);
  try {
    if (!opened) await openFigures(server.url, work, profile, scale, !options.openOnly, options.asNew === true);
    if (options.openOnly) return;
    if (kept !== undefined) writeFileSync(join(kept, 'opened'), '');
    await coldStartFigures(server.url, profile, name, size, options.coldOnly ? 3 : 1, kept !== undefined, !options.coldOnly);
  } finally {
    await server.close();
  }
}

/** Writes the scale's synthetic assessment as a bundle file in `work` (the id 'bench-assessment'): its path and entry count. */
export function writeBenchBundle(work: string, { name, units, leaves, assessors }: BrowserScale): { file: string; entries: number } {
  const s = synthetic(units, leaves, assessors);
  const bundle = makeBundle({
    assessment: { id: 'bench-assessment', name: `基准测试：${s.entries.length} 条评分`, year: 2025, status: 'open' },
    ruleSets: [s.ruleSet],
    units: s.units,
    assessors: s.assessors,
    entries: s.entries,
    exportedAt: '2025-01-01T00:00:00.000Z',
  });
  const file = join(work, `bench-bundle-${name}.json`);
  writeFileSync(file, serializeBundle(bundle));
  return { file, entries: bundle.entries.length };
}

/** Opens the scale's bundle into the profile and makes it the open assessment. */
async function openFigures(url: string, work: string, profile: string, scale: BrowserScale, makeCurrent: boolean, asNew: boolean): Promise<void> {
  const { units, leaves, assessors } = scale;
  const name = asNew ? `as_new_${scale.name}` : scale.name;
  const [input$, outcome$, done] = asNew ? ['open-bundle-file', 'open-bundle-outcome', 'opened'] : ['yoy-load-file', 'yoy-load-outcome', 'done'];
  const { file: bundleFile, entries } = writeBenchBundle(work, scale);
  const size = `${units} units × ${leaves} leaves × ${assessors} assessors`;
  mkdirSync(profile, { recursive: true });
  const b = await launch(profile);
  try {
    await b.page.goto(`${url}#/rankings`);
    await b.page.waitForSelector('[data-testid="rank-row"]', { timeout: 60_000 }); // the demo is in
    // a file is opened into a settled page: the service worker has cached the app, the first screen is drawn
    await waitForServiceWorker(b.page);
    await b.page.waitForTimeout(1000);
    await watchLongTasks(b.page);
    await watchStages(b.page, outcome$);
    if (asNew) {
      await b.page.goto(`${url}#/export`);
      await b.page.waitForSelector(`[data-testid="${input$}"]`);
      await b.page.waitForTimeout(1000);
    }
    // as a user opens a file: a click opens the chooser, and the file is picked a moment later; the time
    // runs from the file picked
    const choosing = b.page.waitForEvent('filechooser');
    await b.page.locator(`label:has([data-testid="${input$}"])`).click();
    const chooser = await choosing;
    await b.page.waitForTimeout(1000);
    const from = await b.page.evaluate(() => performance.now());
    const t = performance.now();
    let sawProgress = false;
    let wall = 0;
    const opened = traceMainThread(b.page, async () => {
      await chooser.setFiles(bundleFile);
      const outcome = b.page.locator(`[data-testid="${outcome$}"]:not([data-kind="none"])`);
      sawProgress = await b.page
        .waitForSelector('[data-testid="import-progress"]', { timeout: 5000 })
        .then(() => true)
        .catch(() => false);
      await outcome.waitFor({ timeout: 300_000 });
      wall = performance.now() - t;
      if ((await outcome.getAttribute('data-kind')) !== done) throw new Error(`opening the bundle failed: ${await outcome.innerText()}`);
      // what the page does once it is told (year over year scores the opened edition) counts as well
      await b.page.waitForTimeout(3000);
    });
    const tasks = await opened;
    // timed in the page: the test's own wait for the outcome polls, at times only every half second
    const inPage = await pickedToShown(b.page);
    report(
      `browser_open_bundle_${name}`,
      inPage ?? wall,
      'ms',
      `${entries} entries (${size}): read, validate, store in IndexedDB, from the file picked in the chooser to the outcome shown, ${inPage !== undefined ? `timed in the page (the test, which polls, saw it after ${wall.toFixed(0)} ms)` : 'as the test saw it (the page did not tell)'}${sawProgress ? ', progress bar shown' : ', NO progress bar'}`,
    );
    report(`browser_open_longest_task_${name}`, await longestTask(b.page, from), 'ms', `longest main-thread 'longtask' entry while opening and 3 s after (0: none of 50 ms or more)`);
    report(`browser_open_main_busy_${name}`, tasks.busy, 'ms', `main-thread CPU in tasks while opening and 3 s after (trace), longest ${tasks.longest.toFixed(0)} ms`);
    // on a loaded machine a task's wall time is mostly waiting for a core: its processor time is what the page did
    report(`browser_open_longest_task_cpu_${name}`, tasks.longestCpu, 'ms', `processor time of the longest-running main-thread task while opening and 3 s after (trace)`);
    report(`browser_open_worker_cpu_${name}`, tasks.workerCpu, 'ms', `processor time of the page's workers in that time (trace): reading, checking and storing, and any scoring after`);
    console.log(`open ${name}, stages as the page showed them: ${await stageTimes(b.page, from)}`);
    if (!makeCurrent || asNew) return;

    await b.page.goto(`${url}#/setup`);
    await b.page.selectOption('[data-testid="assessment-picker"]', 'bench-assessment');
    // the switch is stored (and read back) once the masthead names the opened assessment
    await b.page.waitForFunction(() => document.querySelector('[data-testid="assessment-name"]')?.textContent?.includes('基准测试'), undefined, { timeout: 180_000 });
  } finally {
    await b.close().catch(() => undefined);
  }
}

/**
 * Records when the progress bar's stage changes (read, parse, check, store) and when it goes; and, on the
 * page's clock, when a file is picked (the chooser's change event) and when the outcome `outcome` then shows.
 */
async function watchStages(page: Page, outcome: string): Promise<void> {
  await page.evaluate((outcomeId) => {
    const w = window as unknown as { stages?: [number, string][]; picked?: number; shown?: number };
    w.stages = [];
    document.addEventListener('change', (e) => void ((e.target as HTMLInputElement).type === 'file' && (w.picked = performance.now())), true);
    let last = '';
    new MutationObserver(() => {
      const stage = document.querySelector('[data-testid="import-progress"]')?.getAttribute('data-stage') ?? 'none';
      if (stage !== last) w.stages!.push([performance.now(), (last = stage)]);
      if (w.picked !== undefined && w.shown === undefined && document.querySelector(`[data-testid="${outcomeId}"]:not([data-kind="none"])`)) w.shown = performance.now();
    }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-stage', 'data-kind'] });
  }, outcome);
}

/** From the file picked to the outcome shown, on the page's clock (watchStages), if both were seen. */
async function pickedToShown(page: Page): Promise<number | undefined> {
  return page.evaluate(() => {
    const { picked, shown } = window as unknown as { picked?: number; shown?: number };
    return picked !== undefined && shown !== undefined ? shown - picked : undefined;
  });
}

/** "read 1.2 s, parse 0.8 s, …": how long each stage showed, from `from` (the page's clock). */
async function stageTimes(page: Page, from: number): Promise<string> {
  const stages = await page.evaluate(() => (window as unknown as { stages: [number, string][] }).stages);
  const parts: string[] = [];
  let at = from;
  let stage = 'choose';
  // a change before `from` (the page drawn anew before the file was chosen) is not part of the opening
  for (const [t, s] of stages.filter(([t]) => t >= from)) {
    parts.push(`${stage} ${((t - at) / 1000).toFixed(2)} s`);
    [at, stage] = [t, s];
  }
  return parts.join(', ');
}

/**
 * A new browser process on the profile, straight to the ranking page: until its rows show, until every
 * entry is read (no 正在载入 mark on the page), and the longest main-thread task from the start until
 * then ('longtask' entries, observed from before the app's first script). A kept profile's service
 * worker and caches are cleared first: they hold an earlier build.
 */
async function coldStartFigures(url: string, profile: string, name: string, size: string, runs: number, fresh: boolean, edits: boolean): Promise<void> {
  const ranking: number[] = [];
  const full: number[] = [];
  const longest: number[] = [];
  for (let run = 0; run < runs; run++) {
    const b = await launch(profile);
    try {
      if (fresh) {
        const cdp = await b.page.context().newCDPSession(b.page);
        await cdp.send('Storage.clearDataForOrigin', { origin: url.replace(/\/$/, ''), storageTypes: 'service_workers,cache_storage' });
        await cdp.detach();
      }
      await b.page.addInitScript(() => {
        const w = window as unknown as { longTasks?: number[][] };
        w.longTasks = [];
        new PerformanceObserver((l) => l.getEntries().forEach((e) => w.longTasks!.push([e.startTime, e.duration]))).observe({ type: 'longtask' });
      });
      const t = performance.now();
      await b.page.goto(`${url}#/rankings`);
      await b.page.waitForFunction((n) => document.querySelectorAll('[data-testid="rank-row"]').length > 0 && document.body.innerText.includes(n), '基准测试', { timeout: 120_000 });
      ranking.push(performance.now() - t);
      await b.page.waitForSelector('[data-testid="app-ready"]:not([data-loading])', { timeout: 180_000 });
      full.push(performance.now() - t);
      longest.push(await longestTask(b.page, 0));
      if (edits && run === runs - 1) await editFigures(b.page, name);
    } finally {
      await b.close().catch(() => undefined);
    }
  }
  const of = runs > 1 ? `, median of ${runs}` : '';
  // each run in order: the first after a change to the data has no current results snapshot, the next ones do
  const each = (xs: number[]) => (runs > 1 ? ` (runs: ${xs.map((x) => x.toFixed(0)).join(', ')} ms)` : '');
  report(`cold_start_${name}_to_rankings`, median(ranking), 'ms', `${size}, ranking rendered${of}${each(ranking)}`);
  report(`cold_start_${name}_full`, median(full), 'ms', `${size}, every entry read and the page out of its loading state${of}${each(full)}`);
  report(`cold_start_longest_task_${name}`, median(longest), 'ms', `longest main-thread 'longtask' entry from navigation to every entry read${of}${each(longest)}`);
}

/**
 * Typing scores in the grid with every entry stored: from Enter to the row's total showing the new
 * score (saved, read back, the unit scored again and drawn), and the main thread's tasks from the
 * keystroke until the page is quiet again (a second later) — the longest is how long the page would
 * not answer the next keystroke.
 */
export async function editFigures(page: Page, name: string): Promise<void> {
  await chooseAssessor(page, '评分人0');
  await page.goto(page.url().replace(/#.*$/, '#/entry'));
  await page.waitForSelector('[data-testid="score-grid"]', { timeout: 120_000 });
  // the first row of the grid, its first points check point
  const row = '[data-testid="grid-row"][aria-rowindex="2"]';
  const total = `${row} [data-testid="row-total"]`;
  await page.click(`${row} [data-col="leaf:basic_1"]`);
  await page.waitForTimeout(2000);
  const latency: number[] = [];
  const longest: number[] = [];
  const longestCpu: number[] = [];
  const busy: number[] = [];
  for (let i = 0; i < 7; i++) {
    if (i > 0) await page.keyboard.press('ArrowUp'); // Enter moved down a row
    const before = await page.textContent(total);
    await page.keyboard.type(i % 2 === 0 ? '1' : '0');
    let took = 0;
    const tasks = await traceMainThread(page, async () => {
      const t = performance.now();
      await page.keyboard.press('Enter');
      await page.waitForFunction(([sel, text]) => document.querySelector(sel)?.textContent !== text, [total, before] as const, { timeout: 30_000, polling: 'raf' });
      took = performance.now() - t;
      await page.waitForTimeout(1000);
    });
    latency.push(took);
    longest.push(tasks.longest);
    longestCpu.push(tasks.longestCpu);
    busy.push(tasks.busy);
  }
  report(`edit_to_total_${name}`, median(latency), 'ms', `Enter to the row total redrawn in the grid, median of ${latency.length}`);
  report(`edit_longest_task_${name}`, median(longest), 'ms', `longest main-thread task from Enter to a second after the total shows (trace), median of ${longest.length}; worst ${Math.max(...longest).toFixed(0)} ms`);
  report(`edit_longest_task_cpu_${name}`, median(longestCpu), 'ms', `processor time of the longest-running main-thread task in that time (trace), median of ${longestCpu.length}; worst ${Math.max(...longestCpu).toFixed(0)} ms`);
  report(`edit_main_busy_${name}`, median(busy), 'ms', `main-thread CPU in tasks in that time (trace), median of ${busy.length}`);
}
