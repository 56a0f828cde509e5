/**
 * Results say how final they are. A new assessment with units and nothing entered is 未完成 everywhere
 * and never states 合格 or 全部合格 as a result; its circular is refused or marked 征求意见稿; and in the
 * demo, confirming a unit's open deduction cells as 本项无问题 clears its mark.
 */
import { describe, expect, it } from 'vitest';
import { appSession } from './session';
import { chooseAssessor, committed, openUnit } from './appDriver';
import { navTo, screenshots } from './harness';

describe('provisional results', () => {
  const s = appSession('provisional', async () => {
    await chooseAssessor(s.browser.page, '王磊');
  });

  it('in the demo, confirming the open cells of 省林草局 as 本项无问题 clears its 未完成 mark', async () => {
    const { page } = s.browser;
    await navTo(page, 'rankings');
    await page.click('[data-testid="group-tab-department"]');
    const row = '[data-testid="rank-row"][data-unit-id="dept-lcj"]';
    expect(await page.getAttribute(row, 'data-complete')).toBe('false');
    expect(await page.locator(`${row} [data-testid="incomplete-mark"]`).count()).toBe(1);
    const total = await page.textContent(`${row} .col-total`);
    expect(await page.textContent('[data-testid="provisional-banner"]')).toContain('初步结果，尚有 2 个单位未评完');

    await openUnit(page, 'department', '省林草局');
    expect(await page.locator('[data-testid="missing-cell"]').count()).toBe(1);
    // one click goes to the missing cell's row
    await page.click('[data-testid="missing-cell"]');
    await expect.poll(() => page.evaluate(() => document.activeElement?.closest('tr')?.getAttribute('data-missing'))).toBe('true');
    await committed(page, () => page.click('[data-testid="confirm-unit"]'));
    await page.waitForSelector('[data-testid="missing-none"]');

    await navTo(page, 'rankings');
    await page.click('[data-testid="group-tab-department"]');
    expect(await page.getAttribute(row, 'data-complete')).toBe('true');
    expect(await page.locator(`${row} [data-testid="incomplete-mark"]`).count()).toBe(0);
    // confirming "no problems" on a cell that counted full marks changes no number
    expect(await page.textContent(`${row} .col-total`)).toBe(total);
    expect(await page.textContent('[data-testid="provisional-banner"]')).toContain('尚有 1 个单位未评完');
  });

  it('a new assessment with units and no entries: 未完成 everywhere, no tier stated as a result', async () => {
    const { page } = s.browser;
    await navTo(page, 'setup');
    await page.click('[data-testid="new-assessment"]');
    await page.waitForSelector('[data-testid="new-ruleset-city"] option[value^="sha256:"]', { state: 'attached' });
    await page.fill('[data-testid="new-name"]', '2025年度政务公开工作考核');
    await page.fill('[data-testid="new-year"]', '2025');
    await committed(page, () => page.click('[data-testid="new-create"]'));
    await expect.poll(() => page.textContent('[data-testid="assessment-name"]')).toBe('2025年度政务公开工作考核');
    for (const name of ['甲市', '乙市', '丙市']) {
      await page.fill('[data-testid="unit-add-name"]', name);
      await committed(page, () => page.click('[data-testid="unit-add"]'));
    }

    await navTo(page, 'rankings');
    await page.click('[data-testid="group-tab-city"]');
    await expect.poll(() => page.locator('[data-testid="rank-row"]').count()).toBe(3);
    expect(await page.locator('[data-testid="rank-row"][data-complete="false"]').count()).toBe(3);
    expect(await page.locator('[data-testid="rank-row"] [data-testid="incomplete-mark"]').count()).toBe(3);
    expect(await page.textContent('[data-testid="provisional-banner"]')).toContain('初步结果，尚有 3 个单位未评完');
    expect(await page.textContent('[data-testid="tier-summary"]')).toContain('（初步）');
    // every tier shown is marked preliminary, and the key points state none as a result
    expect(await page.locator('[data-testid="rank-row"] .tier-provisional').count()).toBe(3);
    await page.waitForSelector('[data-testid="circular-text"]');
    const keyPoints = await page.textContent('[data-testid="circular-text"]');
    expect(keyPoints).toContain('初步结果');
    expect(keyPoints).not.toMatch(/全部合格|均为满分/);
    await page.waitForSelector('[data-testid="bar-incomplete"]', { state: 'attached' });
    await screenshots(page, 'provisional-rankings');

    await page.click('[data-testid="present-open"]');
    expect(await page.textContent('[data-testid="present-provisional"]')).toContain('尚有 3 个单位未评完');
    await page.keyboard.press('Escape');

    await navTo(page, 'export');
    await page.waitForSelector('[data-testid="circular-not-final"]');
    expect(await page.$('[data-testid="download-circular"]')).toBeNull();
    await page.click('[data-testid="circular-refuse"]');
    const missing = await page.textContent('[data-testid="circular-missing-list"]');
    for (const name of ['甲市', '乙市', '丙市']) expect(missing).toContain(name);
    await screenshots(page, 'provisional-circular');
  });
});
