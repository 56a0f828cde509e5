/**
 * What the grid of one group shows, from the live assessment: its units, the current assessor's
 * entries by cell, live results from a LiveScorer held across renders, and progress.
 */
import { useCallback, useMemo, useRef, useState } from 'react';
import type { Assessor, CompiledRuleSet, GroupResult, ScoreEntry, Unit, UnitResult } from '../../scoring';
import { useApp } from '../appContext';
import { useAssessment, type GroupView } from '../useAssessment';
import { excludedLeaves, gridLayout, type GridLayout } from './columns';
import { LiveScorer } from './liveScorer';
import { assessorProgress, cellKey, progressByUnit, scopeOf, type AssessorProgress, type Progress } from './progress';
import type { Written } from './writeCells';

export interface GridData {
  g: GroupView;
  compiled: CompiledRuleSet;
  layout: GridLayout;
  assessor: Assessor | null;
  /** the group's units in name order (pinyin) */
  units: Unit[];
  /** the current assessor's unit-level entries by cell key */
  stored: ReadonlyMap<string, ScoreEntry>;
  /** every assessor's entries per unit */
  entriesByUnit: ReadonlyMap<string, ScoreEntry[]>;
  result: GroupResult;
  resultOf: ReadonlyMap<string, UnitResult>;
  excluded(unit: Unit): ReadonlySet<string>;
  /** leaf keys the current assessor answers for */
  scope: ReadonlySet<string>;
  progressOf(unitId: string): Progress;
  total: Progress;
  assessors: AssessorProgress[];
  /** the grid's own committed writes, applied to the live results at once */
  applyWritten(w: Written): void;
}

const collator = new Intl.Collator('zh-Hans-CN');

const fingerprint = (xs: readonly object[]) => JSON.stringify(xs);

export function useGridData(g: GroupView): GridData {
  const { assessment, assessor, assessors } = useApp();
  const view = useAssessment();
  const compiled = g.compiled;
  const layout = useMemo(() => gridLayout(compiled), [compiled]);
  const groupKey = g.group.key;

  const unitsAll = view.data.units;
  const unitsKey = useMemo(() => fingerprint(unitsAll.filter((u) => u.group === groupKey)), [unitsAll, groupKey]);
  const units = useMemo(
    () => unitsAll.filter((u) => u.group === groupKey).sort((a, b) => collator.compare(a.name, b.name) || (a.id < b.id ? -1 : 1)),
    // the rows change only when the units do, not on every reload of the data
    [unitsKey],
  );
  const assessorsKey = fingerprint(assessors);

  // one scorer per group, rule set, units and assessors; entries flow in by sync/apply
  const scorerRef = useRef<{ key: string; live: LiveScorer } | null>(null);
  const scorerKey = `${assessment.id}|${groupKey}|${g.group.ruleSetHash}|${unitsKey}|${assessorsKey}`;
  const [version, setVersion] = useState(0);
  const live = useMemo(() => {
    if (scorerRef.current?.key !== scorerKey) {
      scorerRef.current = { key: scorerKey, live: new LiveScorer(compiled, units, view.data.entries, assessors) };
    } else {
      scorerRef.current.live.sync(view.data.entries);
    }
    return scorerRef.current.live;
  }, [scorerKey, compiled, units, view.data.entries, assessors]);
  const result = useMemo(() => ({ ...live.result(), groupName: g.group.name }), [live, version, view.data.entries, g.group.name]);
  const resultOf = useMemo(() => new Map(result.units.map((u) => [u.unitId, u])), [result]);

  const applyWritten = useCallback(
    (w: Written) => {
      live.apply(w.saved, w.deleted);
      setVersion((v) => v + 1);
    },
    [live],
  );

  const unitIds = useMemo(() => new Set(units.map((u) => u.id)), [units]);
  const { stored, entriesByUnit } = useMemo(() => {
    const stored = new Map<string, ScoreEntry>();
    const byUnit = new Map<string, ScoreEntry[]>();
    for (const e of view.data.entries) {
      if (!unitIds.has(e.unitId)) continue;
      const list = byUnit.get(e.unitId);
      if (list) list.push(e);
      else byUnit.set(e.unitId, [e]);
      if (assessor && e.assessorId === assessor.id && e.objectId === undefined) stored.set(cellKey(e.unitId, e.node), e);
    }
    return { stored, entriesByUnit: byUnit };
  }, [view.data.entries, unitIds, assessor]);

  const excludedByClass = useMemo(() => new Map<string, ReadonlySet<string>>(), [compiled]);
  const excluded = useCallback(
    (u: Unit) => {
      const k = u.unitClass ?? '';
      let s = excludedByClass.get(k);
      if (!s) {
        s = excludedLeaves(compiled, u);
        excludedByClass.set(k, s);
      }
      return s;
    },
    [compiled, excludedByClass],
  );

  const scope = useMemo(() => scopeOf(compiled, assessor), [compiled, assessor]);
  const progress = useMemo(() => {
    const byUnit = progressByUnit(compiled, units, view.data.entries, assessor?.id ?? null, scope, excluded);
    let filled = 0;
    let total = 0;
    for (const p of byUnit.values()) {
      filled += p.filled;
      total += p.total;
    }
    return { byUnit, total: { filled, total } };
  }, [assessor, view.data.entries, units, compiled, scope, excluded]);
  const assessorRows = useMemo(
    () => assessorProgress(compiled, units, assessors, view.data.entries, excluded),
    [compiled, units, assessors, view.data.entries, excluded],
  );

  const progressOf = useCallback((id: string) => progress.byUnit.get(id) ?? NO_PROGRESS, [progress]);

  // one object while nothing it holds changes: moving the active cell does not rebuild the rows
  return useMemo(
    () => ({
      g,
      compiled,
      layout,
      assessor,
      units,
      stored,
      entriesByUnit,
      result,
      resultOf,
      excluded,
      scope,
      progressOf,
      total: progress.total,
      assessors: assessorRows,
      applyWritten,
    }),
    [g, compiled, layout, assessor, units, stored, entriesByUnit, result, resultOf, excluded, scope, progressOf, progress, assessorRows, applyWritten],
  );
}

const NO_PROGRESS: Progress = { filled: 0, total: 0 };
