/**
 * Results workbook: one sheet per group — a title row, then a two-row header with each first-level
 * indicator merged over its second-level items and its 小计 — and a 问题清单 sheet of every unit's
 * deductions. Scores carry the rule set's precision as a number format ("0.00"), the header rows are
 * frozen and repeated on every printed page (with the title), and pages are A4 landscape fitted to one
 * page wide where the text stays readable. A rule set with many items heads them with short codes
 * ("1.2") and names them in a note under the table, which keeps a province's sheet one page wide. 问题清单 rows are as tall as their wrapped text, and each
 * group's findings start a new printed page.
 */
import { resultsTitle } from '../../report/provisional';
import type * as ExcelJS from 'exceljs';
import type { GroupResult } from '../../engine';
import type { RuleSet } from '../../model/ruleSet';
import type { Assessor, ScoreEntry, Unit } from '../../model/entries';
import { NO_SCORE, eachUnitProblems, groupTable, numberFormatFor, withPoints, type GroupTable, type ResultRow } from '../../report/reportTables';
import { FONT, PRINT_MARGINS, THIN, loadExcel, safeText, sheetName, styleHeader, workbookBytes } from './excel';
import { ownValue } from '../../model/ownKeys';

export interface ResultsGroup {
  ruleSet: RuleSet;
  result: GroupResult;
}

export interface ResultsWorkbookInput {
  groups: readonly ResultsGroup[];
  /** the sheets the findings come from; without them there is no 问题清单 sheet */
  sheets?: { units: readonly Unit[]; entries: readonly ScoreEntry[]; assessors: readonly Assessor[] };
  /** workbook title property */
  title?: string;
  /** each finding's attached files as named in its unit's evidence zip, by finding id: adds a 佐证材料 column */
  evidenceNames?: ReadonlyMap<string, readonly string[]>;
}

/** Rows above the data: title, indicator row, item row. */
export const RESULTS_HEADER_ROWS = 3;

interface Column {
  /** row-2 header; columns sharing the same `group` object are merged in row 2 */
  top: string;
  /** row-3 header, or undefined when the column's header spans rows 2–3 */
  sub?: string;
  width: number;
  score: boolean;
  value: (r: ResultRow) => string | number | null;
  span?: number;
  /** text that may be longer than the column: wrapped, the row as tall as it needs */
  wrap?: boolean;
}

/**
 * How the item columns are headed. `full`: each item's name and points over its column. `coded`: a short
 * code ("1.2", the second item of the first indicator) and its points, with the names in a note under
 * the table — so that a rule set with twenty items still prints one page wide, big enough to read.
 */
type Headings = 'full' | 'coded';

/** "1.2" — the code of an indicator's item in a coded sheet. */
export const itemCode = (indicator: number, item: number) => `${indicator + 1}.${item + 1}`;

function columnsOf(t: GroupTable, headings: Headings): Column[] {
  const coded = headings === 'coded';
  const longestName = Math.max(0, ...t.rows.map((r) => textUnits(r.unitName)));
  const cols: Column[] = [
    { top: '序号', width: coded ? 5 : 6, score: false, value: (r) => r.index },
    // a coded sheet is the narrow one: long names wrap instead of widening the column (a CJK character
    // prints a little wider than two digits, hence the tenth more)
    { top: '单位', width: coded ? Math.min(16, Math.max(10, Math.ceil(longestName * 1.1) + 2)) : Math.max(12, longestName + 2), score: false, value: (r) => r.unitName, wrap: coded },
  ];
  const itemWidth = coded ? 6 : 12;
  t.indicators.forEach((ind, n) => {
    const top = withPoints(ind.name, ind.max);
    if (ind.items.length === 0) {
      cols.push({ top, width: coded ? 8 : 12, score: true, value: (r) => ownValue(r.indicators, ind.key) ?? null });
      return;
    }
    const span = ind.items.length + 1;
    ind.items.forEach((it, i) => {
      const sub = coded ? `${itemCode(n, i)}\n${it.max}分` : withPoints(it.name, it.max);
      cols.push({ top, sub, width: itemWidth, score: true, value: (r) => ownValue(r.items, it.key) ?? null, ...(i === 0 ? { span } : {}) });
    });
    cols.push({ top, sub: '小计', width: coded ? 6.5 : 9, score: true, value: (r) => ownValue(r.indicators, ind.key) ?? null });
  });
  if (t.hasBonus) cols.push({ top: '加分', width: coded ? 5.5 : 8, score: true, value: (r) => r.bonus });
  if (t.hasPenalty) cols.push({ top: '扣分', width: coded ? 5.5 : 8, score: true, value: (r) => r.penalty });
  cols.push(
    { top: '总分', width: coded ? 7.5 : 9, score: true, value: (r) => (r.unscored ? null : r.total) },
    { top: '排名', width: coded ? 4.5 : 6, score: false, value: (r) => r.rank },
    { top: '等次', width: coded ? 7 : 8, score: false, value: (r) => r.tierName },
  );
  if (!t.complete) cols.push({ top: '状态', width: coded ? 7 : 8, score: false, value: (r) => r.status });
  if (t.hasNote) cols.push({ top: '备注', width: coded ? 14 : 30, score: false, value: (r) => r.note, wrap: true });
  return cols;
}

/** The item names of a coded sheet, for the note under its table: "1.1 政策文件及解读（8分）；1.2 …". */
export function itemLegend(t: GroupTable): string {
  const parts = t.indicators.flatMap((ind, n) => ind.items.map((it, i) => `${itemCode(n, i)} ${withPoints(it.name, it.max)}`));
  return parts.length === 0 ? '' : `注：${parts.join('；')}。`;
}

/** Full item names when the sheet then still prints one page wide and readable, else coded headings. */
function headingsFor(t: GroupTable): Headings {
  return 'fitToWidth' in printFit(columnsOf(t, 'full').map((c) => c.width)) ? 'full' : 'coded';
}

/** Landscape A4 less the side margins, in mm. */
const PRINT_WIDTH_MM = 297 - (PRINT_MARGINS.left + PRINT_MARGINS.right) * 25.4;
/** Printed width of one unit of Excel column width (a digit of the 11 pt default font), in mm at 100 %. */
const COLUMN_UNIT_MM = 2.0;
/** Below this scale 11 pt text prints smaller than about 6.6 pt: a sheet that wide prints over pages. */
export const MIN_PRINT_SCALE = 60;

/**
 * How a sheet of these column widths prints on landscape A4: fitted to one page wide when that keeps
 * the text readable, else at the smallest readable scale over several pages wide, with the frozen
 * columns (序号, 单位) repeated on each.
 */
export function printFit(widths: readonly number[]): { fitToWidth: true } | { scale: number } {
  const mm = widths.reduce((a, b) => a + b, 0) * COLUMN_UNIT_MM;
  const scale = Math.floor((PRINT_WIDTH_MM / mm) * 100);
  return scale >= MIN_PRINT_SCALE ? { fitToWidth: true } : { scale: MIN_PRINT_SCALE };
}

function printSetup(ws: ExcelJS.Worksheet, titleRows: string, widths: readonly number[], titleColumns?: string): void {
  const fit = printFit(widths);
  ws.pageSetup = {
    paperSize: 9, // A4
    orientation: 'landscape',
    ...('scale' in fit ? { fitToPage: false, scale: fit.scale } : { fitToPage: true, fitToWidth: 1, fitToHeight: 0 }), // as many pages high as needed
    horizontalCentered: true,
    margins: PRINT_MARGINS,
    printTitlesRow: titleRows,
    ...('scale' in fit && titleColumns !== undefined && { printTitlesColumn: titleColumns }),
  };
  // page numbers in ASCII ("3 / 12"): one Chinese character in a sheet's XML makes the whole string
  // two-byte, and a nation-wide sheet then takes twice the memory and a slow re-encoding to write
  ws.headerFooter = { oddFooter: '&P / &N' };
}

/** Width of text in units of Excel column width: CJK and full-width characters count two, others one. */
export function textUnits(s: string): number {
  let w = 0;
  for (const ch of s) w += ch.charCodeAt(0) >= 0x2e80 ? 2 : 1;
  return w;
}

/** Points per line of 11 pt text, and the padding of a row. */
const LINE_PT = 14.5;
const ROW_PAD_PT = 4;
const ONE_LINE_PT = LINE_PT + ROW_PAD_PT;

/**
 * The height (pt) a row needs so that its wrapped cells show all their text: per cell, each of its
 * lines takes ceil(text width / usable column width) lines; the tallest cell decides. Excel does not
 * grow rows written by a program, so without this a long reason shows as one clipped line.
 */
export function wrappedRowHeight(texts: readonly string[], widths: readonly number[]): number {
  let lines = 1;
  texts.forEach((text, i) => {
    const usable = Math.max(1, (widths[i] ?? 10) - 1);
    const n = text.split('\n').reduce((sum, part) => sum + Math.max(1, Math.ceil(textUnits(part) / usable)), 0);
    lines = Math.max(lines, n);
  });
  return Math.round((lines * LINE_PT + ROW_PAD_PT) * 10) / 10;
}

function addGroupSheet(wb: ExcelJS.Workbook, t: GroupTable, name: string): void {
  const ws = wb.addWorksheet(name);
  const headings = headingsFor(t);
  const cols = columnsOf(t, headings);
  const n = cols.length;
  const widths = cols.map((c) => c.width);
  ws.columns = cols.map((c) => ({ width: c.width }));

  // centred over the whole table when it prints one page wide; over several pages a centred title would
  // fall between two of them, so it starts at the left, where every page's repeated columns are
  const oneWide = 'fitToWidth' in printFit(widths);
  if (oneWide) ws.mergeCells(1, 1, 1, n);
  const title = ws.getCell(1, 1);
  // a provisional sheet says so in its title, where a printout cannot lose it
  title.value = safeText(`${t.groupName}政务公开考核结果${t.complete ? '' : `（${resultsTitle([{ units: t.rows }])}）`}`);
  title.font = { ...FONT, size: 16, bold: true };
  title.alignment = { horizontal: oneWide ? 'center' : 'left', vertical: 'middle' };
  ws.getRow(1).height = 28;

  cols.forEach((c, i) => {
    const col = i + 1;
    if (c.sub === undefined) {
      ws.mergeCells(2, col, 3, col);
      ws.getCell(2, col).value = safeText(c.top);
    } else {
      if (c.span !== undefined) {
        ws.mergeCells(2, col, 2, col + c.span - 1);
        ws.getCell(2, col).value = safeText(c.top);
      }
      ws.getCell(3, col).value = safeText(c.sub);
    }
    styleHeader(ws.getCell(2, col));
    styleHeader(ws.getCell(3, col));
  });
  // an indicator's name wraps over the columns it is merged across
  ws.getRow(2).height = Math.max(30, ...cols.map((c, i) => (c.span === undefined ? 0 : wrappedRowHeight([c.top], [widths.slice(i, i + c.span).reduce((a, b) => a + b, 0)]))));
  // full item names wrap in their 12-wide columns: room for four lines ("政策文件及解读（8分）" takes three);
  // a code and its points take two
  ws.getRow(3).height = headings === 'full' ? 60 : wrappedRowHeight(['1\n2'], [10]);

  // one style object per column and kind of value, shared by every cell of it: exceljs works out a style's
  // index once per object, and a nation-wide sheet has tens of thousands of cells
  const wrapped = cols.flatMap((c, j) => (c.wrap ? [j] : []));
  const styles = cols.map((c, j) => {
    const base: Partial<ExcelJS.Style> = {
      font: FONT,
      border: THIN,
      alignment: { horizontal: j === 1 || c.top === '备注' ? 'left' : 'center', vertical: 'middle', wrapText: c.wrap === true },
    };
    return { text: base, number: c.score ? { ...base, numFmt: t.numberFormat } : base };
  });
  t.rows.forEach((r, i) => {
    const row = ws.getRow(RESULTS_HEADER_ROWS + 1 + i);
    cols.forEach((c, j) => {
      const cell = row.getCell(j + 1);
      const v = c.value(r);
      cell.value = v === null ? NO_SCORE : typeof v === 'string' ? safeText(v) : v;
      const st = styles[j]!;
      cell.style = typeof v === 'number' ? st.number : st.text;
    });
    if (wrapped.length > 0) {
      const height = wrappedRowHeight(wrapped.map((j) => String(cols[j]!.value(r) ?? '')), wrapped.map((j) => widths[j]!));
      // a narrow sheet's rows get a line's padding too, printed small they would otherwise crowd
      if (height > ONE_LINE_PT || headings === 'coded') row.height = height;
    }
  });
  if (headings === 'coded') {
    // the names of the coded items, under the table after a blank row, across its whole width
    const at = RESULTS_HEADER_ROWS + t.rows.length + 2;
    const legend = itemLegend(t);
    ws.mergeCells(at, 1, at, n);
    const cell = ws.getCell(at, 1);
    cell.value = safeText(legend);
    cell.font = FONT;
    cell.alignment = { horizontal: 'left', vertical: 'top', wrapText: true };
    ws.getRow(at).height = wrappedRowHeight([legend], [widths.reduce((a, b) => a + b, 0)]);
  }

  ws.views = [{ state: 'frozen', xSplit: 2, ySplit: RESULTS_HEADER_ROWS, topLeftCell: 'C4', activeCell: 'C4' }];
  // the title repeats with the header on every page: a sheet of one group printed alone still says what it is
  printSetup(ws, `1:${RESULTS_HEADER_ROWS}`, widths, 'A:B');
}

export const FINDINGS_SHEET = '问题清单';
export const FINDINGS_HEADER = ['单位', '指标', '检查点', '扣分原因', '佐证', '扣分'] as const;
/** the last column when the findings have attached files: their paths in the units' evidence zips */
export const FILES_HEADER = '佐证材料';
const FINDINGS_WIDTHS = [18, 18, 30, 50, 40, 8, 40];
/** the columns that wrap: 单位 and 指标 too, a long unit name would otherwise be cut */
const WRAPPED = new Set([0, 1, 2, 3, 4, 6]);

/** One line of the 问题清单 sheet, in the order of FINDINGS_HEADER (and FILES_HEADER when there are files). */
export type FindingRow = [unit: string, indicator: string, checkpoint: string, reason: string, evidence: string, points: number | null, files?: string];

/**
 * What the workbook shows, as plain data (structured-cloneable): the part worked out from the results and
 * sheets, apart from the writing, which can then run elsewhere (a worker) with nothing else in memory.
 */
export interface ResultsWorkbookData {
  title?: string;
  tables: GroupTable[];
  /** per group, its findings and the number format of their points; absent: no 问题清单 sheet */
  findings?: { numberFormat: string; rows: FindingRow[] }[];
  /** the 问题清单 sheet ends with the FILES_HEADER column */
  files?: boolean;
}

export function resultsWorkbookData(input: ResultsWorkbookInput): ResultsWorkbookData {
  const data: ResultsWorkbookData = { tables: input.groups.map((g) => groupTable(g.ruleSet, g.result)) };
  if (input.title) data.title = input.title;
  const sheets = input.sheets;
  const names = input.evidenceNames && input.evidenceNames.size > 0 ? input.evidenceNames : undefined;
  if (sheets && names) data.files = true;
  if (sheets) {
    data.findings = input.groups.map((g) => {
      const rows: FindingRow[] = [];
      for (const p of eachUnitProblems(g.ruleSet, g.result, sheets.units, sheets.entries, sheets.assessors)) {
        for (const v of p.vetoes) rows.push([p.unitName, '否决项', v.name, [v.reason, v.effect].filter((x) => x !== '').join('；'), '', null, ...(names ? ([''] as const) : ([] as const))]);
        for (const f of p.findings) {
          rows.push([
            p.unitName,
            f.indicator,
            f.checkpoint ? `${f.item}：${f.checkpoint}` : f.item,
            f.object ? `【${f.object}】${f.reason}` : f.reason,
            f.evidence,
            f.points,
            ...(names ? ([f.ids.flatMap((id) => names.get(id) ?? []).join('\n')] as const) : ([] as const)),
          ]);
        }
      }
      return { numberFormat: numberFormatFor(g.ruleSet.precision.display), rows };
    });
  }
  return data;
}

function addFindingsSheet(wb: ExcelJS.Workbook, findings: NonNullable<ResultsWorkbookData['findings']>, name: string, files: boolean): void {
  const ws = wb.addWorksheet(name);
  const header: readonly string[] = files ? [...FINDINGS_HEADER, FILES_HEADER] : FINDINGS_HEADER;
  const widths = FINDINGS_WIDTHS.slice(0, header.length);
  ws.columns = widths.map((width) => ({ width }));
  header.forEach((h, i) => {
    const cell = ws.getCell(1, i + 1);
    cell.value = h;
    styleHeader(cell);
  });
  let row = 2;
  // one style object per column (and number format), shared by every cell: the findings sheet of a
  // nation-wide assessment has hundreds of thousands of rows
  const styles = new Map<string, Partial<ExcelJS.Style>>();
  const styleOf = (i: number, numFmt: string | undefined): Partial<ExcelJS.Style> => {
    const key = `${i}|${numFmt ?? ''}`;
    let st = styles.get(key);
    if (!st) {
      st = { font: FONT, border: THIN, alignment: { vertical: 'top', wrapText: WRAPPED.has(i) }, ...(numFmt && { numFmt }) };
      styles.set(key, st);
    }
    return st;
  };
  findings.forEach((g, gi) => {
    // each group starts a printed page of its own
    if (gi > 0 && g.rows.length > 0 && row > 2) ws.getRow(row - 1).addPageBreak();
    for (const values of g.rows) {
      const r = ws.getRow(row++);
      r.height = wrappedRowHeight(
        values.map((v, i) => (WRAPPED.has(i) && typeof v === 'string' ? v : '')),
        widths,
      );
      values.forEach((v, i) => {
        const cell = r.getCell(i + 1);
        // a new cell is empty already: an empty value is not set again (each set makes a value object)
        if (v !== null && v !== '') cell.value = typeof v === 'string' ? safeText(v) : v;
        cell.style = styleOf(i, typeof v === 'number' ? g.numberFormat : undefined);
      });
    }
  });
  ws.views = [{ state: 'frozen', xSplit: 1, ySplit: 1, topLeftCell: 'B2', activeCell: 'B2' }];
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: Math.max(1, row - 1), column: header.length } };
  printSetup(ws, '1:1', widths);
}

/** Writes the workbook of `resultsWorkbookData`. */
export async function writeResultsWorkbook(data: ResultsWorkbookData): Promise<Uint8Array> {
  const Excel = await loadExcel();
  const wb = new Excel.Workbook();
  if (data.title) wb.title = data.title;
  const taken = new Set<string>();
  for (const t of data.tables) {
    const name = sheetName(t.groupName, taken);
    taken.add(name);
    addGroupSheet(wb, t, name);
  }
  if (data.findings) addFindingsSheet(wb, data.findings, sheetName(FINDINGS_SHEET, taken), data.files === true);
  return workbookBytes(wb);
}

export async function resultsXlsx(input: ResultsWorkbookInput): Promise<Uint8Array> {
  return writeResultsWorkbook(resultsWorkbookData(input));
}
