/**
 * Offline entry template (离线录入模板) for one assessor and one rule set: the units of the group as rows,
 * the leaf check points as columns with their maximum in the header, data validation on every input
 * cell, and a hidden, protected `_meta` sheet naming the rule set (id + content hash), the assessor and
 * which column holds which node. Prefilled from the assessor's existing entries when given, so a
 * partly done sheet can travel and come back (see templateImport.ts).
 */
import type * as ExcelJS from 'exceljs';
import { compileRuleSet, type CompiledRuleSet, exact as X, findingDeduction } from '../../engine';
import type { RuleSet } from '../../model/ruleSet';
import type { Assessor, ScoreEntry, Unit, UnitObject } from '../../model/entries';
import { ruleSetHash } from '../bundle';
import { ownValue } from '../../model/ownKeys';
import { FONT, THIN, columnLetter, loadExcel, safeText, styleHeader, workbookBytes } from './excel';
import {
  HELP_SHEET,
  MAP_HEADER,
  META_KEYS,
  META_SHEET,
  NO,
  NOT_APPLICABLE,
  REASON_SEPARATOR,
  TEMPLATE_HEADER_ROWS,
  TEMPLATE_TYPE,
  TEMPLATE_VERSION,
  YES,
  cellKey,
  templateSheets,
  type TemplateColumn,
  type TemplateSheet,
} from './templateLayout';

export interface TemplateInput {
  ruleSet: RuleSet;
  /** units of the assessment; those of the rule set's group become rows */
  units: readonly Unit[];
  assessor: Assessor;
  /** entries to prefill (only the assessor's own are used); none gives a blank template */
  entries?: readonly ScoreEntry[];
}

type CellValue = string | number | undefined;

/** The value a column shows for an existing entry. */
export function prefillValue(c: CompiledRuleSet, col: TemplateColumn, e: ScoreEntry | undefined): CellValue {
  if (!e) return undefined;
  if (e.notApplicable) return col.kind === 'reason' ? undefined : NOT_APPLICABLE;
  switch (col.kind) {
    case 'value':
      return e.value;
    case 'check': {
      const v = ownValue(e.checks, col.item ?? '');
      return v === undefined ? undefined : v ? YES : NO;
    }
    case 'veto':
      return e.triggered === undefined ? undefined : e.triggered ? YES : NO;
    case 'deduction': {
      const leaf = c.byKey.get(col.node);
      if (!leaf || (leaf.type !== 'deduction' && leaf.type !== 'penalty')) return undefined;
      return X.toNumber(X.sum((e.findings ?? []).map((f) => findingDeduction(leaf, f))));
    }
    case 'reason': {
      const text = (e.findings ?? []).map((f) => f.reason).join(REASON_SEPARATOR);
      return text === '' ? undefined : text;
    }
  }
}

/** A column does not apply to a row: the unit's class excludes the node, or the object is of another kind. */
function excluded(c: CompiledRuleSet, col: TemplateColumn, unit: Unit, object: UnitObject | undefined): boolean {
  if (col.objectKind !== undefined && object?.kind !== col.objectKind) return true;
  const cls = c.ruleSet.unitClasses.find((k) => k.key === unit.unitClass);
  if (!cls) return false;
  for (let k: string | undefined = col.node; k !== undefined; k = c.parent.get(k)) if (cls.excludes.includes(k)) return true;
  return false;
}

function validation(col: TemplateColumn): ExcelJS.DataValidation | undefined {
  const common = { allowBlank: true, showErrorMessage: true, errorStyle: 'stop', errorTitle: '输入有误' };
  switch (col.kind) {
    case 'check':
    case 'veto':
      return { ...common, type: 'list', formulae: [`"${YES},${NO}"`], error: `请选择“${YES}”或“${NO}”` };
    case 'value':
    case 'deduction':
      return col.max === null || col.max === undefined
        ? { ...common, type: 'decimal', operator: 'greaterThanOrEqual', formulae: [0], error: '请输入不小于 0 的数字' }
        : { ...common, type: 'decimal', operator: 'between', formulae: [col.min ?? 0, col.max], error: `请输入 ${col.min ?? 0}–${col.max} 之间的数字` };
    case 'reason':
      return undefined;
  }
}

interface Row {
  unit: Unit;
  object?: UnitObject;
}

function rowsOf(c: CompiledRuleSet, sheet: TemplateSheet, units: readonly Unit[]): Row[] {
  const groupUnits = units.filter((u) => u.group === c.ruleSet.group.key);
  if (!sheet.perObject) return groupUnits.map((unit) => ({ unit }));
  const kinds = new Set(sheet.columns.map((col) => col.objectKind));
  return groupUnits.flatMap((unit) => unit.objects.filter((o) => kinds.has(o.kind)).map((object) => ({ unit, object })));
}

const GRAY: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9D9D9' } };

function addEntrySheet(wb: ExcelJS.Workbook, c: CompiledRuleSet, sheet: TemplateSheet, input: TemplateInput, entries: Map<string, ScoreEntry>) {
  const ws = wb.addWorksheet(sheet.name);
  const keys = sheet.keyHeaders.length;
  const total = keys + sheet.columns.length;
  ws.columns = [
    ...sheet.keyHeaders.map((h) => ({ width: h.endsWith('名称') ? 20 : 14 })),
    ...sheet.columns.map((col) => ({ width: col.kind === 'reason' ? 30 : 14 })),
  ];

  ws.mergeCells(1, 1, 1, Math.max(total, 1));
  const title = ws.getCell(1, 1);
  title.value = safeText(`${c.ruleSet.name}\u3000离线录入模板\u3000考核人员：${input.assessor.name}`);
  title.font = { ...FONT, size: 14, bold: true };

  sheet.keyHeaders.forEach((h, i) => {
    ws.mergeCells(2, i + 1, 3, i + 1);
    ws.getCell(2, i + 1).value = h;
    styleHeader(ws.getCell(2, i + 1));
  });
  // row 2: sections merged over their columns; row 3: the column headers
  let start = 0;
  sheet.columns.forEach((col, i) => {
    const next = sheet.columns[i + 1];
    if (next?.section !== col.section) {
      const from = keys + start + 1;
      const to = keys + i + 1;
      if (to > from) ws.mergeCells(2, from, 2, to);
      ws.getCell(2, from).value = safeText(col.section);
      start = i + 1;
    }
    const cell = ws.getCell(3, keys + i + 1);
    cell.value = safeText(col.header);
    styleHeader(ws.getCell(2, keys + i + 1));
    styleHeader(cell);
  });
  ws.getRow(3).height = 60;

  rowsOf(c, sheet, input.units).forEach((r, i) => {
    const rowNo = TEMPLATE_HEADER_ROWS + 1 + i;
    const row = ws.getRow(rowNo);
    const keyValues = [r.unit.id, r.unit.name, ...(r.object ? [r.object.id, r.object.name] : [])];
    keyValues.forEach((v, j) => {
      const cell = row.getCell(j + 1);
      cell.value = safeText(v);
      cell.font = FONT;
      cell.border = THIN;
      cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF7F7F7' } };
    });
    sheet.columns.forEach((col, j) => {
      const cell = row.getCell(keys + j + 1);
      cell.font = FONT;
      cell.border = THIN;
      if (excluded(c, col, r.unit, r.object)) {
        cell.fill = GRAY;
        return;
      }
      const e = entries.get(cellKey({ unitId: r.unit.id, node: col.node, assessorId: input.assessor.id, objectId: r.object?.id }));
      const v = prefillValue(c, col, e);
      if (v !== undefined) cell.value = typeof v === 'string' ? safeText(v) : v;
      const dv = validation(col);
      if (dv) cell.dataValidation = dv;
      cell.alignment = col.kind === 'reason' ? { wrapText: true, vertical: 'top' } : { horizontal: 'center' };
    });
  });

  ws.views = [{ state: 'frozen', xSplit: keys, ySplit: TEMPLATE_HEADER_ROWS, topLeftCell: `${columnLetter(keys + 1)}${TEMPLATE_HEADER_ROWS + 1}` }];
  ws.pageSetup = { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: `2:${TEMPLATE_HEADER_ROWS}` };
}

function addHelpSheet(wb: ExcelJS.Workbook, sheets: readonly TemplateSheet[]) {
  const ws = wb.addWorksheet(HELP_SHEET);
  ws.columns = [{ width: 100 }];
  const lines = [
    '填写说明',
    `1. 每行一个单位${sheets.length > 1 ? `（「${sheets[1]?.name}」表每行一个网站或账号）` : ''}；请勿修改单位编号、表头，请勿插入、删除或移动列，请勿重命名工作表。`,
    '2. 打分、加分列填写得分；比率列填写测得的百分数（如 92.5）；表头括号内为允许的范围。',
    `3. 检查清单和否决项填写“${YES}”或“${NO}”。`,
    '4. 扣分类指标：“扣分”列填写该项合计扣分（无问题填 0），“扣分原因”列写明问题；扣分大于 0 时必须填写原因。多条问题可写在同一格，用“；”分隔。佐证材料请导入后在系统中补充。',
    `5. 从系统导出时已有的“${NOT_APPLICABLE}”标记会原样保留；新的不适用标记请在系统中设置。灰色单元格表示该项对该单位不适用，无需填写。`,
    '6. 空白单元格表示未评分，导入时不会改动系统中已有的记录。',
    '7. 导入时整个文件一并校验：任何一处有误，都不会导入任何数据，并逐一列出出错的工作表、行和列。',
  ];
  lines.forEach((l, i) => {
    const cell = ws.getCell(i + 1, 1);
    cell.value = l;
    cell.font = i === 0 ? { ...FONT, size: 14, bold: true } : FONT;
    cell.alignment = { wrapText: true, vertical: 'top' };
  });
}

async function addMetaSheet(wb: ExcelJS.Workbook, ruleSet: RuleSet, assessor: Assessor, sheets: readonly TemplateSheet[]) {
  const ws = wb.addWorksheet(META_SHEET, { state: 'veryHidden' });
  const values: Record<(typeof META_KEYS)[number], string | number> = {
    type: TEMPLATE_TYPE,
    version: TEMPLATE_VERSION,
    ruleSetId: ruleSet.id,
    ruleSetHash: ruleSetHash(ruleSet),
    ruleSetVersion: ruleSet.version,
    group: ruleSet.group.key,
    assessorId: assessor.id,
    assessorName: assessor.name,
  };
  META_KEYS.forEach((k) => ws.addRow([k, typeof values[k] === 'string' ? safeText(values[k]) : values[k]]));
  ws.addRow([]);
  ws.addRow([...MAP_HEADER]);
  for (const s of sheets) {
    s.columns.forEach((col, i) => ws.addRow([safeText(s.name), columnLetter(s.keyHeaders.length + i + 1), col.kind, safeText(col.node), col.item ?? '']));
  }
  await ws.protect('', { selectLockedCells: false, selectUnlockedCells: false });
}

export async function templateXlsx(input: TemplateInput): Promise<Uint8Array> {
  const Excel = await loadExcel();
  const c = compileRuleSet(input.ruleSet);
  const sheets = templateSheets(c);
  const own = new Map<string, ScoreEntry>();
  for (const e of input.entries ?? []) if (e.assessorId === input.assessor.id) own.set(cellKey(e), e);

  const wb = new Excel.Workbook();
  wb.title = `${input.ruleSet.name} 离线录入模板`;
  for (const s of sheets) addEntrySheet(wb, c, s, input, own);
  addHelpSheet(wb, sheets);
  await addMetaSheet(wb, input.ruleSet, input.assessor, sheets);
  return workbookBytes(wb);
}
