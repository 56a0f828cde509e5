/**
 * Sorting the ranking table by any column. Sorting only reorders rows: each row keeps the rank the
 * engine gave it. Rows with no value in the column (不计分, 不适用) go last in either direction, and
 * equal values keep the ranking's own order so that a sort is repeatable.
 */
import type { UnitResult } from '../../engine';

export type SortDir = 'asc' | 'desc';

/** 'rank' | 'unit' | 'total' | 'tier', or a node key for an indicator column */
export interface SortState {
  column: string;
  dir: SortDir;
}

export const DEFAULT_SORT: SortState = { column: 'rank', dir: 'asc' };

/** The first click on a column: names A→Z, ranks and tiers best first, scores highest first. */
export function firstDir(column: string): SortDir {
  return column === 'rank' || column === 'unit' || column === 'tier' ? 'asc' : 'desc';
}

/** The sort after a click on a column header: a new column starts in its natural direction; the same column flips. */
export function nextSort(current: SortState, column: string): SortState {
  if (current.column !== column) return { column, dir: firstDir(column) };
  return { column, dir: current.dir === 'asc' ? 'desc' : 'asc' };
}

type Value = number | string | null;

function valueOf(u: UnitResult, column: string, tierIndex: ReadonlyMap<string, number>): Value {
  switch (column) {
    case 'rank':
      return u.rank;
    case 'unit':
      return u.unitName;
    case 'total':
      return u.unscored ? null : u.total;
    case 'tier':
      return tierIndex.get(u.tier) ?? null;
    default: {
      const node = u.nodes[column];
      return u.unscored || !node || !node.applicable ? null : node.score;
    }
  }
}

const collator = new Intl.Collator('zh-CN');

/**
 * `units` in the ranking's display order; `tierOrder` lists the tier keys best first.
 * Returns a new array; the units themselves (and their ranks) are not touched.
 */
export function sortUnits(units: readonly UnitResult[], sort: SortState, tierOrder: readonly string[]): UnitResult[] {
  const tierIndex = new Map(tierOrder.map((k, i) => [k, i]));
  const sign = sort.dir === 'asc' ? 1 : -1;
  return units
    .map((u, i) => ({ u, i, v: valueOf(u, sort.column, tierIndex) }))
    .sort((a, b) => {
      if (a.v === null || b.v === null) return a.v === b.v ? a.i - b.i : a.v === null ? 1 : -1;
      const c = typeof a.v === 'string' || typeof b.v === 'string' ? collator.compare(String(a.v), String(b.v)) : a.v - b.v;
      return c !== 0 ? sign * c : a.i - b.i;
    })
    .map((x) => x.u);
}
