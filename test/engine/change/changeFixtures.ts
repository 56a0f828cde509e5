/**
 * A small rule set with one node of each kind a change can hit (points, deduction with check points,
 * checklist, a veto, a unit class), its units and entries, and a way to derive changed versions.
 */
import { ruleSetSchema, type RuleSet, type RuleSetInput } from '../../../src/model/ruleSet';
import { scoreEntry, type ScoreEntry, type ScoreEntryInput, type Unit } from '../../../src/model/entries';
import { CITY_RULE_HEADER } from '../../fixtures/ruleSetHeader';

export const BASE_RULES: RuleSetInput = {
  ...CITY_RULE_HEADER,
  id: 'city-change',
  name: '市（州）政府考核（规则更换测试）',
  year: 2024,
  source: 'example value：测试用规则集',
  root: {
    key: 'total',
    name: '总分',
    type: 'group',
    children: [
      { key: 'basic', name: '基础信息公开', type: 'points', max: 4, step: 0.5 },
      {
        key: 'website',
        name: '政府网站监管',
        type: 'deduction',
        max: 10,
        checkpoints: [
          { key: 'late', name: '更新不及时', deduction: 1 },
          { key: 'broken', name: '存在错链', deduction: 2 },
        ],
      },
      {
        key: 'guide',
        name: '公开指南',
        type: 'checklist',
        items: [
          { key: 'complete', name: '内容完整', points: 2 },
          { key: 'search', name: '可检索', points: 1 },
        ],
      },
    ],
  },
  vetoes: [{ key: 'leak', name: '发生失泄密事件', effect: { type: 'fail' } }],
  unitClasses: [{ key: 'small', name: '不考网站的单位', excludes: ['website'] }],
  tiers: [
    { key: 'excellent', name: '优秀', atLeast: 14 },
    { key: 'unqualified', name: '不合格' },
  ],
};

export const rules = (change: (r: RuleSetInput) => void = () => {}): RuleSet => {
  const copy = structuredClone(BASE_RULES);
  change(copy);
  return ruleSetSchema.parse(copy);
};

export const UNITS: Unit[] = [
  { id: 'u1', name: '甲市', group: 'city', objects: [] },
  { id: 'u2', name: '乙市', group: 'city', unitClass: 'small', objects: [] },
];

const entry = (e: Partial<ScoreEntryInput> & { id: string; node: string }): ScoreEntry => scoreEntry.parse({ unitId: 'u1', assessorId: 'as1', ...e });

export const ENTRIES: ScoreEntry[] = [
  entry({ id: 'e1', node: 'basic', value: 3.5 }),
  entry({ id: 'e2', node: 'website', findings: [{ id: 'f1', checkpoint: 'broken', reason: '首页错链' }, { id: 'f2', checkpoint: 'late', reason: '未及时更新', count: 2 }] }),
  entry({ id: 'e3', node: 'guide', checks: { complete: true, search: false } }),
  entry({ id: 'e4', node: 'leak', triggered: false }),
  entry({ id: 'e5', unitId: 'u2', node: 'basic', value: 2 }),
];

/** Children of the root as a mutable list (for changes). */
export const children = (r: RuleSetInput) => (r.root as { children: Record<string, unknown>[] }).children;
