/**
 * The whole pipeline for one group: evaluate every unit of the rule set's group, rank, tier, and
 * compute indicator statistics. A pure function of rule set + sheets: results are never stored as truth.
 */
import { compileRuleSet, type CompiledRuleSet } from './compile';
import { evaluateUnit, type EvaluateOptions } from './evaluate';
import { rankUnits } from './rank';
import { assignTiers } from './tier';
import { indicatorStatistics, tierCounts } from './statistics';
import type { RuleSet } from './ruleSchema';
import type { Assessor, ScoreEntry, Unit } from './sheetSchema';
import type { GroupResult } from './result';

/** Entries grouped by unit once, so each unit's evaluation reads only its own rows. */
export function entriesByUnit(entries: readonly ScoreEntry[]): Map<string, ScoreEntry[]> {
  const m = new Map<string, ScoreEntry[]>();
  for (const e of entries) {
    const list = m.get(e.unitId);
    if (list) list.push(e);
    else m.set(e.unitId, [e]);
  }
  return m;
}

export function scoreCompiledGroup(
  c: CompiledRuleSet,
  units: readonly Unit[],
  entries: readonly ScoreEntry[],
  assessors: readonly Assessor[],
  options: EvaluateOptions = {},
): GroupResult {
  const { ruleSet } = c;
  const byUnit = entriesByUnit(entries);
  const evaluated = units
    .filter((u) => u.group === ruleSet.group.key)
    .map((u) => evaluateUnit(c, u, byUnit.get(u.id) ?? [], assessors, options));
  const results = assignTiers(ruleSet, rankUnits(ruleSet, evaluated));
  return {
    ruleSetId: ruleSet.id,
    group: ruleSet.group.key,
    groupName: ruleSet.group.name,
    units: results,
    indicators: c.indicators,
    statistics: indicatorStatistics(c, results),
    tierCounts: tierCounts(ruleSet, results),
  };
}

export function scoreGroup(
  ruleSet: RuleSet,
  units: readonly Unit[],
  entries: readonly ScoreEntry[],
  assessors: readonly Assessor[],
  options: EvaluateOptions = {},
): GroupResult {
  return scoreCompiledGroup(compileRuleSet(ruleSet), units, entries, assessors, options);
}
