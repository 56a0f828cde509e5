/**
 * How much is entered: per unit for the current assessor, and per assessor for the group. A cell is a
 * leaf (× object for per-object leaves) that applies to the unit; a "not applicable" mark counts as
 * filled. Vetoes are left out: an unentered veto is simply not triggered.
 *
 * An assessor who owns indicators (assessor.owns) is measured on those; one who owns none, on all.
 */
import type { Assessor, CompiledRuleSet, ScoreEntry, Unit } from '../../scoring';
import { insideAny } from './columns';

export interface Progress {
  filled: number;
  total: number;
}

export const cellKey = (unitId: string, node: string, objectId?: string) =>
  objectId === undefined ? `${unitId}\u0000${node}` : `${unitId}\u0000${node}\u0000${objectId}`;

/** Leaf keys an assessor answers for in this rule set: the leaves inside what they own, or all. */
export function scopeOf(c: CompiledRuleSet, assessor: Assessor | null): ReadonlySet<string> {
  const owns = new Set(assessor?.owns ?? []);
  const owned = c.leaves.filter((l) => insideAny(c, l.key, owns)).map((l) => l.key);
  return new Set(owned.length > 0 ? owned : c.leaves.map((l) => l.key));
}

/** The cells of a unit within a scope, as cell keys. */
export function unitCells(c: CompiledRuleSet, unit: Unit, scope: ReadonlySet<string>, excluded: ReadonlySet<string>): string[] {
  const out: string[] = [];
  for (const leaf of c.leaves) {
    if (!scope.has(leaf.key) || excluded.has(leaf.key)) continue;
    const kind = c.objectScopeOf(leaf.key)?.perObject?.kind;
    if (kind === undefined) out.push(cellKey(unit.id, leaf.key));
    else for (const o of unit.objects) if (o.kind === kind) out.push(cellKey(unit.id, leaf.key, o.id));
  }
  return out;
}

/** Cell keys of one assessor's entries. */
export function filledKeys(entries: readonly ScoreEntry[], assessorId: string): Set<string> {
  const out = new Set<string>();
  for (const e of entries) if (e.assessorId === assessorId) out.add(cellKey(e.unitId, e.node, e.objectId));
  return out;
}

export function countFilled(cells: readonly string[], filled: ReadonlySet<string>): Progress {
  let n = 0;
  for (const k of cells) if (filled.has(k)) n++;
  return { filled: n, total: cells.length };
}

/**
 * Every unit's progress for one assessor in one pass over the entries (linear in entries and units,
 * not in units × check points: a province's grid recounts this on every save).
 */
export function progressByUnit(
  c: CompiledRuleSet,
  units: readonly Unit[],
  entries: readonly ScoreEntry[],
  assessorId: string | null,
  scope: ReadonlySet<string>,
  excludedOf: (u: Unit) => ReadonlySet<string>,
): Map<string, Progress> {
  const kindOf = new Map<string, string | undefined>();
  for (const key of scope) kindOf.set(key, c.objectScopeOf(key)?.perObject?.kind);
  // cells per unit depend on its class (exclusions) and its objects: count once per distinct pair
  const totals = new Map<string, number>();
  const out = new Map<string, Progress>();
  const byId = new Map<string, Unit>();
  for (const u of units) {
    byId.set(u.id, u);
    const excluded = excludedOf(u);
    const sig = `${u.unitClass ?? ''}|${u.objects.map((o) => o.kind).join(',')}`;
    let total = totals.get(sig);
    if (total === undefined) {
      total = 0;
      for (const [key, kind] of kindOf) {
        if (excluded.has(key)) continue;
        total += kind === undefined ? 1 : u.objects.filter((o) => o.kind === kind).length;
      }
      totals.set(sig, total);
    }
    out.set(u.id, { filled: 0, total });
  }
  if (assessorId === null) return out;
  for (const e of entries) {
    if (e.assessorId !== assessorId || !kindOf.has(e.node)) continue;
    const u = byId.get(e.unitId);
    if (!u || excludedOf(u).has(e.node)) continue;
    const kind = kindOf.get(e.node);
    const counts = kind === undefined ? e.objectId === undefined : u.objects.some((o) => o.id === e.objectId && o.kind === kind);
    if (counts) out.get(u.id)!.filled++;
  }
  return out;
}

export interface AssessorProgress extends Progress {
  assessor: Assessor;
}

/** Each assessor's progress over the group's units. */
export function assessorProgress(
  c: CompiledRuleSet,
  units: readonly Unit[],
  assessors: readonly Assessor[],
  entries: readonly ScoreEntry[],
  excludedOf: (u: Unit) => ReadonlySet<string>,
): AssessorProgress[] {
  return assessors.map((a) => {
    let filled = 0;
    let total = 0;
    for (const p of progressByUnit(c, units, entries, a.id, scopeOf(c, a), excludedOf).values()) {
      filled += p.filled;
      total += p.total;
    }
    return { assessor: a, filled, total };
  });
}

export const percent = (p: Progress) => (p.total === 0 ? 100 : Math.floor((p.filled / p.total) * 100));
