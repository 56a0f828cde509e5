/**
 * Competition ranking within a group (1, 2, 2, 4).
 *
 * Units are compared on exact fractions, never on floats: the rounded total is recomputed from
 * `totalExact` so two totals that print alike but differ below the step compare as the rule set says
 * (equal when ranking by the rounded total, different when ranking by the exact one).
 */
import * as X from './exact';
import type { Q } from './exact';
import type { EvaluatedUnit } from './result';
import type { RuleSet } from './ruleSchema';

export interface RankedUnit<U extends EvaluatedUnit = EvaluatedUnit> {
  unit: U;
  rank: number;
}

/** The total at the declared step and rounding mode: what tiers use and what `total` shows. */
export function roundedTotal(ruleSet: RuleSet, unit: EvaluatedUnit): Q {
  const { step, rounding } = ruleSet.precision;
  return X.roundTo(unit.totalExact, X.dec(step), rounding);
}

/** The value ranks are decided on: the rounded total, or the exact one when `rankBy` is "exact". */
export function rankingTotal(ruleSet: RuleSet, unit: EvaluatedUnit): Q {
  return ruleSet.precision.rankBy === 'exact' ? unit.totalExact : roundedTotal(ruleSet, unit);
}

/** A node's exact score for tie-breaks; a node the unit lacks counts as 0. */
function nodeExact(unit: EvaluatedUnit, key: string): Q {
  return unit.nodes[key]?.exact ?? X.ZERO;
}

/**
 * Orders two units by merit: negative when `a` is better. 0 means they share a rank.
 * Unscored units (a "fail" veto) are all equal to each other and worse than any scored unit.
 */
function compareMerit(ruleSet: RuleSet, a: Keyed, b: Keyed): number {
  if (a.unit.unscored !== b.unit.unscored) return a.unit.unscored ? 1 : -1;
  if (a.unit.unscored) return 0;
  const byTotal = X.cmp(b.total, a.total);
  if (byTotal !== 0) return byTotal;
  for (const { node } of ruleSet.tieBreak) {
    const byNode = X.cmp(nodeExact(b.unit, node), nodeExact(a.unit, node));
    if (byNode !== 0) return byNode;
  }
  return 0;
}

interface Keyed<U extends EvaluatedUnit = EvaluatedUnit> {
  unit: U;
  total: Q;
}

/** Code-unit order, not locale order: the same result on every machine. */
const compareIds = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Ranks the units of one group and returns them in display order: merit, then unit id.
 * Units equal on the total and on every declared tie-break share the same competition rank.
 */
export function rankUnits<U extends EvaluatedUnit>(ruleSet: RuleSet, units: readonly U[]): RankedUnit<U>[] {
  const keyed: Keyed<U>[] = units.map((unit) => ({ unit, total: rankingTotal(ruleSet, unit) }));
  keyed.sort((a, b) => compareMerit(ruleSet, a, b) || compareIds(a.unit.unitId, b.unit.unitId));

  const ranked: RankedUnit<U>[] = [];
  keyed.forEach((k, i) => {
    const prev = keyed[i - 1];
    const prevRanked = ranked[i - 1];
    const rank = prev && prevRanked && compareMerit(ruleSet, prev, k) === 0 ? prevRanked.rank : i + 1;
    ranked.push({ unit: k.unit, rank });
  });
  return ranked;
}
