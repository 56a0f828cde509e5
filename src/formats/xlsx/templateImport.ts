/**
 * Reading a filled offline entry template back into score entries. All or nothing: the result is either
 * every entry the file holds or every problem found, each located as 工作表「…」第5行第D列 with what was
 * expected there. Nothing is written here; the caller applies the entries in one transaction.
 *
 * Re-importing a file yields the entries already stored: an entry keeps its id (new ones get
 * `${unitId}:${node}:${assessorId}`), and a cell whose content equals the stored entry returns that entry
 * unchanged — `diffEntries` then reports nothing to change. Empty cells change nothing.
 */
import { recogniseCheckpoint } from './checkpointMatch';
import type * as ExcelJS from 'exceljs';
import { compileRuleSet, type CompiledRuleSet, validateEntry, exact as X, findingDeduction } from '../../engine';
import { shortIssues, type ValidationIssue } from '../../model/issues';
import type { RuleSet } from '../../model/ruleSet';
import type { Finding, ScoreEntry, Unit, UnitObject } from '../../model/entries';
import { ruleSetHash } from '../bundle';
import { sameContent } from '../../sync/merge';
import { columnLetter, loadExcel, plainValue, unneutralise } from './excel';
import {
  MAP_HEADER,
  META_SHEET,
  NO,
  NOT_APPLICABLE,
  REASON_SEPARATOR,
  TEMPLATE_HEADER_ROWS,
  TEMPLATE_TYPE,
  TEMPLATE_VERSION,
  YES,
  cellKey,
  cellPath,
  stableEntryId,
  templateSheets,
  type TemplateColumn,
  type TemplateSheet,
} from './templateLayout';

export interface TemplateContext {
  ruleSet: RuleSet;
  units: readonly Unit[];
  assessorId: string;
  /** entries already stored (any assessor; only this assessor's are matched) */
  entries: readonly ScoreEntry[];
}

export type TemplateImportResult = { ok: true; entries: ScoreEntry[] } | { ok: false; errors: ValidationIssue[] };

/** More problems than this and the file is plainly not the right one: the rest are summarised. */
const MAX_ERRORS = 200;
/** Far beyond the largest assessment (3,000 units × their websites), far below Excel's 1,048,576. */
const TEMPLATE_MAX_ROWS = 100_000;
const TEMPLATE_MAX_COLUMNS = 1_000;

const q = (s: string) => `「${s.length > 40 ? `${s.slice(0, 40)}…（共 ${s.length} 字）` : s}」`;

/** A cell as read: nothing, 不适用, a number, 是/否, or text. */
type Parsed =
  | { t: 'empty' }
  | { t: 'na' }
  | { t: 'number'; v: number }
  | { t: 'bool'; v: boolean }
  | { t: 'text'; v: string };

function parseCell(raw: string | number | boolean | undefined): Parsed {
  if (raw === undefined) return { t: 'empty' };
  if (typeof raw === 'number') return { t: 'number', v: raw };
  if (typeof raw === 'boolean') return { t: 'bool', v: raw };
  const s = unneutralise(raw).trim();
  if (s === '') return { t: 'empty' };
  if (s === NOT_APPLICABLE) return { t: 'na' };
  if (s === YES) return { t: 'bool', v: true };
  if (s === NO) return { t: 'bool', v: false };
  // numbers typed into text-formatted cells (common in WPS) are still numbers
  if (/^[+-]?\d+(\.\d+)?$/.test(s)) return { t: 'number', v: Number(s) };
  return { t: 'text', v: s };
}

const shown = (p: Parsed): string =>
  p.t === 'text' ? `文本${q(p.v)}` : p.t === 'number' ? `${p.v}` : p.t === 'bool' ? (p.v ? YES : NO) : p.t === 'na' ? NOT_APPLICABLE : '空';

interface RowContext {
  sheet: TemplateSheet;
  rowNo: number;
  unit: Unit;
  object?: UnitObject;
  cells: Parsed[];
}

class Importer {
  readonly errors: ValidationIssue[] = [];
  readonly entries: ScoreEntry[] = [];
  private readonly existing = new Map<string, ScoreEntry>();

  constructor(
    readonly c: CompiledRuleSet,
    readonly ctx: TemplateContext,
  ) {
    for (const e of ctx.entries) if (e.assessorId === ctx.assessorId) this.existing.set(cellKey(e), e);
  }

  err(path: string, message: string): void {
    this.errors.push({ path, message });
  }

  at(r: RowContext, colIndex: number): string {
    return cellPath(r.sheet.name, r.rowNo, columnLetter(r.sheet.keyHeaders.length + colIndex + 1));
  }

  /** Turns one row's cells into entries, node by node. */
  row(r: RowContext): void {
    const cols = r.sheet.columns;
    for (let i = 0; i < cols.length; ) {
      const col = cols[i] as TemplateColumn;
      let j = i + 1;
      while (j < cols.length && cols[j]?.node === col.node && cols[j]?.kind !== 'veto') j++;
      this.node(r, col.node, i, j);
      i = j;
    }
  }

  private node(r: RowContext, node: string, from: number, to: number): void {
    const cols = r.sheet.columns.slice(from, to);
    const cells = r.cells.slice(from, to);
    if (cells.every((p) => p.t === 'empty')) return;
    const first = cols[0] as TemplateColumn;
    const errorsBefore = this.errors.length;
    const key = { unitId: r.unit.id, node, assessorId: this.ctx.assessorId, objectId: r.object?.id };
    const prev = this.existing.get(cellKey(key));
    let content: Content | undefined;
    if (cells.some((p) => p.t === 'na')) {
      const other = cells.findIndex((p) => p.t !== 'na' && p.t !== 'empty' && !(first.kind === 'deduction' && p.t === 'text'));
      if (other >= 0) this.err(this.at(r, from + other), `“${first.name}”已标为${NOT_APPLICABLE}，本格不应再填写（实际为 ${shown(cells[other] as Parsed)}）`);
      else content = { notApplicable: true };
    } else if (first.kind === 'value') content = this.value(r, first, from, cells[0] as Parsed);
    else if (first.kind === 'check') content = this.checks(r, cols, from, cells);
    else if (first.kind === 'veto') content = this.veto(r, from, cells[0] as Parsed);
    else content = this.deduction(r, first, from, cells[0] as Parsed, cells[1] ?? { t: 'empty' }, prev);
    if (!content || this.errors.length > errorsBefore) return;

    const entry = this.build(key, content, prev);
    if (prev && sameContent(prev, entry)) {
      this.entries.push(prev);
      return;
    }
    // the engine's own checks (steps, classes, objects) as a backstop, located at the node's first cell
    for (const issue of validateEntry(this.c, r.unit, entry)) this.err(this.at(r, from), `“${first.name}”：${issue.message}`);
    this.entries.push(entry);
  }

  private build(key: { unitId: string; node: string; assessorId: string; objectId?: string | undefined }, content: Content, prev: ScoreEntry | undefined): ScoreEntry {
    const e: ScoreEntry = {
      id: prev?.id ?? stableEntryId(key.unitId, key.node, key.assessorId, key.objectId),
      unitId: key.unitId,
      node: key.node,
      assessorId: key.assessorId,
      ...(key.objectId !== undefined ? { objectId: key.objectId } : {}),
      ...content,
      rev: prev?.rev ?? 1,
    };
    // what a template cannot express is kept: the note, an explicit "applicable" mark
    if (prev?.note !== undefined) e.note = prev.note;
    if (prev?.notApplicable === false && !content.notApplicable) e.notApplicable = false;
    if (prev?.updatedAt !== undefined) e.updatedAt = prev.updatedAt;
    if (prev?.updatedBy !== undefined) e.updatedBy = prev.updatedBy;
    return e;
  }

  private number(r: RowContext, col: TemplateColumn, index: number, p: Parsed): number | undefined {
    const range = col.max === null || col.max === undefined ? '不小于 0 的数字' : `${col.min ?? 0}–${col.max} 之间的数字`;
    if (p.t !== 'number') {
      this.err(this.at(r, index), `应为${range}，实际为 ${shown(p)}`);
      return undefined;
    }
    if (!Number.isFinite(p.v) || p.v < (col.min ?? 0)) {
      this.err(this.at(r, index), `${p.v} 低于 ${col.min ?? 0}（应为${range}）`);
      return undefined;
    }
    if (col.max !== null && col.max !== undefined && p.v > col.max) {
      this.err(this.at(r, index), `${p.v} 超出上限 ${col.max}（应为${range}）`);
      return undefined;
    }
    return p.v;
  }

  private value(r: RowContext, col: TemplateColumn, index: number, p: Parsed): Content | undefined {
    const v = this.number(r, col, index, p);
    return v === undefined ? undefined : { value: v };
  }

  private yesNo(r: RowContext, index: number, p: Parsed): boolean | undefined {
    if (p.t === 'bool') return p.v;
    this.err(this.at(r, index), `应为“${YES}”或“${NO}”，实际为 ${shown(p)}`);
    return undefined;
  }

  private checks(r: RowContext, cols: TemplateColumn[], from: number, cells: Parsed[]): Content | undefined {
    const checks: Record<string, boolean> = {};
    cells.forEach((p, k) => {
      if (p.t === 'empty') return;
      const v = this.yesNo(r, from + k, p);
      if (v !== undefined) checks[cols[k]?.item ?? ''] = v;
    });
    return { checks };
  }

  private veto(r: RowContext, index: number, p: Parsed): Content | undefined {
    const v = this.yesNo(r, index, p);
    return v === undefined ? undefined : { triggered: v };
  }

  private deduction(r: RowContext, col: TemplateColumn, index: number, points: Parsed, reasonCell: Parsed, prev: ScoreEntry | undefined): Content | undefined {
    const reason = reasonCell.t === 'empty' ? '' : reasonCell.t === 'text' ? reasonCell.v : shown(reasonCell);
    if (points.t === 'empty') {
      this.err(this.at(r, index), `填写了扣分原因，但未填写扣分（应为${col.max === null ? '不小于 0' : `0–${col.max} 之间`}的数字）`);
      return undefined;
    }
    // the stored findings, when the cells still say what they said: keeps check points and evidence
    const leaf = this.c.byKey.get(col.node);
    if (prev && !prev.notApplicable && points.t === 'number' && leaf && (leaf.type === 'deduction' || leaf.type === 'penalty')) {
      const total = X.sum((prev.findings ?? []).map((f) => findingDeduction(leaf, f)));
      const reasons = (prev.findings ?? []).map((f) => f.reason).join(REASON_SEPARATOR);
      if (X.eq(total, X.dec(points.v)) && reasons === reason) return { findings: prev.findings ?? [] };
    }
    const v = this.number(r, col, index, points);
    if (v === undefined) return undefined;
    if (v === 0) {
      if (reason !== '') this.err(this.at(r, index + 1), `扣分为 0 时不应填写扣分原因（实际为${q(reason)}）；如有问题请填写扣分`);
      return { findings: [] };
    }
    if (reason === '') {
      this.err(this.at(r, index + 1), `扣分 ${v} 须填写扣分原因`);
      return undefined;
    }
    const id = stableEntryId(r.unit.id, col.node, this.ctx.assessorId, r.object?.id);
    const finding: Finding = { id: `${id}:f1`, count: 1, points: v, reason };
    // the typed points stay the deduction; a recognised check point keeps what kind of problem it was
    const checkpoints = leaf && (leaf.type === 'deduction' || leaf.type === 'penalty') ? (leaf.checkpoints ?? []) : [];
    const recognised = recogniseCheckpoint(reason, prev?.findings ?? [], checkpoints);
    if (recognised !== undefined) finding.checkpoint = recognised;
    return { findings: [finding] };
  }
}

type Content = Pick<ScoreEntry, 'value' | 'checks' | 'findings' | 'triggered' | 'notApplicable'>;

/* ---------- reading the workbook ---------- */

function text(ws: ExcelJS.Worksheet, row: number, col: number): string {
  const v = plainValue(ws.getCell(row, col).value);
  return v === undefined ? '' : unneutralise(String(v)).trim();
}

/**
 * The numbers of the rows that hold a value, in order. A workbook is sparse: one cell typed at row
 * 1,048,576 makes `rowCount` a million, and visiting every row up to it froze the tab.
 */
function filledRows(ws: ExcelJS.Worksheet, from = 1): number[] {
  const rows: number[] = [];
  ws.eachRow({ includeEmpty: false }, (row, rowNo) => {
    if (rowNo >= from && row.hasValues) rows.push(rowNo);
  });
  return rows;
}

/** A cell beyond what any template holds: its place and why, or undefined. */
function outOfBounds(ws: ExcelJS.Worksheet): ValidationIssue | undefined {
  let found: ValidationIssue | undefined;
  ws.eachRow({ includeEmpty: false }, (row, rowNo) => {
    if (found) return;
    if (rowNo > TEMPLATE_MAX_ROWS) {
      const col = firstFilledColumn(row);
      found = { path: cellPath(ws.name, rowNo, columnLetter(col)), message: `第${rowNo}行超出模板的范围（最多 ${TEMPLATE_MAX_ROWS} 行）：请只在导出的单位行中填写` };
      return;
    }
    row.eachCell({ includeEmpty: false }, (cell, colNo) => {
      if (found || colNo <= TEMPLATE_MAX_COLUMNS || cell.value === null) return;
      const letter = columnLetter(colNo);
      found = { path: cellPath(ws.name, rowNo, letter), message: `第${letter}列超出模板的范围（最多 ${TEMPLATE_MAX_COLUMNS} 列）：请只在导出的列中填写` };
    });
  });
  return found;
}

function firstFilledColumn(row: ExcelJS.Row): number {
  let first = 0;
  row.eachCell({ includeEmpty: false }, (_cell, colNo) => {
    if (first === 0) first = colNo;
  });
  return first || 1;
}

function readMeta(ws: ExcelJS.Worksheet): { values: Map<string, { value: string; row: number }>; map: string[][] } {
  const values = new Map<string, { value: string; row: number }>();
  const map: string[][] = [];
  let inMap = false;
  for (const r of filledRows(ws)) {
    const k = text(ws, r, 1);
    if (k === MAP_HEADER[0] && text(ws, r, 2) === MAP_HEADER[1]) inMap = true;
    else if (inMap) map.push([1, 2, 3, 4, 5].map((c) => text(ws, r, c)));
    else if (k !== '') values.set(k, { value: text(ws, r, 2), row: r });
  }
  return { values, map };
}

function checkMeta(imp: Importer, ws: ExcelJS.Worksheet, sheets: readonly TemplateSheet[]): void {
  const { values, map } = readMeta(ws);
  const rs = imp.ctx.ruleSet;
  const at = (key: string) => cellPath(META_SHEET, values.get(key)?.row ?? 1, 'B');
  const expect = (key: string, want: string, message: (got: string) => string) => {
    const got = values.get(key)?.value ?? '';
    if (got !== want) imp.err(at(key), message(got));
  };
  expect('type', TEMPLATE_TYPE, () => `不是本系统导出的离线录入模板（应为 ${TEMPLATE_TYPE}）`);
  if (imp.errors.length > 0) return;
  expect('version', String(TEMPLATE_VERSION), (got) => `模板格式版本为 ${got || '空'}，本系统只能导入版本 ${TEMPLATE_VERSION}`);
  expect('ruleSetId', rs.id, (got) => `模板是为规则集${q(got)}生成的，而当前分组使用规则集${q(rs.id)}（${rs.name}）`);
  expect('ruleSetHash', ruleSetHash(rs), () => `模板是按另一版本的规则集生成的（当前为${q(rs.name)}版本 ${rs.version}）：请重新导出模板后填写`);
  expect('assessorId', imp.ctx.assessorId, (got) => `模板属于考核人员${q(values.get('assessorName')?.value ?? got)}（${got}），不能作为考核人员 ${imp.ctx.assessorId} 的记录导入`);
  if (imp.errors.length > 0) return;
  // the column map must be the one this rule set gives (it is, unless the hidden sheet was edited)
  const expected = sheets.flatMap((s) => s.columns.map((col, i) => [s.name, columnLetter(s.keyHeaders.length + i + 1), col.kind, col.node, col.item ?? '']));
  const same = expected.length === map.length && expected.every((row, i) => row.join('\u0000') === map[i]?.join('\u0000'));
  if (!same) imp.err(cellPath(META_SHEET, values.size + 2, 'A'), '模板信息表中的列对照与规则集不一致：请重新导出模板后填写');
}

function checkHeaders(imp: Importer, ws: ExcelJS.Worksheet, s: TemplateSheet): void {
  const headers = [...s.keyHeaders, ...s.columns.map((c) => c.header)];
  const rowOf = (i: number) => (i < s.keyHeaders.length ? 2 : TEMPLATE_HEADER_ROWS);
  const found = new Map<string, number>();
  for (let i = 1; i <= Math.max(ws.columnCount, headers.length); i++) {
    for (const row of [2, TEMPLATE_HEADER_ROWS]) {
      const t = text(ws, row, i);
      if (t !== '' && !found.has(t)) found.set(t, i);
    }
  }
  headers.forEach((want, i) => {
    const got = text(ws, rowOf(i), i + 1);
    if (got === want) return;
    const now = found.get(want);
    const where = now !== undefined ? `（该列现在第${columnLetter(now)}列）` : '';
    imp.err(
      cellPath(s.name, rowOf(i), columnLetter(i + 1)),
      `表头应为${q(want)}，实际为${got === '' ? '空' : q(got)}${where}：请勿插入、删除或移动列`,
    );
  });
}

function readRows(imp: Importer, ws: ExcelJS.Worksheet, s: TemplateSheet): void {
  const rs = imp.ctx.ruleSet;
  const units = new Map(imp.ctx.units.map((u) => [u.id, u]));
  const seen = new Map<string, number>();
  const keys = s.keyHeaders.length;
  for (const rowNo of filledRows(ws, TEMPLATE_HEADER_ROWS + 1)) {
    if (imp.errors.length >= MAX_ERRORS) return;
    const cells = s.columns.map((_, i) => parseCell(plainValue(ws.getCell(rowNo, keys + i + 1).value)));
    const unitId = text(ws, rowNo, 1);
    const objectId = s.perObject ? text(ws, rowNo, 3) : '';
    if (unitId === '' && objectId === '' && cells.every((p) => p.t === 'empty')) continue;
    const at = (col: number) => cellPath(s.name, rowNo, columnLetter(col));
    if (unitId === '') {
      imp.err(at(1), '缺少单位编号');
      continue;
    }
    const unit = units.get(unitId);
    if (!unit || unit.group !== rs.group.key) {
      const name = text(ws, rowNo, 2);
      imp.err(
        at(1),
        unit
          ? `单位${q(unit.name)}属于另一分组，不在${q(rs.group.name)}中`
          : `未知的单位编号${q(unitId)}${name ? `（${name}）` : ''}：应为${q(rs.group.name)}的单位编号，请勿修改`,
      );
      continue;
    }
    let object: UnitObject | undefined;
    if (s.perObject) {
      object = unit.objects.find((o) => o.id === objectId);
      if (!object) {
        imp.err(at(3), `单位${q(unit.name)}没有编号为${q(objectId)}的对象：应为 ${unit.objects.map((o) => o.id).join('、') || '（无）'} 之一`);
        continue;
      }
    }
    const rowKey = JSON.stringify([unitId, objectId]);
    const firstRow = seen.get(rowKey);
    if (firstRow !== undefined) {
      imp.err(at(1), `${q(unit.name)}${object ? `的${q(object.name)}` : ''}已在第${firstRow}行填写，同一${object ? '对象' : '单位'}只能有一行`);
      continue;
    }
    seen.set(rowKey, rowNo);
    imp.row({ sheet: s, rowNo, unit, ...(object ? { object } : {}), cells });
  }
}

function toArrayBuffer(data: ArrayBuffer | Uint8Array): ArrayBuffer {
  if (data instanceof ArrayBuffer) return data;
  const copy = new Uint8Array(data.byteLength);
  copy.set(data);
  return copy.buffer;
}

export async function importTemplate(data: ArrayBuffer | Uint8Array, ctx: TemplateContext): Promise<TemplateImportResult> {
  const Excel = await loadExcel();
  const wb = new Excel.Workbook();
  try {
    await wb.xlsx.load(toArrayBuffer(data));
  } catch {
    return { ok: false, errors: [{ path: '文件', message: '无法读取：不是有效的 .xlsx 文件（请用 Excel 或 WPS 另存为 .xlsx 格式后重试）' }] };
  }
  const c = compileRuleSet(ctx.ruleSet);
  const sheets = templateSheets(c);
  const imp = new Importer(c, ctx);

  // absurd dimensions are refused before any sheet is read
  for (const ws of wb.worksheets) {
    const outside = outOfBounds(ws);
    if (outside) return { ok: false, errors: [outside] };
  }
  const meta = wb.getWorksheet(META_SHEET);
  if (!meta) {
    return { ok: false, errors: [{ path: '文件', message: `找不到模板信息表“${META_SHEET}”：此文件不是本系统导出的离线录入模板，请先导出模板再填写` }] };
  }
  checkMeta(imp, meta, sheets);
  if (imp.errors.length > 0) return { ok: false, errors: imp.errors };

  const present = wb.worksheets.map((w) => w.name).filter((n) => n !== META_SHEET);
  for (const s of sheets) {
    const ws = wb.getWorksheet(s.name);
    if (!ws) {
      imp.err(`工作表${q(s.name)}`, `找不到工作表${q(s.name)}（文件中的工作表：${present.map(q).join('、')}）：请勿重命名或删除工作表`);
      continue;
    }
    const before = imp.errors.length;
    checkHeaders(imp, ws, s);
    if (imp.errors.length === before) readRows(imp, ws, s);
  }
  if (imp.errors.length > 0) {
    const errors = imp.errors.slice(0, MAX_ERRORS);
    if (imp.errors.length > MAX_ERRORS) errors.push({ path: '文件', message: `另有 ${imp.errors.length - MAX_ERRORS} 处错误未列出` });
    return { ok: false, errors: shortIssues(errors) };
  }
  return { ok: true, entries: imp.entries };
}

/* ---------- what an import would change ---------- */

export interface EntryDiff {
  added: ScoreEntry[];
  changed: { before: ScoreEntry; after: ScoreEntry }[];
  unchanged: ScoreEntry[];
}

/** Incoming entries against stored ones, matched by id or else by unit × node × assessor × object. */
export function diffEntries(existing: readonly ScoreEntry[], incoming: readonly ScoreEntry[]): EntryDiff {
  const byId = new Map(existing.map((e) => [e.id, e]));
  const byCell = new Map(existing.map((e) => [cellKey(e), e]));
  const diff: EntryDiff = { added: [], changed: [], unchanged: [] };
  for (const e of incoming) {
    const before = byId.get(e.id) ?? byCell.get(cellKey(e));
    if (!before) diff.added.push(e);
    else if (sameContent(before, { ...e, id: before.id })) diff.unchanged.push(before);
    else diff.changed.push({ before, after: e });
  }
  return diff;
}
