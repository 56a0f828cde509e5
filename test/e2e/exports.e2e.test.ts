/**
 * The 导入导出 page's files, as a coordinator gets them in a real browser: the circular (Word), the
 * results (Excel, CSV), the problem lists (ZIP and one unit's), and the offline entry template's round
 * trip — download, fill in Excel, upload, review the changes, confirm — with a malformed file that is
 * refused with its cell named and the database left exactly as it was.
 */
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { chooseAssessor } from './appDriver';
import { demoResults, type DemoGroup } from './demoResults';
import { RESULTS, dumpIndexedDb, navTo, screenshots } from './harness';
import { appSession } from './session';

const { year, groups } = demoResults();
const city = groups.find((g) => g.key === 'city') as DemoGroup;
const allUnits = groups.flatMap((g) => g.result.units);

/** The text of each paragraph of a word/document.xml. */
function paragraphsOf(xml: string): string[] {
  return [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map((m) =>
    [...m[0].matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)]
      .map((t) => t[1] ?? '')
      .join('')
      .replace(/&amp;/g, '&')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"'),
  );
}

async function documentXml(bytes: Uint8Array): Promise<string> {
  const zip = await JSZip.loadAsync(bytes);
  return (zip.file('word/document.xml') as JSZip.JSZipObject).async('string');
}

async function workbook(bytes: Uint8Array): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
  return wb;
}

const cellText = (ws: ExcelJS.Worksheet, row: number, col: number): string => {
  const v = ws.getCell(row, col).value;
  return v === null || v === undefined ? '' : typeof v === 'object' && 'richText' in v ? v.richText.map((r) => r.text).join('') : String(v);
};

/** A CSV line split into fields (quotes as RFC 4180). */
function csvFields(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i] as string;
    if (quoted && ch === '"' && line[i + 1] === '"') {
      cur += '"';
      i++;
    } else if (ch === '"') {
      quoted = !quoted;
    } else if (ch === ',' && !quoted) {
      out.push(cur);
      cur = '';
    } else {
      cur += ch;
    }
  }
  out.push(cur);
  return out;
}

/** Every score entry stored for the demo assessment, by id. */
async function storedEntries(page: Page): Promise<Map<string, { value?: number; findings?: { reason: string; points?: number; checkpoint?: string }[]; rev: number }>> {
  const dump = await dumpIndexedDb(page);
  const rows = Object.values(dump).flatMap((stores) => (stores.entries ?? []) as { id: string; assessmentId: string; value?: number; rev: number }[]);
  return new Map(rows.filter((r) => r.assessmentId === 'demo-2024').map((r) => [r.id, r]));
}

async function auditRows(page: Page): Promise<{ why?: string; at: string; entryId?: string; action: string }[]> {
  const dump = await dumpIndexedDb(page);
  return Object.values(dump).flatMap((stores) => (stores.audit ?? []) as { why?: string; at: string; entryId?: string; action: string }[]);
}

/** Screenshots at both sizes with `selector` scrolled to the middle of the window. */
async function screenshotsOf(page: Page, name: string, selector: string): Promise<void> {
  for (const size of [
    { width: 1920, height: 1080 },
    { width: 1366, height: 768 },
  ]) {
    await page.setViewportSize(size);
    await page.locator(selector).evaluate((el) => el.scrollIntoView({ block: 'center' }));
    await page.screenshot({ path: join(RESULTS, `${name}-${size.width}x${size.height}.png`) });
  }
  await page.setViewportSize({ width: 1920, height: 1080 });
}

describe('exports on the 导入导出 page', () => {
  const s = appSession('exports', async () => {
    await chooseAssessor(s.browser.page, '王磊'); // the coordinator's machine; templates are for others
    await navTo(s.browser.page, 'export');
  });

  /** Clicks a download button; returns the suggested name and the file's bytes. */
  async function grab(testId: string): Promise<{ name: string; bytes: Uint8Array }> {
    const { page } = s.browser;
    const [dl] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), page.click(`[data-testid="${testId}"]`)]);
    const path = join(s.files, dl.suggestedFilename());
    await dl.saveAs(path);
    return { name: dl.suggestedFilename(), bytes: new Uint8Array(readFileSync(path)) };
  }

  /** The results CSV as rows of fields keyed by header. */
  async function resultsCsvRows(): Promise<{ raw: Uint8Array; title: string; header: string[]; rows: Record<string, string>[] }> {
    const { bytes } = await grab('download-results-csv');
    const text = new TextDecoder().decode(bytes).replace(/^\uFEFF/, '');
    // a title line first, saying whether the results are final
    const [title, head, ...lines] = text.split('\r\n').filter((l) => l !== '');
    const header = csvFields(head as string);
    return { raw: bytes, title: title as string, header, rows: lines.map((l) => Object.fromEntries(csvFields(l).map((v, i) => [header[i] as string, v]))) };
  }

  it('offers the circular as a 征求意见稿 while results are provisional: the title, the 文号 typed, placeholders kept, units in score order', async () => {
    const { page } = s.browser;
    await page.fill('[data-testid="circular-issuer"]', '示例省人民政府办公厅');
    await page.fill('[data-testid="circular-docNumber"]', '示政办发〔2025〕3号');
    await page.fill('[data-testid="circular-date"]', '2025年2月10日');
    expect(await page.inputValue('[data-testid="circular-short-department"]')).toBe('部门');
    await screenshots(page, 'export-page');

    // the demo is neither complete nor locked: no final circular, a choice instead
    expect(await page.$('[data-testid="download-circular"]')).toBeNull();
    await page.click('[data-testid="circular-refuse"]');
    const missing = await page.textContent('[data-testid="circular-missing-list"]');
    const open = groups.flatMap((g) => g.result.units.filter((u) => !u.complete));
    expect(open).toHaveLength(2);
    for (const u of open) expect(missing).toContain(u.unitName);

    const { name, bytes } = await grab('download-circular-draft');
    expect(name).toBe(`${year}年度政务公开考核情况通报（征求意见稿）.docx`);
    const paragraphs = paragraphsOf(await documentXml(bytes));
    expect(paragraphs).toContain('（征求意见稿）');
    expect(paragraphs).toContain(`关于${year}年度政务公开工作考核结果的通报`);
    expect(paragraphs).toContain('示政办发〔2025〕3号');
    expect(paragraphs).toContain('示例省人民政府办公厅文件');
    expect(paragraphs).toContain('XXXX：'); // 主送机关 left empty: the placeholder stays
    expect(paragraphs).toContain('2025年2月10日');
    // the short name in the indicator sentences
    expect(paragraphs.some((p) => /^“基础信息公开”项，市（州）政府.*，部门/.test(p))).toBe(true);
    // the city attachment: first row is the first-ranked unit, then the rest in display order
    const first = city.result.units[0]!;
    const at = paragraphs.indexOf(first.unitName, paragraphs.lastIndexOf(`${year}年度市（州）政府及兰州新区管委会政务公开工作考核结果`));
    expect(at).toBeGreaterThan(0);
    expect(paragraphs[at - 1]).toBe('1');
    const order = city.result.units.map((u) => paragraphs.indexOf(u.unitName, at));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(await page.textContent('[data-testid="circular-message"]')).toContain(name);
  });

  it('downloads the results workbook: a sheet per group with the first-ranked unit first, and the findings sheet', async () => {
    const { name, bytes } = await grab('download-results-xlsx');
    expect(name).toBe(`${year}年度政务公开考核结果.xlsx`);
    const wb = await workbook(bytes);
    expect(wb.worksheets.map((w) => w.name)).toEqual([...groups.map((g) => g.name), '问题清单']);
    for (const g of groups) {
      const ws = wb.getWorksheet(g.name) as ExcelJS.Worksheet;
      // rows 1–3 title and header; data from row 4 in display order
      const names = g.result.units.map((_, i) => cellText(ws, 4 + i, 2));
      expect(names).toEqual(g.result.units.map((u) => u.unitName));
      expect(cellText(ws, 4, 1)).toBe('1');
      expect(cellText(ws, 4 + g.result.units.length, 2)).toBe('');
    }
    const findings = wb.getWorksheet('问题清单') as ExcelJS.Worksheet;
    expect([1, 2, 3, 4, 5, 6].map((c) => cellText(findings, 1, c))).toEqual(['单位', '指标', '检查点', '扣分原因', '佐证', '扣分']);
    expect(findings.rowCount).toBeGreaterThan(1);
  });

  it('downloads the results CSV: BOM, header, one row per unit, no cell that starts a formula', async () => {
    const { raw, title, header, rows } = await resultsCsvRows();
    expect([...raw.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    // the demo is mid-entry: two departments still have cells open
    expect(title).toBe('初步结果，尚有 2 个单位未评完');
    expect(header.slice(0, 3)).toEqual(['分组', '序号', '单位']);
    expect(header).toEqual(expect.arrayContaining(['总分', '排名', '等次', '状态']));
    expect(rows.filter((r) => r['状态'] === '未完成').map((r) => r['单位'])).toHaveLength(2);
    expect(rows).toHaveLength(allUnits.length);
    expect(rows.map((r) => r['单位'])).toEqual(allUnits.map((u) => u.unitName));
    const unsafe = rows.flatMap((r) => Object.values(r)).filter((v) => /^[=+@\t\r]/.test(v) || (/^-/.test(v) && !/^-\d+(\.\d+)?$/.test(v)));
    expect(unsafe).toEqual([]);
  });

  it('downloads every unit’s problem list in one zip, a folder per group', async () => {
    const { name, bytes } = await grab('download-problem-zip');
    expect(name).toBe(`${year}年度政务公开考核问题清单（各单位）.zip`);
    const zip = await JSZip.loadAsync(bytes);
    const docs = Object.keys(zip.files).filter((f) => f.endsWith('.docx'));
    expect(docs).toHaveLength(allUnits.length);
    for (const g of groups) {
      const inFolder = docs.filter((d) => d.startsWith(`${g.name}/`));
      expect(inFolder).toEqual(g.result.units.map((u, i) => `${g.name}/${String(i + 1).padStart(2, '0')}-${u.unitName}-问题清单.docx`));
    }
    const one = await (zip.file(docs[0] as string) as JSZip.JSZipObject).async('uint8array');
    expect(paragraphsOf(await documentXml(one))).toContain(`${city.result.units[0]!.unitName}${year}年度政务公开工作考核问题清单`);
  });

  it('downloads one unit’s problem list, chosen from the list of units', async () => {
    const { page } = s.browser;
    const last = city.result.units[city.result.units.length - 1]!;
    await page.selectOption('[data-testid="problem-unit"]', last.unitId);
    const { name, bytes } = await grab('download-problem-unit');
    expect(name).toBe(`${last.unitName}${year}年度政务公开考核问题清单.docx`);
    const paragraphs = paragraphsOf(await documentXml(bytes));
    expect(paragraphs).toContain(`${last.unitName}${year}年度政务公开工作考核问题清单`);
    expect(paragraphs.some((p) => p.startsWith(`经考核，你单位${year}年度政务公开工作`) && p.includes(last.tierName))).toBe(true);
  });

  describe('offline entry template', () => {
    let template: string;
    let templatePath: string;

    /** Downloads 张敏's prefilled 市（州）政府及兰州新区管委会 template. */
    async function downloadTemplate(): Promise<Uint8Array> {
      const { page } = s.browser;
      await page.selectOption('[data-testid="template-group"]', 'city');
      await page.selectOption('[data-testid="template-assessor"]', { label: '张敏' });
      await page.check('[data-testid="template-prefilled"]');
      const { name, bytes } = await grab('download-template');
      expect(name).toBe(`${year}年度市（州）政府及兰州新区管委会离线录入模板（张敏）.xlsx`);
      return bytes;
    }

    /** The template with `edit` applied as a person would in Excel, saved under `fileName`. */
    async function filled(fileName: string, edit: (ws: ExcelJS.Worksheet, at: (unitId: string, header: string) => ExcelJS.Cell) => void): Promise<string> {
      const wb = await workbook(await downloadTemplate());
      const ws = wb.getWorksheet('市（州）政府及兰州新区管委会') as ExcelJS.Worksheet;
      const at = (unitId: string, header: string): ExcelJS.Cell => {
        let row = 0;
        for (let r = 4; r <= ws.rowCount && row === 0; r++) if (cellText(ws, r, 1) === unitId) row = r;
        let col = 0;
        for (let c = 3; c <= ws.columnCount && col === 0; c++) if (cellText(ws, 3, c).startsWith(header)) col = c;
        if (row === 0 || col === 0) throw new Error(`template has no cell for ${unitId} × ${header}`);
        return ws.getCell(row, col);
      };
      edit(ws, at);
      const path = join(s.files, fileName);
      writeFileSync(path, new Uint8Array(await wb.xlsx.writeBuffer()));
      return path;
    }

    async function upload(path: string, outcome: string): Promise<void> {
      const { page } = s.browser;
      await page.setInputFiles('[data-testid="template-file"]', path);
      await page.waitForSelector(`[data-testid="template-import"][data-step="${outcome}"]`, { timeout: 60_000 });
    }

    it('shows the two changed cells of a filled template, applies them in one transaction when confirmed', async () => {
      const { page } = s.browser;
      const before = await resultsCsvRows();
      template = `张敏-市州-${Date.now()}.xlsx`;
      templatePath = await filled(template, (_ws, at) => {
        // prefilled with what 张敏 entered: 3.5 for both
        expect(at('city-lanzhou', '政务舆情回应').value).toBe(3.5);
        expect(at('city-jiayuguan', '政务舆情回应').value).toBe(3.5);
        at('city-lanzhou', '政务舆情回应').value = 2.5;
        at('city-jiayuguan', '政务舆情回应').value = 4;
      });
      const stored = await storedEntries(page);
      await upload(templatePath, 'review');
      const diff = page.locator('[data-testid="template-diff"]');
      expect(await diff.getAttribute('data-changed')).toBe('2');
      expect(await diff.getAttribute('data-added')).toBe('0');
      const changes = await page.locator('[data-testid="template-change"]').evaluateAll((trs) =>
        trs.map((tr) => ({ id: tr.getAttribute('data-entry-id'), text: tr.textContent ?? '' })),
      );
      expect(changes.map((c) => c.id).sort()).toEqual(['city-jiayuguan:basic.response:a1', 'city-lanzhou:basic.response:a1']);
      expect(changes.find((c) => c.id === 'city-lanzhou:basic.response:a1')?.text).toMatch(/兰州市.*政务舆情回应.*3\.5.*2\.5/);
      expect(await page.textContent('[data-testid="template-summary"]')).toContain('修改 2 条');
      // nothing is written before the confirmation
      expect(await storedEntries(page)).toEqual(stored);
      await screenshotsOf(page, 'export-template-review', '[data-testid="template-diff"]');

      await page.click('[data-testid="template-confirm"]');
      await page.waitForSelector('[data-testid="template-done"]');
      const after = await storedEntries(page);
      expect(after.get('city-lanzhou:basic.response:a1')?.value).toBe(2.5);
      expect(after.get('city-jiayuguan:basic.response:a1')?.value).toBe(4);
      const logged = (await auditRows(page)).filter((r) => r.why === `导入录入模板 ${template}`);
      expect(logged.map((r) => r.entryId).sort()).toEqual(['city-jiayuguan:basic.response:a1', 'city-lanzhou:basic.response:a1']);
      expect(new Set(logged.map((r) => r.at)).size).toBe(1); // one transaction, one moment

      // the results follow: 政务舆情回应 is the mean of 张敏's and 李华's scores (兰州市 李华 4, 嘉峪关市 李华 3)
      const now = await resultsCsvRows();
      const basic = (rows: Record<string, string>[], unit: string) => Number(rows.find((r) => r['单位'] === unit)?.['基础信息公开']);
      expect(basic(now.rows, '兰州市') - basic(before.rows, '兰州市')).toBeCloseTo(-0.5, 6); // (3.5+4)/2 → (2.5+4)/2
      expect(basic(now.rows, '嘉峪关市') - basic(before.rows, '嘉峪关市')).toBeCloseTo(0.25, 6); // (3.5+3)/2 → (4+3)/2
    });

    it('says "没有变化" when the same file comes in again, and changes nothing', async () => {
      const { page } = s.browser;
      const before = await dumpIndexedDb(page);
      await upload(templatePath, 'same');
      expect(await page.textContent('[data-testid="template-nochange"]')).toContain('没有变化');
      expect(await dumpIndexedDb(page)).toEqual(before);
    });

    it('writes a reason that starts like a formula as a text cell in the results workbook', async () => {
      const { page } = s.browser;
      const path = await filled('公式原因.xlsx', (_ws, at) => {
        at('city-lanzhou', '财政预决算信息公开：扣分').value = 1;
        at('city-lanzhou', '财政预决算信息公开：扣分原因').value = '=HYPERLINK("http://example.invalid","点此")';
      });
      await upload(path, 'review');
      await page.click('[data-testid="template-confirm"]');
      await page.waitForSelector('[data-testid="template-done"]');
      const wb = await workbook((await grab('download-results-xlsx')).bytes);
      const ws = wb.getWorksheet('问题清单') as ExcelJS.Worksheet;
      const reasons: ExcelJS.CellValue[] = [];
      ws.eachRow((row) => reasons.push(row.getCell(4).value));
      // a string cell, shown as written: no spreadsheet evaluates it, so no apostrophe is needed
      expect(reasons).toContain(`=HYPERLINK("http://example.invalid","点此")`);
      let formulas = 0;
      for (const sheet of wb.worksheets) sheet.eachRow((row) => row.eachCell((c) => void (c.formula ? formulas++ : 0)));
      expect(formulas).toBe(0);
    });

    it('refuses a template with text in a number cell, names the cell, and changes nothing', async () => {
      const { page } = s.browser;
      let where = '';
      const path = await filled('填错了.xlsx', (_ws, at) => {
        const cell = at('city-lanzhou', '政务舆情回应');
        cell.value = '九十';
        where = `工作表「市（州）政府及兰州新区管委会」第${cell.row}行第${cell.address.replace(/\d+$/, '')}列`;
      });
      const before = await dumpIndexedDb(page);
      await upload(path, 'invalid');
      const issues = await page.locator('[data-testid="template-errors"] [data-testid="issue"]').evaluateAll((trs) =>
        trs.map((tr) => ({ path: tr.children[0]?.textContent ?? '', message: tr.children[1]?.textContent ?? '' })),
      );
      expect(issues).toHaveLength(1);
      expect(issues[0]!.path).toBe(where);
      expect(issues[0]!.message).toBe('应为0–4 之间的数字，实际为 文本「九十」');
      expect(await dumpIndexedDb(page)).toEqual(before);
      await screenshotsOf(page, 'export-template-errors', '[data-testid="template-errors"]');
    });

    it('shows a changed deduction as 扣分 1 → 1.5 and keeps the check point of a re-typed reason', async () => {
      const { page } = s.browser;
      const header = '重大建设项目信息公开：扣分';
      let unitId = '';
      let reason = '';
      const path = await filled('扣分改为1.5.xlsx', (ws, at) => {
        // a unit 张敏 deducted exactly 1 from, with its reason in the next column
        let col = 0;
        for (let c = 3; c <= ws.columnCount && col === 0; c++) if (cellText(ws, 3, c).startsWith(header)) col = c;
        for (let r = 4; r <= ws.rowCount && unitId === ''; r++) if (ws.getCell(r, col).value === 1) unitId = cellText(ws, r, 1);
        expect(unitId).not.toBe('');
        reason = `${cellText(ws, Number(at(unitId, header).row), col + 1)}（复核后）`;
        at(unitId, header).value = 1.5;
        at(unitId, `${header}原因`).value = reason;
      });
      const stored = await storedEntries(page);
      const id = `${unitId}:keyArea.projects:a1`;
      const checkpoint = stored.get(id)?.findings?.[0]?.checkpoint;
      expect(checkpoint).toBeDefined();
      await upload(path, 'review');
      const row = page.locator(`[data-testid="template-change"][data-entry-id="${id}"]`);
      expect(await row.locator('[data-testid="template-change-deduction"]').textContent()).toBe('扣分 1 → 1.5');
      expect(await row.textContent()).toContain('检查点：');
      await screenshotsOf(page, 'export-template-deduction', '[data-testid="template-diff"]');
      await page.click('[data-testid="template-confirm"]');
      await page.waitForSelector('[data-testid="template-done"]');
      expect((await storedEntries(page)).get(id)?.findings).toMatchObject([{ points: 1.5, reason, checkpoint }]);
    });
  });

  it('logged no error and broke no content-security rule on the way', () => {
    expect(s.browser.errors).toEqual([]);
  });
});
