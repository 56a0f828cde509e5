/**
 * Three machines, as in the office: 张敏's laptop, 李华's laptop and the coordinator's desktop, each a
 * browser profile of its own that starts from the demo assessment. The assessors export their sheets;
 * the coordinator merges them. One cell differs: the coordinator had entered a correction for 李华
 * that 李华 also changed on the laptop, differently.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chooseAssessor, committed, download, openUnit, setValue, valueOf } from './appDriver';
import { launch, navTo, newProfileDir, openApp, removeProfile, screenshots, startServer } from './harness';
import type { StaticServer } from './staticServer';

describe('merging assessors’ bundles', () => {
  let server: StaticServer;
  let files: string;
  const profiles: string[] = [];

  beforeAll(async () => {
    server = await startServer();
    files = mkdtempSync(join(tmpdir(), 'zwgk-merge-'));
  });

  afterAll(async () => {
    await server?.close();
    profiles.forEach(removeProfile);
    rmSync(files, { recursive: true, force: true });
  });

  /** One machine: a fresh profile with the demo, `work` done as `assessor`, that assessor's sheet exported. */
  async function assessorMachine(assessor: string, work: (page: Page) => Promise<void>): Promise<string> {
    const profile = newProfileDir('merge');
    profiles.push(profile);
    const b = await launch(profile);
    try {
      await openApp(b.page, server.url);
      await chooseAssessor(b.page, assessor);
      await work(b.page);
      await navTo(b.page, 'export');
      await b.page.selectOption('[data-testid="export-assessor-pick"]', { label: assessor });
      const file = join(files, `${assessor}.json`);
      const suggested = await download(b.page, '[data-testid="export-assessor"]', file);
      expect(suggested).toMatch(new RegExp(`${assessor}-\\d{8}-\\d{4}\\.json$`));
      return file;
    } finally {
      await b.close();
    }
  }

  /**
   * The coordinator's desktop: a fresh profile with the demo and a correction entered in 兰州市 for
   * `fix.assessor` (phoned in, say); then `work` as 王磊 on the export page.
   */
  async function coordinatorMachine(fix: { assessor: string; node: string; value: string }, work: (page: Page) => Promise<void>): Promise<void> {
    const profile = newProfileDir('merge-coordinator');
    profiles.push(profile);
    const b = await launch(profile);
    try {
      await openApp(b.page, server.url);
      await chooseAssessor(b.page, fix.assessor);
      await openUnit(b.page, 'city', '兰州市');
      await setValue(b.page, fix.node, fix.value);
      await chooseAssessor(b.page, '王磊');
      await navTo(b.page, 'export');
      await work(b.page);
    } finally {
      await b.close();
    }
  }

  /** Imports a sheet on the export page; resolves to what the page says once it names the file. */
  async function importSheet(page: Page, file: string): Promise<string> {
    await page.setInputFiles('[data-testid="import-file"]', file);
    await page.waitForFunction((name) => document.querySelector('[data-testid="import-done"]')?.textContent?.includes(name) ?? false, basename(file));
    return (await page.textContent('[data-testid="import-done"]')) ?? '';
  }

  it('shows the one conflicting cell side by side, applies the choice and logs it', async () => {
    const zhangFile = await assessorMachine('张敏', async (page) => {
      await openUnit(page, 'city', '兰州市');
      await setValue(page, 'basic.response', '3'); // demo: 3.5
    });
    const liFile = await assessorMachine('李华', async (page) => {
      await openUnit(page, 'city', '兰州市');
      await setValue(page, 'grassroots.zone', '4'); // demo: 5
      await setValue(page, 'basic.response', '2.5'); // demo: 3.5, only on this laptop
    });
    // the file packs the entries per unit × assessor (bundle version 2): every pack is 李华's
    const li = JSON.parse(readFileSync(liFile, 'utf8')) as { scope: unknown; entryPacks: { assessorId: string }[] };
    expect(li.scope).toEqual({ kind: 'assessor', assessorId: 'a2' });
    expect(new Set(li.entryPacks.map((p) => p.assessorId))).toEqual(new Set(['a2']));

    // the coordinator enters a correction phoned in by 李华, then works as 王磊
    await coordinatorMachine({ assessor: '李华', node: 'grassroots.zone', value: '4.5' }, async (page) => {
      expect(await importSheet(page, zhangFile)).toMatch(/更新 1 条.*冲突 0 条/);
      expect(await page.locator('[data-testid="conflicts"]').count()).toBe(0);
      expect(await importSheet(page, liFile)).toMatch(/更新 1 条.*冲突 1 条/);

      const rows = page.locator('[data-testid="conflict-row"]');
      await expect.poll(() => rows.count()).toBe(1);
      const cells = await rows.first().locator('td').allTextContents();
      expect(cells[0]).toBe('兰州市');
      expect(cells[1]).toBe('政务公开专区建设');
      expect(cells[2]).toBe('李华');
      expect(cells[3]).toMatch(/^4\.5/); // this machine's value
      expect(cells[4]).toMatch(/^4(?!\.)/); // the laptop's value
      await screenshots(page, 'merge-conflict');

      // applying without a choice is refused; then take the laptop's value
      await page.click('[data-testid="conflicts-apply"]');
      await page.waitForSelector('[data-testid="conflicts-message"]');
      expect(await page.textContent('[data-testid="conflicts-message"]')).toContain('请为每一处冲突选择');
      await page.check('[data-testid="conflict-row"] [data-testid="conflict-pick-incoming"]');
      await committed(page, () => page.click('[data-testid="conflicts-apply"]'));
      await expect.poll(() => page.locator('[data-testid="conflict-row"]').count()).toBe(0);

      const top = page.locator('[data-testid="audit-row"]').first();
      await expect.poll(() => top.getAttribute('data-action')).toBe('conflict.resolve');
      expect(await top.textContent()).toContain('合并冲突选择：采用导入值');
      expect(await top.textContent()).toContain('4.5 → 4');
      await screenshots(page, 'merge-resolved');

      // the sheet now holds the chosen value and the merged one from 张敏
      await chooseAssessor(page, '李华');
      await openUnit(page, 'city', '兰州市');
      expect(await valueOf(page, 'grassroots.zone')).toBe('4');
      expect(await valueOf(page, 'basic.response')).toBe('2.5');
      await chooseAssessor(page, '张敏');
      expect(await valueOf(page, 'basic.response')).toBe('3');
    });
  });

  it('carries a cleared cell to the coordinator, and asks when the coordinator had changed it', async () => {
    const zhangFile = await assessorMachine('张敏', async (page) => {
      await openUnit(page, 'city', '兰州市');
      await setValue(page, 'basic.response', ''); // cleared: demo 3.5
      await setValue(page, 'newMedia.interaction', ''); // cleared: demo 4
    });
    // a correction for 张敏 entered here: her deletion of that cell is for the coordinator to decide
    await coordinatorMachine({ assessor: '张敏', node: 'newMedia.interaction', value: '3.5' }, async (page) => {
      expect(await importSheet(page, zhangFile)).toMatch(/删除 1 条.*冲突 1 条/);
      const row = page.locator('[data-testid="conflict-row"]');
      await expect.poll(() => row.count()).toBe(1);
      const cells = await row.first().locator('td').allTextContents();
      expect(cells.slice(0, 3)).toEqual(['兰州市', '互动回应', '张敏']);
      expect(cells[3]).toMatch(/^3\.5/);
      expect(cells[4]).toMatch(/^（已删除）张敏 于/);
      const logged = page.locator('[data-testid="audit-row"][data-action="import"]').first();
      await expect.poll(() => logged.textContent()).toContain('删除1条');
      expect(await logged.textContent()).toMatch(/导入考核人员张敏的评分文件（导出于 \d{4}-\d{2}-\d{2} \d{2}:\d{2}，/);
      await page.locator('[data-testid="conflicts"]').scrollIntoViewIfNeeded();
      await screenshots(page, 'merge-deletion-conflict');
      await page.check('[data-testid="conflict-row"] [data-testid="conflict-pick-incoming"]');
      await committed(page, () => page.click('[data-testid="conflicts-apply"]'));
      await expect.poll(() => row.count()).toBe(0);

      // both cells are empty now; the same file again changes nothing
      await chooseAssessor(page, '张敏');
      await openUnit(page, 'city', '兰州市');
      expect(await valueOf(page, 'basic.response')).toBe('');
      expect(await valueOf(page, 'newMedia.interaction')).toBe('');
      await navTo(page, 'export');
      await page.setInputFiles('[data-testid="import-file"]', zhangFile);
      await expect.poll(() => page.textContent('[data-testid="import-done"]')).toMatch(/新增 0 条，更新 0 条，删除 0 条.*冲突 0 条/);
    });
  });
});
