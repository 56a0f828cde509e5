import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launch, navTo, newProfileDir, openApp, removeProfile, screenshots, startServer, type RunningBrowser } from './harness';
import type { StaticServer } from './staticServer';

describe('first start', () => {
  let server: StaticServer;
  let browser: RunningBrowser;
  let profile: string;

  beforeAll(async () => {
    server = await startServer();
    profile = newProfileDir('first-start');
    browser = await launch(profile);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    removeProfile(profile);
  });

  it('shows the demo assessment ranked: 15 cities, 兰州市 among them, with tiers and the circular', async () => {
    const { page } = browser;
    await openApp(page, server.url);
    await expect.poll(() => page.textContent('[data-testid="assessment-name"]')).toContain('演示数据');
    const rows = page.locator('[data-testid="rank-table-city"] tbody tr');
    await expect.poll(() => rows.count()).toBe(15);
    await expect.poll(() => page.locator('[data-testid="rank-table-city"] [data-unit-id="city-lanzhou"]').textContent()).toContain('兰州市');
    // ranks start at 1 and every row carries a tier
    expect(await rows.first().locator('td').first().textContent()).toBe('1');
    expect(await page.locator('[data-testid="rank-table-city"] .tier-badge').count()).toBe(15);
    const circular = await page.textContent('[data-testid="circular"]');
    expect(circular).toContain('市（州）政府');
    expect(circular).toContain('“基础信息公开”项');
    await screenshots(page, 'rankings-city');

    await page.click('[data-testid="group-tab-department"]');
    await expect.poll(() => page.locator('[data-testid="rank-table-department"] tbody tr').count()).toBe(32);
    await screenshots(page, 'rankings-department');
  });

  it('loads nothing from outside the app and breaks no content-security rule', async () => {
    const { page, errors } = browser;
    const foreign: string[] = [];
    page.on('request', (r) => {
      if (!r.url().startsWith(server.url) && !r.url().startsWith('blob:') && !r.url().startsWith('data:')) foreign.push(r.url());
    });
    await page.reload();
    await page.waitForSelector('[data-testid="app-ready"]');
    for (const route of ['entry', 'setup', 'export', 'rankings'] as const) await navTo(page, route);
    expect(foreign).toEqual([]);
    expect(errors.filter((e) => /Content Security Policy|Refused to/i.test(e))).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('shows every page in English too, and back in Chinese', async () => {
    const { page } = browser;
    await page.click('[data-testid="lang-toggle"]');
    await expect.poll(() => page.textContent('[data-testid="nav-rankings"]')).toBe('Rankings');
    await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('en');
    await screenshots(page, 'rankings-english');
    // the choice is kept: a new start loads the English table before its first screen
    await page.reload();
    await expect.poll(() => page.textContent('[data-testid="nav-rankings"]')).toBe('Rankings');
    await page.click('[data-testid="lang-toggle"]');
    await expect.poll(() => page.textContent('[data-testid="nav-rankings"]')).toBe('排名');
  });

  it('screens the entry, setup and export pages', async () => {
    const { page } = browser;
    await page.selectOption('[data-testid="assessor-picker"]', { label: '张敏' });
    await navTo(page, 'entry');
    // the entry grid: one row per city
    await expect.poll(() => page.locator('[data-testid="grid-row"]').count()).toBe(15);
    await screenshots(page, 'entry');
    await navTo(page, 'setup');
    await screenshots(page, 'setup');
    await navTo(page, 'export');
    await screenshots(page, 'export');
  });
});
