/**
 * Entering by number in the grid, as from last year's workbook: scores pasted into deduction cells
 * become findings 理由待补充 (listed on the unit page and by the grid's filter, keeping the circular
 * from being final) until their reason is written; checklists given as points, ratios given as
 * fractions, and a block with one bad cell written in part and undone in one step.
 */
import { describe, expect, it } from 'vitest';
import { activeCell, chooseAssessor, committed, gridCell, openUnit, pasteInGrid, typeInGrid } from './appDriver';
import { dumpIndexedDb, navTo, screenshots } from './harness';
import { appSession } from './session';

type Entry = { assessmentId: string; unitId: string; node: string; assessorId: string; value?: number; checks?: Record<string, boolean>; findings?: { reason: string; points?: number }[] };

async function mine(page: import('playwright-core').Page, unitName: string, node: string): Promise<Entry | undefined> {
  const db = (await dumpIndexedDb(page))['zwgk-kaohe']!;
  const unit = (db.units as { id: string; name: string; assessmentId: string }[]).find((u) => u.name === unitName && u.assessmentId === 'demo-2024');
  return (db.entries as Entry[]).find((e) => e.assessmentId === 'demo-2024' && e.unitId === unit?.id && e.node === node && e.assessorId === 'a1');
}

describe('entering by number', () => {
  const s = appSession('paste', async ({ browser: { page } }) => {
    await chooseAssessor(page, '张敏');
    await navTo(page, 'entry');
    await page.click('[data-testid="group-tab-city"]');
    await page.waitForSelector('[data-testid="score-grid"][data-group="city"]');
  });

  it('records scores pasted into deduction cells as findings 理由待补充, shown by the filter and on the unit page', async () => {
    const { page } = s.browser;
    await page.click(gridCell('兰州市', 'leaf:keyArea.projects'));
    await committed(page, () => pasteInGrid(page, '3\r\n2.5\r\n'));
    expect(await page.textContent('[data-testid="grid-message"]')).toContain('已粘贴 2 格');
    expect((await mine(page, '兰州市', 'keyArea.projects'))?.findings).toEqual([{ id: expect.any(String), count: 1, points: 2, reason: '理由待补充' }]);
    expect(await page.textContent(gridCell('兰州新区', 'leaf:keyArea.projects'))).toMatch(/^2\.5/);

    await page.check('[data-testid="grid-filter-pendingReason"]');
    await expect.poll(() => page.locator('[data-testid="grid-row"]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-unit-name')))).toEqual(['兰州市', '兰州新区']);
    await screenshots(page, 'paste-pending-filter');
    await page.uncheck('[data-testid="grid-filter-pendingReason"]');

    // the circular cannot be final while a reason is missing
    await navTo(page, 'export');
    await page.click('[data-testid="circular-refuse"]');
    expect(await page.textContent('[data-testid="circular-missing-list"]')).toContain('兰州市');

    await openUnit(page, 'city', '兰州市');
    await page.waitForSelector('[data-testid="pending-reasons"]');
    expect(await page.textContent('[data-testid="pending-reasons"]')).toContain('重大建设项目信息公开：扣 2 分');
    expect(await page.textContent('[data-testid="missing-cells"]')).toContain('理由待补充');
    await screenshots(page, 'paste-unit-pending');
    await page.fill('[data-testid="pending-reason"] input', '重大建设项目批准结果未公开');
    await committed(page, () => page.click('[data-testid="pending-reason-save"]'));
    await page.waitForSelector('[data-testid="pending-reasons"]', { state: 'detached' });
    expect((await mine(page, '兰州市', 'keyArea.projects'))?.findings).toMatchObject([{ points: 2, reason: '重大建设项目批准结果未公开' }]);
  });
});

describe('checklists by points, ratios as fractions, a block with a bad cell', () => {
  const s = appSession('paste-cells', async ({ browser: { page } }) => {
    await chooseAssessor(page, '张敏');
    await navTo(page, 'entry');
    await page.click('[data-testid="group-tab-city"]');
    await page.waitForSelector('[data-testid="score-grid"][data-group="city"]');
  });

  it('takes "4" typed or pasted into a 4-item checklist as every item passed, and asks which items for "2"', async () => {
    const { page } = s.browser;
    // 张掖市's 指南和目录 is 3/4 in the demo; typed "0": no item passed
    expect((await mine(page, '张掖市', 'basic.guide'))?.checks).toEqual({ guide: true, catalog: true, column: true, channel: false });
    await page.click(gridCell('张掖市', 'leaf:basic.guide'));
    await typeInGrid(page, '0');
    expect(await page.textContent(gridCell('张掖市', 'leaf:basic.guide'))).toBe('0/4');
    expect((await mine(page, '张掖市', 'basic.guide'))?.checks).toEqual({ guide: false, catalog: false, column: false, channel: false });
    // pasted "4", as a score column copied from last year's workbook: every item passed
    await page.click(gridCell('张掖市', 'leaf:basic.guide'));
    await committed(page, () => pasteInGrid(page, '4\r\n'));
    expect(await page.textContent('[data-testid="grid-message"]')).toContain('已粘贴 1 格');
    expect((await mine(page, '张掖市', 'basic.guide'))?.checks).toEqual({ guide: true, catalog: true, column: true, channel: true });
    expect(await page.textContent(gridCell('张掖市', 'leaf:basic.guide'))).toBe('4/4');

    // "2" of 4 one-point items: six combinations, the chooser opens with them and nothing is written yet
    await page.click(gridCell('定西市', 'leaf:basic.guide'));
    expect(await activeCell(page)).toBe('定西市 / 政府信息公开指南和目录');
    const stored = await mine(page, '定西市', 'basic.guide');
    await page.keyboard.type('2');
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid="checklist-popover"] [data-testid="checklist-hint"]');
    // the chooser is about the cell typed in, not the row Enter would move to
    expect(await page.getAttribute('[data-testid="checklist-popover"]', 'aria-label')).toBe('定西市 / 政府信息公开指南和目录');
    expect(await page.textContent('[data-testid="checklist-hint"]')).toContain('输入了 2 分');
    expect(await page.locator('[data-testid="checklist-match"]').count()).toBe(6);
    expect(await mine(page, '定西市', 'basic.guide')).toEqual(stored);
    await screenshots(page, 'paste-checklist-chooser');
    const second = page.locator('[data-testid="checklist-match"]').nth(1);
    expect(await second.textContent()).toBe('政府信息公开指南按时更新＋政府信息公开专栏栏目设置规范');
    await second.click();
    await committed(page, () => page.click('[data-testid="checklist-save"]'));
    expect((await mine(page, '定西市', 'basic.guide'))?.checks).toEqual({ guide: true, catalog: false, column: true, channel: false });
    expect(await page.textContent(gridCell('定西市', 'leaf:basic.guide'))).toBe('2/4');
  });

  it('asks whether 0.9 in a ratio cell meant 90%, and keeps either answer', async () => {
    const { page } = s.browser;
    await page.click(gridCell('白银市', 'leaf:basic.policy.interpretation'));
    await page.keyboard.type('0.9');
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid="ratio-question"]');
    expect(await page.textContent('[data-testid="ratio-question"] .paste-question')).toBe('填写的是 0.9，是指 90% 吗？');
    await screenshots(page, 'paste-ratio-question');
    await committed(page, () => page.click('[data-testid="ratio-as-percent"]'));
    expect((await mine(page, '白银市', 'basic.policy.interpretation'))?.value).toBe(90);

    await page.click(gridCell('定西市', 'leaf:basic.policy.interpretation'));
    await page.keyboard.type('0.9');
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid="ratio-question"]');
    await committed(page, () => page.click('[data-testid="ratio-as-typed"]'));
    expect((await mine(page, '定西市', 'basic.policy.interpretation'))?.value).toBe(0.9);
    // the linear 政策解读 (full at 90, zero at 50): 0.9% scores 0
    expect(await page.textContent(gridCell('定西市', 'leaf:basic.policy.interpretation'))).toMatch(/^0\.9/);
  });

  it('writes the valid cells of a block with one bad cell, lists the bad one by place, and one undo restores them all', async () => {
    const { page } = s.browser;
    const cells = [
      ['甘南藏族自治州', 'basic.policy.interpretation'],
      ['甘南藏族自治州', 'basic.guide'],
      ['嘉峪关市', 'basic.policy.interpretation'],
      ['嘉峪关市', 'basic.guide'],
    ] as const;
    const rows = await page.$$eval('[data-testid="grid-row"]', (rs) =>
      rs.map((r) => ({ name: r.getAttribute('data-unit-name')!, top: parseFloat((r as HTMLElement).style.top) })).sort((a, b) => a.top - b.top).map((r) => r.name),
    );
    expect(rows.slice(2, 4)).toEqual(['甘南藏族自治州', '嘉峪关市']);
    const before = await Promise.all(cells.map(([u, n]) => mine(page, u, n)));

    await page.click(gridCell('甘南藏族自治州', 'leaf:basic.policy.interpretation'));
    await pasteInGrid(page, '77\t1011\r\n120\t0110\r\n');
    await page.waitForSelector('[data-testid="paste-review"]');
    expect(await page.textContent('[data-testid="paste-review"] h3')).toBe('粘贴：3 格可以写入，1 格有问题');
    const bad = await page.locator('[data-testid="paste-bad-cell"]').allTextContents();
    expect(bad).toHaveLength(1);
    expect(bad[0]).toMatch(/^第 4 行第 \d+ 列（嘉峪关市 \/ 政策解读）：120 超出范围/);
    await screenshots(page, 'paste-block-review');
    await committed(page, () => page.click('[data-testid="paste-apply"]'));
    expect(await page.textContent('[data-testid="grid-message"]')).toContain('已写入 3 格');
    expect((await mine(page, '甘南藏族自治州', 'basic.policy.interpretation'))?.value).toBe(77);
    expect((await mine(page, '甘南藏族自治州', 'basic.guide'))?.checks).toEqual({ guide: true, catalog: false, column: true, channel: true });
    expect((await mine(page, '嘉峪关市', 'basic.guide'))?.checks).toEqual({ guide: false, catalog: true, column: true, channel: false });
    expect(await mine(page, '嘉峪关市', 'basic.policy.interpretation')).toEqual(before[2]);

    // one undo step: the button above the grid
    await committed(page, () => page.click('[data-testid="grid-undo"]'));
    const after = await Promise.all(cells.map(([u, n]) => mine(page, u, n)));
    const content = (e: Entry | undefined) => (e ? { value: e.value, checks: e.checks, findings: e.findings } : undefined);
    expect(after.map(content)).toEqual(before.map(content));
    expect(await page.textContent('[data-testid="grid-message"]')).toMatch(/已撤销 3 /);
  });
});
