/**
 * 自评 round trip: the office exports one demo unit's package; a unit opens it in a browser of its own
 * and sees only itself (no other unit on the page or behind any route), fills in self scores — one
 * equal to the assessors', one not — and exports the result; the office imports it, and the
 * difference is marked on the unit page and in the grid, where the 自评差异 filter finds the unit.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { committed, download, openUnit } from './appDriver';
import { demoResults } from './demoResults';
import { RESULTS, launch, navTo, newProfileDir, openApp, removeProfile, screenshots, type RunningBrowser } from './harness';
import { appSession } from './session';

const UNIT = '兰州市';
const SAME = 'basic.response';
const DIFF = 'basic.policy.normative';

const city = () => demoResults().groups.find((g) => g.key === 'city')!;
const assessed = (node: string) => city().result.units.find((u) => u.unitName === UNIT)!.nodes[node]!.score;
/** text without the groups' names (市（州）政府及兰州新区管委会 holds a unit's name and belongs to every unit of the group) */
const withoutGroups = (text: string) => demoResults().groups.reduce((s, g) => s.split(g.name).join('〔分组〕'), text);
/** every demo unit but the one the package is for */
const otherUnits = () => demoResults().groups.flatMap((g) => g.result.units.map((u) => u.unitName)).filter((n) => n !== UNIT);

async function selfScore(page: Page, node: string, value: string, explanation?: string): Promise<void> {
  const row = `[data-testid="self-row"][data-node="${node}"]`;
  await committed(page, async () => {
    await page.fill(`${row} [data-testid="self-score"]`, value);
    if (explanation !== undefined) await page.fill(`${row} [data-testid="self-explanation"]`, explanation);
    await page.click('[data-testid="self-unit"]'); // leaving the fields saves them
  });
}

describe('self-assessment', () => {
  const office = appSession('self-office');
  let unit: RunningBrowser | undefined;
  let unitProfile = '';
  let packagePath = '';
  let resultPath = '';
  const differing = assessed(DIFF) === 4 ? '3.5' : '4';

  afterAll(async () => {
    await unit?.close();
    if (unitProfile) removeProfile(unitProfile);
  });

  it('exports a package that carries its unit and no other', async () => {
    const page = office.browser.page;
    await openUnit(page, 'city', UNIT);
    packagePath = join(office.files, 'package.json');
    const name = await download(page, '[data-testid="self-export-package"]', packagePath);
    expect(name).toBe('示例省2024年度政务公开工作考核（演示数据）自评包-兰州市.json');
    const text = withoutGroups(readFileSync(packagePath, 'utf8'));
    expect(text).toContain(UNIT);
    for (const other of otherUnits()) expect(text, other).not.toContain(other);
  });

  it('opens in a fresh browser as 自评模式 that shows only its own unit', async () => {
    unitProfile = newProfileDir('self-unit');
    unit = await launch(unitProfile);
    const page = unit.page;
    await openApp(page, office.server.url);
    await navTo(page, 'export');
    await page.setInputFiles('[data-testid="self-open"]', packagePath);
    await page.waitForSelector('[data-testid="page-self"]', { timeout: 15_000 });
    expect(await page.textContent('[data-testid="self-unit"]')).toContain(UNIT);
    expect(await page.locator('[data-testid="nav-rankings"], [data-testid="nav-entry"], [data-testid="nav-export"]').count()).toBe(0);
    const others = otherUnits();
    for (const route of ['/rankings', '/entry', '/entry/unit/city-jiayuguan', '/export', '/audit', '/self']) {
      await page.goto(`${office.server.url}#${route}`);
      await page.waitForSelector('[data-testid="page-self"]');
      expect(page.url(), route).toMatch(/#\/self$/);
      const body = withoutGroups((await page.textContent('body')) ?? '');
      for (const other of others) expect(body, `${route}: ${other}`).not.toContain(other);
    }
  });

  it('fills in self scores and exports them', async () => {
    const page = unit!.page;
    await selfScore(page, SAME, String(assessed(SAME)), '舆情回应台账齐全，见附件');
    await selfScore(page, DIFF, differing, '规范性文件已全部公开');
    // above the item's points: refused on the spot, nothing saved
    await page.fill(`[data-testid="self-row"][data-node="${SAME}"] [data-testid="self-score"]`, '9');
    await page.click('[data-testid="self-unit"]');
    expect(await page.textContent('[data-testid="self-error"]')).toBe('自评分不能超过该项分值 4');
    await page.fill(`[data-testid="self-row"][data-node="${SAME}"] [data-testid="self-score"]`, String(assessed(SAME)));
    await page.click('[data-testid="self-unit"]');
    expect(await page.textContent('[data-testid="self-progress"]')).toMatch(/^已填 2／\d+ 项/);
    await screenshots(page, 'self-assessment-mode');
    resultPath = join(office.files, 'result.json');
    const name = await download(page, '[data-testid="self-export"]', resultPath);
    expect(name).toBe('示例省2024年度政务公开工作考核（演示数据）自评结果-兰州市.json');
    const result = JSON.parse(readFileSync(resultPath, 'utf8')) as { items: { node: string; score?: number; explanation?: string }[] };
    expect(result.items.map((i) => [i.node, i.score, i.explanation])).toEqual([
      [SAME, assessed(SAME), '舆情回应台账齐全，见附件'],
      [DIFF, Number(differing), '规范性文件已全部公开'],
    ]);
  });

  it('is imported by the office, which sees the difference on the unit page and in the grid', async () => {
    const page = office.browser.page;
    await navTo(page, 'export');
    await page.setInputFiles('[data-testid="self-import"]', resultPath);
    await page.waitForSelector('[data-testid="self-outcome"]');
    expect(await page.textContent('[data-testid="self-outcome"]')).toBe('已导入“兰州市”的自评：2 项，0 个材料文件。');

    await openUnit(page, 'city', UNIT);
    await page.waitForSelector('[data-testid="self-compare"]');
    expect(await page.getAttribute(`[data-testid="self-compare-row"][data-node="${DIFF}"]`, 'data-state')).toBe('differs');
    expect(await page.getAttribute(`[data-testid="self-compare-row"][data-node="${SAME}"]`, 'data-state')).toBe('same');
    expect(await page.textContent('[data-testid="self-summary"]')).toMatch(/^自评：2 项已填，与评分不一致 1 项/);
    await page.locator('[data-testid="unit-self"]').scrollIntoViewIfNeeded();
    await page.locator('[data-testid="unit-self"]').screenshot({ path: join(RESULTS, 'self-assessment-unit-page.png') });

    await navTo(page, 'entry');
    await page.click('[data-testid="group-tab-city"]');
    await page.fill('[data-testid="grid-search"]', '');
    const total = city().result.units.length;
    await page.click('[data-testid="grid-filter-selfDiff"]');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="grid-row"]').length === 1);
    expect(await page.getAttribute('[data-testid="grid-row"]', 'data-unit-name')).toBe(UNIT);
    expect(await page.textContent('[data-testid="grid-shown"]')).toContain(String(total));
    const cell = (node: string) => `[data-testid="grid-row"][data-unit-name="${UNIT}"] [data-col="leaf:${node}"]`;
    expect(await page.getAttribute(`${cell(DIFF)} [data-testid="cell-self"]`, 'data-state')).toBe('differs');
    expect(await page.textContent(`${cell(DIFF)} [data-testid="cell-self"]`)).toBe(`自评 ${Number(differing).toFixed(2)}`);
    expect(await page.getAttribute(`${cell(SAME)} [data-testid="cell-self"]`, 'data-state')).toBe('same');
    await screenshots(page, 'self-assessment-grid');
    // other units have no self-assessment: without the filter they are all back, with no self marks
    await page.click('[data-testid="grid-filter-selfDiff"]');
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid="grid-row"]').length > n, 1);
    expect(await page.locator('[data-testid="grid-row"] [data-testid="cell-self"]').evaluateAll((els) => els.every((e) => e.closest('[data-testid="grid-row"]')?.getAttribute('data-unit-name') === '兰州市'))).toBe(true);
  });
});
