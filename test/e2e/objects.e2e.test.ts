/**
 * Websites and accounts scored one by one: an assessment whose rule set scores 政府网站监管 per website
 * is opened from a bundle; a unit gets two websites in setup; each is scored on the unit page, and the
 * indicator is their mean.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeBundle as bundleOf, serializeBundle } from '../../src/formats/bundle';
import { makeTinyRuleSet } from '../fixtures/bundles';
import { chooseAssessor, committed, openUnit, setValue } from './appDriver';
import { navTo, screenshots } from './harness';
import { appSession } from './session';

const ruleSet = makeTinyRuleSet({
  id: 'city-sites',
  name: '市（州）政府考核（逐站评分）',
  root: {
    key: 'total',
    name: '总分',
    type: 'group',
    children: [
      { key: 'basic', name: '基础信息公开', type: 'points', max: 10, step: 0.5 },
      {
        key: 'sites',
        name: '政府网站监管',
        type: 'group',
        perObject: { kind: 'website', aggregate: 'mean' },
        children: [{ key: 'sites.quality', name: '网站内容质量', type: 'points', max: 10, step: 0.5 }],
      },
    ],
  },
});

describe('websites scored one by one', () => {
  const s = appSession('objects');

  it('adds two websites to a unit in setup, scores each on the unit page, and takes their mean', async () => {
    const { page } = s.browser;
    const bundle = bundleOf({
      assessment: { id: 'sites-2024', name: '逐站评分测试考核', year: 2024, status: 'open' },
      ruleSets: [ruleSet],
      units: [
        { id: 'u1', name: '甲市', group: 'city', objects: [] },
        { id: 'u2', name: '乙市', group: 'city', objects: [] },
      ],
      assessors: [{ id: 'as1', name: '张三', owns: [] }],
      entries: [],
      exportedAt: '2024-11-01T08:00:00.000Z',
    });
    const file = join(s.files, 'sites.json');
    writeFileSync(file, serializeBundle(bundle));
    await page.setInputFiles('[data-testid="yoy-load-file"]', file);
    await page.waitForSelector('[data-testid="yoy-load-outcome"][data-kind="done"]');
    await navTo(page, 'setup');
    await page.selectOption('[data-testid="assessment-picker"]', 'sites-2024');
    await expect.poll(() => page.textContent('[data-testid="assessment-name"]')).toContain('逐站评分测试考核');

    // a unit without websites says where to add them
    await chooseAssessor(page, '张三');
    await openUnit(page, 'city', '甲市');
    expect(await page.textContent('.unit-sheet')).toContain('在“考核设置 → 单位”中编辑该单位即可添加');

    await navTo(page, 'setup');
    const row = page.locator('[data-testid="unit-row"]', { hasText: '甲市' });
    await row.locator('[data-testid="unit-edit"]').click();
    const editor = page.locator('[data-testid="objects-editor"]');
    await editor.locator('[data-testid="object-add"]').click();
    await editor.locator('[data-testid="object-add"]').click();
    const names = editor.locator('[data-testid="object-name"]');
    await names.nth(0).fill('甲市人民政府门户网站');
    await names.nth(1).fill('甲市教育局网站');
    expect(await editor.locator('[data-testid="object-kind"]').first().locator('option:checked').textContent()).toBe('政府网站监管');
    await screenshots(page, 'unit-objects');
    await committed(page, () => page.click('[data-testid="unit-save"]'));
    await expect.poll(() => row.locator('td').nth(4).textContent()).toBe('2');

    await openUnit(page, 'city', '甲市');
    const inputs = page.locator('[data-testid^="leaf-input-sites.quality--"]');
    await expect.poll(() => inputs.count()).toBe(2);
    const ids = await inputs.evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')!.replace('leaf-input-', '')));
    await setValue(page, ids[0]!, '8');
    await setValue(page, ids[1]!, '6');
    await expect.poll(() => page.textContent('[data-testid="leaf-score-sites.quality--' + ids[1]!.split('--')[1] + '"]')).toContain('6');
    await navTo(page, 'rankings');
    // 基础信息公开 not scored (0) + the mean of the two websites, (8 + 6) / 2
    await expect.poll(() => page.textContent('[data-testid="rank-table-city"] [data-unit-id="u1"] .col-total')).toBe('7.00');
  });
});
