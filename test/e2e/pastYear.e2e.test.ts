/**
 * Last year's results spreadsheet brought in as a past edition: the column-mapping dialog with its
 * preview and located errors, the mapping remembered for the next file, the year-over-year panel
 * showing the imported year; and the circular carrying the 依据 and 整改期限 typed for this year.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { committed, download, openUnit } from './appDriver';
import { parseBundle } from '../../src/formats/bundle';
import { scoreGroup } from '../../src/engine/group/pipeline';
import { RESULTS, navTo, screenshots } from './harness';
import { appSession } from './session';

/** A unit's first-level score in the demo as the engine computes it from the shipped demo file. */
function demoScore(unitName: string, indicator: string): number {
  const parsed = parseBundle(readFileSync('public/demo/demo-bundle.json', 'utf8'), 'demo-bundle.json');
  if (!parsed.ok) throw new Error('demo bundle');
  const b = parsed.bundle;
  const ruleSet = b.ruleSets.find((r) => r.group.key === 'city')!;
  const unit = scoreGroup(ruleSet, b.units, b.entries, b.assessors).units.find((u) => u.unitName === unitName)!;
  return unit.nodes[indicator]!.score;
}

const CITIES = ['兰州市', '嘉峪关市', '金昌市', '白银市', '天水市'];

/** A results table as an office keeps it: a title row, then 序号/单位/indicator/总分/等次/名次 in `order`. */
async function resultsFile(path: string, order: string[], rows: Record<string, string | number>[]): Promise<void> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('2023年成绩');
  ws.addRow(['2023年度政务公开工作考核结果']);
  ws.addRow(order);
  for (const r of rows) ws.addRow(order.map((h) => r[h] ?? ''));
  writeFileSync(path, new Uint8Array(await wb.xlsx.writeBuffer()));
}

const ROWS = CITIES.map((name, i) => ({ 序号: i + 1, 单位名称: name, 基础信息公开: 20 - i, 总分: 95 - 3 * i, 等次: i < 2 ? '优秀' : '合格', 名次: i + 1 }));

describe('past years from Excel', () => {
  const s = appSession('past-year');

  it('locates a bad cell by sheet, row and column and imports nothing', async () => {
    const { page } = s.browser;
    await navTo(page, 'setup');
    const file = join(s.files, '2023年度考核结果（有误）.xlsx');
    const bad = ROWS.map((r, i) => (i === 2 ? { ...r, 总分: '九十' } : r));
    await resultsFile(file, ['序号', '单位名称', '基础信息公开', '总分', '等次', '名次'], bad);
    await page.setInputFiles('[data-testid="past-year-file"]', file);
    await page.waitForSelector('[data-testid="past-dialog"]');
    await page.waitForSelector('[data-testid="past-errors"]');
    // 金昌市 is the third data row: sheet row 5, the total in column D
    expect(await page.textContent('[data-testid="past-errors"]')).toContain('工作表“2023年成绩”第5行 D列');
    expect(await page.textContent('[data-testid="past-errors"]')).toContain('总分“九十”不是数字');
    expect(await page.isDisabled('[data-testid="past-import"]')).toBe(true);
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('[data-testid="past-dialog"]').count()).toBe(0);
    expect(await page.locator('[data-testid="past-year-row"]').count()).toBe(0);
  });

  it('maps the columns with a preview, lists units it cannot match, and imports the year', async () => {
    const { page } = s.browser;
    const file = join(s.files, '2023年度考核结果.xlsx');
    await resultsFile(file, ['序号', '单位名称', '基础信息公开', '总分', '等次', '名次'], [...ROWS, { 序号: 6, 单位名称: '不存在市', 总分: 80, 等次: '合格', 名次: 6 }]);
    await page.setInputFiles('[data-testid="past-year-file"]', file);
    await page.waitForSelector('[data-testid="past-preview"]');
    expect(await page.inputValue('[data-testid="past-header-row"]')).toBe('2');
    expect(await page.$eval('[data-testid="past-col-unit"]', (e) => (e as HTMLSelectElement).selectedOptions[0]!.textContent)).toBe('B · 单位名称');
    expect(await page.$eval('[data-testid="past-col-total"]', (e) => (e as HTMLSelectElement).selectedOptions[0]!.textContent)).toBe('D · 总分');
    expect(await page.$eval('[data-testid="past-col-ind-basic"]', (e) => (e as HTMLSelectElement).selectedOptions[0]!.textContent)).toBe('C · 基础信息公开');
    expect(await page.inputValue('[data-testid="past-year"]')).toBe('2023');
    expect(await page.textContent('[data-testid="past-matched"]')).toContain('5');
    expect(await page.textContent('[data-testid="past-unmatched"]')).toContain('不存在市（第8行）');
    await screenshots(page, 'past-year-dialog');
    await committed(page, () => page.click('[data-testid="past-import"]'));
    await page.waitForSelector('[data-testid="past-year-row"]');
    expect(await page.textContent('[data-testid="past-year-row"]')).toContain('往年（导入）');
    expect(await page.textContent('[data-testid="past-message"]')).toContain('5 个单位');
    // a past edition is not an assessment to open and score
    const options = await page.$$eval('[data-testid="assessment-picker"] option', (os) => os.map((o) => o.textContent));
    expect(options.some((o) => o?.includes('导入'))).toBe(false);
  });

  it('shows the imported year in the year-over-year panel', async () => {
    const { page } = s.browser;
    await navTo(page, 'rankings');
    await page.click('[data-testid="group-tab-city"]').catch(() => undefined);
    await page.waitForSelector('[data-testid="yoy-table"]');
    const head = await page.textContent('[data-testid="yoy-table"] thead');
    expect(head).toContain('2023年度 往年（导入）');
    expect(head).toContain('2024年度');
    await expect.poll(() => page.locator('[data-testid="yoy-row"]').count()).toBe(5);
    // 嘉峪关市 was 2nd in the imported table
    const jiayuguan = page.locator('[data-testid="yoy-row"]', { hasText: '嘉峪关市' });
    expect(await jiayuguan.locator('[data-testid="yoy-point"]').first().getAttribute('data-rank')).toBe('2');
    // per first-level indicator, matched by name: only 基础信息公开 was in the table (嘉峪关市: 19)
    await page.waitForSelector('[data-testid="yoy-indicators"]');
    expect(await page.$$eval('[data-testid="yoy-indicators"] thead th', (ths) => ths.map((th) => th.textContent))).toEqual(['单位', '对比', '基础信息公开']);
    const basicNow = demoScore('嘉峪关市', 'basic');
    const cell = page.locator('[data-testid="yoy-ind-row"][data-unit-name="嘉峪关市"] [data-testid="yoy-ind-cell"][data-indicator="基础信息公开"]');
    expect(await cell.locator('span[title]').getAttribute('title')).toBe(`上一届 19.00，本年 ${basicNow.toFixed(2)}`);
    const delta = Math.round((basicNow - 19) * 100) / 100;
    expect(await cell.locator('[data-testid="yoy-ind-delta"]').textContent()).toBe(`${delta > 0 ? '+' : ''}${delta.toFixed(2)}`);
    await page.locator('[data-testid="yoy"]').screenshot({ path: join(RESULTS, 'past-year-yoy.png') });

    // and on the unit's page, beside its total
    await openUnit(page, 'city', '嘉峪关市');
    await page.waitForSelector('[data-testid="unit-yoy"]');
    expect(await page.textContent('[data-testid="unit-yoy-total"]')).toMatch(/^总分 92 → [\d.]+，名次 2 → \d+/);
    expect(await page.textContent('[data-testid="unit-yoy-indicator"]')).toBe(`基础信息公开 ${basicNow.toFixed(2)}${delta > 0 ? '+' : ''}${delta.toFixed(2)}`);
    expect(await page.textContent('[data-testid="page-unit"] dt:has(+ [data-testid="unit-yoy"])')).toBe('与2023年度 往年（导入）对比');
    await screenshots(page, 'past-year-unit');
  });

  it('remembers the mapping for the next file, whose columns sit elsewhere', async () => {
    const { page } = s.browser;
    await navTo(page, 'setup');
    const file = join(s.files, '2022年度考核结果.xlsx');
    // the same headers in another order, and the rank column left out
    await resultsFile(file, ['总分', '单位名称', '等次', '基础信息公开'], ROWS);
    await page.setInputFiles('[data-testid="past-year-file"]', file);
    await page.waitForSelector('[data-testid="past-preview"]');
    await page.waitForSelector('[data-testid="past-remembered"]');
    expect(await page.$eval('[data-testid="past-col-unit"]', (e) => (e as HTMLSelectElement).selectedOptions[0]!.textContent)).toBe('B · 单位名称');
    expect(await page.$eval('[data-testid="past-col-total"]', (e) => (e as HTMLSelectElement).selectedOptions[0]!.textContent)).toBe('A · 总分');
    expect(await page.$eval('[data-testid="past-col-ind-basic"]', (e) => (e as HTMLSelectElement).selectedOptions[0]!.textContent)).toBe('D · 基础信息公开');
    await page.click('[data-testid="past-dialog"] button.secondary');
  });

  it('writes the 依据 document and the 整改期限 typed in into the circular', async () => {
    const { page } = s.browser;
    await navTo(page, 'export');
    await page.fill('[data-testid="circular-basis"]', '示例省2024年度政务公开工作考核方案');
    await page.fill('[data-testid="circular-deadline"]', '2025年6月30日');
    await page.click('[data-testid="circular-banji"]');
    await page.fill('[data-testid="circular-printer"]', '示例省人民政府办公厅');
    await page.fill('[data-testid="circular-printDate"]', '2025年2月10日');
    await screenshots(page, 'circular-fields-form');
    const file = join(s.files, 'circular.docx');
    await download(page, '[data-testid="download-circular-draft"]', file);
    const zip = await JSZip.loadAsync(readFileSync(file));
    const xml = await zip.file('word/document.xml')!.async('string');
    const text = xml.replace(/<[^>]+>/g, '');
    expect(text).toContain('根据《示例省2024年度政务公开工作考核方案》有关要求');
    expect(text).toContain('于2025年6月30日前将整改情况报送');
    expect(text).toContain('2025年2月10日印发');
    // remembered for this assessment
    await page.reload();
    await navTo(page, 'export');
    expect(await page.inputValue('[data-testid="circular-basis"]')).toBe('示例省2024年度政务公开工作考核方案');
  });
});
