import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chooseAssessor, openUnit, setValue, valueOf } from './appDriver';
import { DIST, dumpIndexedDb, launch, navTo, newProfileDir, openApp, removeProfile, screenshots, startServer, waitForServiceWorker, type RunningBrowser } from './harness';
import { freePort, startProcess } from './processServer';
import type { StaticServer } from './staticServer';

describe('offline', () => {
  let server: StaticServer;
  let browser: RunningBrowser;
  let profile: string;

  beforeAll(async () => {
    server = await startServer();
    profile = newProfileDir('offline');
    browser = await launch(profile);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    removeProfile(profile);
  });

  it('starts with the network off after one visit, and an edit still saves', async () => {
    const { page, context } = browser;
    await openApp(page, server.url);
    await waitForServiceWorker(page);

    // the network goes away: the browser is offline and the server is gone
    await context.setOffline(true);
    await server.close();
    const seen = server.requests.length;

    await page.reload();
    await page.waitForSelector('[data-testid="app-ready"]');
    await expect.poll(() => page.locator('[data-testid="rank-table-city"] tbody tr').count()).toBe(15);
    // the parts loaded after the first draw come from the worker's cache as well: the charts, the setup page
    await page.waitForSelector('[data-testid="charts"] [data-testid="radar-unit"]');
    await navTo(page, 'setup');
    await navTo(page, 'export');
    await navTo(page, 'rankings');
    expect(server.requests.length).toBe(seen);

    await chooseAssessor(page, '张敏');
    await openUnit(page, 'city', '兰州市');
    expect(await valueOf(page, 'basic.response')).toBe('3.5');
    await setValue(page, 'basic.response', '2.5');
    await screenshots(page, 'entry-offline');

    const stored = await dumpIndexedDb(page);
    const entry = stored['zwgk-kaohe']?.entries?.find(
      (e) => (e as { id: string; assessmentId: string }).id === 'city-lanzhou:basic.response:a1',
    ) as { value: number; updatedBy: string; rev: number } | undefined;
    expect(entry).toMatchObject({ value: 2.5, updatedBy: '张敏', rev: 2 });

    // and a reload, still offline, shows the edited value
    await page.reload();
    await page.waitForSelector('[data-testid="app-ready"]');
    await openUnit(page, 'city', '兰州市');
    expect(await valueOf(page, 'basic.response')).toBe('2.5');
  });
});

// `npm start` is `vite build && vite preview --host 127.0.0.1 --port 5173 --strictPort`: the same preview
// server here, on a free port (5173 may be taken on a shared machine), serving the build under test.
describe('offline after `npm start`', () => {
  it('serves the built app with its service worker: after one visit a reload with the network off shows the demo', async () => {
    const port = await freePort();
    const vite = await startProcess(
      process.execPath,
      ['node_modules/vite/bin/vite.js', 'preview', '--host', '127.0.0.1', '--port', String(port), '--strictPort', '--outDir', DIST],
      `http://127.0.0.1:${port}/`,
    );
    const profile = newProfileDir('npm-start');
    const browser = await launch(profile);
    try {
      const { page, context, errors } = browser;
      await openApp(page, vite.url);
      await waitForServiceWorker(page);
      await expect.poll(() => page.locator('[data-testid="rank-table-city"] tbody tr').count()).toBe(15);

      await context.setOffline(true);
      await vite.stop();
      await page.reload();
      await page.waitForSelector('[data-testid="app-ready"]');
      await expect.poll(() => page.locator('[data-testid="rank-table-city"] tbody tr').count()).toBe(15);
      expect(await page.textContent('[data-testid="assessment-name"]')).toContain('演示数据');
      // a page not opened before comes from the cache too
      await page.click('[data-testid="nav-entry"]');
      await page.waitForSelector('[data-testid="score-grid"]');
      expect(errors.filter((e) => /Content Security Policy|Refused to/i.test(e))).toEqual([]);
    } finally {
      await browser.close();
      await vite.stop();
      removeProfile(profile);
    }
  });
});
