import { describe, expect, it } from 'vitest';
import { rankUnits } from '../../../src/engine/group/rank';
import type { EvaluatedUnit } from '../../../src/engine/result';
import type { RuleSet, Tier } from '../../../src/model/ruleSet';
import { assignTiers, quotaCapacity } from '../../../src/engine/group/tier';
import { FOUR_TIERS, THREE_TIERS, makeEvaluated, makeRuleSet, makeVeto } from '../../fixtures/evaluated';

const tiered = (rs: RuleSet, units: EvaluatedUnit[]) => assignTiers(rs, rankUnits(rs, units));

/** unit id → [tier name, reason] */
const byUnit = (rs: RuleSet, units: EvaluatedUnit[]) =>
  Object.fromEntries(tiered(rs, units).map((r) => [r.unitId, [r.tierName, r.tierReason]]));

const withExcellent = (excellent: Partial<Tier>, base: Tier[] = THREE_TIERS): Tier[] => [
  { ...(base[0] as Tier), ...excellent },
  ...base.slice(1),
];

const units = (...totals: number[]) =>
  totals.map((total, i) => makeEvaluated({ unitId: `u${String(i + 1).padStart(2, '0')}`, total }));

describe('tier thresholds', () => {
  it('gives 良好 to 89.5 when 优秀 is "90 and above"', () => {
    const rs = makeRuleSet({ tiers: FOUR_TIERS });
    expect(byUnit(rs, units(89.5)).u01).toEqual(['良好', '总分 89.50 未达到“优秀”线（90 分及以上）']);
  });

  it('gives 优秀 to 89.5 when 优秀 is "above 89"', () => {
    const tiers = withExcellent({ atLeast: undefined, above: 89 }, FOUR_TIERS);
    const rs = makeRuleSet({ tiers });
    expect(byUnit(rs, units(89.5)).u01).toEqual(['优秀', '达到最高等次“优秀”']);
  });

  it('excludes the bound of an "above" threshold: exactly 89 is not above 89', () => {
    const rs = makeRuleSet({ tiers: withExcellent({ atLeast: undefined, above: 89 }, FOUR_TIERS) });
    expect(byUnit(rs, units(89)).u01).toEqual(['良好', '总分 89.00 未达到“优秀”线（高于 89 分）']);
  });

  it('includes the bound of an "atLeast" threshold: exactly 90 is 优秀', () => {
    expect(byUnit(makeRuleSet(), units(90)).u01?.[0]).toBe('优秀');
  });

  it('compares the rounded total: 89.995 rounds half up to 90.00 and is 优秀', () => {
    expect(byUnit(makeRuleSet(), units(89.995)).u01?.[0]).toBe('优秀');
    expect(byUnit(makeRuleSet({ precision: { rounding: 'down' } }), units(89.995)).u01).toEqual([
      '合格',
      '总分 89.99 未达到“优秀”线（90 分及以上）',
    ]);
  });

  it('puts a unit below every line in the last tier, saying which line it missed', () => {
    expect(byUnit(makeRuleSet(), units(55)).u01).toEqual(['不合格', '总分 55.00 未达到“合格”线（60 分及以上）']);
  });

  it('keeps display order and ranks, and records the tier key', () => {
    const result = tiered(makeRuleSet(), units(70, 95, 50));
    expect(result.map((r) => [r.unitId, r.rank, r.tier])).toEqual([
      ['u02', 1, 'excellent'],
      ['u01', 2, 'pass'],
      ['u03', 3, 'fail'],
    ]);
  });
});

describe('tier quotas', () => {
  it('gives 合格 to the third unit above 90 when 优秀 is limited to 2', () => {
    const rs = makeRuleSet({ tiers: withExcellent({ quota: { count: 2 } }) });
    expect(byUnit(rs, units(95, 93, 91))).toEqual({
      u01: ['优秀', '达到最高等次“优秀”'],
      u02: ['优秀', '达到最高等次“优秀”'],
      u03: ['合格', '“优秀”名额已满（至多 2 个）'],
    });
  });

  it('computes a percent quota of the group size with the declared rounding', () => {
    expect(quotaCapacity({ percent: 30, round: 'floor' }, 15)).toBe(4);
    expect(quotaCapacity({ percent: 30, round: 'ceil' }, 15)).toBe(5);
    expect(quotaCapacity({ percent: 30, round: 'round' }, 15)).toBe(5);
    expect(quotaCapacity({ percent: 30, round: 'floor' }, 10)).toBe(3);
    expect(quotaCapacity({ percent: 30, round: 'ceil' }, 10)).toBe(3);
  });

  it('gives 优秀 to 4 of 15 units with a 30% quota rounded down, 5 when rounded up', () => {
    const fifteen = units(...Array.from({ length: 15 }, (_, i) => 99 - i * 0.5));
    const count = (rs: RuleSet) => tiered(rs, fifteen).filter((r) => r.tier === 'excellent').length;
    const floorRs = makeRuleSet({ tiers: withExcellent({ quota: { percent: 30, round: 'floor' } }) });
    const ceilRs = makeRuleSet({ tiers: withExcellent({ quota: { percent: 30, round: 'ceil' } }) });
    expect(count(floorRs)).toBe(4);
    expect(count(ceilRs)).toBe(5);
    expect(byUnit(floorRs, fifteen).u05).toEqual(['合格', '“优秀”名额已满（至多 4 个：15 个单位的 30%，向下取整）']);
  });

  it('drops both tied units at the quota boundary to the next tier, leaving the seat empty', () => {
    const rs = makeRuleSet({ tiers: withExcellent({ quota: { count: 2 } }) });
    expect(byUnit(rs, units(95, 92, 92, 91, 80))).toEqual({
      u01: ['优秀', '达到最高等次“优秀”'],
      u02: ['合格', '同分并列 2 个单位超出“优秀”名额（剩余 1 个）'],
      u03: ['合格', '同分并列 2 个单位超出“优秀”名额（剩余 1 个）'],
      u04: ['合格', '排名在前的同分单位超出“优秀”名额，其后单位不再评为“优秀”（至多 2 个，空缺 1 个）'],
      u05: ['合格', '总分 80.00 未达到“优秀”线（90 分及以上）'],
    });
  });

  it('admits tied units together when the quota has room for all of them', () => {
    const rs = makeRuleSet({ tiers: withExcellent({ quota: { count: 3 } }) });
    const result = tiered(rs, units(95, 92, 92, 91));
    expect(result.map((r) => r.tierName)).toEqual(['优秀', '优秀', '优秀', '合格']);
  });

  it('lets a tie-break decide the boundary instead of dropping both', () => {
    const rs = makeRuleSet({ tiers: withExcellent({ quota: { count: 2 } }), tieBreak: ['keyArea'] });
    const result = tiered(rs, [
      makeEvaluated({ unitId: 'a', total: 95 }),
      makeEvaluated({ unitId: 'b', total: 92, nodes: { keyArea: { score: 25, max: 30 } } }),
      makeEvaluated({ unitId: 'c', total: 92, nodes: { keyArea: { score: 27, max: 30 } } }),
    ]);
    expect(result.map((r) => [r.unitId, r.tierName])).toEqual([
      ['a', '优秀'],
      ['c', '优秀'],
      ['b', '合格'],
    ]);
  });

  it('applies quotas to lower tiers too: a full 良好 sends the rest to 合格', () => {
    const tiers = FOUR_TIERS.map((t) => (t.key === 'good' ? { ...t, quota: { count: 1 } } : t));
    expect(byUnit(makeRuleSet({ tiers }), units(85, 80))).toEqual({
      u01: ['良好', '总分 85.00 未达到“优秀”线（90 分及以上）'],
      u02: ['合格', '“良好”名额已满（至多 1 个）'],
    });
  });
});

describe('tier vetoes and requirements', () => {
  it('bars a unit with a barTier veto from 优秀 without using a seat of the quota', () => {
    const rs = makeRuleSet({ tiers: withExcellent({ quota: { count: 1 } }) });
    const result = byUnit(rs, [
      makeEvaluated({ unitId: 'a', total: 96, vetoes: [makeVeto('网站不可用', { type: 'barTier', tier: 'excellent' })] }),
      makeEvaluated({ unitId: 'b', total: 92 }),
    ]);
    expect(result).toEqual({
      a: ['合格', '存在单项否决：网站不可用（不得评为“优秀”）'],
      b: ['优秀', '达到最高等次“优秀”'],
    });
  });

  it('bars the named tier and every better one', () => {
    const rs = makeRuleSet({ tiers: FOUR_TIERS });
    const a = makeEvaluated({ unitId: 'a', total: 96, vetoes: [makeVeto('严重错误', { type: 'barTier', tier: 'good' })] });
    expect(byUnit(rs, [a]).a).toEqual(['合格', '存在单项否决：严重错误（不得评为“良好”）']);
  });

  it('puts a "fail" veto unit in the last tier and says no other item was scored', () => {
    const a = makeEvaluated({
      unitId: 'a',
      total: 0,
      unscored: true,
      vetoes: [makeVeto('网站不可用', { type: 'fail' })],
    });
    expect(byUnit(makeRuleSet(), [a]).a).toEqual([
      '不合格',
      '存在单项否决：网站不可用（直接评为“不合格”，其他项目不再评分）',
    ]);
  });

  it('puts a "failScored" unit in the last tier whatever its score', () => {
    const a = makeEvaluated({
      unitId: 'a',
      total: 58,
      vetoes: [makeVeto('扣分部分低于60分', { type: 'failScored' }, 'threshold')],
    });
    expect(byUnit(makeRuleSet(), [a]).a).toEqual(['不合格', '触发否决条件：扣分部分低于60分（直接评为“不合格”）']);
    const high = makeEvaluated({ unitId: 'b', total: 95, vetoes: [makeVeto('虚假信息', { type: 'failScored' })] });
    expect(byUnit(makeRuleSet(), [high]).b?.[0]).toBe('不合格');
  });

  it('requires a node score for 优秀: 重点领域 10 below the required 12 gives 合格', () => {
    const tiers = withExcellent({ requires: { nodes: [{ node: 'keyArea', atLeast: 12 }] } });
    const rs = makeRuleSet({ tiers });
    const result = byUnit(rs, [
      makeEvaluated({ unitId: 'a', total: 95, nodes: { keyArea: { score: 10, max: 30 } } }),
      makeEvaluated({ unitId: 'b', total: 91, nodes: { keyArea: { score: 12, max: 30 } } }),
    ]);
    expect(result).toEqual({
      a: ['合格', '“重点领域信息公开”得分 10.00 低于“优秀”要求的 12'],
      b: ['优秀', '达到最高等次“优秀”'],
    });
  });

  it('does not hold a node requirement against a unit for which the node does not apply', () => {
    const tiers = withExcellent({ requires: { nodes: [{ node: 'grassroots', atLeast: 8 }] } });
    const a = makeEvaluated({ unitId: 'a', total: 93, nodes: { grassroots: { max: 10, applicable: false } } });
    expect(byUnit(makeRuleSet({ tiers }), [a]).a?.[0]).toBe('优秀');
  });

  it('bars 优秀 for any veto when the tier requires none', () => {
    const tiers = withExcellent({ requires: { noVeto: true } });
    const a = makeEvaluated({
      unitId: 'a',
      total: 93,
      vetoes: [makeVeto('栏目长期未更新', { type: 'zeroNode', node: 'basic' })],
    });
    expect(byUnit(makeRuleSet({ tiers }), [a]).a).toEqual([
      '合格',
      '存在单项否决：栏目长期未更新（“优秀”要求无单项否决）',
    ]);
  });

  it('explains the tier just above, not the top one, for a unit two tiers down', () => {
    const rs = makeRuleSet({ tiers: FOUR_TIERS });
    const a = makeEvaluated({ unitId: 'a', total: 65, vetoes: [makeVeto('严重错误', { type: 'barTier', tier: 'excellent' })] });
    expect(byUnit(rs, [a]).a).toEqual(['合格', '总分 65.00 未达到“良好”线（70 分及以上）']);
  });

  it('gives every unit the only tier of a one-tier scheme', () => {
    const rs = makeRuleSet({ tiers: [{ key: 'all', name: '合格' }] });
    expect(byUnit(rs, units(10)).u01).toEqual(['合格', '达到最高等次“合格”']);
  });
});
