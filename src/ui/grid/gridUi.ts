/**
 * The grid's view settings — collapsed indicators, filters, search, the active cell — kept for the
 * session per group, so that opening a unit's detail page and coming back finds the grid as it was.
 * UI state only, never data.
 */
import { create } from 'zustand';

export interface CellAddress {
  unitId: string;
  colId: string;
}

export interface GridFilters {
  search: string;
  unfilled: boolean;
  vetoed: boolean;
  mine: boolean;
  /** only the columns of indicators the current assessor owns */
  myColumns: boolean;
  /** only units with a deduction whose reason is still 理由待补充 */
  pendingReason: boolean;
  /** only units whose returned self-assessment differs from the assessors' scores */
  selfDiff: boolean;
}

export const NO_FILTERS: GridFilters = { search: '', unfilled: false, vetoed: false, mine: false, myColumns: false, pendingReason: false, selfDiff: false };

interface GroupUi {
  collapsed: string[];
  filters: GridFilters;
  active: CellAddress | null;
}

const EMPTY_GROUP: GroupUi = { collapsed: [], filters: NO_FILTERS, active: null };

interface GridUiState {
  byGroup: Record<string, GroupUi>;
  update(group: string, change: (g: GroupUi) => Partial<GroupUi>): void;
}

export const useGridUi = create<GridUiState>()((set) => ({
  byGroup: {},
  update: (group, change) =>
    set((s) => {
      const g = s.byGroup[group] ?? EMPTY_GROUP;
      return { byGroup: { ...s.byGroup, [group]: { ...g, ...change(g) } } };
    }),
}));

export function useGroupUi(group: string): GroupUi {
  return useGridUi((s) => s.byGroup[group] ?? EMPTY_GROUP);
}
