/**
 * What the grid of one group shows, from the live assessment: its units, the current assessor's
 * entries by cell, the live results, and progress. Everything is looked up or counted per unit and
 * remembered per unit entry list, so a save costs the edited unit, not a pass over every entry.
 */
import { useCallback, useMemo } from 'react';
import type { Assessor, CompiledRuleSet, GroupResult, ScoreEntry, Unit, UnitResult } from '../../engine';
import { useApp } from '../appContext';
import { useAssessment, type GroupView } from '../useAssessment';
import { excludedLeaves, gridLayout, type GridLayout } from './columns';
import { ProgressCounter, cellOfKey, scopeOf, type AssessorProgress, type Progress } from './progress';

export interface GridData {
  g: GroupView;
  compiled: CompiledRuleSet;
  layout: GridLayout;
  assessor: Assessor | null;
  /** the group's units in name order (pinyin) */
  units: Unit[];
  /** the current assessor's unit-level entries by cell key */
  stored: CellLookup;
  /** every assessor's entries per unit */
  entriesByUnit: ReadonlyMap<string, readonly ScoreEntry[]>;
  result: GroupResult;
  resultOf: ReadonlyMap<string, UnitResult>;
  excluded(unit: Unit): ReadonlySet<string>;
  /** leaf keys the current assessor answers for */
  scope: ReadonlySet<string>;
  progressOf(unitId: string): Progress;
  total: Progress;
  assessors: AssessorProgress[];
}

/** Entries by cell key (progress.ts cellKey). */
export interface CellLookup {
  get(cell: string): ScoreEntry | undefined;
}

const collator = new Intl.Collator('zh-Hans-CN');

const fingerprint = (xs: readonly object[]) => JSON.stringify(xs);

export function useGridData(g: GroupView): GridData {
  const { assessor, assessors } = useApp();
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
  // live results are the shell's (it scores again only the units an edit touched)
  const result = g.result;
  const resultOf = useMemo(() => new Map(result.units.map((u) => [u.unitId, u])), [result]);

  const entriesByUnit = view.entriesByUnit;
  // the current assessor's entry of a cell, looked up in that unit's own list (indexed once per list)
  const cellsOf = useMemo(() => new WeakMap<readonly ScoreEntry[], Map<string, ScoreEntry>>(), [assessor?.id]);
  const stored = useMemo((): CellLookup => {
    const get = (cell: string) => {
      const { unitId, node, objectId } = cellOfKey(cell);
      if (!assessor || objectId !== undefined) return undefined;
      const list = entriesByUnit.get(unitId);
      if (!list) return undefined;
      let cells = cellsOf.get(list);
      if (!cells) {
        cells = new Map();
        for (const e of list) if (e.assessorId === assessor.id && e.objectId === undefined) cells.set(e.node, e);
        cellsOf.set(list, cells);
      }
      return cells.get(node);
    };
    return { get };
  }, [entriesByUnit, cellsOf, assessor]);

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
  // counts kept per unit entry list: after an edit only the edited unit is counted again
  const counter = useMemo(() => new ProgressCounter(compiled, excluded), [compiled, excluded]);
  const progress = useMemo(() => {
    const byUnit = new Map<string, Progress>();
    let filled = 0;
    let total = 0;
    for (const u of units) {
      const p = counter.of(u, entriesByUnit.get(u.id) ?? NO_ENTRIES, assessor);
      byUnit.set(u.id, p);
      filled += p.filled;
      total += p.total;
    }
    return { byUnit, total: { filled, total } };
  }, [counter, units, entriesByUnit, assessor]);
  const assessorRows = useMemo(
    () =>
      assessors.map((a): AssessorProgress => {
        let filled = 0;
        let total = 0;
        for (const u of units) {
          const p = counter.of(u, entriesByUnit.get(u.id) ?? NO_ENTRIES, a);
          filled += p.filled;
          total += p.total;
        }
        return { assessor: a, filled, total };
      }),
    [counter, units, assessors, entriesByUnit],
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
    }),
    [g, compiled, layout, assessor, units, stored, entriesByUnit, result, resultOf, excluded, scope, progressOf, progress, assessorRows],
  );
}

const NO_PROGRESS: Progress = { filled: 0, total: 0 };
const NO_ENTRIES: readonly ScoreEntry[] = [];
