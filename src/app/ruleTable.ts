/**
 * 考核细则 tables in the browser: reading a filled workbook for the review step, the review's outline
 * with per-level totals, and the export files (xlsx with its hidden 规则参数 sheet, Word annex).
 */
import type { RuleNode, RuleSet } from '../engine';
import { importRuleTable, ruleTableDocx, ruleTableXlsx, semanticsOutsideTable, type TableImport } from '../formats/ruleTable';
import { methodOf, nodePoints } from '../formats/ruleTable/rows';
import { TYPE_LABELS } from '../formats/ruleTable/layout';

export type { TableImport };
export type { TableProblem } from '../formats/ruleTable';

export async function readRuleTableFile(file: File, group: { key: string; name: string }, year: number): Promise<TableImport> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  return importRuleTable(bytes, file.name, { fallback: { id: `${group.key}-table-${year}`, year, group } });
}

export interface ReviewRow {
  depth: number;
  key: string;
  name: string;
  type: string;
  points: number | null;
  method: string;
}

const LEVELS = ['一级指标', '二级指标', '三级指标', '四级指标', '五级指标', '六级指标'];

/** The tree as indented rows and the sum of points at each level (a group's own maximum where declared). */
export function reviewOf(ruleSet: RuleSet): { rows: ReviewRow[]; levelTotals: { level: string; points: number }[] } {
  const rows: ReviewRow[] = [];
  const totals: number[] = [];
  const walk = (n: RuleNode, depth: number) => {
    const points = n.type === 'penalty' ? n.cap : nodePoints(n);
    totals[depth] = (totals[depth] ?? 0) + (n.type === 'penalty' ? 0 : nodePoints(n));
    rows.push({ depth, key: n.key, name: n.name, type: TYPE_LABELS[n.type], points: points === null ? null : Number(points.toFixed(4)), method: methodOf(n) });
    if (n.type === 'group') n.children.forEach((c) => walk(c, depth + 1));
  };
  ruleSet.root.children.forEach((c) => walk(c, 0));
  for (const v of ruleSet.vetoes) rows.push({ depth: 0, key: v.key, name: v.name, type: TYPE_LABELS.veto, points: null, method: '' });
  return { rows, levelTotals: totals.map((p, i) => ({ level: LEVELS[i] ?? `${i + 1}级指标`, points: Number(p.toFixed(4)) })) };
}

export async function ruleTableFile(ruleSet: RuleSet, kind: 'xlsx' | 'docx'): Promise<{ name: string; bytes: Uint8Array; notInTable: string[] }> {
  const bytes = kind === 'xlsx' ? await ruleTableXlsx(ruleSet) : await ruleTableDocx(ruleSet);
  return { name: `${ruleSet.name}考核细则.${kind}`, bytes, notInTable: semanticsOutsideTable(ruleSet) };
}
