/**
 * `tsx bench/profileOpen.ts <scale> <phase>`: a CPU profile of the page's main thread (DevTools protocol
 * Profiler) over one step of the browser bench — `open` (a bundle opened), `cold` (a cold start to the
 * ranking page) or `edit` (one score typed in the grid) — on an unminified build, printed as the functions
 * with the most self time. For finding what to make faster; the figures themselves come from `npm run bench`.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { makeBundle, serializeBundle } from '../src/formats/bundle';
import { serveStatic } from '../test/e2e/staticServer';
import { chooseAssessor } from '../test/e2e/appDriver';
import { launch, waitForServiceWorker } from '../test/e2e/harness';
import { synthetic } from './synthetic';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

async function profiled(page: Page, run: () => Promise<void>): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
  await cdp.send('Profiler.start');
  await run();
  const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: Profile };
  const self = new Map<string, number>();
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  profile.samples.forEach((id, i) => {
    const n = byId.get(id)!;
    const k = `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber}`;
    self.set(k, (self.get(k) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  });
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  console.log(`sampled ${total.toFixed(0)} ms`);
  for (const [k, ms] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 40)) console.log(`${ms.toFixed(1).padStart(9)} ms  ${k}`);
  // the longest stretches without an idle sample (about the page's longest tasks): what each was doing
  const stretches: { from: number; to: number; ms: number }[] = [];
  let stretch: { from: number; to: number; ms: number } | undefined;
  profile.samples.forEach((id, i) => {
    const idle = byId.get(id)!.callFrame.functionName === '(idle)';
    if (idle) stretch = undefined;
    else if (stretch) {
      stretch.to = i;
      stretch.ms += (profile.timeDeltas[i] ?? 0) / 1000;
    } else stretches.push((stretch = { from: i, to: i, ms: (profile.timeDeltas[i] ?? 0) / 1000 }));
  });
  for (const r of stretches.sort((a, b) => b.ms - a.ms).slice(0, 3)) {
    const inRun = new Map<string, number>();
    for (let i = r.from; i <= r.to; i++) {
      const n = byId.get(profile.samples[i]!)!;
      const k = `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber}`;
      inRun.set(k, (inRun.get(k) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
    }
    console.log(`busy stretch of ${r.ms.toFixed(1)} ms:`);
    for (const [k, ms] of [...inRun].sort((a, b) => b[1] - a[1]).slice(0, 12)) console.log(`${ms.toFixed(1).padStart(9)} ms  ${k}`);
  }
  // the callers of the busiest functions: each sampled stack, three frames up, by time
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const name = (n: ProfileNode) => `${n.callFrame.functionName || '(anon)'}:${n.callFrame.lineNumber}`;
  const stacks = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const chain: string[] = [];
    for (let at: number | undefined = id; at !== undefined && chain.length < 8; at = parent.get(at)) chain.push(name(byId.get(at)!));
    if (chain[0]!.startsWith('(')) return;
    const k = chain.join(' < ');
    stacks.set(k, (stacks.get(k) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  });
  console.log('stacks:');
  for (const [k, ms] of [...stacks].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`${ms.toFixed(1).padStart(9)} ms  ${k}`);
}

const [scale = 'province', phase = 'open'] = process.argv.slice(2);
const [units, leaves] = scale === 'nation' ? [3000, 150] : [50, 120];
const work = mkdtempSync(join(tmpdir(), 'zwgk-prof-'));
const dist = join(work, 'dist');
execFileSync('npx', ['vite', 'build', '--outDir', dist, '--emptyOutDir', '--logLevel', 'error', '--minify', 'false'], { stdio: 'inherit' });
const s = synthetic(units, leaves, 3);
const bundle = makeBundle({
  assessment: { id: 'bench-assessment', name: `基准测试：${s.entries.length} 条评分`, year: 2025, status: 'open' },
  ruleSets: [s.ruleSet],
  units: s.units,
  assessors: s.assessors,
  entries: s.entries,
  exportedAt: '2025-01-01T00:00:00.000Z',
});
const file = join(work, 'bundle.json');
writeFileSync(file, serializeBundle(bundle));
const server = await serveStatic(dist);
const profile = join(work, 'profile');
let b = await launch(profile);
try {
  await b.page.goto(`${server.url}#/rankings`);
  await b.page.waitForSelector('[data-testid="rank-row"]', { timeout: 60_000 });
  await waitForServiceWorker(b.page);
  await b.page.waitForTimeout(1000);
  const open = async () => {
    await b.page.locator('[data-testid="yoy-load-file"]').setInputFiles(file);
    const outcome = b.page.locator('[data-testid="yoy-load-outcome"]:not([data-kind="none"])');
    await outcome.waitFor({ timeout: 300_000 });
  };
  if (phase === 'open') await profiled(b.page, open);
  else {
    await open();
    await b.page.goto(`${server.url}#/setup`);
    await b.page.selectOption('[data-testid="assessment-picker"]', 'bench-assessment');
    await b.page.waitForFunction(() => document.querySelector('[data-testid="assessment-name"]')?.textContent?.includes('基准测试'), undefined, { timeout: 180_000 });
    await b.close();
    b = await launch(profile);
    const cold = async () => {
      await b.page.goto(`${server.url}#/rankings`);
      await b.page.waitForFunction(() => document.querySelectorAll('[data-testid="rank-row"]').length > 0 && document.body.innerText.includes('基准测试'), undefined, { timeout: 120_000 });
    };
    if (phase === 'cold') await profiled(b.page, cold);
    else {
      await cold();
      await chooseAssessor(b.page, '评分人0');
      await b.page.goto(b.page.url().replace(/#.*$/, '#/entry'));
      await b.page.waitForSelector('[data-testid="score-grid"]', { timeout: 120_000 });
      const row = '[data-testid="grid-row"][aria-rowindex="2"]';
      await b.page.click(`${row} [data-col="leaf:basic_1"]`);
      await b.page.waitForTimeout(2000);
      await b.page.keyboard.type('1');
      await profiled(b.page, async () => {
        await b.page.keyboard.press('Enter');
        await b.page.waitForTimeout(1500);
      });
    }
  }
} finally {
  await b.close().catch(() => undefined);
  await server.close();
  rmSync(work, { recursive: true, force: true });
}
