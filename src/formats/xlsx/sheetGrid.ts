/**
 * Any workbook's sheets as grids of plain values (text or number), for tables whose layout the user
 * maps by hand (a past year's results). Merged cells read as their top-left value only.
 */
import type { ValidationIssue } from '../../model/issues';
import type { Grid, GridCell } from '../pastResultsTable';
import { loadExcel, plainValue } from './excel';

/** More than this is not a results table of one assessment; refused before reading cells. */
const MAX_ROWS = 20_000;
const MAX_COLUMNS = 200;

function toArrayBuffer(data: ArrayBuffer | Uint8Array): ArrayBuffer {
  if (data instanceof ArrayBuffer) return data;
  const copy = new Uint8Array(data.byteLength);
  copy.set(data);
  return copy.buffer;
}

export async function readSheetGrids(data: ArrayBuffer | Uint8Array, fileName: string): Promise<{ ok: true; sheets: Grid[] } | { ok: false; errors: ValidationIssue[] }> {
  const Excel = await loadExcel();
  const wb = new Excel.Workbook();
  try {
    await wb.xlsx.load(toArrayBuffer(data));
  } catch {
    return { ok: false, errors: [{ path: fileName, message: '无法读取：不是有效的 .xlsx 文件（.xls 请用 Excel 或 WPS 另存为 .xlsx 后重试）' }] };
  }
  const sheets: Grid[] = [];
  for (const ws of wb.worksheets) {
    if (ws.rowCount > MAX_ROWS || ws.columnCount > MAX_COLUMNS)
      return { ok: false, errors: [{ path: `${fileName} 工作表“${ws.name}”`, message: `表格过大（${ws.rowCount} 行 × ${ws.columnCount} 列），不是一张考核结果表` }] };
    const rows: GridCell[][] = [];
    ws.eachRow({ includeEmpty: true }, (row, r) => {
      const cells: GridCell[] = [];
      row.eachCell({ includeEmpty: true }, (cell, c) => {
        // a merged cell's other parts repeat nothing: only the master holds the value
        if (cell.isMerged && cell.master !== cell) return;
        const v = plainValue(cell.value);
        cells[c - 1] = typeof v === 'boolean' ? String(v) : v;
      });
      rows[r - 1] = cells;
    });
    for (let i = 0; i < rows.length; i++) rows[i] ??= [];
    sheets.push({ name: ws.name, rows });
  }
  if (sheets.every((s) => s.rows.length === 0)) return { ok: false, errors: [{ path: fileName, message: '文件中没有内容' }] };
  return { ok: true, sheets };
}
