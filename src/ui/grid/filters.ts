/** Which units the grid lists: by name or pinyin initials, unfilled, vetoed, the assessor's own, or with reasons to write. */
import type { CompiledRuleSet, Unit, UnitResult } from '../../engine';
import type { GridFilters } from './gridUi';
import { matchesName } from './pinyin';
import type { Progress } from './progress';

export interface FilterFacts {
  progressOf(unitId: string): Progress;
  resultOf: ReadonlyMap<string, UnitResult>;
  /** leaf keys the current assessor owns (empty: owns nothing) */
  owned: ReadonlySet<string>;
  excluded(unit: Unit): ReadonlySet<string>;
  /** the unit's self score differs from the assessors' on some leaf */
  selfDiffers?(unitId: string): boolean;
}

/** Whether any filter would leave a unit out (the column filter only hides columns). */
export function filtering(f: GridFilters): boolean {
  return f.search.trim() !== '' || f.unfilled || f.vetoed || f.pendingReason || f.selfDiff || f.mine;
}

export function filterUnits(units: readonly Unit[], f: GridFilters, facts: FilterFacts): Unit[] {
  return units.filter((u) => {
    if (f.search.trim() !== '' && !matchesName(u.name, f.search) && !(u.shortName && matchesName(u.shortName, f.search))) return false;
    if (f.unfilled) {
      const p = facts.progressOf(u.id);
      if (p.filled >= p.total) return false;
    }
    if (f.vetoed && (facts.resultOf.get(u.id)?.vetoes.length ?? 0) === 0) return false;
    if (f.pendingReason && !(facts.resultOf.get(u.id)?.missing.some((m) => m.reasonPending === true) ?? false)) return false;
    if (f.selfDiff && !(facts.selfDiffers?.(u.id) ?? false)) return false;
    if (f.mine) {
      // units with at least one owned check point that applies to them
      const excluded = facts.excluded(u);
      if (![...facts.owned].some((k) => !excluded.has(k))) return false;
    }
    return true;
  });
}

/** Leaf and veto keys inside what an assessor owns. */
export function ownedKeys(c: CompiledRuleSet, owns: readonly string[]): Set<string> {
  const set = new Set(owns);
  const out = new Set<string>();
  if (set.size === 0) return out;
  for (const l of c.leaves) {
    for (let k: string | undefined = l.key; k !== undefined; k = c.parent.get(k)) {
      if (set.has(k)) {
        out.add(l.key);
        break;
      }
    }
  }
  for (const v of c.ruleSet.vetoes) if (set.has(v.key)) out.add(v.key);
  return out;
}
