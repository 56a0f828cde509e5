/**
 * Faults in a real browser: a cell edited in two tabs, a hostile rule file and a GB18030 bundle through
 * the app's doors, and a database saved by a newer release. Each ends with a Chinese message and, where
 * something was refused, the database exactly as before.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chooseAssessor, committed, gridCell } from './appDriver';
import { dumpIndexedDb, launch, navTo, newProfileDir, removeProfile, screenshots, type RunningBrowser } from './harness';
import { appSession } from './session';
import { encodeGb18030 } from '../fixtures/encodings';

const CELL = 'leaf:basic.response';

describe('faults in the browser', () => {
  const s = appSession('faults', async (s) => {
    await chooseAssessor(s.browser.page, '张敏');
  });

  it('asks before a value typed in one tab replaces what another tab saved meanwhile', async () => {
    const first = s.browser.page;
    await navTo(first, 'entry');
    await first.click('[data-testid="group-tab-city"]');
    const unit = await first.getAttribute('[data-testid="grid-row"]', 'data-unit-name');
    const second = await s.browser.context.newPage();
    await second.goto(first.url());
    await second.waitForSelector('[data-testid="app-ready"]');
    await second.click('[data-testid="group-tab-city"]');

    // the second tab opens the cell's editor and starts typing, but does not press Enter yet
    await second.click(gridCell(unit!, CELL));
    await second.keyboard.type('1');
    // meanwhile the first tab saves 3 in the same cell
    await first.click(gridCell(unit!, CELL));
    await committed(first, async () => {
      await first.keyboard.type('3');
      await first.keyboard.press('Enter');
    });
    await expect.poll(() => second.textContent(`${gridCell(unit!, CELL)} .cell-text`)).toBe('3');

    await second.keyboard.press('Enter');
    const ask = second.locator('[data-testid="grid-conflict"]');
    await ask.waitFor();
    expect(await ask.textContent()).toContain('已被改为“3”');
    expect(await ask.textContent()).toContain('“1”');
    await screenshots(second, 'grid-changed-elsewhere');
    await second.click('[data-testid="grid-keep-theirs"]');
    await expect.poll(() => first.textContent(`${gridCell(unit!, CELL)} .cell-text`)).toBe('3');

    // asked again, and this time overwritten: the typed value is saved
    await second.click(gridCell(unit!, CELL));
    await second.keyboard.type('1');
    await committed(first, async () => {
      await first.click(gridCell(unit!, CELL));
      await first.keyboard.type('2');
      await first.keyboard.press('Enter');
    });
    await expect.poll(() => second.textContent(`${gridCell(unit!, CELL)} .cell-text`)).toBe('2');
    await second.keyboard.press('Enter');
    await second.locator('[data-testid="grid-conflict"]').waitFor();
    await second.click('[data-testid="grid-overwrite"]');
    await expect.poll(() => first.textContent(`${gridCell(unit!, CELL)} .cell-text`)).toBe('1');
    await second.close();
  });

  it('refuses a rule file of 2,000 nested groups with the JSON path, and changes nothing', async () => {
    const { page } = s.browser;
    await navTo(page, 'setup');
    let inner: Record<string, unknown> = { key: 'leaf', name: '末级', type: 'points', max: 1 };
    for (let i = 2000; i > 0; i--) inner = { key: `g${i}`, name: `第${i}层`, type: 'group', children: [inner] };
    const file = join(s.files, 'deep-rules.json');
    writeFileSync(file, JSON.stringify({ schemaVersion: 1, id: 'deep', root: inner }));
    const before = await dumpIndexedDb(page);
    await page.setInputFiles('[data-testid="rules-file-city"]', file);
    const errors = page.locator('[data-testid="rules-errors"]');
    await errors.waitFor();
    const text = (await errors.textContent()) ?? '';
    expect(text).toContain('嵌套超过 64 层');
    expect(text).toContain('root.children[0].children[0]');
    expect(await dumpIndexedDb(page)).toEqual(before);
  });

  it('refuses a GB18030 bundle as an encoding problem, in Chinese, and changes nothing', async () => {
    const { page } = s.browser;
    await navTo(page, 'export');
    const file = join(s.files, 'gbk-bundle.json');
    writeFileSync(file, encodeGb18030('{"type":"zwgk-assessment-bundle","assessment":{"name":"二〇二四年度考核"}}'));
    const before = await dumpIndexedDb(page);
    await page.setInputFiles('[data-testid="import-file"]', file);
    const errors = page.locator('[data-testid="import-errors"]');
    await errors.waitFor();
    const text = (await errors.textContent()) ?? '';
    expect(text).toContain('GB18030');
    expect(text).toContain('另存为');
    expect(text).not.toContain('另一版本');
    expect(await dumpIndexedDb(page)).toEqual(before);
  });

  /** Dexie version 99 (native 10 × n): far beyond any version this release knows, so it stays "newer" as versions are added */
  const NEWER_NATIVE_VERSION = 990;

  it('refuses a database saved by a newer release, says what to do, and leaves it unchanged', async () => {
    const profile = newProfileDir('newer-db');
    let browser: RunningBrowser | undefined;
    try {
      browser = await launch(profile);
      const { page } = browser;
      // a page of the same origin that is not the app: make the database as a later release would
      await page.goto(`${s.server.url}demo/demo-bundle.json`);
      const made = await page.evaluate(
        (newer) =>
          new Promise<number>((ok, fail) => {
            const req = indexedDB.open('zwgk-kaohe', newer);
            req.onupgradeneeded = () => {
              req.result.createObjectStore('assessments', { keyPath: 'id' });
              req.result.createObjectStore('evidence', { keyPath: 'id' }).add({ id: 'e1', note: '截图' });
            };
            req.onsuccess = () => {
              const v = req.result.version;
              req.result.close();
              ok(v);
            };
            req.onerror = () => fail(req.error);
          }),
        NEWER_NATIVE_VERSION,
      );
      expect(made).toBe(NEWER_NATIVE_VERSION);
      const before = await dumpIndexedDb(page);
      await page.goto(`${s.server.url}#/rankings`);
      const error = page.locator('[data-testid="app-error"]');
      await error.waitFor({ timeout: 30_000 });
      expect(await error.textContent()).toContain('更新版本');
      expect(await page.locator('[data-testid="app-empty"]').count()).toBe(0);
      await screenshots(page, 'newer-database');
      const version = await page.evaluate(
        () =>
          new Promise<number>((ok) => {
            const req = indexedDB.open('zwgk-kaohe');
            req.onsuccess = () => {
              const v = req.result.version;
              req.result.close();
              ok(v);
            };
          }),
      );
      expect(version).toBe(NEWER_NATIVE_VERSION);
      expect(await dumpIndexedDb(page)).toEqual(before);
    } finally {
      await browser?.close();
      removeProfile(profile);
    }
  });
});
