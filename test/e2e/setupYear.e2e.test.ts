/**
 * 考核设置 as the coordinator starts a year with it: owned indicators chosen on the indicator tree and
 * seen on the entry page, the progress without a chosen assessor, name and year corrected (a name
 * speaking of another year is flagged), next year copied from this one, and a year deleted after
 * its full export was offered.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chooseAssessor, committed, download } from './appDriver';
import { navTo, screenshots } from './harness';
import { appSession } from './session';

const DEMO = '示例省2024年度政务公开工作考核（演示数据）';

describe('setting up a year', () => {
  const s = appSession('setup-year');

  it('shows the combined progress of all assessors while no assessor is chosen', async () => {
    const { page } = s.browser;
    await navTo(page, 'entry');
    await page.click('[data-testid="group-tab-city"]');
    const cell = page.locator('[data-testid="grid-row"][data-unit-name="兰州市"] [data-testid="row-progress"]');
    await cell.waitFor();
    const [filled, total] = (await cell.textContent())!.replace(/[^\d/]/g, '').split('/').map(Number);
    // the demo's assessors have entered most of 兰州市: not "0/26" as if nobody had
    expect(total).toBeGreaterThan(0);
    expect(filled).toBeGreaterThan(0);
  });

  it('assigns owned indicators on the indicator tree, and the entry page shows only those columns', async () => {
    const { page } = s.browser;
    await navTo(page, 'setup');
    const row = page.locator('[data-testid="assessor-row"]', { hasText: '王磊' });
    await row.locator('[data-testid="assessor-owns-edit"]').click();
    await page.waitForSelector('[data-testid="owns-dialog"]');
    // 王磊 owns 政务新媒体监管 and 政府网站监管 in the demo: now 基层政务公开 and 政府网站监管
    await page.uncheck('[data-testid="owns-city-newMedia"]');
    await page.check('[data-testid="owns-city-grassroots"]');
    // a second-level item under a ticked indicator is ticked with it and cannot be unticked
    const child = page.locator('[data-testid^="owns-city-grassroots."]').first();
    expect(await child.isChecked()).toBe(true);
    expect(await child.isDisabled()).toBe(true);
    await screenshots(page, 'setup-owns-dialog');
    await committed(page, () => page.click('[data-testid="owns-save"]'));
    await expect.poll(() => row.locator('[data-testid="assessor-owns"]').textContent()).toBe('基层政务公开、政府网站监管');

    await chooseAssessor(page, '王磊');
    await navTo(page, 'entry');
    await page.click('[data-testid="group-tab-city"]');
    await page.check('[data-testid="grid-filter-myColumns"]');
    const cols = await page.$$eval('[data-col^="leaf:"]', (els) => [...new Set(els.map((e) => e.getAttribute('data-col')!))]);
    expect(cols.length).toBeGreaterThan(0);
    for (const c of cols) expect(c).toMatch(/^leaf:(grassroots|website)\./);
    await page.uncheck('[data-testid="grid-filter-myColumns"]');
  });

  it('corrects the name and year, flagging a name that speaks of another year', async () => {
    const { page } = s.browser;
    await navTo(page, 'setup');
    expect(await page.locator('[data-testid="year-mismatch"]').count()).toBe(0);
    await page.click('[data-testid="year-edit"]');
    await page.fill('[data-testid="year-name"]', '示例省2025年度政务公开工作考核（演示数据）');
    await page.waitForSelector('[data-testid="year-form-mismatch"]');
    expect(await page.textContent('[data-testid="year-form-mismatch"]')).toContain('名称写的是 2025 年，年度却是 2024 年');
    await screenshots(page, 'setup-year-edit');
    await committed(page, () => page.click('[data-testid="year-edit-save"]'));
    await page.waitForSelector('[data-testid="year-mismatch"]');
    expect(await page.textContent('[data-testid="assessment-picker"] option:checked')).toContain('示例省2025年度');

    await page.click('[data-testid="year-edit"]');
    await page.fill('[data-testid="year-name"]', DEMO);
    await committed(page, () => page.click('[data-testid="year-edit-save"]'));
    await expect.poll(() => page.locator('[data-testid="year-mismatch"]').count()).toBe(0);
  });

  it('copies units, assessors with their indicators and rule sets to next year, without scores', async () => {
    const { page } = s.browser;
    const units = await page.locator('[data-testid="unit-row"]').count();
    await page.click('[data-testid="year-copy"]');
    await page.waitForSelector('[data-testid="year-copy-dialog"]');
    expect(await page.inputValue('[data-testid="year-name"]')).toBe('示例省2025年度政务公开工作考核（演示数据）');
    expect(await page.inputValue('[data-testid="year-year"]')).toBe('2025');
    await page.fill('[data-testid="year-name"]', '示例省2025年度政务公开工作考核');
    await screenshots(page, 'setup-year-copy');
    await committed(page, () => page.click('[data-testid="year-copy-create"]'));
    await expect.poll(() => page.textContent('[data-testid="assessment-picker"] option:checked')).toContain('示例省2025年度政务公开工作考核（2025）');
    await expect.poll(() => page.locator('[data-testid="unit-row"]').count()).toBe(units);
    const wang = page.locator('[data-testid="assessor-row"]', { hasText: '王磊' });
    expect(await wang.locator('[data-testid="assessor-owns"]').textContent()).toBe('基层政务公开、政府网站监管');

    // nothing entered in the new year
    await navTo(page, 'entry');
    await page.click('[data-testid="group-tab-city"]');
    const progress = await page.locator('[data-testid="grid-row"][data-unit-name="兰州市"] [data-testid="row-progress"]').textContent();
    expect(progress!.replace(/\s/g, '')).toMatch(/^0\//);
  });

  it('deletes a year after offering its full export, once its name is typed', async () => {
    const { page } = s.browser;
    await navTo(page, 'setup');
    await page.click('[data-testid="year-delete"]');
    await page.waitForSelector('[data-testid="year-delete-dialog"]');
    expect(await page.textContent('[data-testid="year-delete-dialog"]')).toContain('删除考核“示例省2025年度政务公开工作考核”（2025年度）');
    const file = join(s.files, 'before-delete.json');
    const name = await download(page, '[data-testid="year-delete-export"]', file);
    expect(name).toContain('示例省2025年度政务公开工作考核');
    const bundle = JSON.parse(readFileSync(file, 'utf8')) as { scope: { kind: string }; units: unknown[]; assessment: { year: number } };
    expect(bundle.scope.kind).toBe('full');
    expect(bundle.assessment.year).toBe(2025);
    expect(bundle.units.length).toBeGreaterThan(0);
    await page.waitForSelector('[data-testid="year-delete-exported"]');

    expect(await page.isDisabled('[data-testid="year-delete-confirm"]')).toBe(true);
    await page.fill('[data-testid="year-delete-typed"]', '示例省2025年度政务公开工作考核');
    await screenshots(page, 'setup-year-delete');
    await committed(page, () => page.click('[data-testid="year-delete-confirm"]'));
    await expect.poll(() => page.textContent('[data-testid="assessment-picker"] option:checked')).toContain(DEMO);
    const options = await page.$$eval('[data-testid="assessment-picker"] option', (os) => os.map((o) => o.textContent));
    expect(options.some((o) => o?.includes('2025年度政务公开工作考核（2025）'))).toBe(false);
  });
});
