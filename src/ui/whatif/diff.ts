/**
 * Saved ranking against the what-if ranking of the same units: who moved how many places, whose tier
 * changed. Places are compared by rank (so units tied before and after have not "moved").
 */
import type { GroupResult, UnitResult } from '../../engine';

export interface Placing {
  rank: number;
  total: number;
  display: string;
  tier: string;
  tierName: string;
  unscored: boolean;
}

export interface RankMove {
  unitId: string;
  unitName: string;
  saved: Placing;
  draft: Placing;
  /** places gained: saved rank − draft rank (↑ when positive) */
  rankDelta: number;
  /** the draft tier is better ('up') or worse ('down') than the saved one */
  tierMove: 'up' | 'down' | null;
}

const placing = (u: UnitResult): Placing => ({
  rank: u.rank,
  total: u.total,
  display: u.display,
  tier: u.tier,
  tierName: u.tierName,
  unscored: u.unscored,
});

/** Moves in the draft's display order; tiers compare by their order in the draft (best first). */
export function diffRankings(saved: GroupResult, draft: GroupResult): RankMove[] {
  const before = new Map(saved.units.map((u) => [u.unitId, u]));
  const order = new Map(draft.tierCounts.map((t, i) => [t.key, i]));
  const moves: RankMove[] = [];
  for (const u of draft.units) {
    const s = before.get(u.unitId);
    if (!s) continue;
    const [a, b] = [order.get(s.tier) ?? 0, order.get(u.tier) ?? 0];
    moves.push({
      unitId: u.unitId,
      unitName: u.unitName,
      saved: placing(s),
      draft: placing(u),
      rankDelta: s.rank - u.rank,
      tierMove: b < a ? 'up' : b > a ? 'down' : null,
    });
  }
  return moves;
}

/** ↑2 / ↓1, or '' for no move. */
export function moveText(delta: number): string {
  return delta > 0 ? `↑${delta}` : delta < 0 ? `↓${-delta}` : '';
}

export interface MoveSummary {
  moved: number;
  tierUp: number;
  tierDown: number;
}

export function summarizeMoves(moves: readonly RankMove[]): MoveSummary {
  return {
    moved: moves.filter((m) => m.rankDelta !== 0).length,
    tierUp: moves.filter((m) => m.tierMove === 'up').length,
    tierDown: moves.filter((m) => m.tierMove === 'down').length,
  };
}
