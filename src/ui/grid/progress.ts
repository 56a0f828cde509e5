/**
 * How much is entered: per unit for the current assessor, and per assessor for the group. A cell is a
 * leaf (× object for per-object leaves) that applies to the unit; a "not applicable" mark counts as
 * filled. Vetoes are left out: an unentered veto is simply not triggered.
 *
 * An assessor who owns indicators (assessor.owns) is measured on those; one who owns none, on all.
 * Without a chosen assessor a unit shows the combined state: the cells anyone has entered.
 */
import type { Assessor, CompiledRuleSet, ScoreEntry, Unit } from '../../engine';
import { insideAny } from './columns';

export interface Progress {
  filled: number;
  total: number;
}

export const cellKey = (unitId: string, node: string, objectId?: string) =>
  objectId === undefined ? `${unitId}\u0000${node}` : `${unitId}\u0000${node}\u0000${objectId}`;

/** The parts of a cellKey. */
export function cellOfKey(key: string): { unitId: string; node: string; objectId?: string } {
  const [unitId = '', node = '', objectId] = key.split('\u0000');
  return objectId === undefined ? { unitId, node } : { unitId, node, objectId };
}

/** Leaf keys an assessor answers for in this rule set: the leaves inside what they own, or all. */
export function scopeOf(c: CompiledRuleSet, assessor: Assessor | null): ReadonlySet<string> {
  const owns = new Set(assessor?.owns ?? []);
  const owned = c.leaves.filter((l) => insideAny(c, l.key, owns)).map((l) => l.key);
  return new Set(owned.length > 0 ? owned : c.leaves.map((l) => l.key));
}

/** The cells of a unit within a scope: leaves that apply to it, per-object leaves once per object of their kind. */
export function unitTotal(c: CompiledRuleSet, unit: Unit, scope: ReadonlySet<string>, excluded: ReadonlySet<string>): number {
  let total = 0;
  for (const key of scope) {
    if (excluded.has(key)) continue;
    const kind = c.objectScopeOf(key)?.perObject?.kind;
    total += kind === undefined ? 1 : unit.objects.filter((o) => o.kind === kind).length;
  }
  return total;
}

/**
 * The cells of `unit` one assessor has filled, from the unit's entries; with `assessorId` null, the
 * cells anyone has filled (the combined state, each cell once however many assessors entered it).
 */
export function unitFilled(
  c: CompiledRuleSet,
  unit: Unit,
  entries: readonly ScoreEntry[],
  assessorId: string | null,
  scope: ReadonlySet<string>,
  excluded: ReadonlySet<string>,
): number {
  const cells = new Set<string>();
  for (const e of entries) {
    if ((assessorId !== null && e.assessorId !== assessorId) || e.unitId !== unit.id || !scope.has(e.node) || excluded.has(e.node)) continue;
    const kind = c.objectScopeOf(e.node)?.perObject?.kind;
    if (kind === undefined ? e.objectId === undefined : unit.objects.some((o) => o.id === e.objectId && o.kind === kind))
      cells.add(cellKey(unit.id, e.node, e.objectId));
  }
  return cells.size;
}

/**
 * Counts progress unit by unit from each unit's own entries, remembering the count of each entry list:
 * after an edit only the unit whose list changed is counted again (the grid of a nation-wide group
 * recounts on every save). Totals are counted once per kind of unit (class and objects).
 */
export class ProgressCounter {
  private readonly totals = new Map<string, number>();
  private readonly filled = new WeakMap<readonly ScoreEntry[], Map<string, Progress>>();
  private readonly none = new Map<number, Progress>();
  private readonly scopes = new Map<string, ReadonlySet<string>>();

  constructor(
    private readonly c: CompiledRuleSet,
    private readonly excludedOf: (u: Unit) => ReadonlySet<string>,
  ) {}

  private scope(assessor: Assessor | null): ReadonlySet<string> {
    const k = assessor ? JSON.stringify([assessor.id, assessor.owns]) : '';
    let s = this.scopes.get(k);
    if (!s) this.scopes.set(k, (s = scopeOf(this.c, assessor)));
    return s;
  }

  /** One unit's progress for one assessor, or without one the combined state of all assessors. */
  of(unit: Unit, entries: readonly ScoreEntry[], assessor: Assessor | null): Progress {
    const scope = this.scope(assessor);
    const sig = `${assessor ? JSON.stringify([assessor.id, assessor.owns]) : ''}|${unit.unitClass ?? ''}|${unit.objects.map((o) => o.kind).join(',')}`;
    let total = this.totals.get(sig);
    if (total === undefined) this.totals.set(sig, (total = unitTotal(this.c, unit, scope, this.excludedOf(unit))));
    // the same object while nothing changed: a grid row redraws only when its own progress does
    if (entries.length === 0) {
      let none = this.none.get(total);
      if (!none) this.none.set(total, (none = { filled: 0, total }));
      return none;
    }
    let byAssessor = this.filled.get(entries);
    if (!byAssessor) this.filled.set(entries, (byAssessor = new Map()));
    // '' cannot be an assessor id (ids are non-empty): it keys the combined count
    const who = assessor?.id ?? '';
    let p = byAssessor.get(who);
    if (p === undefined || p.total !== total) byAssessor.set(who, (p = { filled: unitFilled(this.c, unit, entries, assessor?.id ?? null, scope, this.excludedOf(unit)), total }));
    return p;
  }
}

export interface AssessorProgress extends Progress {
  assessor: Assessor;
}

export const percent = (p: Progress) => (p.total === 0 ? 100 : Math.floor((p.filled / p.total) * 100));
