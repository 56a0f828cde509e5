/** A 考核细则 workbook as an office writes it by hand: no 编号, no 规则参数 sheet. */
import ExcelJS from 'exceljs';

export type Cells = (string | number | null)[];

export const HEADER: Cells = ['一级指标', '二级指标', '考核内容', '分值', '评分标准', '扣分方法', '类型'];

/** 一级 merged over its rows (merge: [firstRow, lastRow] in sheet rows) or blank below as WPS users leave it. */
export async function handWrittenXlsx(rows: Cells[], merges: [number, number, number][] = [], title = '示例市2024年度政务公开考核考核细则'): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Sheet1');
  ws.addRow([title]);
  ws.addRow(HEADER);
  for (const r of rows) ws.addRow(r);
  for (const [col, from, to] of merges) ws.mergeCells(from, col, to, col);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

/** The rows of a small table: 基础信息公开 (merged over rows 3–8), 年报 (blank below), a veto. */
export const SMALL_TABLE: Cells[] = [
  ['基础信息公开（10分）', '政策解读', null, 4, '重要政策同步解读', '每发现一处扣0.5分，扣完为止', null],
  ['基础信息公开（10分）', '主动公开', '目录更新', 3, null, '0–3分打分，步长0.5分', '打分'],
  [null, null, null, null, '未按时更新目录', '扣1分', '检查点'],
  ['基础信息公开（10分）', '主动公开', '指南', 3, null, '按要点逐项计分', null],
  [null, null, null, 2, '公开指南内容完整', null, '要点'],
  [null, null, null, null, '公开目录可检索', '达标得1分', '要点'],
  ['年报（5分）', '年报按时发布', null, 5, null, '每发现一处扣1分，扣完为止', '扣分'],
  [null, '年报内容', null, 2, null, '达到90%得满分，50%及以下得0分，之间按比例计分', null],
  ['单项否决', '发生失泄密事件', null, null, null, '一票否决', '否决'],
];
