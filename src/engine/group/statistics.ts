/**
 * Per-indicator statistics of a group (满分数, 平均分, 最高/最低分, 失分率) and tier counts.
 *
 * Only scored units for which the indicator applies count: a unit vetoed to 0 ("fail") would otherwise
 * drag every mean down, and a department without 基层政务公开 has nothing to lose there.
 * Sums are exact; numbers are rounded only at the end, for presentation.
 */
import * as X from '../arith/exact';
import * as P from '../arith/pairs';
import { CAPTURED, type Capture } from '../unit/evaluate';
import type { Q } from '../arith/exact';
import type { CompiledRuleSet } from '../rules/compile';
import type { EvaluatedUnit, IndicatorStats, NodeResult, UnitResult } from '../result';
import type { RuleSet } from '../../model/ruleSet';
import { ownValue } from '../../model/ownKeys';

function present(x: Q, decimals: number): number {
  return X.toNumber(X.roundTo(x, X.frac(1, 10 ** decimals), 'halfUp'));
}

/** The running sums behind one indicator's figures; GroupScorer adds and removes units one at a time. */
export interface IndicatorTally {
  count: number;
  fullScoreCount: number;
  total: Q;
  totalMax: Q;
}

export const emptyTally = (): IndicatorTally => ({ count: 0, fullScoreCount: 0, total: X.ZERO, totalMax: X.ZERO });

/** The node an indicator counts for a unit: scored units whose indicator applies. */
export function countedNode(u: EvaluatedUnit, key: string): NodeResult | undefined {
  if (u.unscored) return undefined;
  const n = ownValue(u.nodes, key);
  return n !== undefined && n.applicable ? n : undefined;
}

/** Adds (sign 1) or takes away (sign −1) one unit's node from a tally. */
export function tally(t: IndicatorTally, n: NodeResult, sign: 1 | -1): void {
  t.count += sign;
  if (X.cmp(n.exact, n.maxExact) >= 0) t.fullScoreCount += sign;
  t.total = sign === 1 ? X.add(t.total, n.exact) : X.sub(t.total, n.exact);
  t.totalMax = sign === 1 ? X.add(t.totalMax, n.maxExact) : X.sub(t.totalMax, n.maxExact);
}

/** The figures of one indicator from its tally and its lowest and highest counted scores. */
export function indicatorFigures(
  c: CompiledRuleSet,
  key: string,
  name: string,
  t: IndicatorTally,
  lo: Q,
  hi: Q,
): IndicatorStats {
  const decimals = c.ruleSet.precision.display;
  const points = X.toNumber(c.maxOf(key));
  if (t.count === 0) {
    return { key, name, points, count: 0, fullScoreCount: 0, mean: 0, min: 0, max: 0, lossRate: 0 };
  }
  const mean = X.div(t.total, X.int(t.count));
  const lossRate = X.cmp(t.totalMax, X.ZERO) > 0 ? X.toNumber(X.sub(X.ONE, X.div(t.total, t.totalMax))) : 0;
  return {
    key,
    name,
    points,
    count: t.count,
    fullScoreCount: t.fullScoreCount,
    mean: present(mean, decimals),
    min: present(lo, decimals),
    max: present(hi, decimals),
    lossRate,
  };
}

export function indicatorStatistics(
  c: CompiledRuleSet,
  results: readonly (UnitResult | EvaluatedUnit)[],
): IndicatorStats[] {
  return c.indicators.map(({ key, name }) => {
    const t = emptyTally();
    let lo: Q = X.ZERO;
    let hi: Q = X.ZERO;
    for (const u of results) {
      const n = countedNode(u, key);
      if (!n) continue;
      if (t.count === 0) lo = hi = n.exact;
      else {
        lo = X.min(lo, n.exact);
        hi = X.max(hi, n.exact);
      }
      tally(t, n, 1);
    }
    return indicatorFigures(c, key, name, t, lo, hi);
  });
}

/**
 * indicatorStatistics from the indicators' numbers captured during evaluation (evaluate.ts `Capture`),
 * `slots[j]` being indicator j's slot (−1: no such node). Units in any order: sums are exact.
 */
export function capturedStatistics(
  c: CompiledRuleSet,
  units: readonly EvaluatedUnit[],
  capture: Capture,
  slots: readonly number[],
): IndicatorStats[] {
  const v = capture.values;
  return c.indicators.map(({ key, name }, j) => {
    const slot = slots[j]!;
    let count = 0;
    let fullScoreCount = 0;
    let tn = 0;
    let td = 1;
    let mn = 0;
    let md = 1;
    let lo = 0;
    let hi = 0;
    for (let row = 0; slot >= 0 && row < units.length; row++) {
      if (units[row]!.unscored) continue;
      const o = (row * capture.width + slot) * CAPTURED;
      if (v[o + 4] !== 1) continue;
      const n = v[o]!;
      const d = v[o + 1]!;
      if (P.cmp(n, d, v[o + 2]!, v[o + 3]!) >= 0) fullScoreCount++;
      P.add(tn, td, n, d);
      tn = P.R.n;
      td = P.R.d;
      P.add(mn, md, v[o + 2]!, v[o + 3]!);
      mn = P.R.n;
      md = P.R.d;
      if (count === 0) lo = hi = o;
      else {
        if (P.cmp(n, d, v[lo]!, v[lo + 1]!) < 0) lo = o;
        if (P.cmp(n, d, v[hi]!, v[hi + 1]!) > 0) hi = o;
      }
      count++;
    }
    const t: IndicatorTally = { count, fullScoreCount, total: P.toQ(tn, td), totalMax: P.toQ(mn, md) };
    const q = (at: number): Q => (count === 0 ? X.ZERO : P.toQ(v[at]!, v[at + 1]!));
    return indicatorFigures(c, key, name, t, q(lo), q(hi));
  });
}

/** How many units each tier holds, best tier first; tiers nobody reached are listed with 0. */
export function tierCounts(
  ruleSet: RuleSet,
  results: readonly Pick<UnitResult, 'tier'>[],
): { key: string; name: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const r of results) counts.set(r.tier, (counts.get(r.tier) ?? 0) + 1);
  return ruleSet.tiers.map((t) => ({ key: t.key, name: t.name, count: counts.get(t.key) ?? 0 }));
}
