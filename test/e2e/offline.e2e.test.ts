import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chooseAssessor, openUnit, setValue, valueOf } from './appDriver';
import { dumpIndexedDb, launch, newProfileDir, openApp, removeProfile, screenshots, startServer, waitForServiceWorker, type RunningBrowser } from './harness';
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
