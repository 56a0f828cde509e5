/**
 * Reads a 考核细则 workbook into raw rows with their places: finds the table sheet and its header row
 * (title rows above it are allowed), maps the columns by their header text, and reads merged cells as the
 * value of their first cell, so merged, repeated and blank-below 一级/二级 cells all arrive the same way.
 */
import type * as ExcelJS from 'exceljs';
import { columnLetter, loadExcel, plainValue, unneutralise } from '../xlsx/excel';
import { FIXED_HEADERS, HEADER_ALIASES, PARAMS_SHEET, TABLE_SHEET, isLevelHeader, type FixedColumn, type TableProblem } from './layout';

export interface RawRow {
  row: number;
  levels: string[];
  cells: Partial<Record<FixedColumn, string>>;
}

export interface RawTable {
  sheet: string;
  title: string;
  /** column letter of each level column and each fixed column */
  levelColumns: string[];
  columns: Partial<Record<FixedColumn, string>>;
  rows: RawRow[];
  /** the 规则参数 JSON text, when the sheet is there */
  params?: string;
}

const text = (v: ExcelJS.CellValue): string => {
  const p = plainValue(v);
  return p === undefined ? '' : unneutralise(String(p)).trim();
};

function headerRow(ws: ExcelJS.Worksheet): number | undefined {
  for (let r = 1; r <= Math.min(10, ws.rowCount); r++) {
    const cells = Array.from({ length: ws.columnCount }, (_, i) => text(ws.getCell(r, i + 1).value));
    if (cells.some(isLevelHeader) && cells.some((c) => HEADER_ALIASES.分值.some((a) => c.startsWith(a)))) return r;
  }
  return undefined;
}

export async function readRuleTable(bytes: Uint8Array, file: string): Promise<{ ok: true; table: RawTable } | { ok: false; problems: TableProblem[] }> {
  const Excel = await loadExcel();
  const wb = new Excel.Workbook();
  try {
    await wb.xlsx.load(bytes as never);
  } catch {
    return { ok: false, problems: [{ sheet: file, row: 0, column: '', message: `${file} 不是有效的 Excel（.xlsx）文件；WPS 或 Excel 中请“另存为 .xlsx”后再导入` }] };
  }
  const candidates = [wb.getWorksheet(TABLE_SHEET), ...wb.worksheets].filter((w): w is ExcelJS.Worksheet => !!w && w.name !== PARAMS_SHEET);
  const found = candidates.map((ws) => ({ ws, header: headerRow(ws) })).find((c) => c.header !== undefined);
  if (!found || found.header === undefined) {
    return {
      ok: false,
      problems: [{ sheet: candidates[0]?.name ?? file, row: 1, column: 'A', message: '找不到表头：前10行中没有同时含“一级指标”（或“考核内容”）和“分值”的一行' }],
    };
  }
  const { ws, header } = found;
  const levelColumns: number[] = [];
  const columns: Partial<Record<FixedColumn, number>> = {};
  for (let c = 1; c <= ws.columnCount; c++) {
    const h = text(ws.getCell(header, c).value);
    if (!h) continue;
    const fixed = FIXED_HEADERS.find((f) => HEADER_ALIASES[f].some((a) => h.startsWith(a)));
    if (fixed && columns[fixed] === undefined) columns[fixed] = c;
    else if (isLevelHeader(h)) levelColumns.push(c);
  }
  let title = '';
  for (let r = 1; r < header && !title; r++) title = text(ws.getCell(r, 1).value);
  const rows: RawRow[] = [];
  for (let r = header + 1; r <= ws.rowCount; r++) {
    const levels = levelColumns.map((c) => text(ws.getCell(r, c).value));
    const cells: RawRow['cells'] = {};
    for (const f of FIXED_HEADERS) {
      const c = columns[f];
      if (c !== undefined) cells[f] = text(ws.getCell(r, c).value);
    }
    if (levels.every((l) => !l) && Object.values(cells).every((v) => !v)) continue;
    // a 合计 line is the office's own sum, not an indicator
    if (/^(合计|总计|总分)$/.test(levels.find((l) => l) ?? '') && !cells.类型) continue;
    rows.push({ row: r, levels, cells });
  }
  const paramsWs = wb.getWorksheet(PARAMS_SHEET);
  let params: string | undefined;
  if (paramsWs) {
    params = '';
    // not trimmed: a piece may begin or end inside a JSON string
    for (let r = 2; r <= paramsWs.rowCount; r++) params += String(plainValue(paramsWs.getCell(r, 1).value) ?? '');
  }
  return {
    ok: true,
    table: {
      sheet: ws.name,
      title,
      levelColumns: levelColumns.map(columnLetter),
      columns: Object.fromEntries(Object.entries(columns).map(([k, v]) => [k, columnLetter(v)])),
      rows,
      ...(params !== undefined && { params }),
    },
  };
}
