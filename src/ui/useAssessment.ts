/**
 * The open assessment as the pages see it: the stored inputs (read live from IndexedDB) and the results
 * the engine computes from them. Results are recomputed whenever the inputs change and never stored.
 */
import { createContext, useContext, useMemo } from 'react';
import type { AssessmentData, AssessmentGroup, KaoheDb } from '../db/repo';
import { loadAssessmentData } from '../db/repo';
import {
  circularText,
  compileRuleSet,
  scoreCompiledGroup,
  type CompiledRuleSet,
  type GroupResult,
  type RuleSet,
  type Unit,
} from '../scoring';
import { useLive, type Live } from './useLive';

export interface GroupView {
  group: AssessmentGroup;
  ruleSet: RuleSet;
  compiled: CompiledRuleSet;
  result: GroupResult;
}

export interface AssessmentView {
  data: AssessmentData;
  groups: GroupView[];
  circular: { overall: string[]; indicators: string[] };
  unitsById: Map<string, Unit>;
}

// Rule sets are pinned by content hash, so a compiled index can be reused across reloads of the data.
const compiledByHash = new Map<string, CompiledRuleSet>();

function compiledFor(hash: string, ruleSet: RuleSet): CompiledRuleSet {
  let c = compiledByHash.get(hash);
  if (!c) {
    c = compileRuleSet(ruleSet);
    compiledByHash.set(hash, c);
  }
  return c;
}

export function computeView(data: AssessmentData): AssessmentView {
  const groups = data.groupRuleSets.map(({ group, ruleSet }) => {
    const compiled = compiledFor(group.ruleSetHash, ruleSet);
    const result = scoreCompiledGroup(compiled, data.units, data.entries, data.assessors);
    // the assessment's own name for the group wins over the rule set's
    return { group, ruleSet, compiled, result: { ...result, groupName: group.name } };
  });
  return {
    data,
    groups,
    circular: circularText(groups.map((g) => g.result)),
    unitsById: new Map(data.units.map((u) => [u.id, u])),
  };
}

/** Loads an assessment live and scores it; used once, by the app shell, which shares it with the pages. */
export function useAssessmentLoader(db: KaoheDb, assessmentId: string | null): Live<AssessmentView | null> {
  const data = useLive(
    () => (assessmentId === null ? Promise.resolve(null) : loadAssessmentData(db, assessmentId)),
    [db, assessmentId],
  );
  return useMemo((): Live<AssessmentView | null> => {
    if (data.status !== 'ready') return data;
    try {
      return { status: 'ready', value: data.value === null ? null : computeView(data.value) };
    } catch (e) {
      return { status: 'error', error: e instanceof Error ? e : new Error(String(e)) };
    }
  }, [data]);
}

export const AssessmentContext = createContext<AssessmentView | null>(null);

/** The open assessment's inputs and results (inside the app shell). */
export function useAssessment(): AssessmentView {
  const view = useContext(AssessmentContext);
  if (!view) throw new Error('useAssessment outside of the app shell');
  return view;
}
