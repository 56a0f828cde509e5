/**
 * Live sync figures in headless Chromium against the CouchDB-compatible test server on 127.0.0.1
 * (express-pouchdb in memory, as the sync tests use; production is Apache CouchDB): joining the
 * synthetic assessment from the server into a browser that does not have it (time from 登录并下载 to the
 * assessment stored and open; peak JS heap of the page and peak memory of the browser's processes; the
 * page's longest task meanwhile), and one edit's latency from one browser to another (Enter on one
 * machine to the value shown on the other).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { makeBundle } from '../src/formats/bundle';
import { CouchClient } from '../src/sync/couch/http';
import { setupServer } from '../src/sync/couch/setup';
import { entitiesOfBundle, pendingDocs, pushDocs } from '../src/sync/couch/plan';
import { serveStatic } from '../test/e2e/staticServer';
import { launch, type RunningBrowser } from '../test/e2e/harness';
import { chooseAssessor, openUnit, setValue } from '../test/e2e/appDriver';
import { ADMIN, startCouchServer } from '../test/couch/couchServer';
import { sameOrigin } from '../test/e2e/syncMachines';
import { buildApp, type BrowserScale } from './browser';
import { median, report } from './report';
import { synthetic } from './synthetic';

/** resident memory of every process of the browser profile, in bytes */
function browserRss(profile: string): number {
  let total = 0;
  for (const pid of readdirSync('/proc').filter((e) => /^\d+$/.test(e))) {
    try {
      if (!readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(`--user-data-dir=${profile}`)) continue;
      const rss = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (rss) total += Number(rss[1]) * 1024;
    } catch {
      // the process ended meanwhile
    }
  }
  return total;
}

async function joinFrom(page: Page, front: string, db: string): Promise<void> {
  await page.goto(`${front}#/setup`);
  await page.waitForSelector('[data-testid="join-server-open"]', { timeout: 60_000 });
  await page.click('[data-testid="join-server-open"]');
  await page.fill('[data-testid="join-server"]', `${front}/couchdb`);
  await page.fill('[data-testid="join-db"]', db);
  await page.fill('[data-testid="join-user"]', 'office');
  await page.fill('[data-testid="join-password"]', 'pw-office');
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

/**
 * With SYNC_PROFILE=1 (an unminified build): a CPU profile of each page's main thread over the edits,
 * printed as the functions with the most self time and the busiest stacks. For finding what to make
 * faster; the figures themselves come from runs without it.
 */
const PROFILE = process.env.SYNC_PROFILE === '1';

async function profileStart(page: Page): Promise<() => Promise<void>> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 1000 });
  await cdp.send('Profiler.start');
  return async () => {
    const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] } };
    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
    const parent = new Map<number, number>();
    for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
    const name = (n: ProfileNode) => `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber}`;
    const self = new Map<string, number>();
    const stacks = new Map<string, number>();
    profile.samples.forEach((id, i) => {
      const ms = (profile.timeDeltas[i] ?? 0) / 1000;
      const n = byId.get(id)!;
      self.set(name(n), (self.get(name(n)) ?? 0) + ms);
      if (n.callFrame.functionName.startsWith('(')) return;
      const chain: string[] = [];
      for (let at: number | undefined = id; at !== undefined && chain.length < 10; at = parent.get(at)) chain.push(byId.get(at)!.callFrame.functionName || '(anon)');
      stacks.set(chain.join(' < '), (stacks.get(chain.join(' < ')) ?? 0) + ms);
    });
    const busy = [...self].filter(([k]) => !k.startsWith('(idle)') && !k.startsWith('(program)')).reduce((a, [, ms]) => a + ms, 0);
    console.log(`  busy ${busy.toFixed(0)} ms of ${[...self.values()].reduce((a, b) => a + b, 0).toFixed(0)} ms sampled`);
    for (const [k, ms] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`${ms.toFixed(1).padStart(9)} ms  ${k}`);
    for (const [k, ms] of [...stacks].sort((a, b) => b[1] - a[1]).slice(0, 20)) console.log(`${ms.toFixed(1).padStart(9)} ms  ${k}`);
  };
}

export async function syncBench(scales: readonly BrowserScale[]): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'zwgk-bench-sync-'));
  const browsers: RunningBrowser[] = [];
  try {
    const dist = PROFILE ? join(work, 'dist') : buildApp(work);
    if (PROFILE) execFileSync('npx', ['vite', 'build', '--outDir', dist, '--emptyOutDir', '--logLevel', 'error', '--minify', 'false'], { stdio: 'inherit' });
    for (const { name, units, leaves, assessors } of scales) {
      const s = synthetic(units, leaves, assessors);
      const bundle = makeBundle({
        assessment: { id: 'bench-assessment', name: `基准测试：${s.entries.length} 条评分`, year: 2025, status: 'open' },
        ruleSets: [s.ruleSet],
        units: s.units,
        assessors: s.assessors,
        // written by their assessors, as entered in the app: a later revision by the same person is an update
        entries: s.entries.map((e) => ({ ...e, updatedBy: s.assessors.find((a) => a.id === e.assessorId)?.name ?? e.assessorId })),
        exportedAt: '2025-01-01T00:00:00.000Z',
      });
      const couch = await startCouchServer();
      const app = await serveStatic(dist);
      const front = await sameOrigin(app, couch);
      const db = `bench-${name}`;
      const size = `${s.entries.length} entries (${units} units × ${leaves} leaves × ${assessors} assessors)`;
      try {
        let t = performance.now();
        // the database, its security, validation and users as set-up makes them; the documents (those set-up
        // would publish, under the same revisions) go straight into the server's store: over HTTP a nation's
        // 1.35 million documents take longer than the bench itself, and the server's loading is not measured
        await setupServer(new CouchClient(couch.url, { basic: `${ADMIN.name}:${ADMIN.password}` }), db, [{ name: 'office', password: 'pw-office', roles: ['coordinator'] }]);
        await couch.seed(db, pushDocs(pendingDocs(entitiesOfBundle(bundle), {}), {}));
        console.log(`sync bench ${name}: server loaded with ${size} in ${((performance.now() - t) / 1000).toFixed(1)} s (heap ${(process.memoryUsage().heapUsed / 2 ** 30).toFixed(1)} GB)`);

        const pages: Page[] = [];
        for (const machine of ['a', 'b']) {
          const profile = join(work, `profile-${name}-${machine}`);
          const b = await launch(profile, undefined, ['--enable-precise-memory-info']);
          browsers.push(b);
          await joinFrom(b.page, front.url, db);
          // a string, not a function: the bench runs through tsx, whose helpers do not exist in the page
          await b.page.evaluate(
            'window.heapPeak = 0; setInterval(() => { window.heapPeak = Math.max(window.heapPeak, performance.memory ? performance.memory.usedJSHeapSize : 0); }, 100);' +
              " window.longTasks = []; new PerformanceObserver((l) => l.getEntries().forEach((e) => window.longTasks.push(e.duration))).observe({ type: 'longtask' });",
          );
          let rssPeak = 0;
          const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, browserRss(profile))), 250);
          t = performance.now();
          await b.page.click('[data-testid="join-submit"]');
          const started = t;
          const progress = setInterval(() => {
            void b.page
              .textContent('[data-testid="join-progress"]', { timeout: 1000 })
              .then((text) => console.log(`  ${machine} ${((performance.now() - started) / 1000).toFixed(0)} s: ${text ?? ''} (browser ${(browserRss(profile) / 2 ** 20).toFixed(0)} MB)`))
              .catch(() => undefined);
          }, 30_000);
          await b.page.waitForSelector('[data-testid="setup-message"]', { timeout: 3_600_000 }).finally(() => clearInterval(progress));
          const wall = performance.now() - t;
          clearInterval(sampler);
          console.log(`sync bench ${name}: ${machine} joined in ${(wall / 1000).toFixed(1)} s`);
          const message = (await b.page.textContent('[data-testid="setup-message"]')) ?? '';
          if (!message.startsWith('已从服务器加入考核')) throw new Error(`join failed: ${message}`);
          if (machine === 'a') {
            const heap = Number(await b.page.evaluate('window.heapPeak'));
            report(`sync_join_${name}`, wall, 'ms', `${size}: log in, read the whole database, store it as a new assessment`);
            report(`sync_join_heap_peak_${name}`, heap / 2 ** 20, 'MB', 'peak JS heap of the page during the join (sampled every 100 ms)');
            report(`sync_join_browser_rss_peak_${name}`, rssPeak / 2 ** 20, 'MB', "peak resident memory of all the browser's processes during the join (sampled every 250 ms)");
            const long = (await b.page.evaluate('window.longTasks')) as number[];
            report(
              `sync_join_longest_task_${name}`,
              Math.max(0, ...long),
              'ms',
              `the page's longest main-thread task during the join; ${long.length} tasks of 50 ms or more, ${(long.reduce((a, d) => a + d, 0) / 1000).toFixed(1)} s in all`,
            );
          }
          t = performance.now();
          await b.page.waitForSelector('[data-testid="sync-state"][data-state="synced"]', { timeout: 1_800_000 });
          console.log(`sync bench ${name}: ${machine} first round done ${((performance.now() - t) / 1000).toFixed(1)} s after the join`);
          await chooseAssessor(b.page, '评分人0');
          await openUnit(b.page, 'city', '单位0');
          pages.push(b.page);
        }

        // one edit's latency: Enter on machine a to the value shown on machine b
        const [a, bPage] = pages as [Page, Page];
        const input = '[data-testid="leaf-input-basic_1"]';
        const latency: number[] = [];
        const stops = PROFILE ? [await profileStart(a), await profileStart(bPage)] : [];
        for (let i = 0; i < 5; i++) {
          const value = (await a.inputValue(input)) === '0.7' ? '0.3' : '0.7';
          t = performance.now();
          await setValue(a, 'basic_1', value);
          // polled from here: the app's CSP refuses a page-side check given as a string
          for (const until = t + 120_000; (await bPage.inputValue(input)) !== value; ) {
            if (performance.now() > until) throw new Error('the edit did not reach the other browser within 120 s');
            await new Promise((r) => setTimeout(r, 20));
          }
          latency.push(performance.now() - t);
          await a.waitForSelector('[data-testid="sync-state"][data-state="synced"]', { timeout: 120_000 });
        }
        for (const [i, stop] of stops.entries()) {
          console.log(`profile of ${i === 0 ? 'a (editing)' : 'b (receiving)'} over the edits:`);
          await stop();
        }
        report(`sync_edit_latency_${name}`, median(latency), 'ms', `Enter on one browser to the value shown on another through the server on 127.0.0.1, median of ${latency.length}; worst ${Math.max(...latency).toFixed(0)} ms`);
      } finally {
        for (const b of browsers.splice(0)) await b.close().catch(() => undefined);
        await front.close();
        await app.close();
        await couch.close();
      }
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
