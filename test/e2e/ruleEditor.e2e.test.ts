import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { addFinding, chooseAssessor, committed, openUnit } from './appDriver';
import { navTo, screenshots, waitSaved } from './harness';
import { appSession } from './session';

const row = (path: string) => `[data-testid="outline-row"][data-path="${path}"]`;
const outline = '[data-testid="rule-outline"]';

async function openRules(page: Page): Promise<void> {
  await page.click('[data-testid="nav-rules"]');
  await page.waitForSelector('[data-testid="rules-page"], [data-testid="rule-start"]');
}

/** Types a name into the focused name box and goes back to the outline with Enter. */
async function typeName(page: Page, name: string): Promise<void> {
  await page.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'node-name');
  await page.keyboard.type(name);
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'rule-outline');
}

const total1 = (page: Page) => page.textContent('[data-testid="total-level-1"]');

describe('rule-set editor', () => {
  const s = appSession('rule-editor');

  it('builds a small rule set from a blank one with the keyboard', async () => {
    const { page } = s.browser;
    // a fresh assessment of its own, so the demo is not changed
    await navTo(page, 'setup');
    await page.click('[data-testid="new-assessment"]');
    await page.waitForSelector('[data-testid="new-ruleset-city"] option[value^="sha256:"]', { state: 'attached' });
    await page.fill('[data-testid="new-name"]', '2026年度试行考核');
    await page.fill('[data-testid="new-year"]', '2026');
    await committed(page, () => page.click('[data-testid="new-create"]'));
    await expect.poll(() => page.textContent('[data-testid="assessment-name"]')).toBe('2026年度试行考核');

    await openRules(page);
    await page.waitForSelector('[data-testid="rule-start"]');
    expect(await page.inputValue('[data-testid="blank-group-key"]')).toBe('city');
    await page.click('[data-testid="start-blank"]');
    await page.waitForSelector(outline);
    // an empty total is an error, shown on the root and in the summary, and apply says why it is off
    await expect.poll(() => page.textContent('[data-testid="rule-errors"]')).toContain('至少需要 1 项');
    expect(await page.isDisabled('[data-testid="rule-apply"]')).toBe(true);
    expect(await page.textContent('[data-testid="rule-apply-reason"]')).toContain('处错误');

    // 一级 1: Enter on the total adds an item; its name box takes the typing
    await page.click(row('root'));
    await page.keyboard.press('Enter');
    await typeName(page, '基础信息公开');
    await page.selectOption('[data-testid="node-type"]', 'group');
    await page.focus(outline);
    // the group holds a deduction leaf: go down to it and rename it (F2)
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('F2');
    await page.keyboard.press('Control+A');
    await typeName(page, '政策文件公开');
    expect(await page.getAttribute(row('0.0'), 'data-key')).toBe('item1.1');

    // a wrong key: the validator's message appears next to the key box and goes when fixed
    await page.fill('[data-testid="node-key"]', '1policy');
    await expect.poll(() => page.textContent('[data-testid="node-key-issues"]')).toContain('以字母开头');
    await page.fill('[data-testid="node-key"]', 'basic.policy');
    await expect.poll(() => page.locator('[data-testid="node-key-issues"]').count()).toBe(0);

    // a check point row, with a deduction that is wrong first (0 is not a positive number)
    await page.click('[data-testid="node-checkpoints-add"]');
    await page.fill('[data-testid="node-checkpoints-0-name"]', '未按要求公开政策文件');
    await page.fill('[data-testid="node-checkpoints-0-deduction"]', '0');
    await expect.poll(() => page.locator('[data-testid="node-checkpoints-0-issues"]').count()).toBe(1);
    await page.fill('[data-testid="node-checkpoints-0-deduction"]', '0.5');
    await expect.poll(() => page.locator('[data-testid="node-checkpoints-0-issues"]').count()).toBe(0);

    // 一级 2: a new item after the leaf, moved out one level with Alt+←, made a checklist
    await page.focus(outline);
    await page.keyboard.press('Enter');
    await typeName(page, '年报编制');
    await page.keyboard.press('Alt+ArrowLeft');
    await expect.poll(() => page.getAttribute(row('1'), 'data-key')).toBe('item1.1');
    await page.selectOption('[data-testid="node-type"]', 'checklist');
    await page.fill('[data-testid="node-items-0-name"]', '按时发布年度报告');
    await page.fill('[data-testid="node-items-0-points"]', '6');
    await page.click('[data-testid="node-items-add"]');
    await page.fill('[data-testid="node-items-1-name"]', '在专栏集中发布');
    await page.fill('[data-testid="node-items-1-points"]', '4');
    await expect.poll(() => total1(page)).toBe('一级指标 2 项，合计 20 分');
    expect(await page.textContent('[data-testid="total-level-2"]')).toBe('二级指标 1 项，合计 10 分');

    // a tier line: 优秀 at 18 and above, above the fallback 合格
    await page.click('[data-testid="rule-tab-tiers"]');
    await page.click('[data-testid="tier-add"]');
    await page.fill('[data-testid="tier-0-name"]', '优秀');
    await page.fill('[data-testid="tier-0-key"]', 'excellent');
    await page.fill('[data-testid="tier-0-lineValue"]', '18');
    await expect.poll(() => page.textContent('[data-testid="tier-0"]')).toContain('18 分及以上');
    await expect.poll(() => page.textContent('[data-testid="rule-check-state"]')).toContain('校验通过');
    expect(await page.isDisabled('[data-testid="rule-apply"]')).toBe(false);
    await page.click('[data-testid="rule-tab-node"]');
    await page.click(row('0.0'));
    await screenshots(page, 'rule-editor');
    await page.click('[data-testid="rule-tab-tiers"]');
    await screenshots(page, 'rule-editor-tiers');
    await page.click('[data-testid="rule-tab-diff"]');
    await page.waitForSelector('[data-testid="rule-diff"]');
    expect(await page.textContent('[data-testid="rule-diff"]')).toContain('新增“基础信息公开”');
    await screenshots(page, 'rule-editor-diff');
  });

  it('keeps the draft over a reload, with undo and redo', async () => {
    const { page } = s.browser;
    await waitSaved(page);
    await page.reload();
    await page.waitForSelector('[data-testid="app-ready"]');
    await openRules(page);
    await page.waitForSelector(outline);
    await expect.poll(() => total1(page)).toBe('一级指标 2 项，合计 20 分');
    expect(await page.getAttribute(row('0.0'), 'data-key')).toBe('basic.policy');

    await page.click(row('1'));
    await page.keyboard.press('Delete');
    await expect.poll(() => total1(page)).toBe('一级指标 1 项，合计 10 分');
    await page.keyboard.press('Control+z');
    await expect.poll(() => total1(page)).toBe('一级指标 2 项，合计 20 分');
    await page.keyboard.press('Control+y');
    await expect.poll(() => total1(page)).toBe('一级指标 1 项，合计 10 分');
    await page.click('[data-testid="rule-undo"]');
    await expect.poll(() => total1(page)).toBe('一级指标 2 项，合计 20 分');
  });

  it('applies the draft and scores a unit with it', async () => {
    const { page } = s.browser;
    await committed(page, () => page.click('[data-testid="rule-apply"]'));
    await expect.poll(() => page.textContent('[data-testid="rule-apply-message"]')).toContain('已改用规则集');
    await page.click('[data-testid="rule-tab-diff"]');
    await expect.poll(() => page.textContent('[data-testid="rule-diff"]')).toContain('与正在使用的规则集相同');
    expect(await page.isDisabled('[data-testid="rule-apply"]')).toBe(true);
    expect(await page.textContent('[data-testid="rule-apply-reason"]')).toContain('无需应用');

    await navTo(page, 'setup');
    await page.fill('[data-testid="assessor-add-name"]', '李明');
    await committed(page, () => page.click('[data-testid="assessor-add"]'));
    await page.fill('[data-testid="unit-add-name"]', '试点市');
    await committed(page, () => page.click('[data-testid="unit-add"]'));
    await chooseAssessor(page, '李明');
    await openUnit(page, 'city', '试点市');
    await addFinding(page, 'basic.policy', '政策文件栏目未更新');
    // 10 − 0.5 for the finding; the checklist is not entered yet (counted 0, provisional)
    await expect.poll(() => page.textContent('[data-testid="unit-summary"]')).toContain('9.50');

    // the preview scores the same data with a changed draft: the line moves, the tiers follow
    await openRules(page);
    await page.click('[data-testid="rule-tab-preview"]');
    await page.waitForSelector('[data-testid="rule-preview"]');
    expect(await page.getAttribute('[data-testid="whatif-draft-row"]', 'data-tier')).toBe('qualified');
    await page.click('[data-testid="rule-tab-tiers"]');
    await page.fill('[data-testid="tier-0-lineValue"]', '9');
    await page.click('[data-testid="rule-tab-preview"]');
    await expect.poll(() => page.getAttribute('[data-testid="whatif-draft-row"]', 'data-tier')).toBe('excellent');
    expect(await page.getAttribute('[data-testid="whatif-saved-row"]', 'data-tier')).toBe('qualified');
    await page.click('[data-testid="rule-tab-diff"]');
    expect(await page.textContent('[data-testid="rule-diff"]')).toContain('等次有改动');
    await page.click('[data-testid="rule-tab-preview"]');
    await screenshots(page, 'rule-editor-preview');

    // a veto with two effects, entered without JSON
    await page.click('[data-testid="rule-tab-vetoes"]');
    await page.click('[data-testid="veto-add"]');
    await page.fill('[data-testid="veto-0-name"]', '年报数据造假');
    await page.click('[data-testid="veto-0-effects"] button.link');
    await page.selectOption('[data-testid="veto-0-effects-1-type"]', 'barTier');
    await page.click('[data-testid="threshold-add"]');
    await page.fill('[data-testid="threshold-0-name"]', '基础信息公开低于6分');
    await expect.poll(() => page.textContent('[data-testid="rule-check-state"]')).toContain('校验通过');
    await screenshots(page, 'rule-editor-vetoes');
  });
});
