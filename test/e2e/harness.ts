/**
 * Real-browser harness: the built app (dist/) served by a tiny static server, opened in the system
 * Chromium through playwright-core with a persistent profile, so that IndexedDB and the service worker
 * survive a browser restart — and a real SIGKILL of the browser process.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { serveStatic, type StaticServer } from './staticServer';
import type { FindingColumns } from '../../src/store/findingColumns';
import type { PackColumns } from '../../src/store/packCodec';

/** The built app; E2E_DIST lets several builds be tested side by side. */
export const DIST = resolve(process.cwd(), process.env.E2E_DIST ?? 'dist');
export const RESULTS = resolve(process.cwd(), 'test-results');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  '--disable-quic',
];

export function assertBuilt(): void {
  for (const f of ['index.html', 'sw.js', 'manifest.webmanifest', 'demo/demo-bundle.json']) {
    if (!existsSync(join(DIST, f))) throw new Error(`dist/${f} is missing: run "vite build" before the e2e tests`);
  }
}

export async function startServer(port = 0): Promise<StaticServer> {
  assertBuilt();
  return serveStatic(DIST, port);
}

export function newProfileDir(name: string): string {
  mkdirSync(join(tmpdir(), 'zwgk-e2e'), { recursive: true });
  return mkdtempSync(join(tmpdir(), 'zwgk-e2e', `${name}-`));
}

export interface RunningBrowser {
  context: BrowserContext;
  page: Page;
  /** console errors and page errors seen so far (CSP violations show up here) */
  errors: string[];
  /** the browser's main process id */
  pid: number;
  /** SIGKILL the browser process: no unload handlers, no flush, like pulling the plug on the app */
  kill(): Promise<void>;
  close(): Promise<void>;
}

/** Every process whose command line names this profile, the browser's main process first. */
function profileProcesses(userDataDir: string): { pid: number; main: boolean }[] {
  const found: { pid: number; main: boolean }[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let args: string[];
    try {
      args = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
    } catch {
      continue;
    }
    if (!args.some((a) => a === `--user-data-dir=${userDataDir}`)) continue;
    found.push({ pid: Number(entry), main: !args.some((a) => a.startsWith('--type=')) });
  }
  return found.sort((a, b) => Number(b.main) - Number(a.main));
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^\d+ \(.*\) Z/.test(stat); // a zombie is dead, only not yet reaped
  } catch {
    return false;
  }
}

export async function launch(
  userDataDir: string,
  viewport: { width: number; height: number } = { width: 1920, height: 1080 },
  /** more Chromium switches (the guide's pictures pin how tiles are painted) */
  extraArgs: readonly string[] = [],
): Promise<RunningBrowser> {
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    args: [...ARGS, ...extraArgs],
    viewport,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    serviceWorkers: 'allow',
    acceptDownloads: true,
  });
  const main = profileProcesses(userDataDir).find((p) => p.main);
  if (!main) throw new Error(`cannot find the Chromium process for ${userDataDir}`);
  const page = context.pages()[0] ?? (await context.newPage());
  const errors: string[] = [];
  const watch = (p: Page) => {
    p.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    p.on('pageerror', (e) => errors.push(String(e)));
  };
  context.pages().forEach(watch);
  context.on('page', watch);
  let dead = false;
  return {
    context,
    page,
    errors,
    pid: main.pid,
    async kill() {
      dead = true;
      process.kill(main.pid, 'SIGKILL');
      for (let i = 0; i < 200 && alive(main.pid); i++) await sleep(25);
      if (alive(main.pid)) throw new Error(`Chromium ${main.pid} survived SIGKILL`);
      // Helpers (renderer, GPU, zygote) exit when their parent dies; wait so the profile lock is released.
      for (let i = 0; i < 200 && profileProcesses(userDataDir).some((p) => alive(p.pid)); i++) await sleep(25);
      // the connection to the dead browser is gone; closing only releases playwright's side of it
      await context.close().catch(() => undefined);
    },
    async close() {
      if (!dead) await context.close();
    },
  };
}

export const sleep = (ms: number) => new Promise<void>((ok) => setTimeout(ok, ms));

/** Open a route of the app (hash router) and wait until the shell has rendered. */
export async function openApp(page: Page, baseUrl: string, route = '/rankings'): Promise<void> {
  await page.goto(`${baseUrl}#${route}`);
  await page.waitForSelector('[data-testid="app-ready"]', { timeout: 30_000 });
}

/** Navigate inside the app with its own menu (no reload). */
export async function navTo(page: Page, route: 'setup' | 'entry' | 'rankings' | 'export'): Promise<void> {
  await page.click(`[data-testid="nav-${route}"]`);
  await page.waitForSelector(`[data-testid="page-${route}"]`);
}

/**
 * Polls an async check in the page until it holds. (page.waitForFunction takes the promise an async
 * check returns for a truthy answer and returns at once.) A check cut off by a navigation counts as no.
 */
async function until(page: Page, check: () => Promise<boolean>, what: string, timeout = 30_000): Promise<void> {
  const end = Date.now() + timeout;
  while (!(await page.evaluate(check).catch(() => false))) {
    if (Date.now() > end) throw new Error(`timed out after ${timeout} ms waiting for ${what}`);
    await sleep(100);
  }
}

const swControls = (page: Page) =>
  until(
    page,
    async () => {
      const reg = await navigator.serviceWorker.getRegistration();
      return reg?.active?.state === 'activated' && !!navigator.serviceWorker.controller;
    },
    'the service worker to control the page',
  );

/**
 * Finish the first visit: wait until the service worker is activated and controls the page, then load
 * the page once more online. The first document was loaded before the worker existed (it only got a
 * controller later, with a `controllerchange` the app may react to); the second is served under the
 * worker from the start, as every later visit will be.
 */
export async function waitForServiceWorker(page: Page): Promise<void> {
  await swControls(page);
  await page.reload();
  await page.waitForSelector('[data-testid="app-ready"]', { timeout: 30_000 });
  await swControls(page);
  // the page an offline reload asks for is in the worker's cache (precached with a revision query)
  await until(page, async () => !!(await caches.match(new URL('index.html', location.href).href, { ignoreSearch: true })), 'index.html in the cache');
}

/** Wait until every edit has been committed to IndexedDB (the header says 已保存). */
export async function waitSaved(page: Page): Promise<void> {
  await page.waitForSelector('[data-testid="save-state"][data-state="saved"]', { timeout: 15_000 });
}

/**
 * A dump of every IndexedDB database of the origin, read with the raw IndexedDB API (no app code), so a
 * test can prove that a rejected import changed nothing at all. Packed score entries come out as
 * `entries` rows (each with its `assessmentId`, in [assessmentId+id] order).
 */
export async function dumpIndexedDb(page: Page): Promise<Record<string, Record<string, unknown[]>>> {
  return page.evaluate(async () => {
    const out: Record<string, Record<string, unknown[]>> = {};
    const req = <T>(r: IDBRequest<T>) =>
      new Promise<T>((ok, fail) => {
        r.onsuccess = () => ok(r.result);
        r.onerror = () => fail(r.error);
      });
    for (const info of await indexedDB.databases()) {
      // the browser check's probe (public/browser-check.js) is the check's, not the app's
      if (!info.name || info.name === 'zwgk-kaohe-probe') continue;
      const db = await req(indexedDB.open(info.name));
      const stores: Record<string, unknown[]> = {};
      for (const name of Array.from(db.objectStoreNames)) {
        stores[name] = await req(db.transaction(name, 'readonly').objectStore(name).getAll());
      }
      db.close();
      // score entries are stored packed by unit and assessor, in columns (src/store/packCodec.ts, read here
      // again without the app's code): list them one row each, as the tests read them
      // findings in columns since version 9 (src/store/findingColumns.ts): lists by entry, a bit mask of fields per finding, each field's values
      // (the store's types, erased in the page; the reading below is this file's own)
      const FINDING_FIELDS = ['id', 'checkpoint', 'count', 'points', 'reason', 'evidence'];
      // since version 11 the whole numbers are a string's character codes
      const code = (c: string | ArrayLike<number>, i: number) => (typeof c === 'string' ? c.charCodeAt(i) : c[i]!);
      const findingsIn = (fc: FindingColumns, into: Map<number, unknown>) => {
        const taken: Record<string, number> = {};
        let f = 0;
        for (let j = 0; j < fc.entry.length; j++) {
          const list: Record<string, unknown>[] = [];
          for (let n = 0; n < code(fc.size, j); n++, f++) {
            const finding: Record<string, unknown> = {};
            FINDING_FIELDS.forEach((field, bit) => {
              if ((code(fc.has, f) & (1 << bit)) === 0) return;
              const column = (fc as unknown as Record<string, string | number | Float64Array | undefined>)[field];
              const k = (taken[field] = (taken[field] ?? -1) + 1);
              finding[field] = typeof column === 'string' ? column.split('\u001f')[k] : typeof column === 'number' ? column : column![k];
            });
            list.push(finding);
          }
          into.set(code(fc.entry, j), list);
        }
      };
      type Pack = { assessmentId: string; unitId: string; assessorId: string; entries?: { id: string }[]; columns?: PackColumns };
      const entriesOf = (p: Pack): { id: string }[] => {
        if (p.entries) return p.entries;
        const c = p.columns!;
        const more = new Map<number, Record<string, unknown>>();
        for (let i = 0; c.more && i < c.more.length; i += 2) more.set(c.more[i] as number, c.more[i + 1] as Record<string, unknown>);
        const findings = new Map<number, unknown>();
        for (let i = 0; c.findings && i < c.findings.length; i += 2) findings.set(c.findings[i] as number, c.findings[i + 1]);
        if (c.findingColumns) findingsIn(c.findingColumns, findings);
        const nodes = typeof c.node === 'string' ? c.node.split('\n') : c.node;
        return nodes.map((node, i) => {
          const m = more.get(i) ?? {};
          const cell = [p.unitId, node, p.assessorId, ...(m.objectId ? [m.objectId] : [])].join(':');
          const e: Record<string, unknown> = { id: m.id ?? cell, unitId: p.unitId, node, assessorId: p.assessorId, ...m };
          if (c.value && !Number.isNaN(c.value[i])) e.value = c.value[i];
          if (findings.has(i)) e.findings = findings.get(i);
          const rev = typeof c.rev === 'number' ? c.rev : c.rev?.[i];
          if (rev !== undefined && !Number.isNaN(rev)) e.rev = rev;
          if (c.updatedAt?.[i] != null) e.updatedAt = c.updatedAt[i];
          if (c.updatedBy?.[i] != null) e.updatedBy = c.updatedBy[i];
          return e as { id: string };
        });
      };
      // a unit's packs lie in one row: in columns (`inColumns`), or as given (`packs`)
      type UnitRow = { assessmentId: string; unitId: string; packs?: Pack[]; inColumns?: { assessorId: string; columns: PackColumns }[] };
      const unitRows = stores.unitPacks as UnitRow[] | undefined;
      if (unitRows) {
        delete stores.unitPacks;
        const packs = unitRows.flatMap((r): Pack[] => r.packs ?? r.inColumns!.map((p) => ({ assessmentId: r.assessmentId, unitId: r.unitId, assessorId: p.assessorId, columns: p.columns })));
        const rows = packs.flatMap((p) => entriesOf(p).map((e) => ({ ...e, assessmentId: p.assessmentId })));
        const order = (r: { assessmentId: string; id: string }) => [r.assessmentId, r.id] as const;
        rows.sort((x, y) => indexedDB.cmp(order(x), order(y)));
        stores.entries = rows;
      }
      out[info.name] = stores;
    }
    return out;
  });
}

/** Screenshots of the current page at the two sizes that matter: a projector and an office laptop. */
export async function screenshots(page: Page, name: string): Promise<void> {
  mkdirSync(RESULTS, { recursive: true });
  for (const size of [
    { width: 1920, height: 1080 },
    { width: 1366, height: 768 },
  ]) {
    await page.setViewportSize(size);
    await page.evaluate(() => new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok))));
    await page.screenshot({ path: join(RESULTS, `${name}-${size.width}x${size.height}.png`) });
  }
  await page.setViewportSize({ width: 1920, height: 1080 });
}

export function removeProfile(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}
