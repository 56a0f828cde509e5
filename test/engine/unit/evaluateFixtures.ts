/** Small builders for engine tests: a rule set from a few nodes, entries in one line each. */
import { ruleSetSchema, type RuleNode, type RuleSetInput } from '../../../src/model/ruleSet';
import { scoreEntry, unit as unitSchema, type Assessor, type ScoreEntry, type ScoreEntryInput, type Unit, type UnitInput } from '../../../src/model/entries';
import { compileRuleSet } from '../../../src/engine/rules/compile';
import { evaluateUnit } from '../../../src/engine/unit/evaluate';
import { CITY_RULE_HEADER } from '../../fixtures/ruleSetHeader';

export const points = (key: string, max: number, extra: object = {}): RuleNode =>
  ({ type: 'points', key, name: key, max, ...extra }) as RuleNode;
export const deduction = (key: string, max: number, extra: object = {}): RuleNode =>
  ({ type: 'deduction', key, name: key, max, perFinding: 1, ...extra }) as RuleNode;
export const bonus = (key: string, max: number): RuleNode => ({ type: 'bonus', key, name: key, max }) as RuleNode;
export const group = (key: string, children: RuleNode[], extra: object = {}): RuleNode =>
  ({ type: 'group', key, name: key, children, ...extra }) as RuleNode;

export function makeRules(children: RuleNode[], extra: Partial<RuleSetInput> = {}) {
  return ruleSetSchema.parse({
    ...CITY_RULE_HEADER,
    id: 'test',
    name: '测试规则',
    year: 2024,
    source: 'test fixture',
    root: { type: 'group', key: 'total', name: '总分', children },
    tiers: [
      { key: 'excellent', name: '优秀', atLeast: 90 },
      { key: 'qualified', name: '合格', atLeast: 60 },
      { key: 'unqualified', name: '不合格' },
    ],
    ...extra,
  });
}

export function makeUnit(over: Partial<UnitInput> = {}): Unit {
  return unitSchema.parse({ id: 'u1', name: '甲市', group: 'city', ...over });
}

let seq = 0;
export function entry(node: string, fields: Partial<ScoreEntryInput> = {}): ScoreEntry {
  seq += 1;
  return scoreEntry.parse({ id: `e${seq}`, unitId: 'u1', node, assessorId: 'a1', ...fields });
}

export const finding = (n: number, extra: object = {}) =>
  Array.from({ length: n }, (_, i) => ({ id: `f${i}`, reason: '未按要求公开', ...extra }));

export function run(
  rules: ReturnType<typeof makeRules>,
  entries: ScoreEntry[],
  unit: Unit = makeUnit(),
  assessors: Assessor[] = [],
) {
  return evaluateUnit(compileRuleSet(rules), unit, entries, assessors, { explain: true });
}
