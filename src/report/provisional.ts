/**
 * How final a result is, in the one wording every view and export shares: a unit with a required cell
 * not yet entered is 未完成 and its total, rank and tier are 初步结果 (provisional).
 */
import type { UnitResult } from '../engine';

export const STATUS_COMPLETE = '已评完';
export const STATUS_INCOMPLETE = '未完成';
export const PROVISIONAL = '初步结果';

export const unitStatus = (u: Pick<UnitResult, 'complete'>): string => (u.complete ? STATUS_COMPLETE : STATUS_INCOMPLETE);

/** Units not yet complete across the groups. */
export const incompleteCount = (groups: readonly { units: readonly Pick<UnitResult, 'complete'>[] }[]): number =>
  groups.reduce((n, g) => n + g.units.filter((u) => !u.complete).length, 0);

/** "初步结果，尚有 3 个单位未评完" while anything is missing; null once every unit is complete. */
export function provisionalNote(groups: readonly { units: readonly Pick<UnitResult, 'complete'>[] }[]): string | null {
  const n = incompleteCount(groups);
  return n === 0 ? null : `${PROVISIONAL}，尚有 ${n} 个单位未评完`;
}

/** A title line for tables and exports: says whether the numbers below are provisional. */
export function resultsTitle(groups: readonly { units: readonly Pick<UnitResult, 'complete'>[] }[]): string {
  return provisionalNote(groups) ?? '评分结果（全部单位已评完）';
}
