/**
 * What a lock pins: the hash of everything the results are computed from, and the results themselves
 * as plain data. Recomputing the hash later from the stored inputs shows whether anything changed.
 *
 * The hash covers the rule-set hashes of the groups, the units (group, class and objects decide what
 * is scored) and assessors (owners decide the "owner" aggregation) as well as the entries, each list
 * sorted by id, and the units' self scores where a rule set weights them. An entry's bookkeeping (revision, time, author) is left out: saving the same value
 * again, or undoing and redoing, does not change what was scored.
 */
import type { Assessor, GroupResult, ScoreEntry, Unit } from '../engine';
import { contentHash } from '../sync/contentHash';

export interface LockInputs {
  groups: readonly { key: string; ruleSetHash: string }[];
  units: readonly Unit[];
  assessors: readonly Assessor[];
  entries: readonly ScoreEntry[];
  /** the self scores that count (only where a rule set weights them), by unit and leaf */
  selfScores?: ReadonlyMap<string, ReadonlyMap<string, number>>;
}

const byId = <T extends { id: string }>(xs: readonly T[]) => [...xs].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

export function entryContent(e: ScoreEntry): Omit<ScoreEntry, 'rev' | 'updatedAt' | 'updatedBy'> {
  const { rev: _r, updatedAt: _a, updatedBy: _b, ...rest } = e;
  return rest;
}

export function inputsHash(inputs: LockInputs): string {
  return contentHash({
    ruleSets: inputs.groups.map((g) => ({ group: g.key, ruleSetHash: g.ruleSetHash })),
    units: byId(inputs.units),
    assessors: byId(inputs.assessors),
    entries: byId(inputs.entries).map(entryContent),
    // present only when self scores count, so hashes of assessments without them stay as they were
    ...(inputs.selfScores && inputs.selfScores.size > 0 && { self: selfContent(inputs.selfScores) }),
  });
}

const sortedKeys = (m: ReadonlyMap<string, unknown>) => [...m.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

function selfContent(selfScores: ReadonlyMap<string, ReadonlyMap<string, number>>) {
  return sortedKeys(selfScores).map((unitId) => {
    const scores = selfScores.get(unitId)!;
    return { unitId, scores: sortedKeys(scores).map((node) => ({ node, score: scores.get(node)! })) };
  });
}

/** The results to keep with a lock: per group, each unit's total, rank, tier, vetoes and indicator scores. */
export function snapshotResults(results: readonly GroupResult[]) {
  return results.map((g) => ({
    group: g.group,
    groupName: g.groupName,
    ruleSetId: g.ruleSetId,
    units: g.units.map((u) => ({
      unitId: u.unitId,
      unitName: u.unitName,
      total: u.total,
      display: u.display,
      rank: u.rank,
      tier: u.tier,
      tierName: u.tierName,
      tierReason: u.tierReason,
      unscored: u.unscored,
      vetoes: u.vetoes.map((v) => ({ key: v.key, name: v.name, ...(v.objectId !== undefined && { objectId: v.objectId }) })),
      indicators: Object.fromEntries(g.indicators.map((i) => [i.key, u.nodes[i.key]?.score ?? null])),
    })),
    tierCounts: g.tierCounts,
    statistics: g.statistics,
  }));
}
