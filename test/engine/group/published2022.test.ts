/**
 * The published outcome of the 2022 Gansu assessment (甘政办发〔2023〕26号): 15 市（州）政府及兰州新区管委会
 * all 合格, 12 of them 优秀; 34 省政府部门 all 合格, 12 优秀. The shipped rule sets named after that year
 * must be able to give it: a score line for 优秀 and no cap on how many units reach it.
 */
import { describe, expect, it } from 'vitest';
import { compileRuleSet } from '../../../src/engine/rules/compile';
import type { Leaf, RuleSet } from '../../../src/model/ruleSet';
import { scoreGroup } from '../../../src/engine/group/pipeline';
import { scoreEntry, unit as unitSchema, type ScoreEntry, type ScoreEntryInput } from '../../../src/model/entries';
import { shippedRuleSets } from '../../fixtures/allRuleSets';

const load = (file: string): RuleSet => shippedRuleSets().find((s) => s.name === file)!.ruleSet;

/** Full marks on every item except the innovation bonus, less `loss` points of 重大扣分项: 100 − loss. */
function unitScoring(rs: RuleSet, unitId: string, loss: number): ScoreEntry[] {
  const fields = (leaf: Leaf): Partial<ScoreEntryInput> => {
    switch (leaf.type) {
      case 'points':
        return { value: leaf.max };
      case 'bonus':
        return { value: 0 };
      case 'ratio':
        return { value: 100 };
      case 'checklist':
        return { checks: Object.fromEntries(leaf.items.map((i) => [i.key, true])) };
      case 'deduction':
        return { findings: [] };
      case 'penalty':
        return { findings: loss > 0 ? [{ id: 'f1', points: loss, reason: '被通报' }] : [] };
    }
  };
  return compileRuleSet(rs).leaves.map((leaf) =>
    scoreEntry.parse({ id: `${unitId}:${leaf.key}`, unitId, node: leaf.key, assessorId: 'a1', ...fields(leaf) }),
  );
}

/** `count` units: `excellent` of them at 100, 99.5, … (90 and above), the rest at 85, 84, … (60–89). */
function publishedGroup(rs: RuleSet, count: number, excellent: number) {
  const units = Array.from({ length: count }, (_, i) => unitSchema.parse({ id: `u${i}`, name: `单位${i}`, group: rs.group.key }));
  const entries = units.flatMap((u, i) => unitScoring(rs, u.id, i < excellent ? i / 2 : 15 + i - excellent));
  return scoreGroup(rs, units, entries, []);
}

const counts = (g: ReturnType<typeof publishedGroup>) => Object.fromEntries(g.tierCounts.map((t) => [t.name, t.count]));

describe('the shipped 2022 rule sets reproduce the published outcome', () => {
  it('15 市（州）政府及兰州新区管委会: all 合格, 12 优秀', () => {
    const rs = load('province-city-2022.json');
    expect(rs.group.name).toBe('市（州）政府及兰州新区管委会');
    const g = publishedGroup(rs, 15, 12);
    expect(g.units.map((u) => u.total).slice(10, 13)).toEqual([95, 94.5, 85]);
    expect(counts(g)).toEqual({ 优秀: 12, 合格: 3, 不合格: 0 });
  });

  it('34 省政府部门: all 合格, 12 优秀', () => {
    const g = publishedGroup(load('province-department-2022.json'), 34, 12);
    expect(counts(g)).toEqual({ 优秀: 12, 合格: 22, 不合格: 0 });
  });

  it('优秀 is a score line with no share of the group (the circular gives 12 of 15)', () => {
    for (const file of ['province-city-2022.json', 'province-department-2022.json']) {
      const excellent = load(file).tiers[0]!;
      expect(excellent.quota, file).toBeUndefined();
      expect(excellent.atLeast, file).toBe(90);
    }
  });
});
