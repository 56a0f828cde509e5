import { describe, expect, it } from 'vitest';
import { compileRuleSet } from '../../../src/engine/rules/compile';
import * as X from '../../../src/engine/arith/exact';
import { indicatorStatistics, tierCounts } from '../../../src/engine/group/statistics';
import { makeEvaluated, makeRuleSet, makeVeto } from '../../fixtures/evaluated';

const compiled = compileRuleSet(makeRuleSet({ indicators: { basic: 20, keyArea: 30, grassroots: 10 } }));

// Three scored units and one vetoed to 0 ("fail"), which statistics leave out.
const group = [
  makeEvaluated({
    unitId: 'a',
    total: 55.5,
    nodes: { basic: { score: 20, max: 20 }, keyArea: { score: 25.5, max: 30 }, grassroots: { score: 10, max: 10 } },
  }),
  makeEvaluated({
    unitId: 'b',
    total: 48,
    nodes: { basic: { score: 18, max: 20 }, keyArea: { score: 30, max: 30 }, grassroots: { max: 10, applicable: false } },
  }),
  makeEvaluated({
    unitId: 'c',
    total: 49,
    nodes: { basic: { score: 20, max: 20 }, keyArea: { score: 22, max: 30 }, grassroots: { score: 7, max: 10 } },
  }),
  makeEvaluated({
    unitId: 'd',
    total: 0,
    unscored: true,
    vetoes: [makeVeto('网站不可用', { type: 'fail' })],
    nodes: { basic: { score: 0, max: 20 }, keyArea: { score: 0, max: 30 }, grassroots: { score: 0, max: 10 } },
  }),
];

describe('indicatorStatistics', () => {
  const stats = Object.fromEntries(indicatorStatistics(compiled, group).map((s) => [s.key, s]));

  it('reports one row per first-level indicator, in rule-set order', () => {
    expect(indicatorStatistics(compiled, group).map((s) => [s.key, s.name, s.points])).toEqual([
      ['basic', '基础信息公开', 20],
      ['keyArea', '重点领域信息公开', 30],
      ['grassroots', '基层政务公开', 10],
    ]);
  });

  it('counts scored units only and leaves out the unit vetoed to 0', () => {
    // 20, 18, 20 of 20: mean 58/3 = 19.333… → 19.33, loss 1 − 58/60 = 1/30
    expect(stats.basic).toEqual({
      key: 'basic',
      name: '基础信息公开',
      points: 20,
      count: 3,
      fullScoreCount: 2,
      mean: 19.33,
      min: 18,
      max: 20,
      lossRate: 1 / 30,
    });
  });

  it('computes mean and loss rate from exact sums: 25.5 + 30 + 22 of 90', () => {
    // mean 77.5/3 = 25.8333… → 25.83; loss 1 − 77.5/90 = 12.5/90 = 5/36
    expect(stats.keyArea).toMatchObject({ count: 3, fullScoreCount: 1, mean: 25.83, min: 22, max: 30, lossRate: 5 / 36 });
  });

  it('leaves out units for which the indicator does not apply', () => {
    // 10 and 7 of 10 each: mean 8.5, loss 1 − 17/20 = 0.15
    expect(stats.grassroots).toMatchObject({ count: 2, fullScoreCount: 1, mean: 8.5, min: 7, max: 10, lossRate: 0.15 });
  });

  it('rounds the mean at the display precision, half up', () => {
    const oneDecimal = compileRuleSet(makeRuleSet({ indicators: { basic: 20 }, precision: { display: 1 } }));
    const units = [
      makeEvaluated({ unitId: 'a', total: 0, nodes: { basic: { score: 19.5, max: 20 } } }),
      makeEvaluated({ unitId: 'b', total: 0, nodes: { basic: { score: 19, max: 20 } } }),
    ];
    // mean 19.25 → 19.3
    expect(indicatorStatistics(oneDecimal, units)[0]?.mean).toBe(19.3);
  });

  it('counts full marks against the unit’s own maximum, also when it is not a short decimal', () => {
    // a part rescaled to 80/3 (26.666…) for this unit; the score 80/3 is its full mark
    const rs = compileRuleSet(makeRuleSet({ indicators: { website: 30 } }));
    const units = [
      makeEvaluated({ unitId: 'a', total: 0, nodes: { website: { score: X.frac(80, 3), max: X.frac(80, 3) } } }),
      makeEvaluated({ unitId: 'b', total: 0, nodes: { website: { score: 26, max: X.frac(80, 3) } } }),
    ];
    const [s] = indicatorStatistics(rs, units);
    expect(s?.fullScoreCount).toBe(1);
    // loss: 1 − (80/3 + 26) / (160/3) = 1 − 158/160 = 1/80
    expect(s?.lossRate).toBe(1 / 80);
  });

  it('gives zeros for an indicator that applies to no scored unit', () => {
    const unscoredOnly = [group[3]].filter((u) => u !== undefined);
    expect(indicatorStatistics(compiled, unscoredOnly)[0]).toEqual({
      key: 'basic',
      name: '基础信息公开',
      points: 20,
      count: 0,
      fullScoreCount: 0,
      mean: 0,
      min: 0,
      max: 0,
      lossRate: 0,
    });
  });
});

describe('tierCounts', () => {
  it('counts units per tier, best first, listing empty tiers with 0', () => {
    const rs = makeRuleSet();
    const results = [{ tier: 'excellent' }, { tier: 'pass' }, { tier: 'excellent' }];
    expect(tierCounts(rs, results)).toEqual([
      { key: 'excellent', name: '优秀', count: 2 },
      { key: 'pass', name: '合格', count: 1 },
      { key: 'fail', name: '不合格', count: 0 },
    ]);
  });
});
