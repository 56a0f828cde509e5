/**
 * The self scores that count toward results: only where a group's rule set weights self-assessment
 * (ruleSet.selfAssessment), only from results units sent back (a draft never counts), by unit and leaf.
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
  const weighted = new Set(groupRuleSets.filter((g) => g.ruleSet.selfAssessment).map((g) => g.group.key));
  // without a weighting rule set the table is not read: results (and a live read) do not depend on it
  if (weighted.size === 0) return NONE;
  const counting = new Set(units.filter((u) => weighted.has(u.group)).map((u) => u.id));
  // a Dexie promise (no async function here): the caller's transaction stays the one in use
  return db.selfAssessments
    .where('assessmentId')
    .equals(assessmentId)
    .toArray()
    .then((rows) => byUnit(rows, counting));
}

function byUnit(rows: readonly SelfAssessmentRow[], counting: ReadonlySet<string>): ReadonlyMap<string, ReadonlyMap<string, number>> {
  const out = new Map<string, Map<string, number>>();
  for (const r of [...rows].sort((a, b) => (a.unitId < b.unitId ? -1 : a.unitId > b.unitId ? 1 : 0))) {
    if (r.kind !== 'imported' || !counting.has(r.unitId)) continue;
    const scores = new Map<string, number>();
    for (const i of r.items) if (i.score !== undefined) scores.set(i.node, i.score);
    if (scores.size > 0) out.set(r.unitId, scores);
  }
  return out;
}
