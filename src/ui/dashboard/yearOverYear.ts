/**
 * Year over year: the same unit across the assessments on this machine. A unit is recognised by its
 * id, or, when the id changed between years (units re-entered by hand), by its exact name — within
 * the same group first.
 */
import type { UnitResult } from '../../engine';

/**
 * What year over year reads of a unit's result: a scored one (first-level scores in `nodes`), or a row
 * of an imported past table (in `scores`, by indicator key).
 */
export type EditionUnit = Pick<UnitResult, 'unitId' | 'unitName' | 'rank' | 'total' | 'display' | 'tierName' | 'unscored'> & {
  nodes?: Readonly<Record<string, { score: number; applicable: boolean }>>;
  scores?: Readonly<Record<string, number>>;
};

export interface EditionGroup {
  group: string;
  units: readonly EditionUnit[];
  /** the first-level indicators (一级指标): compared across years by name, as keys may differ */
  indicators?: readonly { key: string; name: string }[];
}

/** One assessment's results: every group of it. */
export interface Edition {
  assessmentId: string;
  name: string;
  year: number;
  groups: readonly EditionGroup[];
  /** a past year imported from its results spreadsheet (往年（导入）) */
  pastYear?: boolean;
}

export interface YoyPoint {
  rank: number;
  total: number;
  display: string;
  tierName: string;
  unscored: boolean;
  groupSize: number;
}

/** One first-level indicator of a unit: this year's score and the previous edition's, matched by name. */
export interface IndicatorChange {
  name: string;
  now: number | null;
  before: number | null;
}

export interface YoyRow {
  unitId: string;
  unitName: string;
  /** the edition compared with (index into `editions`): the latest earlier one that has the unit */
  previous: number | null;
  /** per indicator of this year's group, in its order; empty without a previous edition */
  indicators: IndicatorChange[];
  /** aligned with `editions`; null where the unit is not found */
  points: (YoyPoint | null)[];
  /** places gained since the previous edition that has the unit (positive = up); null without one */
  rankChange: number | null;
  totalChange: number | null;
}

export interface YearOverYear {
  /** oldest first; the current assessment is among them */
  editions: { assessmentId: string; name: string; year: number; pastYear?: boolean }[];
  rows: YoyRow[];
  /** this year's indicators that some row's previous edition also has: the columns worth showing */
  indicatorNames: string[];
}

/** A unit's score of the indicator called `name` in its group, or null (not in that edition, not applicable). */
export function indicatorScore(g: EditionGroup, u: EditionUnit, name: string): number | null {
  const ind = g.indicators?.find((i) => i.name === name);
  if (!ind || u.unscored) return null;
  const node = u.nodes?.[ind.key];
  if (node) return node.applicable ? node.score : null;
  return u.scores?.[ind.key] ?? null;
}

function find(e: Edition, unit: EditionUnit, groupKey: string): { u: EditionUnit; g: EditionGroup } | undefined {
  for (const g of e.groups) {
    const u = g.units.find((x) => x.unitId === unit.unitId);
    if (u) return { u, g };
  }
  const byName = (g: EditionGroup) => g.units.find((x) => x.unitName === unit.unitName);
  const same = e.groups.find((g) => g.group === groupKey);
  const first = same && byName(same);
  if (first && same) return { u: first, g: same };
  for (const g of e.groups) {
    const u = byName(g);
    if (u) return { u, g };
  }
  return undefined;
}

/**
 * The units of `current`'s group `groupKey` (in its ranking order) that appear in at least one other
 * assessment. Editions are ordered by year, then by their order in `others` (current last in its year).
 */
export function yearOverYear(current: Edition, groupKey: string, others: readonly Edition[]): YearOverYear {
  const group = current.groups.find((g) => g.group === groupKey);
  const editions = [...others.filter((e) => e.assessmentId !== current.assessmentId), current]
    .map((e, i) => ({ e, i }))
    .sort((a, b) => a.e.year - b.e.year || a.i - b.i)
    .map((x) => x.e);
  const rows: YoyRow[] = [];
  const names = (group?.indicators ?? []).map((i) => i.name);
  const compared = new Set<string>();
  for (const unit of group?.units ?? []) {
    const hits = editions.map((e) => (e === current ? { u: unit, g: group! } : find(e, unit, groupKey)));
    const points = hits.map((hit): YoyPoint | null => {
      if (!hit) return null;
      const { u, g } = hit;
      return { rank: u.rank, total: u.total, display: u.display, tierName: u.tierName, unscored: u.unscored, groupSize: g.units.length };
    });
    if (points.filter((p) => p !== null).length < 2) continue;
    const at = editions.indexOf(current);
    const now = points[at]!;
    let previous = at - 1;
    while (previous >= 0 && points[previous] === null) previous--;
    const before = previous < 0 ? null : points[previous]!;
    const then = previous < 0 ? undefined : hits[previous];
    const indicators = then
      ? names.map((name) => {
          const change = { name, now: indicatorScore(group!, unit, name), before: indicatorScore(then.g, then.u, name) };
          if (change.before !== null) compared.add(name);
          return change;
        })
      : [];
    rows.push({
      unitId: unit.unitId,
      unitName: unit.unitName,
      previous: previous < 0 ? null : previous,
      indicators,
      points,
      rankChange: before ? before.rank - now.rank : null,
      totalChange: before && !before.unscored && !now.unscored ? now.total - before.total : null,
    });
  }
  return {
    editions: editions.map(({ assessmentId, name, year, pastYear }) => ({ assessmentId, name, year, ...(pastYear && { pastYear }) })),
    rows,
    indicatorNames: names.filter((n) => compared.has(n)),
  };
}
