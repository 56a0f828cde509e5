import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { FINDINGS_HEADER, MIN_PRINT_SCALE, printFit, resultsXlsx, textUnits, wrappedRowHeight } from '../../src/formats/xlsx/resultsXlsx';
import { readFileSync } from 'node:fs';
import { parseBundle } from '../../src/formats/bundle';
import { plainValue } from '../../src/formats/xlsx/excel';
import type { RuleSet } from '../../src/model/ruleSet';
import { scoreGroup } from '../../src/engine/group/pipeline';
import { makeEntry, makeRuleSet, makeUnit } from '../fixtures/ruleSets';
import { ASSESSORS, UNITS, exportEntries, exportResult, exportRuleSet } from './exportFixtures';

async function load(bytes: Uint8Array): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
  return wb;
}

const value = (ws: ExcelJS.Worksheet, address: string) => plainValue(ws.getCell(address).value);

async function exported(ruleSet: RuleSet = exportRuleSet()) {
  const result = exportResult(ruleSet);
  const wb = await load(await resultsXlsx({ groups: [{ ruleSet, result }], sheets: { units: UNITS, entries: exportEntries(), assessors: ASSESSORS } }));
  return { wb, result, ws: wb.getWorksheet('市（州）政府') as ExcelJS.Worksheet };
}

describe('resultsXlsx group sheet', () => {
  it('has one sheet per group and a 问题清单 sheet', async () => {
    const { wb } = await exported();
    expect(wb.worksheets.map((w) => w.name)).toEqual(['市（州）政府', '问题清单']);
  });

  it('merges each first-level indicator over its second-level items and 小计, and single columns over two rows', async () => {
    const { ws } = await exported();
    expect([...ws.model.merges].sort()).toEqual(
      ['A1:M1', 'A2:A3', 'B2:B3', 'C2:E2', 'F2:F3', 'G2:G3', 'H2:H3', 'I2:I3', 'J2:J3', 'K2:K3', 'L2:L3', 'M2:M3'].sort(),
    );
    expect(['C2', 'C3', 'D3', 'E3', 'F2', 'G2', 'H2', 'I2', 'J2', 'K2', 'L2', 'M2'].map((a) => value(ws, a))).toEqual([
      '基础信息公开（30分）',
      '政策文件（20分）',
      '预决算公开（10分）',
      '小计',
      '重点领域信息公开（40分）',
      '政府信息公开年报编制（30分）',
      '加分',
      '扣分',
      '总分',
      '排名',
      '等次',
      '备注',
    ]);
  });

  it('lists units in the result order with their item, indicator, bonus, penalty and total scores, rank and tier', async () => {
    const { ws, result } = await exported();
    const rows = [4, 5, 6].map((r) => ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'J', 'K', 'L', 'M'].map((c) => value(ws, `${c}${r}`)));
    expect(rows).toEqual([
      [1, '兰州市', 19.5, 8, 27.5, 38, 30, 3, 0, 98.5, 1, '优秀', ''],
      [2, '嘉峪关市', 16, 7.5, 23.5, 30, 20, 0, 2, 71.5, 2, '合格', ''],
      [3, '金昌市', '—', '—', '—', '—', '—', '—', '—', '—', 3, '不合格', '发生失泄密事件（一票否决，考核结果为不合格）'],
    ]);
    // and these are the engine's numbers
    expect(rows.map((r) => r[1])).toEqual(result.units.map((u) => u.unitName));
    expect(rows.slice(0, 2).map((r) => r[9])).toEqual(result.units.slice(0, 2).map((u) => u.total));
    expect(rows.map((r) => r[10])).toEqual(result.units.map((u) => u.rank));
    expect(rows.map((r) => r[11])).toEqual(result.units.map((u) => u.tierName));
    expect(rows[0]?.slice(4, 7)).toEqual(['basic', 'keyArea', 'annualReport'].map((k) => result.units[0]?.nodes[k]?.score));
  });

  it('formats scores with the rule set precision', async () => {
    const { ws } = await exported();
    expect(['C4', 'E4', 'F4', 'H4', 'I4', 'J4'].map((a) => ws.getCell(a).numFmt)).toEqual(Array(6).fill('0.00'));
    const rs = makeRuleSet({ precision: { step: 0.1, rounding: 'halfUp', display: 1, rankBy: 'rounded' } });
    const wb = await load(await resultsXlsx({ groups: [{ ruleSet: rs, result: scoreGroup(rs, [makeUnit()], [makeEntry()], ASSESSORS) }] }));
    const sheet = wb.worksheets[0] as ExcelJS.Worksheet;
    expect(sheet.getCell('H4').numFmt).toBe('0.0'); // 总分 of a rule set shown with one decimal
    expect(value(sheet, 'H4')).toBe(28); // policy 18 + budget 10 + no annual report
  });

  it('aligns unit names left, scores centred with borders, and wraps the 备注 column', async () => {
    const { ws } = await exported();
    expect(ws.getCell('B4').alignment).toMatchObject({ horizontal: 'left', vertical: 'middle' });
    expect(ws.getCell('C4').alignment).toMatchObject({ horizontal: 'center', vertical: 'middle' });
    expect(ws.getCell('C6').alignment).toMatchObject({ horizontal: 'center' }); // "—" in a score column
    expect(ws.getCell('C6').numFmt).toBeUndefined();
    expect(ws.getCell('M6').alignment).toMatchObject({ horizontal: 'left', wrapText: true });
    for (const a of ['A4', 'C4', 'M6']) expect(ws.getCell(a).border?.left?.style).toBe('thin');
    expect(ws.getCell('C4').font?.name).toBe('宋体');
  });

  it('freezes the unit columns and the header rows', async () => {
    const { ws } = await exported();
    expect(ws.views[0]).toMatchObject({ state: 'frozen', xSplit: 2, ySplit: 3 });
  });

  it('prints on A4 landscape, one page wide, repeating the title and header rows', async () => {
    const { ws } = await exported();
    expect(ws.pageSetup).toMatchObject({ paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '1:3' });
  });
});

describe('resultsXlsx 问题清单 sheet', () => {
  it('lists every deduction and veto per unit with check point, reason, evidence and points', async () => {
    const { wb } = await exported();
    const ws = wb.getWorksheet('问题清单') as ExcelJS.Worksheet;
    const rows = [1, 2, 3, 4, 5, 6].map((r) => [1, 2, 3, 4, 5, 6].map((c) => plainValue(ws.getCell(r, c).value) ?? null));
    expect(rows[0]).toEqual([...FINDINGS_HEADER]);
    expect(rows.slice(1)).toEqual([
      ['兰州市', '基础信息公开', '预决算公开：未按时公开', '决算公开晚于规定时间', 'https://www.example.gov.cn/js/2024.html', 2],
      ['嘉峪关市', '基础信息公开', '预决算公开', '预算表格不完整', null, 1],
      // a reason that would start a formula is a text cell, shown as written
      ['嘉峪关市', '基础信息公开', '预决算公开', '=未公开三公经费说明', null, 1.5],
      ['嘉峪关市', '重大扣分项', '重大扣分项', '发生重大舆情未及时回应', null, 2],
      ['金昌市', '否决项', '发生失泄密事件', '门户网站泄露内部文件；一票否决，考核结果为不合格', null, null],
    ]);
    expect(ws.getCell('F2').numFmt).toBe('0.00');
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
  });

  it('writes unit names that would start a formula as text cells, without a visible apostrophe', async () => {
    const rs = makeRuleSet();
    const units = [makeUnit({ id: 'u1', name: '@SUM(A1)' })];
    const wb = await load(await resultsXlsx({ groups: [{ ruleSet: rs, result: scoreGroup(rs, units, [makeEntry()], ASSESSORS) }] }));
    const cell = (wb.worksheets[0] as ExcelJS.Worksheet).getCell('B4');
    expect(cell.value).toBe('@SUM(A1)');
    expect(cell.type).toBe(ExcelJS.ValueType.String);
    expect(cell.formula).toBeUndefined();
  });
});

describe('printed layout', () => {
  it('counts CJK and full-width characters double', () => {
    expect(textUnits('未公开2024年预算')).toBe(2 * 3 + 4 + 2 * 3);
    expect(textUnits('（，）')).toBe(6);
  });

  it('makes a row as tall as its tallest wrapped cell', () => {
    // one line: 14.5 pt + 4 pt padding
    expect(wrappedRowHeight(['短', ''], [30, 50])).toBe(18.5);
    // 50 CJK characters = 100 units in a column of 50 (49 usable) → 3 lines
    expect(wrappedRowHeight(['', '字'.repeat(50)], [30, 50])).toBe(3 * 14.5 + 4);
    // a line break starts a line of its own: 2 + 1 lines
    expect(wrappedRowHeight(['字'.repeat(20) + '\n' + '短'], [30])).toBe(3 * 14.5 + 4);
  });

  it('fits a sheet to one page wide while the text stays readable, else prints it over pages at a readable scale', () => {
    expect(printFit([6, 14, 12, 12, 12, 9, 6, 8])).toEqual({ fitToWidth: true });
    expect(printFit(Array.from({ length: 40 }, () => 12))).toEqual({ scale: MIN_PRINT_SCALE });
  });
});

describe('a wide rule set’s results sheet', () => {
  async function cities() {
    const parsed = parseBundle(readFileSync('public/demo/demo-bundle.json', 'utf8'), 'demo-bundle.json');
    if (!parsed.ok) throw new Error('demo bundle');
    const b = parsed.bundle;
    const ruleSet = b.ruleSets.find((r) => r.group.key === 'city')!;
    const result = scoreGroup(ruleSet, b.units, b.entries, b.assessors);
    const wb = await load(await resultsXlsx({ groups: [{ ruleSet, result }] }));
    return { ws: wb.worksheets[0] as ExcelJS.Worksheet, result };
  }

  it('heads the 19 items of the city rule set with codes and points, and names them in a note under the table', async () => {
    const { ws, result } = await cities();
    // 基础信息公开 has four items: 1.1–1.4 and its 小计 under the merged indicator
    expect(['C2', 'C3', 'D3', 'F3', 'G3', 'H3'].map((a) => value(ws, a))).toEqual(['基础信息公开（20分）', '1.1\n8分', '1.2\n4分', '1.4\n4分', '小计', '2.1\n6分']);
    const noteRow = 3 + result.units.length + 2;
    expect(value(ws, `B${noteRow - 1}`)).toBeUndefined();
    const note = String(value(ws, `A${noteRow}`));
    expect(note).toMatch(/^注：1\.1 政策文件及解读（8分）；1\.2 政府信息公开指南和目录（4分）；/);
    expect(note.match(/\d\.\d /g)).toHaveLength(19);
    expect(ws.model.merges).toContain(`A${noteRow}:${ws.getColumn(ws.columnCount).letter}${noteRow}`);
    // every line of the note fits: as many lines as its text needs across the table's width
    const width = ws.columns.reduce((a, c) => a + (c.width ?? 0), 0);
    expect(ws.getRow(noteRow).height).toBe(wrappedRowHeight([note], [width]));
  });

  it('prints one page wide on landscape A4, as many pages high as needed, at a readable scale', async () => {
    const { ws } = await cities();
    expect(ws.pageSetup).toMatchObject({ paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '1:3' });
    expect(ws.pageSetup.printTitlesColumn).toBeUndefined();
    const widths = ws.columns.map((c) => c.width ?? 0);
    expect(printFit(widths)).toEqual({ fitToWidth: true });
    // with the full item names it would not fit: 19 items 12 wide each are alone 228 units
    expect(widths.reduce((a, b) => a + b, 0)).toBeLessThan(228);
    expect(ws.model.merges).toContain(`A1:${ws.getColumn(ws.columnCount).letter}1`);
  });
});

