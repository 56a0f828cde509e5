/**
 * An outline of table rows → a rule set: types from 类型 or read from 扣分方法, points, check points,
 * checklist items, vetoes; 编号 made up where the table has none. Every problem names its sheet, row and
 * column; the rule set is then checked by the rule-set validator, whose JSON paths are mapped back to rows.
 */
import type { Effect, RuleNode } from '../../model/ruleSet';
import type { FixedColumn, RowKind, TableProblem } from './layout';
import { TYPE_LABELS } from './layout';
import { splitPoints, type OutlineNode } from './outline';
import { parseMethod, type MethodFields, type PhraseEffect } from './phrase';
import type { RawRow, RawTable } from './readXlsx';

type LeafKind = Exclude<RowKind, 'group' | 'checkpoint' | 'item' | 'veto'>;

/** Method fields each row kind may use (anything else on that row is reported). */
const ALLOWED: Record<Exclude<RowKind, 'veto'>, readonly (keyof MethodFields)[]> = {
  group: ['floor', 'notApplicable', 'weight'],
  points: ['points', 'step', 'weight'],
  bonus: ['bonus', 'step', 'weight'],
  deduction: ['perFinding', 'floor', 'weight'],
  penalty: ['perFinding', 'cap', 'weight'],
  checklist: ['checklist', 'weight'],
  ratio: ['fullAt', 'zeroAt', 'linear', 'steps', 'weight'],
  checkpoint: ['deduction'],
  item: ['checklist', 'itemPoints'],
};

const FIELD_WORDS: Record<keyof MethodFields, string> = {
  perFinding: '每处扣分',
  deduction: '扣N分',
  floor: '扣完为止/可扣至负分',
  cap: '最多扣N分/不设上限',
  points: '打分',
  step: '步长',
  bonus: '加分',
  checklist: '逐项计分',
  itemPoints: '达标得N分',
  linear: '按比例计分',
  fullAt: '达到N%得满分',
  zeroAt: 'N%及以下得0分',
  steps: '达到N%得M分',
  weight: '权重',
  notApplicable: '不适用时的处理',
  effects: '否决效果',
};

export interface Built {
  root: RuleNode[];
  vetoes: { key: string; name: string; effects: PhraseEffect[] }[];
  /** JSON path of each node/veto/sub → its row */
  rows: Map<string, number>;
  problems: TableProblem[];
}

/** Infers a leaf's kind from its phrase when 类型 is blank. */
function inferKind(f: MethodFields, node: OutlineNode): LeafKind | undefined {
  if (f.cap !== undefined) return 'penalty';
  if (f.perFinding !== undefined || f.floor !== undefined || node.subs.some((s) => s.cells.类型 === TYPE_LABELS.checkpoint)) return 'deduction';
  if (f.checklist || node.subs.length > 0) return 'checklist';
  if (f.fullAt !== undefined || f.linear || f.steps) return 'ratio';
  if (f.bonus) return 'bonus';
  if (f.points) return 'points';
  return undefined;
}

export function buildTree(table: RawTable, roots: OutlineNode[], vetoRows: RawRow[]): Built {
  const problems: TableProblem[] = [];
  const rows = new Map<string, number>();
  const col = (c: FixedColumn) => table.columns[c] ?? '';
  const at = (raw: RawRow, column: string, message: string) => problems.push({ sheet: table.sheet, row: raw.row, column, message });
  const usedKeys = new Set<string>();

  const method = (raw: RawRow, kind: Exclude<RowKind, 'veto'> | undefined): MethodFields => {
    const text = raw.cells.扣分方法 ?? '';
    const { fields, unknown } = parseMethod(text);
    for (const u of unknown) at(raw, col('扣分方法'), `扣分方法“${text}”中的“${u}”无法识别；可用的写法见“填写说明”表（如“每发现一处扣0.5分，扣完为止”）`);
    if (kind) {
      const bad = (Object.keys(fields) as (keyof MethodFields)[]).filter((f) => !ALLOWED[kind].includes(f));
      for (const f of bad) at(raw, col('扣分方法'), `类型为“${TYPE_LABELS[kind]}”的行不能写“${FIELD_WORDS[f]}”`);
    }
    return fields;
  };
  const number = (raw: RawRow, what: string, required: boolean): number | undefined => {
    const t = (raw.cells.分值 ?? '').replace(/分$/, '');
    if (!t) {
      if (required) at(raw, col('分值'), `缺少${what}：请在“分值”列填写数字`);
      return undefined;
    }
    const n = Number(t);
    if (!Number.isFinite(n) || n < 0) {
      at(raw, col('分值'), `分值“${raw.cells.分值}”不是数字：应为 0 或正数，如 2 或 0.5`);
      return undefined;
    }
    return n;
  };
  /** 编号 of indicators and vetoes are unique in the table; a check point's or item's within its leaf */
  const keyOf = (raw: RawRow | undefined, made: string, scope: Set<string> = usedKeys): string => {
    const given = raw?.cells.编号 ?? '';
    const key = given || made;
    if (scope.has(key) && raw && given) at(raw, col('编号'), `编号“${key}”重复：同一表中指标和否决项的编号、同一指标下检查点或要点的编号都须不同`);
    scope.add(key);
    return key;
  };

  const convert = (n: OutlineNode, path: string, made: string): RuleNode => {
    rows.set(path, n.raw.row);
    const { name, points: namePoints } = splitPoints(n.name);
    const note = n.implicit ? undefined : n.raw.cells.评分标准 || undefined;
    const isGroup = n.children.length > 0 || n.kind === 'group';
    if (isGroup) {
      if (n.children.length === 0) at(n.raw, col('类型'), `分组“${name}”下面没有指标`);
      if (n.subs.length > 0) at(n.raw, col('类型'), `“${name}”下面既有指标又有检查点/要点：检查点和要点只能属于末级指标`);
      const f = n.implicit ? {} : method(n.raw, 'group');
      const max = n.implicit ? namePoints : (number(n.raw, '', false) ?? namePoints);
      const key = keyOf(n.implicit ? undefined : n.raw, made);
      return {
        key,
        name,
        type: 'group',
        children: n.children.map((c, i) => convert(c, `${path}.children[${i}]`, `${made}.${i + 1}`)),
        ...(max !== undefined && { max }),
        ...(f.floor !== undefined && { floor: f.floor }),
        ...(f.notApplicable !== undefined && { notApplicable: f.notApplicable }),
        ...(f.weight !== undefined && { weight: f.weight }),
        ...(note !== undefined && { note }),
      };
    }
    const raw = n.raw;
    const guess = parseMethod(raw.cells.扣分方法 ?? '').fields;
    const kind = (n.kind as LeafKind | undefined) ?? inferKind(guess, n);
    const key = keyOf(raw, made);
    if (!kind) {
      at(raw, col('类型'), `无法判断“${name}”的计分方式：请填写“类型”（打分、扣分、清单、比率、加分、扣分项），或在“扣分方法”中写明（如“每发现一处扣0.5分，扣完为止”）`);
      method(raw, undefined);
      return { key, name, type: 'points', max: 0 };
    }
    const f = method(raw, kind);
    const common = { key, name, ...(f.weight !== undefined && { weight: f.weight }), ...(note !== undefined && { note }) };
    const subs = (want: 'checkpoint' | 'item') =>
      n.subs.filter((s) => {
        const ok = (s.cells.类型 ?? '') === TYPE_LABELS[want];
        if (!ok) at(s, col('类型'), `“${TYPE_LABELS[kind]}”类指标下面只能写“${TYPE_LABELS[want]}”行`);
        return ok;
      });
    const subKeys = new Set<string>();
    const checkpoints = () =>
      subs('checkpoint').map((s, i) => {
        rows.set(`${path}.checkpoints[${i}]`, s.row);
        const d = method(s, 'checkpoint').deduction ?? number(s, '检查点的扣分（或在扣分方法中写“扣N分”）', true) ?? 0;
        return { key: keyOf(s, `c${i + 1}`, subKeys), name: s.cells.评分标准 || `检查点${i + 1}`, deduction: d };
      });
    switch (kind) {
      case 'points':
      case 'bonus':
        return { ...common, type: kind, max: number(raw, '满分', true) ?? 0, ...(f.step !== undefined && { step: f.step }) };
      case 'deduction': {
        const cps = checkpoints();
        return {
          ...common,
          type: 'deduction',
          max: number(raw, '满分', true) ?? 0,
          ...(f.perFinding !== undefined && { perFinding: f.perFinding }),
          ...(cps.length > 0 && { checkpoints: cps }),
          ...(f.floor !== undefined && { floor: f.floor }),
        };
      }
      case 'penalty': {
        const cps = checkpoints();
        const cap = f.cap !== undefined ? f.cap : number(raw, '', false);
        if (cap === undefined) at(raw, col('扣分方法'), '扣分项须写明上限：“最多扣N分”或“不设上限”');
        return { ...common, type: 'penalty', cap: cap ?? null, ...(f.perFinding !== undefined && { perFinding: f.perFinding }), ...(cps.length > 0 && { checkpoints: cps }) };
      }
      case 'checklist': {
        const items = subs('item').map((s, i) => {
          rows.set(`${path}.items[${i}]`, s.row);
          const p = method(s, 'item').itemPoints ?? number(s, '要点的分值', true) ?? 0;
          return { key: keyOf(s, `i${i + 1}`, subKeys), name: s.cells.评分标准 || `要点${i + 1}`, points: p };
        });
        if (items.length === 0) at(raw, col('类型'), `清单“${name}”下面没有“要点”行：每个要点一行，分值写该要点的分数`);
        return { ...common, type: 'checklist', items };
      }
      case 'ratio': {
        const max = number(raw, '满分', true) ?? 0;
        if (f.steps) return { ...common, type: 'ratio', max, mode: 'stepped', steps: f.steps };
        if (f.fullAt === undefined) at(raw, col('扣分方法'), '比率须写明“达到N%得满分”（线性）或“达到N%得M分”（分档）');
        return { ...common, type: 'ratio', max, mode: 'linear', ...(f.fullAt !== undefined && { fullAt: f.fullAt }), ...(f.zeroAt !== undefined && { zeroAt: f.zeroAt }) };
      }
    }
  };

  const root = roots.map((n, i) => convert(n, `root.children[${i}]`, `i${i + 1}`));
  const vetoes = vetoRows.map((raw, i) => {
    rows.set(`vetoes[${i}]`, raw.row);
    const name = raw.levels.slice(1).reverse().find((l) => l) ?? raw.cells.评分标准 ?? '';
    const { fields, unknown } = parseMethod(raw.cells.扣分方法 ?? '');
    for (const u of unknown) at(raw, col('扣分方法'), `否决项的效果“${u}”无法识别：应为 一票否决、不合格，照常计分、总分按N分计、总分最高N分、不得评为优秀、“指标”记0分`);
    const extra = (Object.keys(fields) as (keyof MethodFields)[]).filter((f) => f !== 'effects');
    for (const f of extra) at(raw, col('扣分方法'), `否决项不能写“${FIELD_WORDS[f]}”`);
    if (!name) at(raw, table.levelColumns[1] ?? '', '否决项没有名称');
    return { key: keyOf(raw, `veto${i + 1}`), name, effects: fields.effects ?? [{ type: 'fail' } as const] };
  });
  return { root, vetoes, rows, problems };
}

/** Veto effects with tier and node names resolved to keys. */
export function resolveEffects(
  effects: PhraseEffect[],
  tiers: readonly { key: string; name: string }[],
  nodes: ReadonlyMap<string, string>,
): { effects: Effect[]; unknown: string[] } {
  const unknown: string[] = [];
  const out = effects.map((e): Effect => {
    if (e.type === 'barTier') {
      const t = tiers.find((x) => x.name === e.tierName || x.key === e.tierName);
      if (!t) unknown.push(`等次“${e.tierName}”不存在（已有：${tiers.map((x) => x.name).join('、')}）`);
      return { type: 'barTier', tier: t?.key ?? 'unknown' };
    }
    if (e.type === 'zeroNode') {
      const key = nodes.has(e.nodeName) ? e.nodeName : [...nodes].find(([, n]) => n === e.nodeName)?.[0];
      if (!key) unknown.push(`指标“${e.nodeName}”不存在：应写表中某个指标的名称或编号`);
      return { type: 'zeroNode', node: key ?? 'unknown' };
    }
    return e;
  });
  return { effects: out, unknown };
}
