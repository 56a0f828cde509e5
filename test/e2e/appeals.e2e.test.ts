/**
 * The year's stages and appeals in the browser, on the demo (at 征求意见, one appeal decided, one open):
 * the stage in the header; 定稿 refused while an appeal is open or units are incomplete; an appeal
 * upheld raises the unit's score and shows in the audit log; the unit's consultation Word carries
 * 征求意见稿 and its problems; once all is settled, 定稿 locks.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { appSession } from './session';
import { chooseAssessor, committed, download, openUnit } from './appDriver';
import { screenshots } from './harness';

const badge = '[data-testid="stage-badge"]';

describe('stages and appeals', () => {
  const s = appSession('appeals', async () => {
    await chooseAssessor(s.browser.page, '张敏');
  });

  it('shows the stage and the open appeal in the header, and in the audit page', async () => {
    const { page } = s.browser;
    await page.waitForSelector(badge);
    expect(await page.getAttribute(badge, 'data-stage')).toBe('consultation');
    expect(await page.textContent(badge)).toBe('阶段：初步结果（征求意见）');
    await expect.poll(() => page.getAttribute('[data-testid="open-appeals"]', 'data-count')).toBe('1');
    expect(await page.textContent('[data-testid="stage-advance"]')).toBe('进入“定稿”');
    await screenshots(page, 'appeals-header');
    await page.click('[data-testid="nav-audit"]');
    expect(await page.textContent('[data-testid="audit-stage"]')).toBe('当前阶段：初步结果（征求意见）');
  });

  it('refuses 定稿 while an appeal is open and units are incomplete, listing each', async () => {
    const { page } = s.browser;
    await page.click('[data-testid="stage-advance"]');
    await page.waitForSelector('[data-testid="stage-blockers"]');
    const text = await page.textContent('[data-testid="stage-blockers"]');
    expect(text).toContain('不能定稿，请先处理以下 3 项');
    expect(text).toContain('嘉峪关市：有待处理的申诉');
    expect(text).toMatch(/省林草局：尚有 1 项未录入/);
    expect(await page.getAttribute(badge, 'data-stage')).toBe('consultation');
    expect(await page.$('[data-testid="locked-badge"]')).toBeNull();
    await page.click('.stage-close');
  });

  it('an appeal upheld withdraws the finding: the score rises and the audit log says why', async () => {
    const { page } = s.browser;
    await openUnit(page, 'city', '嘉峪关市');
    const before = Number((await page.textContent('[data-testid="unit-summary"]'))!.match(/总分\s*([\d.]+)/)?.[1]);
    // the appeals are read after the page shows: it says so meanwhile, and claims no count
    await page.waitForSelector('[data-testid="appeal-section"]:not(:has([data-testid="appeal-reading"]))');
    expect(await page.locator('[data-testid="appeal-row"][data-status="open"]').count()).toBe(1);
    await page.click('[data-testid="appeal-decide"]');
    await page.check('[data-testid="appeal-upheld"]');
    await page.fill('[data-testid="appeal-reply"]', '经复核，该文件已在专题栏目公开，撤销此项扣分');
    await screenshots(page, 'appeals-decide');
    await committed(page, () => page.click('[data-testid="appeal-confirm"]'));
    await page.waitForSelector('[data-testid="appeal-row"][data-status="upheld"]');
    await expect
      .poll(async () => Number((await page.textContent('[data-testid="unit-summary"]'))!.match(/总分\s*([\d.]+)/)?.[1]))
      .toBeGreaterThan(before);
    await expect.poll(() => page.$('[data-testid="open-appeals"]')).toBeNull();
    await page.locator('[data-testid="appeal-section"]').scrollIntoViewIfNeeded();
    await screenshots(page, 'appeals-unit-section');

    await page.click('[data-testid="unit-audit-link"]');
    await page.waitForSelector('[data-testid="audit-page-table"]');
    const log = await page.textContent('[data-testid="audit-page-table"]');
    expect(log).toContain('处理申诉');
    expect(log).toContain('申诉成立：经复核，该文件已在专题栏目公开，撤销此项扣分');
  });

  it('exports the unit’s consultation Word: 征求意见稿 on the page, its problems and the appeal', async () => {
    const { page } = s.browser;
    await openUnit(page, 'city', '嘉峪关市');
    const file = join(s.files, 'jyg.docx');
    const name = await download(page, '[data-testid="appeal-export-word"]', file);
    expect(name).toBe('嘉峪关市-初步结果征求意见.docx');
    const zip = await JSZip.loadAsync(readFileSync(file));
    const xml = await zip.file('word/document.xml')!.async('string');
    const text = xml.replace(/<[^>]+>/g, '');
    expect(text).toContain('（征求意见稿）');
    expect(text).toContain('嘉峪关市2024年度政务公开工作考核初步结果及问题清单');
    expect(text).toContain('扣分问题');
    expect(text).toContain('申诉及处理情况');
    expect(text).toContain('申诉成立');
    const headers = await Promise.all(Object.keys(zip.files).filter((f) => /word\/header\d*\.xml/.test(f)).map((f) => zip.file(f)!.async('string')));
    expect(headers.some((h) => h.includes('征求意见稿'))).toBe(true);

    const bundleName = await download(page, '[data-testid="appeal-export-bundle"]', join(s.files, 'jyg.json'));
    const bundle = JSON.parse(readFileSync(join(s.files, 'jyg.json'), 'utf8')) as { units: { name: string }[]; appeals: unknown[] };
    expect(bundleName).toBe('嘉峪关市-初步结果征求意见.json');
    expect(bundle.units.map((u) => u.name)).toEqual(['嘉峪关市']);
    expect(bundle.appeals).toHaveLength(1);
  });

  it('records a new appeal from the unit page, rejects it, and then allows 定稿 once every unit is complete', async () => {
    const { page } = s.browser;
    await openUnit(page, 'city', '兰州市');
    await page.click('[data-testid="appeal-record"]');
    await page.fill('[data-testid="appeal-appellant"]', '兰州市政府办 赵六');
    await page.locator('[data-testid="appeal-target"]').first().check();
    await page.fill('[data-testid="appeal-reason"]', '该事项不属于本单位职责');
    await page.fill('[data-testid="appeal-links"]', 'https://example.gov.cn/duty');
    await committed(page, () => page.click('[data-testid="appeal-save"]'));
    await expect.poll(() => page.getAttribute('[data-testid="open-appeals"]', 'data-count')).toBe('1');
    await page.click('[data-testid="appeal-row"][data-status="open"] [data-testid="appeal-decide"]');
    await page.check('[data-testid="appeal-rejected"]');
    await page.fill('[data-testid="appeal-reply"]', '该事项属本单位公开职责，维持原扣分');
    await committed(page, () => page.click('[data-testid="appeal-confirm"]'));
    await page.waitForSelector('[data-testid="appeal-row"][data-status="rejected"] >> text=维持原扣分');

    // the departments still missing cells, reached from the refusal's list: confirm them as 本项无问题
    for (let round = 0; round < 2; round++) {
      await page.click('[data-testid="stage-advance"]');
      await page.waitForSelector('[data-testid="stage-blockers"]');
      const blockers = await page.locator('[data-testid="stage-blockers"] li').allTextContents();
      expect(blockers).toHaveLength(2 - round);
      expect(blockers.every((b) => /尚有 \d+ 项未录入/.test(b))).toBe(true);
      await page.locator('[data-testid="stage-blockers"] a').first().click();
      await page.waitForSelector('[data-testid="confirm-unit"]');
      await committed(page, () => page.click('[data-testid="confirm-unit"]'));
      await page.waitForSelector('[data-testid="missing-none"]');
    }
    await page.click('[data-testid="stage-advance"]');
    await expect.poll(() => page.getAttribute(badge, 'data-stage')).toBe('final');
    await page.waitForSelector('[data-testid="locked-badge"]');
    expect(await page.textContent('[data-testid="stage-advance"]')).toBe('进入“已通报”');
    await screenshots(page, 'appeals-header-final');
  });
});
