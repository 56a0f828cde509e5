/**
 * The numbers behind the charts, as pure functions of the engine's results: nothing here is computed
 * differently from the tables and the circular (full-score counts and 失分率 come from
 * GroupResult.statistics as the engine produced them).
 */
import type { GroupResult, RuleSet, UnitResult } from '../../engine';

export const NEUTRAL = '#5f6368';

export function tierColor(ruleSet: RuleSet, tier: string): string {
  return ruleSet.tiers.find((t) => t.key === tier)?.color ?? NEUTRAL;
}

/** The tiers best first with their colours, for colour keys. */
export function tierSwatches(ruleSet: RuleSet): { key: string; name: string; color: string }[] {
  return ruleSet.tiers.map((t) => ({ key: t.key, name: t.name, color: t.color ?? NEUTRAL }));
}

/** A tier's score line: 90 for "atLeast 90" (90 is in), 89 for "above 89" (89 is out). */
export interface TierLine {
  key: string;
  name: string;
  value: number;
  inclusive: boolean;
  color: string;
}

export function tierLines(ruleSet: RuleSet): TierLine[] {
  const lines: TierLine[] = [];
  for (const t of ruleSet.tiers) {
    const value = t.atLeast ?? t.above;
    if (value === undefined) continue;
    lines.push({ key: t.key, name: t.name, value, inclusive: t.atLeast !== undefined, color: t.color ?? NEUTRAL });
  }
  return lines;
}

export interface TotalBar {
  unitId: string;
  name: string;
  rank: number;
  /** 0 for an unscored (vetoed) unit */
  total: number;
  display: string;
  tier: string;
  tierName: string;
  color: string;
  unscored: boolean;
  /** a veto triggered (the tier may be lower than the total suggests) */
  vetoed: boolean;
  /** false: the unit has cells not yet entered and the bar is provisional (drawn hatched) */
  complete: boolean;
}

/** The first rows, and what is left out summarised: how many and their mean (null when none of them was scored). */
export interface TopN<T> {
  shown: T[];
  rest: { count: number; mean: number | null } | null;
}

/**
 * Up to `limit` bars; a group only a little larger than the limit is shown whole (cutting 32 units
 * to 30 hides two names for nothing).
 */
export function topN<T extends { total: number; unscored: boolean }>(rows: readonly T[], limit: number, slack = Math.ceil(limit / 3)): TopN<T> {
  if (rows.length <= limit + slack) return { shown: [...rows], rest: null };
  const rest = rows.slice(limit);
  const scored = rest.filter((r) => !r.unscored);
  const mean = scored.length === 0 ? null : scored.reduce((s, r) => s + r.total, 0) / scored.length;
  return { shown: rows.slice(0, limit), rest: { count: rest.length, mean } };
}

export function totalBars(g: GroupResult, ruleSet: RuleSet, limit = 30): TopN<TotalBar> {
  const bars = g.units.map(
    (u): TotalBar => ({
      unitId: u.unitId,
      name: u.unitName,
      rank: u.rank,
      total: u.unscored ? 0 : u.total,
      display: u.display,
      tier: u.tier,
      tierName: u.tierName,
      color: tierColor(ruleSet, u.tier),
      unscored: u.unscored,
      vetoed: u.vetoes.length > 0,
      complete: u.complete,
    }),
  );
  return topN(bars, limit);
}

export interface Bin {
  from: number;
  to: number;
  count: number;
  /** units of the bin by tier key */
  byTier: Record<string, number>;
}

/** Bin width for a score scale: 5 points up to 150-point scales, 10 above. */
export function binWidthFor(maxScore: number): number {
  return maxScore > 150 ? 10 : 5;
}

/**
 * Equal-width bins aligned to multiples of `width`, from the lowest to the highest value. Each bin
 * holds [from, to) except the last, which also holds its upper edge (a 100 goes with 95–100).
 */
export function histogram(items: readonly { value: number; tier: string }[], width: number): Bin[] {
  if (items.length === 0) return [];
  const values = items.map((i) => i.value);
  const lo = Math.floor(Math.min(...values) / width) * width;
  let hi = Math.ceil(Math.max(...values) / width) * width;
  if (hi === lo) hi = lo + width;
  const n = Math.round((hi - lo) / width);
  const bins: Bin[] = Array.from({ length: n }, (_, i) => ({ from: lo + i * width, to: lo + (i + 1) * width, count: 0, byTier: {} }));
  for (const { value, tier } of items) {
    const bin = bins[Math.min(Math.floor((value - lo) / width), n - 1)]!;
    bin.count++;
    bin.byTier[tier] = (bin.byTier[tier] ?? 0) + 1;
  }
  return bins;
}

/** Scored totals of a group with their tiers (vetoed units have no score to place). */
export function scoredTotals(g: GroupResult): { value: number; tier: string }[] {
  return g.units.filter((u) => !u.unscored).map((u) => ({ value: u.total, tier: u.tier }));
}

export interface RadarPoint {
  key: string;
  name: string;
  /** the unit's score as % of the indicator's maximum for it; null when not applicable */
  unit: number | null;
  /** the mean of that percentage over the group's scored units where the indicator applies */
  mean: number | null;
}

function percentOf(u: UnitResult, key: string): number | null {
  const n = u.nodes[key];
  if (u.unscored || !n || !n.applicable || n.max <= 0) return null;
  return (n.score / n.max) * 100;
}

export function radarData(g: GroupResult, unitId: string): RadarPoint[] {
  const unit = g.units.find((u) => u.unitId === unitId);
  return g.indicators.map(({ key, name }) => {
    const all = g.units.map((u) => percentOf(u, key)).filter((p): p is number => p !== null);
    return {
      key,
      name,
      unit: unit ? percentOf(unit, key) : null,
      mean: all.length === 0 ? null : all.reduce((s, p) => s + p, 0) / all.length,
    };
  });
}

export interface IndicatorRate {
  /** units that got full marks, of those counted */
  fullCount: number;
  count: number;
  /** 满分率 in % */
  fullRate: number;
  /** 失分率 in % */
  lossRate: number;
}

export interface IndicatorRateRow {
  key: string;
  name: string;
  /** by group key; absent when the group has no such indicator or it applied to nobody */
  byGroup: Record<string, IndicatorRate>;
}

/** Per first-level indicator (matched by key across groups, in first-seen order), each group's rates. */
export function indicatorRates(groups: readonly GroupResult[]): IndicatorRateRow[] {
  const rows: IndicatorRateRow[] = [];
  for (const g of groups) {
    for (const s of g.statistics) {
      let row = rows.find((r) => r.key === s.key);
      if (!row) {
        row = { key: s.key, name: s.name, byGroup: {} };
        rows.push(row);
      }
      if (s.count === 0) continue;
      row.byGroup[g.group] = {
        fullCount: s.fullScoreCount,
        count: s.count,
        fullRate: (s.fullScoreCount / s.count) * 100,
        lossRate: s.lossRate * 100,
      };
    }
  }
  return rows;
}

export interface TierSeries {
  name: string;
  color: string;
}

export interface TierDistribution {
  /** tiers by name, best first, each once across groups */
  series: TierSeries[];
  rows: { group: string; groupName: string; total: number; counts: Record<string, number> }[];
}

/** How many units of each group fall in each tier. Tiers of different rule sets with the same name share a series. */
export function tierDistribution(groups: readonly { result: GroupResult; ruleSet: RuleSet }[]): TierDistribution {
  const series: TierSeries[] = [];
  const rows = groups.map(({ result, ruleSet }) => {
    const counts: Record<string, number> = {};
    for (const c of result.tierCounts) {
      if (!series.some((s) => s.name === c.name)) series.push({ name: c.name, color: tierColor(ruleSet, c.key) });
      counts[c.name] = (counts[c.name] ?? 0) + c.count;
    }
    return { group: result.group, groupName: result.groupName, total: result.units.length, counts };
  });
  return { series, rows };
}
