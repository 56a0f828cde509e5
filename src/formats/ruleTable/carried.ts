/**
 * What the 考核细则 table carries and what it cannot. The table holds the indicator tree (names, 编号,
 * types, points, steps, per-finding deductions, 扣完为止, checkpoints, checklist items, ratio scales,
 * weights, not-applicable policies, notes) and the vetoes with their effects. Everything else is kept
 * as JSON in the hidden sheet 规则参数, so that a rule set → table → rule set round trip loses nothing;
 * a table written by hand has no such sheet and gets the defaults below, listed for the user to check.
 */
import type { RuleNode, RuleSet, Tier } from '../../model/ruleSet';

/** The fields outside the table: the rule set's head, and per node/veto/check point what has no column. */
export interface TableParams {
  head: Omit<RuleSet, 'root' | 'vetoes'>;
  /** root's own fields (it has no row) */
  root: Omit<Extract<RuleNode, { type: 'group' }>, 'children'>;
  /** per node key: source, gate, perObject, measure */
  nodes: Record<string, Record<string, unknown>>;
  /** per veto key: source, scope, a fail effect's description */
  vetoes: Record<string, Record<string, unknown>>;
  /** per "leafKey/subKey": a check point's or checklist item's source */
  subs: Record<string, string>;
}

/** Semantics with no column, by the rule-set field that holds them, named for the user. */
export const NOT_IN_TABLE: Record<string, string> = {
  gate: '门槛（gate）',
  perObject: '按对象评分（perObject）',
  thresholds: '阈值（thresholds）',
  tiers: '等次（分数线、名额、条件）',
  tieBreak: '同分排序（tieBreak）',
  unitClasses: '单位类别（unitClasses）',
  precision: '取舍与排名（precision）',
  assessors: '多名考核人员合成方式（assessors）',
  indicators: '一级指标列表（indicators）',
  scope: '否决项的对象范围（scope）',
  rootFields: '总分节点的满分、扣完为止、不适用处理',
};

const nodeExtras = (n: RuleNode): Record<string, unknown> => {
  const out: Record<string, unknown> = {};
  if (n.source !== undefined) out.source = n.source;
  if (n.gate !== undefined) out.gate = n.gate;
  if (n.type === 'group' && n.perObject !== undefined) out.perObject = n.perObject;
  if (n.type === 'ratio' && n.measure !== undefined) out.measure = n.measure;
  return out;
};

export function paramsOf(ruleSet: RuleSet): TableParams {
  const { root, vetoes, ...head } = ruleSet;
  const { children: _children, ...rootFields } = root;
  const nodes: TableParams['nodes'] = {};
  const subs: TableParams['subs'] = {};
  const walk = (n: RuleNode) => {
    const extra = nodeExtras(n);
    if (Object.keys(extra).length > 0) nodes[n.key] = extra;
    if (n.type === 'group') n.children.forEach(walk);
    if (n.type === 'deduction' || n.type === 'penalty') for (const c of n.checkpoints ?? []) if (c.source !== undefined) subs[`${n.key}/${c.key}`] = c.source;
    if (n.type === 'checklist') for (const i of n.items) if (i.source !== undefined) subs[`${n.key}/${i.key}`] = i.source;
  };
  root.children.forEach(walk);
  const vetoExtras: TableParams['vetoes'] = {};
  for (const v of vetoes) {
    const e: Record<string, unknown> = {};
    if (v.source !== undefined) e.source = v.source;
    if (v.scope !== undefined) e.scope = v.scope;
    const fail = (v.effects ?? (v.effect ? [v.effect] : [])).find((x) => x.type === 'fail');
    if (fail?.type === 'fail' && fail.description !== undefined) e.description = fail.description;
    if (Object.keys(e).length > 0) vetoExtras[v.key] = e;
  }
  return { head, root: rootFields, nodes, vetoes: vetoExtras, subs };
}

/** Which of NOT_IN_TABLE this rule set uses (so the user knows what only the 规则参数 sheet keeps). */
export function semanticsOutsideTable(ruleSet: RuleSet): string[] {
  const used = new Set<string>();
  const walk = (n: RuleNode) => {
    if (n.gate) used.add('gate');
    if (n.type === 'group') {
      if (n.perObject) used.add('perObject');
      n.children.forEach(walk);
    }
  };
  ruleSet.root.children.forEach(walk);
  if (ruleSet.thresholds.length > 0) used.add('thresholds');
  used.add('tiers');
  if (ruleSet.tieBreak.length > 0) used.add('tieBreak');
  if (ruleSet.unitClasses.length > 0) used.add('unitClasses');
  used.add('precision');
  if (ruleSet.assessors.aggregate !== 'mean') used.add('assessors');
  if (ruleSet.indicators) used.add('indicators');
  if (ruleSet.vetoes.some((v) => v.scope)) used.add('scope');
  const r = ruleSet.root;
  if (r.max !== undefined || r.floor !== undefined || r.notApplicable !== undefined || r.weight !== undefined || r.gate !== undefined) used.add('rootFields');
  return Object.keys(NOT_IN_TABLE).filter((k) => used.has(k)).map((k) => NOT_IN_TABLE[k] as string);
}

/** Tiers for a table written by hand: 90/60, marked as example values for the user to change. */
export const DEFAULT_TIERS: Tier[] = [
  { key: 'excellent', name: '优秀', atLeast: 90, source: 'example value（表格中没有等次，按示例值设置，请核对）' },
  { key: 'qualified', name: '合格', atLeast: 60, source: 'example value（表格中没有等次，按示例值设置，请核对）' },
  { key: 'unqualified', name: '不合格' },
];

/** Defaults a hand-written table gets, named for the user. */
export const DEFAULTS_USED = [
  '等次：按示例值“90分及以上优秀、60分及以上合格、其余不合格”设置',
  '取舍：总分保留两位小数，四舍五入，按取舍后的总分排名',
  '多名考核人员：取平均分',
  '无门槛、阈值、同分排序和单位类别',
];

export function defaultHead(fallback: { id: string; name: string; year: number; group: { key: string; name: string } }): TableParams['head'] {
  return {
    schemaVersion: 1,
    id: fallback.id,
    name: fallback.name,
    year: fallback.year,
    version: '1.0.0',
    source: '由考核细则表格导入；等次和取舍为示例值（example value），请核对',
    group: fallback.group,
    precision: { step: 0.01, rounding: 'halfUp', display: 2, rankBy: 'rounded' },
    assessors: { aggregate: 'mean' },
    thresholds: [],
    tiers: DEFAULT_TIERS,
    tieBreak: [],
    unitClasses: [],
  };
}
