/**
 * Competition ranking within a group (1, 2, 2, 4).
 *
 * Units are compared on exact fractions, never on floats: the rounded total is recomputed from
 * `totalExact` so two totals that print alike but differ below the step compare as the rule set says
 * (equal when ranking by the rounded total, different when ranking by the exact one).
 */
import * as X from '../arith/exact';
import type { Q } from '../arith/exact';
import type { EvaluatedUnit } from '../result';
import type { RuleSet } from '../../model/ruleSet';
import { ownValue } from '../../model/ownKeys';

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
  return ownValue(unit.nodes, key)?.exact ?? X.ZERO;
}

/** What ranks are decided on, read once per unit. */
export interface RankKey<U extends EvaluatedUnit = EvaluatedUnit> {
  unit: U;
  total: Q;
  /** the declared tie-break nodes' exact scores */
  ties: Q[];
}

/**
 * The rank key of a unit under a rule set's precision and tie-breaks. `ties` may be given when the
 * caller already holds the tie-break nodes' exact scores (in tie-break order).
 */
export function rankKeyer(ruleSet: RuleSet): <U extends EvaluatedUnit>(unit: U, ties?: Q[]) => RankKey<U> {
  const { step, rounding, rankBy } = ruleSet.precision;
  const stepQ = X.dec(step);
  const tieKeys = ruleSet.tieBreak.map((t) => t.node);
  return (unit, ties) => ({
    unit,
    total: rankBy === 'exact' ? unit.totalExact : X.roundTo(unit.totalExact, stepQ, rounding),
    ties: ties ?? tieKeys.map((k) => nodeExact(unit, k)),
  });
}

/**
 * Orders two units by merit: negative when `a` is better. 0 means they share a rank.
 * Unscored units (a "fail" veto) are all equal to each other and worse than any scored unit.
 */
export function compareMerit(a: RankKey, b: RankKey): number {
  if (a.unit.unscored !== b.unit.unscored) return a.unit.unscored ? 1 : -1;
  if (a.unit.unscored) return 0;
  const byTotal = X.cmp(b.total, a.total);
  if (byTotal !== 0) return byTotal;
  for (let k = 0; k < a.ties.length; k++) {
    const byNode = X.cmp(b.ties[k]!, a.ties[k]!);
    if (byNode !== 0) return byNode;
  }
  return 0;
}

/** Code-unit order, not locale order: the same result on every machine. */
export const compareIds = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Ranks the units of one group and returns them in display order: merit, then unit id.
 * Units equal on the total and on every declared tie-break share the same competition rank.
 */
export function rankUnits<U extends EvaluatedUnit>(ruleSet: RuleSet, units: readonly U[]): RankedUnit<U>[] {
  const keyOf = rankKeyer(ruleSet);
  return rankKeys(units.map((unit) => keyOf(unit)));
}

/** Ranks units from their keys (given in input order; the sort is stable). */
export function rankKeys<U extends EvaluatedUnit>(keyed: RankKey<U>[]): RankedUnit<U>[] {
  keyed.sort((a, b) => compareMerit(a, b) || compareIds(a.unit.unitId, b.unit.unitId));
  return competitionRanks(keyed);
}

/** Ranks of keys already in display order: equal merit shares the rank of the first of them (1, 2, 2, 4). */
export function competitionRanks<U extends EvaluatedUnit>(keyed: readonly RankKey<U>[]): RankedUnit<U>[] {
  const ranked: RankedUnit<U>[] = [];
  for (let i = 0; i < keyed.length; i++) {
    const k = keyed[i]!;
    const rank = i > 0 && compareMerit(keyed[i - 1]!, k) === 0 ? ranked[i - 1]!.rank : i + 1;
    ranked.push({ unit: k.unit, rank });
  }
  return ranked;
}
