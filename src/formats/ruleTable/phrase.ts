/**
 * The 扣分方法 phrase grammar. A phrase is clauses separated by ，；。, each one of these forms
 * (N is a number; Chinese punctuation or ASCII; spaces ignored):
 *
 * | clause                                  | meaning                                     | on         |
 * |-----------------------------------------|---------------------------------------------|------------|
 * | 每(发现)(一)处/项/次/个/条/篇扣N分        | perFinding N                                | 扣分/扣分项 |
 * | 扣N分                                   | deduction N of a 检查点                      | 检查点      |
 * | 扣完为止                                | floor: true (the default)                   | 扣分/分组   |
 * | 可扣至负分 / 不设下限                     | floor: false (the cap sits at an ancestor)  | 扣分/分组   |
 * | 最多扣N分 / 不设上限                      | cap N / null                                | 扣分项      |
 * | 0–N分打分 / 根据实际情况评分 / 打分        | points                                      | 打分        |
 * | 步长N分                                 | step N                                      | 打分/加分   |
 * | 加分                                    | bonus                                       | 加分        |
 * | 按要点逐项计分 / 每项N分 / 达标得N分       | checklist (要点 rows carry their points)     | 清单/要点   |
 * | 达到N%得满分 · N%及以下得0分 · 之间按比例计分 | ratio, linear (fullAt, zeroAt)           | 比率        |
 * | 达到N%得M分                              | ratio, one step of a stepped scale          | 比率        |
 * | 权重N                                   | weight N                                    | any node   |
 * | 不适用时按比例折算 / …按得分率分给其他项 / …平均计入其他指标 / …直接去掉 | notApplicable | 分组 |
 * | 一票否决                                 | effect fail                                 | 否决       |
 * | 不合格，照常计分                          | effect failScored                           | 否决       |
 * | 总分按N分计 / 总分最高N分                  | effect setScore / capScore                  | 否决       |
 * | 不得评为X                                | effect barTier (X: a tier's name)           | 否决       |
 * | “X”记0分                                | effect zeroNode (X: an indicator's name or 编号) | 否决    |
 *
 * A clause of none of these forms is reported with its text: the row is not guessed.
 */
import type { Effect, NotApplicablePolicy } from '../../model/ruleSet';

export interface MethodFields {
  perFinding?: number;
  deduction?: number;
  floor?: boolean;
  cap?: number | null;
  points?: true;
  step?: number;
  bonus?: true;
  checklist?: true;
  itemPoints?: number;
  linear?: true;
  fullAt?: number;
  zeroAt?: number;
  steps?: { atLeast: number; score: number }[];
  weight?: number;
  notApplicable?: NotApplicablePolicy;
  /** veto effects; tier and node references by name, resolved by the builder */
  effects?: PhraseEffect[];
}

export type PhraseEffect = Exclude<Effect, { type: 'barTier' } | { type: 'zeroNode' }> | { type: 'barTier'; tierName: string } | { type: 'zeroNode'; nodeName: string };

export type MethodParse = { fields: MethodFields; unknown: string[] };

const N = '(\\d+(?:\\.\\d+)?)';
const num = (s: string | undefined): number => Number(s);

type Rule = [RegExp, (m: RegExpMatchArray, f: MethodFields) => void];

const NA: Record<string, NotApplicablePolicy> = { 按比例折算: 'rescale', 按得分率分给其他项: 'redistribute', 平均计入其他指标: 'addToOthers', 直接去掉: 'drop' };

const RULES: Rule[] = [
  [new RegExp(`^每(?:发现|有)?一?(?:处|项|次|个|条|篇|例)扣${N}分$`), (m, f) => (f.perFinding = num(m[1]))],
  [new RegExp(`^扣${N}分$`), (m, f) => (f.deduction = num(m[1]))],
  [/^扣完为止$/, (_, f) => (f.floor = true)],
  [/^(?:可扣至负分|不设下限)$/, (_, f) => (f.floor = false)],
  [new RegExp(`^最多扣${N}分$`), (m, f) => (f.cap = num(m[1]))],
  [/^不设上限$/, (_, f) => (f.cap = null)],
  [new RegExp(`^(?:0[-–—~至]${N}分(?:内)?打分|根据实际情况(?:进行)?评分|打分)$`), (_, f) => (f.points = true)],
  [new RegExp(`^步长${N}分$`), (m, f) => (f.step = num(m[1]))],
  [/^加分$/, (_, f) => (f.bonus = true)],
  [/^按要点逐项计分$/, (_, f) => (f.checklist = true)],
  [new RegExp(`^(?:每项|达标得)${N}分$`), (m, f) => ((f.checklist = true), (f.itemPoints = num(m[1])))],
  [new RegExp(`^达到${N}%(?:及以上)?得满分$`), (m, f) => (f.fullAt = num(m[1]))],
  [new RegExp(`^${N}%及以下(?:得0分|不得分)$`), (m, f) => (f.zeroAt = num(m[1]))],
  [/^(?:之间)?按比例计分$/, (_, f) => (f.linear = true)],
  [new RegExp(`^达到${N}%得${N}分$`), (m, f) => (f.steps ??= []).push({ atLeast: num(m[1]), score: num(m[2]) })],
  [new RegExp(`^权重${N}$`), (m, f) => (f.weight = num(m[1]))],
  [/^不适用时(按比例折算|按得分率分给其他项|平均计入其他指标|直接去掉)$/, (m, f) => (f.notApplicable = NA[m[1] ?? ''])],
  [/^(?:一票否决|单项否决|否决)$/, (_, f) => (f.effects ??= []).push({ type: 'fail' })],
  [/^不合格[，,]?照常计分$/, (_, f) => (f.effects ??= []).push({ type: 'failScored' })],
  [new RegExp(`^总分按${N}分计$`), (m, f) => (f.effects ??= []).push({ type: 'setScore', score: num(m[1]) })],
  [new RegExp(`^总分最高${N}分$`), (m, f) => (f.effects ??= []).push({ type: 'capScore', score: num(m[1]) })],
  [/^不得评为(.+?)(?:等次)?$/, (m, f) => (f.effects ??= []).push({ type: 'barTier', tierName: m[1] ?? '' })],
  [/^[“"](.+)[”"](?:项)?记0分$/, (m, f) => (f.effects ??= []).push({ type: 'zeroNode', nodeName: m[1] ?? '' })],
];

/** Splits at ，；。 outside “quotes”; "不合格，照常计分" is rejoined as one clause. */
function clauses(text: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (const ch of text.replace(/\s+/g, '')) {
    if (ch === '“' || ch === '”' || ch === '"') quoted = ch === '“' ? true : ch === '”' ? false : !quoted;
    if (!quoted && /[，,；;。]/.test(ch)) {
      if (cur) out.push(cur);
      cur = '';
    } else cur += ch;
  }
  if (cur) out.push(cur);
  return out.flatMap((c, i, all) => (c === '照常计分' && all[i - 1] === '不合格' ? [] : c === '不合格' && all[i + 1] === '照常计分' ? ['不合格照常计分'] : [c]));
}

export function parseMethod(text: string): MethodParse {
  const fields: MethodFields = {};
  const unknown: string[] = [];
  for (const c of clauses(text)) {
    const rule = RULES.find(([re]) => re.test(c));
    if (rule) rule[1](c.match(rule[0]) as RegExpMatchArray, fields);
    else unknown.push(c);
  }
  return { fields, unknown };
}

/** Writes fields back as a phrase the parser reads to the same fields (the export side of the grammar). */
export const phrase = {
  perFinding: (n: number) => `每发现一处扣${n}分`,
  deduction: (n: number) => `扣${n}分`,
  floor: (floor: boolean) => (floor ? '扣完为止' : '可扣至负分'),
  cap: (cap: number | null) => (cap === null ? '不设上限' : `最多扣${cap}分`),
  points: (max: number) => `0–${max}分打分`,
  step: (n: number) => `步长${n}分`,
  bonus: () => '加分',
  checklist: () => '按要点逐项计分',
  item: (n: number) => `达标得${n}分`,
  fullAt: (n: number) => `达到${n}%得满分`,
  zeroAt: (n: number) => `${n}%及以下得0分`,
  linear: () => '之间按比例计分',
  stepOf: (atLeast: number, score: number) => `达到${atLeast}%得${score}分`,
  weight: (n: number) => `权重${n}`,
  notApplicable: (p: NotApplicablePolicy) => `不适用时${Object.keys(NA).find((k) => NA[k] === p) ?? ''}`,
  effect: (e: PhraseEffect): string => {
    switch (e.type) {
      case 'fail':
        return '一票否决';
      case 'failScored':
        return '不合格，照常计分';
      case 'setScore':
        return `总分按${e.score}分计`;
      case 'capScore':
        return `总分最高${e.score}分`;
      case 'barTier':
        return `不得评为${e.tierName}`;
      case 'zeroNode':
        return `“${e.nodeName}”记0分`;
    }
  },
};
