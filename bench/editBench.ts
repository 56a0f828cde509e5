/**
 * `npm run bench -- --browser --edit-only [--scale=nation] [--cpu-profile]`: only the edit figures, for
 * working on the edit path. The scale's bundle is opened once into a profile kept under the system's
 * temporary folder (served from a fixed port, so the origin and its IndexedDB stay the same); later runs
 * build the app again and reuse the stored assessment. `--cpu-profile` also records one edit with the
 * DevTools profiler, the app built unminified, and prints where the main thread spent its time.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { serveStatic } from '../test/e2e/staticServer';
import { launch } from '../test/e2e/harness';
import { chooseAssessor } from '../test/e2e/appDriver';
import { editFigures, writeBenchBundle, type BrowserScale } from './browser';

/** a port of its own, so that the kept profile's origin (and its IndexedDB) is the same on every run */
const PORT = 47613;

export async function editOnlyBench(scales: readonly BrowserScale[], cpuProfile: boolean): Promise<void> {
  const work = join(tmpdir(), 'zwgk-bench-edit');
  mkdirSync(work, { recursive: true });
  const dist = join(work, 'dist');
  execFileSync('npx', ['vite', 'build', '--outDir', dist, '--emptyOutDir', '--logLevel', 'error', ...(cpuProfile ? ['--minify', 'false'] : [])], { stdio: 'inherit' });
  for (const scale of scales) {
    const profile = join(work, `profile-${scale.name}`);
    const server = await serveStatic(dist, PORT);
    try {
      if (!existsSync(join(profile, 'bench-seeded'))) await seed(profile, server.url, work, scale);
      // the service worker would serve the previous build: drop it and its caches, then start afresh
      let b = await launch(profile);
      await b.page.goto(`${server.url}#/setup`);
      await b.page.evaluate(async () => {
        for (const r of await navigator.serviceWorker.getRegistrations()) await r.unregister();
        for (const k of await caches.keys()) await caches.delete(k);
      });
      await b.close();
      b = await launch(profile);
      try {
        await b.page.goto(`${server.url}#/rankings`);
        await b.page.waitForFunction(() => document.querySelectorAll('[data-testid="rank-row"]').length > 0 && document.body.innerText.includes('基准测试'), undefined, { timeout: 300_000 });
        await resetEditedCell(b.page);
        await editFigures(b.page, scale.name);
        if (cpuProfile) await profileOneEdit(b.page, join(work, `edit-${scale.name}.cpuprofile`));
      } finally {
        await b.close().catch(() => undefined);
      }
    } finally {
      await server.close();
    }
  }
}

/** Opens the scale's bundle (历年对比's file button stores it) and makes it the current assessment. */
async function seed(profile: string, url: string, work: string, scale: BrowserScale): Promise<void> {
  const { file } = writeBenchBundle(work, scale);
  const b = await launch(profile);
  try {
    await b.page.goto(`${url}#/rankings`);
    await b.page.waitForSelector('[data-testid="rank-row"]', { timeout: 60_000 });
    await b.page.locator('[data-testid="yoy-load-file"]').setInputFiles(file);
    const outcome = b.page.locator('[data-testid="yoy-load-outcome"]:not([data-kind="none"])');
    await outcome.waitFor({ timeout: 600_000 });
    if ((await outcome.getAttribute('data-kind')) !== 'done') throw new Error(`opening the bundle failed: ${await outcome.innerText()}`);
    await b.page.goto(`${url}#/setup`);
    await b.page.selectOption('[data-testid="assessment-picker"]', 'bench-assessment');
    await b.page.waitForFunction(() => document.querySelector('[data-testid="assessment-name"]')?.textContent?.includes('基准测试'), undefined, { timeout: 300_000 });
  } finally {
    await b.close();
  }
  writeFileSync(join(profile, 'bench-seeded'), new Date().toISOString());
}

/** The kept profile holds what the last run typed: the cell the edits start at is set to 0 first, so their first "1" changes it. */
async function resetEditedCell(page: Page): Promise<void> {
  await chooseAssessor(page, '评分人0');
  await page.goto(page.url().replace(/#.*$/, '#/entry'));
  await page.waitForSelector('[data-testid="score-grid"]', { timeout: 120_000 });
  await page.click('[data-testid="grid-row"][aria-rowindex="2"] [data-col="leaf:basic_1"]');
  await page.keyboard.type('0');
  await page.keyboard.press('Enter');
  await page.waitForTimeout(3000);
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

/** One more edit under the DevTools profiler; prints the functions with the most self time. */
async function profileOneEdit(page: Page, file: string): Promise<void> {
  await chooseAssessor(page, '评分人0');
  const row = '[data-testid="grid-row"][aria-rowindex="2"]';
  const total = `${row} [data-testid="row-total"]`;
  await page.keyboard.press('ArrowUp');
  const before = await page.textContent(total);
  await page.keyboard.type(before?.startsWith('1') ? '0' : '1');
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
  await cdp.send('Profiler.start');
  await page.keyboard.press('Enter');
  await page.waitForFunction(([sel, text]) => document.querySelector(sel)?.textContent !== text, [total, before] as const, { timeout: 30_000, polling: 'raf' });
  await page.waitForTimeout(1000);
  const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] } };
  await cdp.detach();
  writeFileSync(file, JSON.stringify(profile));
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const f = byId.get(id)!.callFrame;
    const name = `${f.functionName || '(anonymous)'} ${f.url.split('/').pop()}:${f.lineNumber + 1}`;
    self.set(name, (self.get(name) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  });
  console.log(`cpu profile of one edit: ${file}; self time by function (ms):`);
  for (const [name, ms] of [...self].filter(([n]) => !n.startsWith('(idle)') && !n.startsWith('(program)')).sort((a, b) => b[1] - a[1]).slice(0, 40)) {
    console.log(`${ms.toFixed(1).padStart(8)}  ${name}`);
  }
}
