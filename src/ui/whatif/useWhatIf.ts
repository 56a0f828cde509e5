/**
 * The what-if computation for one group: the draft goes through the rule-file door, then is scored on
 * the assessment's stored sheets. Nothing is written anywhere; the saved results are the ones the
 * rest of the app shows.
 */
import { useDeferredValue, useMemo } from 'react';
import { parseRuleSet, scoreGroup, type GroupResult, type RuleSet, type RuleWarning, type ValidationIssue } from '../../engine';
import type { AssessmentData } from '../../app/session';
import type { GroupView } from '../useAssessment';
import { diffRankings, summarizeMoves, type MoveSummary, type RankMove } from './diff';
import { draftChanges, type DraftChange } from './draft';

export interface WhatIf {
  /** the validated draft, or the problems that keep it from being scored */
  ruleSet: RuleSet | null;
  errors: ValidationIssue[];
  /** what the draft probably gets wrong (weights not summing to 1, say); it is scored all the same */
  warnings: RuleWarning[];
  result: GroupResult | null;
  moves: RankMove[];
  summary: MoveSummary;
  changes: DraftChange[];
  /** the draft being typed is ahead of the result shown */
  pending: boolean;
}

export function useWhatIf(g: GroupView, data: AssessmentData, draft: RuleSet): WhatIf {
  // scoring thousands of units can take a moment: typing stays responsive, the result follows
  const deferred = useDeferredValue(draft);
  const parsed = useMemo(() => parseRuleSet(deferred), [deferred]);
  const result = useMemo(() => {
    if (!parsed.ok) return null;
    const r = scoreGroup(parsed.ruleSet, data.units, data.entries, data.assessors, { selfScores: data.selfScores });
    return { ...r, groupName: g.group.name };
  }, [parsed, data, g.group.name]);
  return useMemo(() => {
    const moves = result ? diffRankings(g.result, result) : [];
    return {
      ruleSet: parsed.ok ? parsed.ruleSet : null,
      errors: parsed.ok ? [] : parsed.errors,
      warnings: parsed.ok ? parsed.warnings : [],
      result,
      moves,
      summary: summarizeMoves(moves),
      changes: draftChanges(g.ruleSet, deferred, g.compiled.indicators.map((i) => i.key)),
      pending: deferred !== draft,
    };
  }, [parsed, result, g, deferred, draft]);
}
