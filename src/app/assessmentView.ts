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
  /**
   * Present while the entries are still being read on opening: `groups` then hold results scored off
   * the page from the stored entries, `entriesByUnit` and `data.entries` are not filled yet, and only
   * pages that show results may be drawn. `outdated`: the stored data changed since those results were
   * scored (they are replaced once every entry is read).
   */
  loading?: EntriesLoading;
}

export interface EntriesLoading {
  /**
   * Packs of entries (one unit by one assessor) read so far, of all: asked for as it goes (a progress
   * mark polls it), so that reading does not draw the page again after every chunk.
   */
  progress(): { read: number; total: number };
  outdated: boolean;
  /** the results are the stored snapshot (scored earlier from the inputs as stored now), not scored on this opening */
  fromSnapshot: boolean;
}

/** Every group of the assessment scored from scratch, in group order. */
export function scoreGroups(data: AssessmentData): GroupView[] {
  return data.groupRuleSets.map(({ group, ruleSet }) => {
    const compiled = compiledFor(group.ruleSetHash, ruleSet);
    const result = scoreCompiledGroup(compiled, data.units, data.entries, data.assessors, { selfScores: data.selfScores });
    // the assessment's own name for the group wins over the rule set's
    return { group, ruleSet, compiled, result: { ...result, groupName: group.name } };
  });
}

export function computeView(data: AssessmentData): AssessmentView {
  const groups = scoreGroups(data);
  return {
    data,
    entriesByUnit: entriesByUnit(data.entries),
    groups,
    circular: circularText(groups.map((g) => g.result)),
    unitsById: new Map(data.units.map((u) => [u.id, u])),
  };
}
