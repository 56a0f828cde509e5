/**
 * The user guide's pictures (docs/guide/img/*.png, 1280×800), taken while walking a year's steps on the
 * demo assessment: set-up, entry, findings, merging an assessor's file with one conflict, export, lock,
 * the leadership views, and the help page. `npm test` takes them again, so the guide shows the app as it is.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chooseAssessor, committed, download, gridCell, lockThroughBlockers, openUnit, pasteInGrid, setValue } from './appDriver';
import { launch, navTo, newProfileDir, openApp, removeProfile, startServer, type RunningBrowser } from './harness';
import type { StaticServer } from './staticServer';

const IMG = resolve(process.cwd(), 'docs/guide/img');
const SIZE = { width: 1280, height: 800 };
/** Every picture is taken at this moment, so an unchanged app gives byte-identical pictures. */
const CLOCK = new Date('2026-03-16T10:30:00+08:00');

/**
 * Tiles painted whole, on one thread, by the CPU: a tile only partly repainted after an edit (a focus
 * ring, 已保存) otherwise keeps a rounded corner anti-aliased a pixel differently from run to run.
 */
const RASTER_ARGS = ['--disable-partial-raster', '--disable-gpu-rasterization', '--num-raster-threads=1', '--disable-lcd-text', '--force-color-profile=srgb'];

/**
 * A browser whose clock stands still at CLOCK (timers still run) and whose storage estimate — shown in
 * the header, and different on every run as the database's files grow — is a fixed 1.2 MB.
 */
async function launchPinned(profile: string): Promise<RunningBrowser> {
  const b = await launch(profile, SIZE, RASTER_ARGS);
  await b.context.clock.setFixedTime(CLOCK);
  await b.context.addInitScript(() => {
    StorageManager.prototype.estimate = () => Promise.resolve({ usage: 1_200_000, quota: 10_000_000_000 });
  });
  return b;
}

/** One picture of the viewport; `at` is scrolled to the top (or `block`) first. */
async function shot(page: Page, name: string, at?: Locator, block: 'start' | 'center' | 'end' = 'start'): Promise<void> {
  if (at) await at.evaluate((el, b) => el.scrollIntoView({ block: b }), block);
  else await page.evaluate(() => window.scrollTo(0, 0));
  await page.evaluate(() => new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok))));
  await page.screenshot({ path: join(IMG, `${name}.png`), animations: 'disabled', caret: 'hide' });
}

describe('the user guide’s screenshots', () => {
  let server: StaticServer;
  let browser: RunningBrowser;
  let files: string;
  const profiles: string[] = [];

  beforeAll(async () => {
    mkdirSync(IMG, { recursive: true });
    server = await startServer();
    files = mkdtempSync(join(tmpdir(), 'zwgk-guide-'));
    const profile = newProfileDir('guide');
    profiles.push(profile);
    browser = await launchPinned(profile);
    await openApp(browser.page, server.url);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    profiles.forEach(removeProfile);
    if (files) rmSync(files, { recursive: true, force: true });
  });

  it('the coordinator sets up the year', async () => {
    const { page } = browser;
    await navTo(page, 'setup');
    await shot(page, 'setup');
    await page.click('[data-testid="paste-units-open"]');
    await page.fill('[data-testid="paste-units-text"]', '示例市人民政府\t市（州）政府及兰州新区管委会\t示例市\n示例厅\t省政府部门');
    await page.click('[data-testid="paste-units-check"]');
    await expect.poll(() => page.textContent('[data-testid="paste-units-apply"]')).toContain('2');
    await shot(page, 'setup-units', page.locator('[data-testid="paste-units-apply"]'), 'end');
  });

  it('an assessor enters scores, findings and checklists in the grid', async () => {
    const { page } = browser;
    await chooseAssessor(page, '张敏');
    await navTo(page, 'entry');
    await page.click('[data-testid="group-tab-city"]');
    await page.waitForSelector('[data-testid="score-grid"][data-group="city"]');
    await page.click(gridCell('兰州市', 'leaf:basic.response'));
    await shot(page, 'entry-grid');

    // a score typed into a deduction cell is one deduction whose reason is written next
    await page.click(gridCell('甘南藏族自治州', 'leaf:keyArea.projects'));
    await committed(page, async () => {
      await page.keyboard.type('4');
      await page.keyboard.press('Enter');
    });
    await page.click(gridCell('甘南藏族自治州', 'leaf:keyArea.projects'));
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid="findings-panel"] [data-testid="pending-reason-input"]');
    await shot(page, 'entry-findings-pending');
    await page.fill('[data-testid="pending-reason-input"]', '重大建设项目批准结果未公开（抽查发现）');
    await committed(page, () => page.click('[data-testid="pending-reason-save"]'));
    await page.waitForSelector('[data-testid="findings-panel"] [data-testid="pending-reason-input"]', { state: 'detached' });
    await shot(page, 'entry-findings');
    await page.keyboard.press('Escape');
    await page.waitForSelector('[data-testid="findings-panel"]', { state: 'detached' });

    await page.click(gridCell('兰州市', 'leaf:basic.guide'));
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid="checklist-popover"]');
    await shot(page, 'entry-checklist');
    await page.keyboard.press('Escape');

    // a pasted block with a fraction in a ratio cell and a bad cell: reviewed before anything is written
    await page.click(gridCell('兰州市', 'leaf:basic.policy.interpretation'));
    await pasteInGrid(page, '0.9\t1011\r\n120\t1111\r\n');
    await page.waitForSelector('[data-testid="paste-review"]');
    await shot(page, 'entry-paste-review');
    await page.click('[data-testid="paste-cancel"]');
    await page.waitForSelector('[data-testid="paste-review"]', { state: 'detached' });

    await openUnit(page, 'city', '兰州市');
    await shot(page, 'entry-unit');
  });

  it('the coordinator merges an assessor’s file and settles the one conflict', async () => {
    // 李华's laptop: a changed score, exported as her file
    const laptop = newProfileDir('guide-laptop');
    profiles.push(laptop);
    const other = await launchPinned(laptop);
    const file = join(files, '李华.json');
    try {
      await openApp(other.page, server.url);
      await chooseAssessor(other.page, '李华');
      await openUnit(other.page, 'city', '兰州市');
      await setValue(other.page, 'grassroots.zone', '4');
      await navTo(other.page, 'export');
      await other.page.selectOption('[data-testid="export-assessor-pick"]', { label: '李华' });
      await shot(other.page, 'export-assessor-file', other.page.locator('[data-testid="export-assessor"]').locator('xpath=ancestor::section[1]'));
      await download(other.page, '[data-testid="export-assessor"]', file);
    } finally {
      await other.close();
    }

    // the coordinator had entered another value for 李华 in the same cell
    const { page } = browser;
    await chooseAssessor(page, '李华');
    await openUnit(page, 'city', '兰州市');
    await setValue(page, 'grassroots.zone', '4.5');
    await chooseAssessor(page, '王磊');
    await navTo(page, 'export');
    await page.setInputFiles('[data-testid="import-file"]', file);
    await expect.poll(() => page.textContent('[data-testid="import-done"]')).toContain('冲突 1 条');
    await page.waitForSelector('[data-testid="conflict-row"]');
    await page.check('[data-testid="conflict-row"] [data-testid="conflict-pick-incoming"]');
    await shot(page, 'merge-conflict', page.locator('[data-testid="import-done"]').locator('xpath=ancestor::section[1]'));
    await committed(page, () => page.click('[data-testid="conflicts-apply"]'));
    await expect.poll(() => page.locator('[data-testid="conflict-row"]').count()).toBe(0);
  });

  it('the coordinator locks the results and exports the circular', async () => {
    const { page } = browser;
    await navTo(page, 'entry');
    await page.fill('[data-testid="grid-search"]', '');
    await expect.poll(() => page.locator('[data-testid="grid-row"]').count()).toBeGreaterThan(5);
    await page.click('[data-testid="lock-open"]');
    await page.waitForSelector('[data-testid="lock-dialog"]');
    await shot(page, 'lock-dialog');
    await lockThroughBlockers(page);

    await navTo(page, 'export');
    await shot(page, 'export-circular', page.locator('[data-testid="circular-exports"]'));
    await page.click('[data-testid="open-print"]');
    await page.waitForSelector('[data-testid="print-main"]');
    await shot(page, 'export-print');
    await page.click('[data-testid="print-back"]');
    await page.waitForSelector('[data-testid="page-export"]');
  });

  it('leadership: rankings, what-if and presentation', async () => {
    const { page } = browser;
    await navTo(page, 'rankings');
    await page.click('[data-testid="group-tab-city"]');
    await expect.poll(() => page.locator('[data-testid="rank-table-city"] tbody tr').count()).toBe(15);
    await shot(page, 'rankings');
    await page.click('[data-testid="whatif-toggle"]');
    await page.waitForSelector('[data-testid="whatif-panel"]');
    await page.fill('[data-testid="whatif-weight-keyArea"]', '1.5');
    await page.waitForSelector('[data-testid="whatif-changes"]');
    await shot(page, 'rankings-whatif', page.locator('[data-testid="whatif-panel"]'));
    await page.click('[data-testid="whatif-toggle"]');
    await page.click('[data-testid="present-open"]');
    await page.waitForSelector('[data-testid="present-body"] [data-testid="chart-totals"] svg');
    await shot(page, 'present');
    await page.keyboard.press('Escape');
    await page.waitForSelector('[data-testid="present"]', { state: 'detached' });
  });

  it('the help page, reached from the menu, lists the year’s steps and the keys', async () => {
    const { page } = browser;
    await page.click('[data-testid="nav-help"]');
    await page.waitForSelector('[data-testid="page-help"]');
    expect(await page.locator('[data-testid="help-step"]').count()).toBe(7);
    const grid = (await page.textContent('[data-testid="help-keys-grid"]')) ?? '';
    for (const key of ['F2', 'Ctrl+Z', 'Ctrl+Y', 'Delete', 'PageDown', 'Ctrl+V']) expect(grid).toContain(key);
    expect(await page.textContent('[data-testid="help-keys-present"]')).toContain('Esc');
    // a step's page link goes to that page
    await page.locator('[data-testid="help-step"]').first().locator('a').click();
    await page.waitForSelector('[data-testid="page-setup"]');
    await page.click('[data-testid="nav-help"]');
    await page.waitForSelector('[data-testid="page-help"]');
    await shot(page, 'help');
  });
});
