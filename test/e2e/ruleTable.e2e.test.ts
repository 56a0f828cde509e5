import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { chooseAssessor, download, openUnit, valueOf } from './appDriver';
import { dumpIndexedDb, navTo, screenshots, waitSaved } from './harness';
import { appSession } from './session';
import { parseBundle } from '../../src/formats/bundle';

/** The exported table with the row of 编号 `key` changed. */
async function tableWith(file: string, key: string, change: (row: ExcelJS.Row, col: (h: string) => number) => void, out: string): Promise<number> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const ws = wb.getWorksheet('考核细则')!;
  const headers = Array.from(ws.getRow(2).values as unknown[], (v) => String(v ?? ''));
  const col = (h: string) => headers.findIndex((x) => x.startsWith(h));
  let at = 0;
  ws.eachRow((row, n) => {
    if (String(row.getCell(col('编号')).value ?? '') === key) {
      change(row, col);
      at = n;
    }
  });
  await wb.xlsx.writeFile(out);
  return at;
}

describe('考核细则 tables and safe rule-set changes in the browser', () => {
  const s = appSession('rule-table', async () => {
    await navTo(s.browser.page, 'setup');
  });

  it('exports the table, refuses a table with an error (located, nothing changed), then reviews, checks the impact and clamps', async () => {
    const { page } = s.browser;
    const exported = join(s.files, 'city.xlsx');
    const name = await download(page, '[data-testid="rule-table-xlsx-city"]', exported);
    expect(name).toMatch(/考核细则\.xlsx$/);
    await download(page, '[data-testid="rule-table-docx-city"]', join(s.files, 'city.docx'));

    // one error: a phrase the grammar does not know
    const broken = join(s.files, '考核细则-有误.xlsx');
    const row = await tableWith(exported, 'basic.response', (r, col) => (r.getCell(col('扣分方法')).value = '0–4分打分，酌情给分'), broken);
    const before = await dumpIndexedDb(page);
    await page.setInputFiles('[data-testid="rule-table-file-city"]', broken);
    await page.waitForSelector('[data-testid="rule-table-errors"]');
    const cells = await page.locator('[data-testid="rule-table-errors"] [data-testid="issue"] td').allTextContents();
    expect(cells.slice(0, 3)).toEqual(['考核细则', String(row), 'F']);
    expect(cells[3]).toContain('“酌情给分”无法识别');
    expect(await dumpIndexedDb(page)).toEqual(before);
    await screenshots(page, 'ruleTable-errors');

    // corrected, and 政务舆情回应 lowered to 2 points (the demo has 3.5 in 兰州市)
    const lowered = join(s.files, '考核细则-修改满分.xlsx');
    await tableWith(exported, 'basic.response', (r, col) => {
      r.getCell(col('分值')).value = 2;
      r.getCell(col('扣分方法')).value = '0–2分打分，步长0.5分';
    }, lowered);
    await page.setInputFiles('[data-testid="rule-table-file-city"]', lowered);
    await page.waitForSelector('[data-testid="rule-table-review"]');
    expect(await page.textContent('[data-testid="level-totals"]')).toContain('一级指标合计');
    await screenshots(page, 'ruleTable-review');
    await page.click('[data-testid="rule-table-use"]');
    await page.waitForSelector('[data-testid="impact-dialog"]');
    const aboveMax = (await page.textContent('[data-testid="impact-aboveMax"]')) ?? '';
    expect(aboveMax).toContain('兰州市');
    expect(aboveMax).toContain('录入 3.5 分，新满分 2 分');
    await screenshots(page, 'ruleTable-impact');
    for (const kind of await page.locator('[data-testid^="impact-"][data-testid$="-note"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')))) {
      await page.click(`[data-testid="${kind}"]`);
    }
    await page.click('[data-testid="impact-aboveMax-clamp"]');
    await page.click('[data-testid="impact-apply"]');
    await waitSaved(page);
    await page.waitForSelector('[data-testid="impact-dialog"]', { state: 'detached' });

    // the audit log has the change with the old hash and the decision
    const db = Object.values(await dumpIndexedDb(page))[0]!;
    const change = (db.audit as { action: string; after: { decisions?: Record<string, string>; oldRuleSetHash?: string } | null }[]).find(
      (r) => r.action === 'ruleSet.set' && r.after?.decisions,
    );
    expect(change?.after?.decisions?.aboveMax).toBe('clamp');
    expect(change?.after?.oldRuleSetHash).toMatch(/^sha256:/);

    // the entry page shows the clamped value
    await chooseAssessor(page, '张敏');
    await openUnit(page, 'city', '兰州市');
    expect(await valueOf(page, 'basic.response')).toBe('2');
  });

  it('starts a draft in the rule editor from a table: located errors first, then a good table', async () => {
    const { page } = s.browser;
    const exported = join(s.files, 'city.xlsx');
    const broken = join(s.files, '考核细则-编辑器-有误.xlsx');
    const row = await tableWith(exported, 'basic.response', (r, col) => (r.getCell(col('扣分方法')).value = '0–4分打分，酌情给分'), broken);
    await page.click('[data-testid="nav-rules"]');
    await page.waitForSelector('[data-testid="rule-start"]');
    const drafts = async () => (Object.values(await dumpIndexedDb(page))[0]!.ruleDrafts as unknown[]).length;
    const before = await drafts();
    await page.setInputFiles('[data-testid="start-table-file"]', broken);
    await page.waitForSelector('[data-testid="rule-start"] [data-testid="rule-table-errors"]');
    const cells = await page.locator('[data-testid="rule-table-errors"] [data-testid="issue"] td').allTextContents();
    expect(cells.slice(0, 3)).toEqual(['考核细则', String(row), 'F']);
    expect(cells[3]).toContain('“酌情给分”无法识别');
    expect(await drafts()).toBe(before);
    await screenshots(page, 'ruleTable-start-errors');

    await page.setInputFiles('[data-testid="start-table-file"]', exported);
    await page.waitForSelector('[data-testid="rule-outline"]');
    expect(await page.textContent('[data-testid="rules-page"]')).toContain('读自考核细则表 city.xlsx');
    expect(await page.locator('[data-testid="outline-row"]').count()).toBeGreaterThan(20);
    expect(await drafts()).toBe(before + 1);
    await screenshots(page, 'ruleTable-start-draft');
  });

  it('exports a full file that the import door and the CLI both accept', async () => {
    const { page } = s.browser;
    await navTo(page, 'export');
    const file = join(s.files, 'full.json');
    await download(page, '[data-testid="export-full"]', file);
    const parsed = parseBundle(readFileSync(file, 'utf8'), 'full.json');
    expect(parsed.ok ? [] : parsed.errors).toEqual([]);
    const out = execFileSync('node', ['scripts/cli.mjs', 'score', file, '--format', 'csv'], { encoding: 'utf8' });
    expect(out).toContain('兰州市');
    writeFileSync(join(s.files, 'done'), '');
  });
});
