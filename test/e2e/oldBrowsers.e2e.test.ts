/**
 * Never a blank page: a browser below the support line, or one without IndexedDB, gets the Chinese
 * message of public/browser-check.js instead of the app. There is no old Chromium on the test machine,
 * so the current one is made to look old: the APIs the check tests are removed, or the user agent names
 * an older kernel, before any script of the page runs.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DIST, launch, newProfileDir, removeProfile, screenshots, startServer, type RunningBrowser } from './harness';
import type { StaticServer } from './staticServer';

describe('old browsers and blocked storage', () => {
  let server: StaticServer;
  let browser: RunningBrowser;
  let profile: string;

  beforeAll(async () => {
    server = await startServer();
    profile = newProfileDir('old-browsers');
    browser = await launch(profile);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    removeProfile(profile);
  });

  /** A fresh tab prepared by `prepare` (run before the page's own scripts), with its console errors. */
  async function open(prepare: (page: Page) => Promise<unknown>): Promise<{ page: Page; errors: string[] }> {
    const page = await browser.context.newPage();
    const errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(String(e)));
    await prepare(page);
    await page.goto(`${server.url}#/rankings`);
    return { page, errors };
  }

  async function expectMessage(page: Page, reason: string, title: string): Promise<void> {
    const box = page.locator(`#browser-check[data-reason="${reason}"]`);
    await box.waitFor({ timeout: 15_000 });
    expect(await box.locator('h1').innerText()).toBe(title);
    expect(await box.isVisible()).toBe(true);
    // the app is out of the way, not half drawn next to the message
    expect(await page.locator('#root').count()).toBe(0);
    expect(await page.locator('[data-testid="app-ready"]').count()).toBe(0);
  }

  it('a kernel without the ES2021 library (Chromium 84 and older) gets the message, not a blank page', async () => {
    const { page, errors } = await open((p) =>
      p.addInitScript(() => {
        // what a Chromium 80 lacks of what the check tests
        delete (String.prototype as { replaceAll?: unknown }).replaceAll;
        delete (Promise as { any?: unknown }).any;
        delete (globalThis as { WeakRef?: unknown }).WeakRef;
      }),
    );
    await expectMessage(page, 'browser', '当前浏览器版本过低，无法使用本系统');
    const text = await page.locator('#browser-check').innerText();
    expect(text).toContain('Chromium 86');
    expect(text).toContain('Chrome 109');
    expect(text).toContain('极速模式');
    expect(errors.filter((e) => /Content Security Policy|Refused to/i.test(e))).toEqual([]);
    await screenshots(page, 'browser-too-old');
    await page.close();
  });

  it('a Chromium 85 user agent gets the message too (its library passes the feature tests)', async () => {
    const { page } = await open(async (p) => {
      const cdp = await p.context().newCDPSession(p);
      await cdp.send('Emulation.setUserAgentOverride', {
        userAgent: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/85.0.4183.121 Safari/537.36',
      });
    });
    expect(await page.evaluate(() => navigator.userAgent)).toContain('Chrome/85.');
    await expectMessage(page, 'browser', '当前浏览器版本过低，无法使用本系统');
    await page.close();
  });

  it('a profile without IndexedDB gets the storage message', async () => {
    const { page, errors } = await open((p) =>
      p.addInitScript(() => {
        Object.defineProperty(window, 'indexedDB', { value: undefined, configurable: true });
      }),
    );
    await expectMessage(page, 'indexeddb', '浏览器不允许本系统保存数据，无法使用本系统');
    const text = await page.locator('#browser-check').innerText();
    expect(text).toContain('无痕');
    expect(text).toContain('信息化管理员');
    expect(errors.filter((e) => /Content Security Policy|Refused to/i.test(e))).toEqual([]);
    await screenshots(page, 'indexeddb-unavailable');
    await page.close();
  });

  it('a profile where opening a database throws gets the storage message', async () => {
    const { page } = await open((p) =>
      p.addInitScript(() => {
        IDBFactory.prototype.open = () => {
          throw new DOMException('The user denied permission to access the database.', 'SecurityError');
        };
      }),
    );
    await expectMessage(page, 'indexeddb', '浏览器不允许本系统保存数据，无法使用本系统');
    await page.close();
  });

  it('a profile where opening a database fails later (a private window) gets the storage message', async () => {
    const { page } = await open((p) =>
      p.addInitScript(() => {
        // the request is made, then fails, as in a private window that keeps no databases
        IDBFactory.prototype.open = function (): IDBOpenDBRequest {
          const request = { error: new DOMException('A mutation operation was attempted on a database that did not allow mutations.', 'InvalidStateError') } as {
            error: DOMException;
            onerror?: (e: Event) => void;
          };
          setTimeout(() => request.onerror?.(new Event('error')), 50);
          return request as unknown as IDBOpenDBRequest;
        };
      }),
    );
    await expectMessage(page, 'indexeddb', '浏览器不允许本系统保存数据，无法使用本系统');
    await page.close();
  });

  it('a current browser gets the app, with the polyfills loaded and the browser check silent', async () => {
    const { page, errors } = await open(async () => undefined);
    await page.waitForSelector('[data-testid="app-ready"]', { timeout: 30_000 });
    expect(await page.locator('#browser-check').count()).toBe(0);
    expect(await page.evaluate(() => document.documentElement.hasAttribute('data-unsupported'))).toBe(false);
    // the probe database is gone again
    expect((await page.evaluate(() => indexedDB.databases())).map((d) => d.name)).not.toContain('zwgk-kaohe-probe');
    expect(errors).toEqual([]);
    expect(server.requests.some((r) => r.includes('browser-check.js'))).toBe(true);
    expect(server.requests.some((r) => /assets\/polyfills-[\w-]+\.js/.test(r))).toBe(true);
    await page.close();
  });

  it('a Chromium 86 library (no .at, Object.hasOwn or structuredClone) runs the app on the polyfills', async () => {
    const { page, errors } = await open((p) =>
      p.addInitScript(() => {
        // what Chromium 86-91 lacks of what the app calls; the polyfill chunk must put each back
        delete (Array.prototype as { at?: unknown }).at;
        delete (String.prototype as { at?: unknown }).at;
        delete (Object.getPrototypeOf(Int8Array.prototype) as { at?: unknown }).at;
        delete (Object as { hasOwn?: unknown }).hasOwn;
        delete (globalThis as { structuredClone?: unknown }).structuredClone;
      }),
    );
    await page.waitForSelector('[data-testid="app-ready"]', { timeout: 30_000 });
    await expect.poll(() => page.locator('[data-testid="rank-table-city"] tbody tr').count()).toBe(15);
    expect(await page.evaluate(() => [typeof [].at, typeof Object.hasOwn, typeof structuredClone])).toEqual(['function', 'function', 'function']);
    expect(await page.locator('#browser-check').count()).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('the build has no legacy copy of the app, and the service worker precaches the check and the polyfills', () => {
    const assets = readdirSync(join(DIST, 'assets'));
    expect(assets.filter((f) => /legacy/i.test(f))).toEqual([]);
    const sw = readFileSync(join(DIST, 'sw.js'), 'utf8');
    expect(sw).toContain('"browser-check.js"');
    const polyfills = assets.find((f) => /^polyfills-.*\.js$/.test(f));
    expect(polyfills).toBeDefined();
    expect(sw).toContain(`assets/${polyfills}`);
    // no inline script in the page: the CSP (script-src 'self') would refuse it
    const html = readFileSync(join(DIST, 'index.html'), 'utf8');
    expect([...html.matchAll(/<script\b([^>]*)>([^<]*)<\/script>/g)].filter((m) => !/\bsrc=/.test(m[1]!) || m[2]!.trim() !== '')).toEqual([]);
  });
});
