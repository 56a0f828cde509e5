/**
 * What the grid of one group shows, from the live assessment: its units, the current assessor's
 * entries by cell, the live results, and progress. Everything is looked up or counted per unit and
 * remembered per unit entry list, so a save costs the edited unit, not a pass over every entry.
 */
import { useCallback, useMemo, useRef } from 'react';
import { unitsChangedSince } from '../../app/unitEntries';
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
  /** units whose cells the current assessor (or, without one, anyone) has all filled */
  unitsDone: number;
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
  const resultOf = useResultOf(result);

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
  const me = useMemo(() => [assessor], [assessor]);
  const progress = useProgressSums(counter, units, entriesByUnit, me);
  const assessorRows = useProgressSums(counter, units, entriesByUnit, assessors);

  const progressOf = useCallback((id: string) => progress.byUnit.get(id) ?? NO_PROGRESS, [progress]);

  // one object while nothing it holds changes: moving the active cell does not rebuild the rows
  return useMemo(
    () => ({
      g,
      compiled,
      layout,
      assessor,
      units,
      unitsDone: progress.done,
      stored,
      entriesByUnit,
      result,
      resultOf,
      excluded,
      scope,
      progressOf,
      total: progress.total,
      assessors: assessorRows.rows,
    }),
    [g, compiled, layout, assessor, units, stored, entriesByUnit, result, resultOf, excluded, scope, progressOf, progress, assessorRows],
  );
}

/**
 * Units by id in the live result. The map is kept and only the units whose result objects changed are
 * set again (the engine keeps the object of every unit an edit did not move or retier).
 */
function useResultOf(result: GroupResult): ReadonlyMap<string, UnitResult> {
  const kept = useRef<{ units: readonly UnitResult[]; map: Map<string, UnitResult> } | null>(null);
  return useMemo(() => {
    const last = kept.current;
    if (!last || last.units.length !== result.units.length) {
      kept.current = { units: result.units, map: new Map(result.units.map((u) => [u.unitId, u])) };
      return kept.current.map;
    }
    const { units, map } = last;
    for (let j = 0; j < units.length; j++) {
      const u = result.units[j]!;
      if (u !== units[j]) map.set(u.unitId, u);
    }
    last.units = result.units;
    return map;
  }, [result]);
}

interface ProgressSums {
  byUnit: Map<string, Progress>;
  total: Progress;
  /** units with every cell filled */
  done: number;
}

/**
 * Progress of each unit and its sums, per assessor (null: anyone). After a save only the units whose
 * entry lists changed are counted again and their old counts swapped for the new in the sums; anything
 * else (another unit list, assessor, rule set) counts every unit.
 */
function useProgressSums<A extends Assessor | null>(
  counter: ProgressCounter,
  units: readonly Unit[],
  entriesByUnit: ReadonlyMap<string, readonly ScoreEntry[]>,
  who: readonly A[],
): ProgressSums & { rows: (AssessorProgress & { assessor: A })[] } {
  type Out = ProgressSums & { rows: (AssessorProgress & { assessor: A })[] };
  const kept = useRef<{ counter: ProgressCounter; units: readonly Unit[]; who: readonly A[]; lists: ReadonlyMap<string, readonly ScoreEntry[]>; sums: ProgressSums[]; out: Out } | null>(null);
  const unitOf = useMemo(() => new Map(units.map((u) => [u.id, u])), [units]);
  return useMemo(() => {
    const last = kept.current;
    const same = last && last.counter === counter && last.units === units && last.who.length === who.length && last.who.every((a, i) => a === who[i]);
    const changed = same ? unitsChangedSince(entriesByUnit, last.lists) : null;
    if (last && changed && ![...changed].some((id) => unitOf.has(id))) {
      last.lists = entriesByUnit;
      return last.out;
    }
    let sums: ProgressSums[];
    if (last && same && changed) {
      sums = last.sums.map((s, k) => {
        const next = { byUnit: s.byUnit, total: { ...s.total }, done: s.done };
        for (const id of changed) {
          const u = unitOf.get(id);
          if (!u) continue;
          const old = s.byUnit.get(id);
          const p = counter.of(u, entriesByUnit.get(id) ?? NO_ENTRIES, who[k]!);
          if (old) add(next, old, -1);
          add(next, p, 1);
          s.byUnit.set(id, p);
        }
        return next;
      });
    } else {
      sums = who.map((a) => {
        const s: ProgressSums = { byUnit: new Map(), total: { filled: 0, total: 0 }, done: 0 };
        for (const u of units) {
          const p = counter.of(u, entriesByUnit.get(u.id) ?? NO_ENTRIES, a);
          s.byUnit.set(u.id, p);
          add(s, p, 1);
        }
        return s;
      });
    }
    const first = sums[0] ?? { byUnit: new Map(), total: { filled: 0, total: 0 }, done: 0 };
    const out: Out = { ...first, rows: sums.map((s, k) => ({ assessor: who[k]!, ...s.total })) };
    kept.current = { counter, units, who, lists: entriesByUnit, sums, out };
    return out;
  }, [counter, units, entriesByUnit, who, unitOf]);
}

function add(s: ProgressSums, p: Progress, sign: 1 | -1): void {
  s.total.filled += sign * p.filled;
  s.total.total += sign * p.total;
  if (p.filled >= p.total) s.done += sign;
}

const NO_PROGRESS: Progress = { filled: 0, total: 0 };
const NO_ENTRIES: readonly ScoreEntry[] = [];
