/**
 * Writes a rule set as the 考核细则 workbook: the table (merged 一级/二级 cells as offices write them), a
 * 填写说明 sheet with the 扣分方法 phrases, and the hidden 规则参数 sheet with what the table cannot carry.
 */
import type { RuleSet } from '../../model/ruleSet';
import { FONT, THIN, loadExcel, safeText, styleHeader, workbookBytes } from '../xlsx/excel';
import { paramsOf } from './carried';
import { FIXED_HEADERS, MAX_LEVELS, PARAMS_SHEET, TABLE_SHEET, levelHeader, tableTitle } from './layout';
import { kindLabel, tableRows, treeDepth } from './rows';
import { GUIDE_LINES } from './guide';

/** Excel keeps at most 32767 characters in a cell: the JSON is cut into pieces of this size. */
const CHUNK = 30000;

export function levelCount(ruleSet: RuleSet): number {
  return Math.min(MAX_LEVELS, Math.max(3, treeDepth(ruleSet.root)));
}

export async function ruleTableXlsx(ruleSet: RuleSet): Promise<Uint8Array> {
  const Excel = await loadExcel();
  const wb = new Excel.Workbook();
  const ws = wb.addWorksheet(TABLE_SHEET, { views: [{ state: 'frozen', ySplit: 2 }] });
  const levels = levelCount(ruleSet);
  const headers = [...Array.from({ length: levels }, (_, i) => levelHeader(i, levels)), ...FIXED_HEADERS];
  const col = (name: (typeof FIXED_HEADERS)[number]) => levels + 1 + FIXED_HEADERS.indexOf(name);

  ws.mergeCells(1, 1, 1, headers.length);
  const title = ws.getCell(1, 1);
  title.value = safeText(tableTitle(ruleSet.name));
  title.font = { ...FONT, size: 16, bold: true };
  title.alignment = { horizontal: 'center', vertical: 'middle' };
  ws.getRow(1).height = 30;
  headers.forEach((h, i) => {
    const c = ws.getCell(2, i + 1);
    c.value = h;
    styleHeader(c);
  });

  const rows = tableRows(ruleSet);
  const first = 3;
  rows.forEach((r, i) => {
    const at = first + i;
    const put = (column: number, value: string | number | null) => {
      const c = ws.getCell(at, column);
      if (value !== null && value !== '') c.value = typeof value === 'string' ? safeText(value) : value;
    };
    if (r.name) put(r.level + 1, r.name);
    put(col('分值'), r.points);
    put(col('评分标准'), r.standard);
    put(col('扣分方法'), r.method);
    put(col('类型'), r.key === '' ? '' : kindLabel(r.kind));
    put(col('编号'), r.key);
    for (let c = 1; c <= headers.length; c++) {
      const cell = ws.getCell(at, c);
      cell.border = THIN;
      cell.font = FONT;
      cell.alignment = { vertical: 'middle', wrapText: true, horizontal: c === col('评分标准') || c === col('扣分方法') ? 'left' : 'center' };
    }
  });
  // merges after styling: a group's name spans its subtree, a leaf's spans its 检查点/要点 rows
  rows.forEach((r, i) => {
    let end = r.spanTo ?? i;
    if (r.kind !== 'group') while (rows[end + 1] && (rows[end + 1]?.kind === 'checkpoint' || rows[end + 1]?.kind === 'item')) end++;
    if (end > i && r.name) ws.mergeCells(first + i, r.level + 1, first + end, r.level + 1);
  });

  ws.columns.forEach((c, i) => {
    c.width = i < levels ? 18 : [8, 40, 30, 8, 22][i - levels];
  });
  ws.pageSetup = { orientation: 'landscape', paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '1:2' };

  const guide = wb.addWorksheet('填写说明');
  guide.getColumn(1).width = 110;
  GUIDE_LINES.forEach((line, i) => {
    const c = guide.getCell(i + 1, 1);
    c.value = line;
    c.font = i === 0 ? { ...FONT, bold: true, size: 13 } : FONT;
    c.alignment = { wrapText: true, vertical: 'top' };
  });

  const params = wb.addWorksheet(PARAMS_SHEET, { state: 'hidden' });
  params.getCell(1, 1).value = '以下为考核细则表格不能容纳的规则参数（JSON），请勿修改；删除本表则按示例值导入。';
  const json = JSON.stringify(paramsOf(ruleSet));
  for (let i = 0, row = 2; i < json.length; i += CHUNK, row++) params.getCell(row, 1).value = json.slice(i, i + CHUNK);
  return workbookBytes(wb);
}
