/**
 * Per-indicator statistics of a group (满分数, 平均分, 最高/最低分, 失分率) and tier counts.
 *
 * Only scored units for which the indicator applies count: a unit vetoed to 0 ("fail") would otherwise
 * drag every mean down, and a department without 基层政务公开 has nothing to lose there.
 * Sums are exact; numbers are rounded only at the end, for presentation.
 */
import * as X from './exact';
import type { Q } from './exact';
import type { CompiledRuleSet } from './compile';
import type { EvaluatedUnit, IndicatorStats, NodeResult, UnitResult } from './result';
import type { RuleSet } from './ruleSchema';

function present(x: Q, decimals: number): number {
  return X.toNumber(X.roundTo(x, X.frac(1, 10 ** decimals), 'halfUp'));
}

export function indicatorStatistics(
  c: CompiledRuleSet,
  results: readonly (UnitResult | EvaluatedUnit)[],
): IndicatorStats[] {
  const decimals = c.ruleSet.precision.display;
  return c.indicators.map(({ key, name }) => {
    const nodes = results
      .filter((u) => !u.unscored)
      .map((u) => u.nodes[key])
      .filter((n): n is NodeResult => n !== undefined && n.applicable);
    const points = X.toNumber(c.maxOf(key));
    if (nodes.length === 0) {
      return { key, name, points, count: 0, fullScoreCount: 0, mean: 0, min: 0, max: 0, lossRate: 0 };
    }
    let total = X.ZERO;
    let totalMax = X.ZERO;
    let fullScoreCount = 0;
    let lo = nodes[0]?.exact ?? X.ZERO;
    let hi = lo;
    for (const n of nodes) {
      const m = n.maxExact;
      total = X.add(total, n.exact);
      totalMax = X.add(totalMax, m);
      if (X.cmp(n.exact, m) >= 0) fullScoreCount++;
      lo = X.min(lo, n.exact);
      hi = X.max(hi, n.exact);
    }
    const mean = X.div(total, X.int(nodes.length));
    const lossRate = X.cmp(totalMax, X.ZERO) > 0 ? X.toNumber(X.sub(X.ONE, X.div(total, totalMax))) : 0;
    return {
      key,
      name,
      points,
      count: nodes.length,
      fullScoreCount,
      mean: present(mean, decimals),
      min: present(lo, decimals),
      max: present(hi, decimals),
      lossRate,
    };
  });
}

/** How many units each tier holds, best tier first; tiers nobody reached are listed with 0. */
export function tierCounts(
  ruleSet: RuleSet,
  results: readonly Pick<UnitResult, 'tier'>[],
): { key: string; name: string; count: number }[] {
  return ruleSet.tiers.map((t) => ({
    key: t.key,
    name: t.name,
    count: results.filter((r) => r.tier === t.key).length,
  }));
}
