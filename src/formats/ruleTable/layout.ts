/**
 * The 考核细则 table as offices write it: level columns (一级指标, 二级指标, 三级指标/考核内容 — more when the
 * tree is deeper), then 分值 · 评分标准 · 扣分方法 · 类型 · 编号. One row per indicator; 检查点 and 要点 rows
 * under a leaf; 单项否决 rows after the indicators. What the table cannot carry sits as JSON in the hidden
 * sheet 规则参数 (see carried.ts).
 */
export const TABLE_SHEET = '考核细则';
export const PARAMS_SHEET = '规则参数';

/** A problem found in a table: where (sheet, row, column letter) and what, in Chinese. */
export interface TableProblem {
  sheet: string;
  row: number;
  column: string;
  message: string;
}

export const LEVEL_NAMES = ['一级指标', '二级指标', '三级指标', '四级指标', '五级指标', '六级指标'];
export const MAX_LEVELS = LEVEL_NAMES.length;

/** Headers after the level columns, in order. */
export const FIXED_HEADERS = ['分值', '评分标准', '扣分方法', '类型', '编号'] as const;
export type FixedColumn = (typeof FIXED_HEADERS)[number];

/** Header text the reader accepts for each column (offices name them in several ways). */
export const HEADER_ALIASES: Record<FixedColumn, readonly string[]> = {
  分值: ['分值', '分数', '标准分', '满分'],
  评分标准: ['评分标准', '考核要点', '考核标准', '说明'],
  扣分方法: ['扣分方法', '评分方法', '计分方法'],
  类型: ['类型', '计分类型'],
  编号: ['编号', '键', '代码'],
};

/** The 类型 column: node types and the two kinds of sub-rows, as the office reads them. */
export const TYPE_LABELS = {
  group: '分组',
  points: '打分',
  deduction: '扣分',
  checklist: '清单',
  ratio: '比率',
  bonus: '加分',
  penalty: '扣分项',
  checkpoint: '检查点',
  item: '要点',
  veto: '否决',
} as const;
export type RowKind = keyof typeof TYPE_LABELS;

export function kindOfLabel(label: string): RowKind | undefined {
  const t = label.trim();
  for (const [kind, text] of Object.entries(TYPE_LABELS)) if (text === t) return kind as RowKind;
  return undefined;
}

/** Level header for column i (0-based) of n level columns: the last one also reads 考核内容. */
export function levelHeader(i: number, n: number): string {
  const base = LEVEL_NAMES[i] ?? `${i + 1}级指标`;
  return i === n - 1 ? `${base}/考核内容` : base;
}

/** Recognises a level header: 一级指标, 二级指标（考核内容）, 考核内容, 考核项目, 类别. */
export function isLevelHeader(text: string): boolean {
  return /^[一二三四五六]级(指标)?|^考核(内容|项目)|^类别$|^指标$/.test(text.trim());
}

/** Title over the table: the rule set's name. */
export const tableTitle = (name: string): string => `${name}考核细则`;

/** A group's points written into its name, as offices do: "基础信息公开（20分）". */
export const pointsInName = /[（(]\s*(\d+(?:\.\d+)?)\s*分\s*[)）]\s*$/;
