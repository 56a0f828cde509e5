/** The results workbook of a provisional assessment says so: in each sheet's title and a 状态 column. */
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { resultsXlsx } from '../../src/formats/xlsx/resultsXlsx';
import { plainValue } from '../../src/formats/xlsx/excel';
import { ASSESSORS, UNITS, exportResult, exportRuleSet, incompleteEntries } from './exportFixtures';

async function sheetOf(entries = incompleteEntries()) {
  const ruleSet = exportRuleSet();
  const bytes = await resultsXlsx({ groups: [{ ruleSet, result: exportResult(ruleSet, entries) }], sheets: { units: UNITS, entries, assessors: ASSESSORS } });
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
  return wb.getWorksheet('市（州）政府') as ExcelJS.Worksheet;
}

describe('resultsXlsx while units are incomplete', () => {
  it('titles the sheet 初步结果 and adds a 状态 column, 未完成 on the open unit', async () => {
    const ws = await sheetOf();
    expect(plainValue(ws.getCell('A1').value)).toBe('市（州）政府政务公开考核结果（初步结果，尚有 1 个单位未评完）');
    const header = (ws.getRow(2).values as unknown[]).map((v) => plainValue(v as ExcelJS.CellValue));
    const col = header.indexOf('状态');
    expect(col).toBeGreaterThan(0);
    const statusOf = (name: string) => {
      for (let r = 4; r <= ws.rowCount; r++) if (plainValue(ws.getCell(r, 3).value) === name || plainValue(ws.getCell(r, 2).value) === name) return plainValue(ws.getCell(r, col).value);
      return undefined;
    };
    expect(statusOf('嘉峪关市')).toBe('未完成');
    expect(statusOf('兰州市')).toBe('已评完');
  });
});
