import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chooseAssessor, committed, openUnit, savesSoFar, setValue } from './appDriver';
import { dumpIndexedDb, navTo, screenshots } from './harness';
import { appSession } from './session';

describe('entry and setup pages', () => {
  const s = appSession('entry-setup');

  it('asks who is working before anything can be entered', async () => {
    const { page } = s.browser;
    await openUnit(page, 'city', '兰州市');
    await page.waitForSelector('[data-testid="need-assessor"]');
    expect(await page.isDisabled('[data-testid="leaf-input-basic.response"]')).toBe(true);
  });

  it('refuses an invalid value at the field and stores nothing', async () => {
    const { page } = s.browser;
    await chooseAssessor(page, '张敏');
    const before = await dumpIndexedDb(page);
    const saves = await savesSoFar(page);

    await page.fill('[data-testid="leaf-input-basic.response"]', '9');
    await page.press('[data-testid="leaf-input-basic.response"]', 'Enter');
    await page.waitForSelector('[data-testid="leaf-error-basic.response"]');
    expect(await page.textContent('[data-testid="leaf-error-basic.response"]')).toContain('超出满分 4');

    await page.fill('[data-testid="leaf-input-basic.response"]', '3.3');
    await page.press('[data-testid="leaf-input-basic.response"]', 'Enter');
    await expect.poll(() => page.textContent('[data-testid="leaf-error-basic.response"]')).toContain('步长 0.5');

    await page.fill('[data-testid="leaf-input-basic.response"]', '三分');
    await page.press('[data-testid="leaf-input-basic.response"]', 'Enter');
    await expect.poll(() => page.textContent('[data-testid="leaf-error-basic.response"]')).toContain('不是数字');

    await page.fill('[data-testid="leaf-input-basic.policy.interpretation"]', '120');
    await page.press('[data-testid="leaf-input-basic.policy.interpretation"]', 'Enter');
    await page.waitForSelector('[data-testid="leaf-error-basic.policy.interpretation"]');

    await page.click('[data-testid="finding-add-keyArea.fiscal"]');
    await page.waitForSelector('[data-testid="finding-error-keyArea.fiscal"]');
    expect(await page.textContent('[data-testid="finding-error-keyArea.fiscal"]')).toBe('请填写问题描述。');
    await screenshots(page, 'entry-invalid');

    expect(await savesSoFar(page)).toBe(saves);
    expect(await dumpIndexedDb(page)).toEqual(before);

    // Esc puts the stored value back; a valid value then saves and the error goes away
    await page.press('[data-testid="leaf-input-basic.response"]', 'Escape');
    expect(await page.inputValue('[data-testid="leaf-input-basic.response"]')).toBe('3.5');
    await setValue(page, 'basic.response', '３'); // full-width digit from a Chinese input method
    expect(await page.inputValue('[data-testid="leaf-input-basic.response"]')).toBe('3');
    expect(await page.locator('[data-testid="leaf-error-basic.response"]').count()).toBe(0);
  });

  it('recomputes the ranking from the edit', async () => {
    const { page } = s.browser;
    await navTo(page, 'rankings');
    const lanzhouTotal = () => page.locator('[data-testid="rank-table-city"] [data-unit-id="city-lanzhou"] .col-total').textContent();
    const before = Number(await lanzhouTotal());
    await openUnit(page, 'city', '兰州市');
    await setValue(page, 'grassroots.zone', '0'); // 张敏 does not score 基层 in the demo: a new entry, averaged in
    await navTo(page, 'rankings');
    await expect.poll(async () => Number(await lanzhouTotal())).toBeLessThan(before);
  });

  it('adds units pasted from a spreadsheet in one go, or none when a line is wrong', async () => {
    const { page } = s.browser;
    await navTo(page, 'setup');
    const rows = page.locator('[data-testid="unit-row"]');
    const count = await rows.count();
    await page.click('[data-testid="paste-units-open"]');
    await page.fill('[data-testid="paste-units-text"]', '测试市\t市（州）政府及兰州新区管委会\n省测试厅\t省直部门');
    await page.click('[data-testid="paste-units-check"]');
    await page.waitForSelector('[data-testid="paste-units-errors"]');
    expect(await page.textContent('[data-testid="paste-units-errors"]')).toContain('第2行第2列');
    expect(await page.isDisabled('[data-testid="paste-units-apply"]')).toBe(true);

    await page.fill('[data-testid="paste-units-text"]', '测试市\t市（州）政府及兰州新区管委会\n省测试厅\tdepartment');
    await page.click('[data-testid="paste-units-check"]');
    await committed(page, () => page.click('[data-testid="paste-units-apply"]'));
    await expect.poll(() => rows.count()).toBe(count + 2);
    await screenshots(page, 'setup-units');
  });

  it('lists the problems of a bad rule file by JSON path and keeps the rule set', async () => {
    const { page } = s.browser;
    const rules = JSON.parse(readFileSync(join(process.cwd(), 'scoring-rules', 'province-city-2022.json'), 'utf8')) as {
      root: { children: { max?: number; children?: { max?: number }[] }[] };
      precision: { display: number };
    };
    rules.precision.display = 9;
    const file = join(s.files, 'bad-rules.json');
    writeFileSync(file, JSON.stringify(rules, null, 2));
    const before = await dumpIndexedDb(page);
    await page.setInputFiles('[data-testid="rules-file-city"]', file);
    await page.waitForSelector('[data-testid="rules-errors"]');
    const paths = await page.locator('[data-testid="rules-errors"] .issue-path').allTextContents();
    expect(paths).toContain('precision.display');
    expect(await dumpIndexedDb(page)).toEqual(before);
  });

  it('creates an empty assessment with a shipped rule set per group, and switches back', async () => {
    const { page } = s.browser;
    await navTo(page, 'setup');
    await page.click('[data-testid="new-assessment"]');
    await page.waitForSelector('[data-testid="new-ruleset-city"] option[value^="sha256:"]', { state: 'attached' });
    await page.fill('[data-testid="new-name"]', '2025年度政务公开工作考核');
    await page.fill('[data-testid="new-year"]', '2025');
    // the groups of the open assessment are preselected, the others (网站, 新媒体 rule sets) are not
    expect(await page.inputValue('[data-testid="new-ruleset-city"]')).toMatch(/^sha256:/);
    expect(await page.inputValue('[data-testid="new-ruleset-department"]')).toMatch(/^sha256:/);
    expect(await page.inputValue('[data-testid="new-ruleset-website"]')).toBe('');
    await screenshots(page, 'new-assessment-form');
    await committed(page, () => page.click('[data-testid="new-create"]'));
    await expect.poll(() => page.textContent('[data-testid="assessment-name"]')).toBe('2025年度政务公开工作考核');
    await navTo(page, 'rankings');
    expect(await page.textContent('[data-testid="page-rankings"]')).toContain('本组还没有单位');
    await screenshots(page, 'new-assessment');

    await navTo(page, 'setup');
    await page.selectOption('[data-testid="assessment-picker"]', 'demo-2024');
    await expect.poll(() => page.textContent('[data-testid="assessment-name"]')).toContain('演示数据');
  });

  it('resets the demo after a confirmation, dropping the edits', async () => {
    const { page } = s.browser;
    await page.click('[data-testid="reset-demo"]');
    await committed(page, () => page.click('[data-testid="reset-demo-confirm"]'));
    await page.waitForSelector('[data-testid="setup-message"]');
    await openUnit(page, 'city', '兰州市');
    await expect.poll(() => page.inputValue('[data-testid="leaf-input-basic.response"]')).toBe('3.5');
    await navTo(page, 'export');
    await expect.poll(() => page.locator('[data-testid="audit-row"]').count()).toBe(1);
    expect(await page.getAttribute('[data-testid="audit-row"]', 'data-action')).toBe('assessment.load');
  });
});
