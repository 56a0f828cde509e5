/**
 * The open assessment as the pages see it: the stored inputs and the results the engine computes from
 * them. Results are recomputed whenever the inputs change and never stored.
 */
import { circularText } from '../report/circularText';
import {
  entriesByUnit,
  scoreCompiledGroup,
  type ScoreEntry,
  type CompiledRuleSet,
  type GroupResult,
  type RuleSet,
  type Unit,
} from '../engine';
import { compiledFor } from './compiledRuleSets';
import type { AssessmentData, AssessmentGroup } from './session';

export interface GroupView {
  group: AssessmentGroup;
  ruleSet: RuleSet;
  compiled: CompiledRuleSet;
  result: GroupResult;
}

export interface AssessmentView {
  /** `data.entries` is made on first use at nation scale: per unit, prefer entriesByUnit */
  data: AssessmentData;
  /** every assessor's entries of each unit (units without entries are absent), sorted by id */
  entriesByUnit: ReadonlyMap<string, readonly ScoreEntry[]>;
  groups: GroupView[];
  circular: { overall: string[]; indicators: string[] };
  unitsById: Map<string, Unit>;
}

export function computeView(data: AssessmentData): AssessmentView {
  const groups = data.groupRuleSets.map(({ group, ruleSet }) => {
    const compiled = compiledFor(group.ruleSetHash, ruleSet);
    const result = scoreCompiledGroup(compiled, data.units, data.entries, data.assessors, { selfScores: data.selfScores });
    // the assessment's own name for the group wins over the rule set's
    return { group, ruleSet, compiled, result: { ...result, groupName: group.name } };
  });
  return {
    data,
    entriesByUnit: entriesByUnit(data.entries),
    groups,
    circular: circularText(groups.map((g) => g.result)),
    unitsById: new Map(data.units.map((u) => [u.id, u])),
  };
}
