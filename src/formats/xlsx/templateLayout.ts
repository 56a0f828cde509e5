/**
 * The layout of an offline entry template (离线录入模板), derived from the rule set alone so that export
 * and import agree on every column without trusting the file.
 *
 * One sheet for the group (a row per unit) and, when the rule set scores websites or accounts one by
 * one, a second sheet with a row per unit × object. Columns, after the key columns:
 *   打分 / 加分      one number column (0–max)
 *   比率             the measured percent (0–100)
 *   检查清单         one 是/否 column per item
 *   扣分 / 扣分项    the points deducted in total (0–max), then a 扣分原因 column; the pair becomes one
 *                    finding with explicit points, unless it matches the findings already recorded
 *   否决项           是/否
 * Any of these cells may say 不适用 (not applicable), as prefilled from the system.
 */
import { isGroup, type CompiledRuleSet, exact as X } from '../../engine';
import { sectionOf } from '../../report/reportTables';
import { sheetName } from './excel';

export const TEMPLATE_TYPE = 'zwgk-entry-template';
export const TEMPLATE_VERSION = 1;
export const META_SHEET = '_meta';
export const HELP_SHEET = '填写说明';
/** Title, section (indicator) and column header rows; data starts below. */
export const TEMPLATE_HEADER_ROWS = 3;
export const NOT_APPLICABLE = '不适用';
export const YES = '是';
export const NO = '否';

/** Reasons of several findings share one cell, separated like this. */
export const REASON_SEPARATOR = '；';

/** Meta sheet rows: key/value pairs, a blank row, then the column map under this header. */
export const META_KEYS = ['type', 'version', 'ruleSetId', 'ruleSetHash', 'ruleSetVersion', 'group', 'assessorId', 'assessorName'] as const;
export const MAP_HEADER = ['sheet', 'column', 'kind', 'node', 'item'] as const;

export type ColumnKind = 'value' | 'check' | 'deduction' | 'reason' | 'veto';

export interface TemplateColumn {
  kind: ColumnKind;
  /** leaf key, or veto key for kind "veto" */
  node: string;
  /** checklist item key */
  item?: string;
  /** what the node is, for messages: its name */
  name: string;
  /** row-2 header: the first-level indicator, or 否决项 */
  section: string;
  /** row-3 header: the check point and what to enter */
  header: string;
  /** number columns: the allowed range; max null means no upper bound (uncapped 扣分项) */
  min?: number;
  max?: number | null;
  /** objects of this kind only (per-object sheet) */
  objectKind?: string;
}

export interface TemplateSheet {
  name: string;
  perObject: boolean;
  /** key columns before the data columns */
  keyHeaders: string[];
  columns: TemplateColumn[];
}

const shortNumber = (x: number): string => X.formatShort(X.dec(x), 4);

function leafColumns(c: CompiledRuleSet, key: string): TemplateColumn[] {
  const leaf = c.byKey.get(key);
  if (!leaf || isGroup(leaf)) return [];
  const section = sectionOf(c, key).name;
  const scope = c.objectScopeOf(key);
  const base = { node: key, name: leaf.name, section, ...(scope?.perObject ? { objectKind: scope.perObject.kind } : {}) };
  switch (leaf.type) {
    case 'points':
      return [{ ...base, kind: 'value', header: `${leaf.name}（0–${shortNumber(leaf.max)}分）`, min: 0, max: leaf.max }];
    case 'bonus':
      return [{ ...base, kind: 'value', header: `${leaf.name}（加分0–${shortNumber(leaf.max)}分）`, min: 0, max: leaf.max }];
    case 'ratio':
      return [{ ...base, kind: 'value', header: `${leaf.name}：${leaf.measure ?? '比率'}（0–100%）`, min: 0, max: 100 }];
    case 'checklist':
      return leaf.items.map((it) => ({
        ...base,
        kind: 'check' as const,
        item: it.key,
        header: `${leaf.name}：${it.name}（${shortNumber(it.points)}分，是/否）`,
      }));
    case 'deduction':
    case 'penalty': {
      const max = leaf.type === 'deduction' ? leaf.max : leaf.cap;
      const range = max === null ? '≥0' : `0–${shortNumber(max)}`;
      return [
        { ...base, kind: 'deduction', header: `${leaf.name}：扣分（${range}）`, min: 0, max },
        { ...base, kind: 'reason', header: `${leaf.name}：扣分原因` },
      ];
    }
  }
}

/** The entry sheets of a rule set's template, in order. */
export function templateSheets(c: CompiledRuleSet): TemplateSheet[] {
  const rs = c.ruleSet;
  const unitCols: TemplateColumn[] = [];
  const objectCols: TemplateColumn[] = [];
  for (const leaf of c.leaves) {
    for (const col of leafColumns(c, leaf.key)) (col.objectKind ? objectCols : unitCols).push(col);
  }
  for (const v of rs.vetoes) {
    const scope = v.scope ? c.byKey.get(v.scope) : undefined;
    const kind = scope && isGroup(scope) ? scope.perObject?.kind : undefined;
    const col: TemplateColumn = { kind: 'veto', node: v.key, name: v.name, section: '否决项', header: `${v.name}（是/否）`, ...(kind ? { objectKind: kind } : {}) };
    (kind ? objectCols : unitCols).push(col);
  }
  const main = sheetName(rs.group.name, new Set([META_SHEET, HELP_SHEET]));
  const sheets: TemplateSheet[] = [{ name: main, perObject: false, keyHeaders: ['单位编号', '单位名称'], columns: unitCols }];
  if (objectCols.length > 0) {
    sheets.push({
      name: sheetName(`${rs.group.name}（按对象）`, new Set([META_SHEET, HELP_SHEET, main])),
      perObject: true,
      keyHeaders: ['单位编号', '单位名称', '对象编号', '对象名称'],
      columns: objectCols,
    });
  }
  return sheets;
}

/** Where a cell is, as people read it: 工作表「市（州）政府」第5行第D列. */
export const cellPath = (sheet: string, row: number, column: string): string => `工作表「${sheet}」第${row}行第${column}列`;

/** The id an imported entry gets when the assessor has none for that cell yet. */
export const stableEntryId = (unitId: string, node: string, assessorId: string, objectId?: string): string =>
  [unitId, node, assessorId, ...(objectId !== undefined ? [objectId] : [])].join(':');

/** One assessor's cell: unit × node × object. */
export const cellKey = (e: { unitId: string; node: string; assessorId: string; objectId?: string | undefined }): string =>
  JSON.stringify([e.unitId, e.node, e.assessorId, e.objectId ?? null]);
