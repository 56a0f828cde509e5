/**
 * A past year's results table as an office keeps it (unit, indicator scores, total, tier, rank), read
 * through a column mapping: which column holds what. The mapping is guessed from the header texts or
 * taken from the one remembered last time; every bad cell is reported with its sheet, row and column.
 */
import type { ValidationIssue } from '../model/issues';
import type { PastGroup, PastResults, PastUnit } from '../model/pastResults';
import { PAST_RESULTS_TYPE } from '../model/pastResults';

export type GridCell = string | number | undefined;

/** One sheet's cells as values: rows[r][c], both 0-based. */
export interface Grid {
  name: string;
  rows: GridCell[][];
}

/** Columns 1-based, as Excel numbers them; null: not imported. */
export interface PastMapping {
  headerRow: number;
  unit: number | null;
  total: number | null;
  tier: number | null;
  rank: number | null;
  /** first-level indicator key → column */
  indicators: Record<string, number>;
}

/** A mapping by header text, kept for the next file (whose columns may sit elsewhere). */
export interface RememberedMapping {
  unit?: string;
  total?: string;
  tier?: string;
  rank?: string;
  indicators: Record<string, string>;
}

export interface Header {
  column: number;
  text: string;
}

export interface Indicator {
  key: string;
  name: string;
}

/** Column number (1-based) to letters: 1 → A, 27 → AA. */
export function letter(n: number): string {
  let s = '';
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
}

const cellText = (v: GridCell): string => (v === undefined ? '' : String(v).trim());
/** Header texts compared without spaces and line breaks (wrapped headers read "总\n分"). */
const squeeze = (s: string) => s.replace(/\s+/g, '');

const UNIT = /单位|名称|被考核/;
const TOTAL = /总分|总得分|合计|总成绩|得分/;
const TIER = /等次|等级|档次|结果/;
const RANK = /名次|排名|排序|位次/;

/** The header row (1-based): the first of the first 15 rows that names a unit column, else the first non-empty one. */
export function guessHeaderRow(grid: Grid): number {
  const rows = grid.rows.slice(0, 15);
  const named = rows.findIndex((r) => r.some((c) => typeof c === 'string' && UNIT.test(squeeze(c))) && r.filter((c) => cellText(c) !== '').length >= 2);
  if (named >= 0) return named + 1;
  const filled = rows.findIndex((r) => r.some((c) => cellText(c) !== ''));
  return filled >= 0 ? filled + 1 : 1;
}

export function headersOf(grid: Grid, headerRow: number): Header[] {
  const row = grid.rows[headerRow - 1] ?? [];
  return row.flatMap((c, i) => (cellText(c) === '' ? [] : [{ column: i + 1, text: squeeze(cellText(c)) }]));
}

/**
 * The mapping for these headers: columns remembered by header text first, then recognised by their
 * wording (单位/名称, 总分/得分, 等次, 名次, an indicator's name). A column is used for one thing only.
 */
export function guessMapping(headers: readonly Header[], indicators: readonly Indicator[], headerRow: number, remembered?: RememberedMapping): PastMapping {
  const used = new Set<number>();
  const take = (rememberedText: string | undefined, pattern: RegExp | null): number | null => {
    const byMemory = rememberedText === undefined ? undefined : headers.find((h) => !used.has(h.column) && h.text === squeeze(rememberedText));
    const hit = byMemory ?? (pattern ? headers.find((h) => !used.has(h.column) && pattern.test(h.text)) : undefined);
    if (!hit) return null;
    used.add(hit.column);
    return hit.column;
  };
  const unit = take(remembered?.unit, UNIT);
  const rank = take(remembered?.rank, RANK);
  const tier = take(remembered?.tier, TIER);
  // indicator columns before the total: "基础信息公开得分" must not be taken for the total
  const out: Record<string, number> = {};
  for (const ind of indicators) {
    const name = squeeze(ind.name);
    const column = take(remembered?.indicators[ind.key], remembered ? null : new RegExp(escape(name)));
    if (column !== null) out[ind.key] = column;
  }
  const total = take(remembered?.total, TOTAL);
  return { headerRow, unit, total, tier, rank, indicators: out };
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The mapping as header texts, to remember for the next import. */
export function rememberMapping(headers: readonly Header[], m: PastMapping): RememberedMapping {
  const text = (column: number | null) => (column === null ? undefined : headers.find((h) => h.column === column)?.text);
  const out: RememberedMapping = { indicators: {} };
  const unit = text(m.unit);
  const total = text(m.total);
  const tier = text(m.tier);
  const rank = text(m.rank);
  if (unit !== undefined) out.unit = unit;
  if (total !== undefined) out.total = total;
  if (tier !== undefined) out.tier = tier;
  if (rank !== undefined) out.rank = rank;
  for (const [key, column] of Object.entries(m.indicators)) {
    const t = text(column);
    if (t !== undefined) out.indicators[key] = t;
  }
  return out;
}

/** One data row of the table as read through the mapping. */
export interface PastRow {
  /** 1-based row number in the sheet */
  row: number;
  unitName: string;
  total: number;
  display: string;
  tierName: string;
  rank: number | null;
  scores: Record<string, number>;
}

/** A number as an office writes it: 92.5, "92.5", "92.5分", full-width digits. */
export function readNumber(v: GridCell): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  const s = cellText(v)
    .replace(/[０-９．]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/分$/, '')
    .trim();
  if (!/^-?\d+(\.\d+)?$/.test(s)) return null;
  return Number(s);
}

/**
 * The data rows below the header. A row without a unit name is skipped, and so is one whose mapped
 * number cells are all empty (a heading such as "一、市（州）政府" or a note); any other bad cell is
 * an issue naming its sheet, row and column, and the rows are not used.
 */
export function readPastRows(grid: Grid, m: PastMapping): { rows: PastRow[]; errors: ValidationIssue[] } {
  const errors: ValidationIssue[] = [];
  const rows: PastRow[] = [];
  const at = (row: number, column: number) => `工作表“${grid.name}”第${row}行 ${letter(column)}列`;
  if (m.unit === null) errors.push({ path: `工作表“${grid.name}”`, message: '请指定“单位名称”列' });
  if (m.total === null) errors.push({ path: `工作表“${grid.name}”`, message: '请指定“总分”列' });
  if (errors.length > 0) return { rows, errors };
  const unitCol = m.unit!;
  const totalCol = m.total!;
  const numberCols: { column: number; what: string; key?: string }[] = [
    { column: totalCol, what: '总分' },
    ...(m.rank === null ? [] : [{ column: m.rank, what: '名次' }]),
    ...Object.entries(m.indicators).map(([key, column]) => ({ column, what: '指标得分', key })),
  ];
  const seen = new Map<string, number>();
  for (let r = m.headerRow; r < grid.rows.length; r++) {
    const cells = grid.rows[r] ?? [];
    const line = r + 1;
    const get = (column: number) => cells[column - 1];
    const unitName = cellText(get(unitCol));
    if (unitName === '') continue;
    if (numberCols.every((c) => cellText(get(c.column)) === '')) continue;
    let bad = false;
    const values = new Map<number, number>();
    for (const c of numberCols) {
      const raw = get(c.column);
      if (cellText(raw) === '') {
        if (c.column === totalCol) {
          errors.push({ path: at(line, c.column), message: '总分为空' });
          bad = true;
        }
        continue;
      }
      const n = readNumber(raw);
      if (n === null) {
        errors.push({ path: at(line, c.column), message: `${c.what}“${cellText(raw)}”不是数字` });
        bad = true;
      } else values.set(c.column, n);
    }
    const rank = m.rank === null ? null : (values.get(m.rank) ?? null);
    if (rank !== null && (!Number.isInteger(rank) || rank < 1)) {
      errors.push({ path: at(line, m.rank!), message: `名次“${rank}”应为正整数` });
      bad = true;
    }
    const other = seen.get(unitName);
    if (other !== undefined) {
      errors.push({ path: at(line, unitCol), message: `单位“${unitName}”与第${other}行重复` });
      bad = true;
    }
    seen.set(unitName, line);
    if (bad) continue;
    const total = values.get(totalCol)!;
    const rawTotal = get(totalCol);
    const scores: Record<string, number> = {};
    for (const [key, column] of Object.entries(m.indicators)) {
      const v = values.get(column);
      if (v !== undefined) scores[key] = v;
    }
    rows.push({
      row: line,
      unitName,
      total,
      display: typeof rawTotal === 'number' ? String(rawTotal) : String(total),
      tierName: m.tier === null ? '' : cellText(get(m.tier)),
      rank,
      scores,
    });
  }
  if (errors.length === 0 && rows.length === 0) errors.push({ path: `工作表“${grid.name}”`, message: `第${m.headerRow}行（表头）以下没有数据行` });
  return { rows, errors };
}

/** A unit name as compared across years: no spaces, brackets of either width alike. */
export function unitNameKey(name: string): string {
  return name.replace(/\s+/g, '').replace(/\(/g, '（').replace(/\)/g, '）');
}

export interface MatchUnit {
  id: string;
  name: string;
  group: string;
}

export interface MatchGroup {
  key: string;
  name: string;
  indicators: readonly Indicator[];
}

export interface PastMatch {
  results: PastResults;
  /** table rows whose unit is not in the current assessment (not imported) */
  unmatched: PastRow[];
  /** current units the table does not have */
  missing: MatchUnit[];
  matched: number;
}

/**
 * The rows matched by name to the current assessment's units, per group. A group's ranks come from
 * the table's rank column, or else by total within the group (1, 2, 2, 4).
 */
export function matchPastRows(rows: readonly PastRow[], units: readonly MatchUnit[], groups: readonly MatchGroup[], source: { file: string; sheet: string }, indicatorKeys: readonly string[]): PastMatch {
  const byName = new Map(units.map((u) => [unitNameKey(u.name), u]));
  const found = new Set<string>();
  const unmatched: PastRow[] = [];
  const perGroup = new Map<string, { row: PastRow; unit: MatchUnit }[]>();
  for (const row of rows) {
    const unit = byName.get(unitNameKey(row.unitName));
    if (!unit) {
      unmatched.push(row);
      continue;
    }
    found.add(unit.id);
    const list = perGroup.get(unit.group) ?? [];
    list.push({ row, unit });
    perGroup.set(unit.group, list);
  }
  const out: PastGroup[] = [];
  for (const g of groups) {
    const list = perGroup.get(g.key);
    if (!list) continue;
    const ranked = list.map(({ row, unit }): PastUnit => ({
      unitId: unit.id,
      unitName: row.unitName,
      total: row.total,
      display: row.display,
      rank: row.rank ?? 1 + list.filter((x) => x.row.total > row.total).length,
      tierName: row.tierName,
      scores: row.scores,
    }));
    ranked.sort((a, b) => a.rank - b.rank || b.total - a.total || (a.unitId < b.unitId ? -1 : a.unitId > b.unitId ? 1 : 0));
    out.push({ group: g.key, groupName: g.name, indicators: g.indicators.filter((i) => indicatorKeys.includes(i.key)).map((i) => ({ key: i.key, name: i.name })), units: ranked });
  }
  return {
    results: { type: PAST_RESULTS_TYPE, version: 1, source, groups: out },
    unmatched,
    missing: units.filter((u) => !found.has(u.id)),
    matched: found.size,
  };
}
