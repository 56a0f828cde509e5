import { describe, expect, it } from 'vitest';
import { rankUnits } from '../../../src/engine/group/rank';
import type { EvaluatedUnit } from '../../../src/engine/result';
import { makeEvaluated, makeRuleSet } from '../../fixtures/evaluated';

const view = (ranked: { unit: EvaluatedUnit; rank: number }[]) => ranked.map((r) => [r.unit.unitId, r.rank]);

describe('rankUnits', () => {
  it('gives competition ranks: tied units share a rank and the next rank skips (1, 2, 2, 4)', () => {
    const units = [
      makeEvaluated({ unitId: 'c', total: 90 }),
      makeEvaluated({ unitId: 'd', total: 80 }),
      makeEvaluated({ unitId: 'a', total: 95 }),
      makeEvaluated({ unitId: 'b', total: 90 }),
    ];
    expect(view(rankUnits(makeRuleSet(), units))).toEqual([
      ['a', 1],
      ['b', 2],
      ['c', 2],
      ['d', 4],
    ]);
  });

  it('orders tied units by unit id whatever the input order', () => {
    const rs = makeRuleSet();
    const x = makeEvaluated({ unitId: 'u-x', total: 88 });
    const m = makeEvaluated({ unitId: 'u-m', total: 88 });
    const a = makeEvaluated({ unitId: 'u-a', total: 88 });
    const expected = [
      ['u-a', 1],
      ['u-m', 1],
      ['u-x', 1],
    ];
    expect(view(rankUnits(rs, [x, m, a]))).toEqual(expected);
    expect(view(rankUnits(rs, [m, a, x]))).toEqual(expected);
  });

  it('separates tied totals by the declared tie-break (higher 重点领域 first)', () => {
    const rs = makeRuleSet({ tieBreak: ['keyArea'] });
    const units = [
      makeEvaluated({ unitId: 'a', total: 90, nodes: { keyArea: { score: 25, max: 30 } } }),
      makeEvaluated({ unitId: 'b', total: 90, nodes: { keyArea: { score: 28, max: 30 } } }),
      makeEvaluated({ unitId: 'c', total: 92, nodes: { keyArea: { score: 20, max: 30 } } }),
    ];
    expect(view(rankUnits(rs, units))).toEqual([
      ['c', 1],
      ['b', 2],
      ['a', 3],
    ]);
  });

  it('goes down the tie-break chain and keeps the rank shared when every step is equal', () => {
    const rs = makeRuleSet({ tieBreak: ['keyArea', 'basic'] });
    const units = [
      makeEvaluated({ unitId: 'a', total: 90, nodes: { keyArea: { score: 28, max: 30 }, basic: { score: 18, max: 20 } } }),
      makeEvaluated({ unitId: 'b', total: 90, nodes: { keyArea: { score: 28, max: 30 }, basic: { score: 19.5, max: 20 } } }),
      makeEvaluated({ unitId: 'c', total: 90, nodes: { keyArea: { score: 28, max: 30 }, basic: { score: 18, max: 20 } } }),
    ];
    expect(view(rankUnits(rs, units))).toEqual([
      ['b', 1],
      ['a', 2],
      ['c', 2],
    ]);
  });

  it('does not let a tie-break reorder units whose totals differ', () => {
    const rs = makeRuleSet({ tieBreak: ['keyArea'] });
    const units = [
      makeEvaluated({ unitId: 'a', total: 89, nodes: { keyArea: { score: 30, max: 30 } } }),
      makeEvaluated({ unitId: 'b', total: 90, nodes: { keyArea: { score: 10, max: 30 } } }),
    ];
    expect(view(rankUnits(rs, units))).toEqual([
      ['b', 1],
      ['a', 2],
    ]);
  });

  it('ranks on the rounded total by default: 90.004 and 90.001 both round to 90.00 and tie', () => {
    const rs = makeRuleSet({ precision: { step: 0.01, rankBy: 'rounded' } });
    const units = [makeEvaluated({ unitId: 'b', total: 90.004 }), makeEvaluated({ unitId: 'a', total: 90.001 })];
    expect(view(rankUnits(rs, units))).toEqual([
      ['a', 1],
      ['b', 1],
    ]);
  });

  it('ranks on the exact total when rankBy is "exact": 90.004 ahead of 90.001', () => {
    const rs = makeRuleSet({ precision: { step: 0.01, rankBy: 'exact' } });
    const units = [makeEvaluated({ unitId: 'a', total: 90.001 }), makeEvaluated({ unitId: 'b', total: 90.004 })];
    expect(view(rankUnits(rs, units))).toEqual([
      ['b', 1],
      ['a', 2],
    ]);
  });

  it('rounds with the declared mode: 89.995 ties 90 when rounding half up, falls behind when rounding down', () => {
    const units = [makeEvaluated({ unitId: 'b', total: 90 }), makeEvaluated({ unitId: 'a', total: 89.995 })];
    expect(view(rankUnits(makeRuleSet({ precision: { rounding: 'halfUp' } }), units))).toEqual([
      ['a', 1],
      ['b', 1],
    ]);
    expect(view(rankUnits(makeRuleSet({ precision: { rounding: 'down' } }), units))).toEqual([
      ['b', 1],
      ['a', 2],
    ]);
  });

  it('puts unscored units after every scored one, sharing one rank', () => {
    const units = [
      makeEvaluated({ unitId: 'a', total: 0, unscored: true }),
      makeEvaluated({ unitId: 'b', total: 35 }),
      makeEvaluated({ unitId: 'c', total: 0, unscored: true }),
      makeEvaluated({ unitId: 'd', total: 0 }),
    ];
    expect(view(rankUnits(makeRuleSet(), units))).toEqual([
      ['b', 1],
      ['d', 2],
      ['a', 3],
      ['c', 3],
    ]);
  });

  it('returns an empty list for an empty group', () => {
    expect(rankUnits(makeRuleSet(), [])).toEqual([]);
  });
});
