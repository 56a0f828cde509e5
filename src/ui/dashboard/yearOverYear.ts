/**
 * Year over year: the same unit across the assessments on this machine. A unit is recognised by its
 * id, or, when the id changed between years (units re-entered by hand), by its exact name — within
 * the same group first.
 */
import type { UnitResult } from '../../engine';

/** What year over year reads of a unit's result: a scored one, or a row of an imported past table. */
export type EditionUnit = Pick<UnitResult, 'unitId' | 'unitName' | 'rank' | 'total' | 'display' | 'tierName' | 'unscored'>;

export interface EditionGroup {
  group: string;
  units: readonly EditionUnit[];
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

export interface YoyRow {
  unitId: string;
  unitName: string;
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
  for (const unit of group?.units ?? []) {
    const points = editions.map((e): YoyPoint | null => {
      const hit = e === current ? { u: unit, g: group! } : find(e, unit, groupKey);
      if (!hit) return null;
      const { u, g } = hit;
      return { rank: u.rank, total: u.total, display: u.display, tierName: u.tierName, unscored: u.unscored, groupSize: g.units.length };
    });
    if (points.filter((p) => p !== null).length < 2) continue;
    const at = editions.indexOf(current);
    const now = points[at]!;
    const before = points.slice(0, at).reverse().find((p) => p !== null) ?? null;
    rows.push({
      unitId: unit.unitId,
      unitName: unit.unitName,
      points,
      rankChange: before ? before.rank - now.rank : null,
      totalChange: before && !before.unscored && !now.unscored ? now.total - before.total : null,
    });
  }
  return { editions: editions.map(({ assessmentId, name, year, pastYear }) => ({ assessmentId, name, year, ...(pastYear && { pastYear }) })), rows };
}
