/**
 * The self scores that count toward results: only where a group's rule set weights self-assessment
 * (ruleSet.selfAssessment), only from results units sent back (a draft never counts) against the group's
 * current rule set, by unit and leaf.
 */
import type { RuleSet } from '../model/ruleSet';
import type { Unit } from '../model/entries';
import type { KaoheDb } from './database';
import type { AssessmentGroup, SelfAssessmentRow } from './schema';

const NONE: ReadonlyMap<string, ReadonlyMap<string, number>> = new Map();

export function countingSelfScores(
  db: KaoheDb,
  assessmentId: string,
  groupRuleSets: readonly { group: AssessmentGroup; ruleSet: RuleSet }[],
  units: readonly Unit[],
): Promise<ReadonlyMap<string, ReadonlyMap<string, number>>> | ReadonlyMap<string, ReadonlyMap<string, number>> {
  const weighted = new Map(groupRuleSets.filter((g) => g.ruleSet.selfAssessment).map((g) => [g.group.key, g.group.ruleSetHash]));
  // without a weighting rule set the table is not read: results (and a live read) do not depend on it
  if (weighted.size === 0) return NONE;
  // each counting unit with the rule set its self-assessment must have been made against
  const counting = new Map(units.filter((u) => weighted.has(u.group)).map((u) => [u.id, weighted.get(u.group)!]));
  // a Dexie promise (no async function here): the caller's transaction stays the one in use
  return db.selfAssessments
    .where('assessmentId')
    .equals(assessmentId)
    .toArray()
    .then((rows) => byUnit(rows, counting));
}

function byUnit(rows: readonly SelfAssessmentRow[], counting: ReadonlyMap<string, string>): ReadonlyMap<string, ReadonlyMap<string, number>> {
  const out = new Map<string, Map<string, number>>();
  for (const r of [...rows].sort((a, b) => (a.unitId < b.unitId ? -1 : a.unitId > b.unitId ? 1 : 0))) {
    // a result made against an earlier rule set of the group no longer counts: its items and maxima may differ
    if (r.kind !== 'imported' || counting.get(r.unitId) !== r.ruleSetHash) continue;
    const scores = new Map<string, number>();
    for (const i of r.items) if (i.score !== undefined) scores.set(i.node, i.score);
    if (scores.size > 0) out.set(r.unitId, scores);
  }
  return out;
}
