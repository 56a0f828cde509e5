/**
 * The whole pipeline for one group: evaluate every unit of the rule set's group, rank, tier, and
 * compute indicator statistics. A pure function of rule set + sheets: results are never stored as truth.
 *
 * Two steps that can be timed and reused apart: `indexEntries` files the entries into one sheet per
 * unit (done once when an assessment is loaded; GroupScorer keeps it up to date on edits), and
 * `scoreIndexedGroup` scores the group from those sheets.
 */
import { compileRuleSet, type CompiledRuleSet } from '../rules/compile';
import { CAPTURED, evaluateSheet, type Capture, type EvaluateOptions } from '../unit/evaluate';
import * as X from '../arith/exact';
import * as P from '../arith/pairs';
import { planOf } from '../rules/plan';
import { UnitSheet } from '../unit/entryIndex';
import { rankKeyer, rankKeys } from './rank';
import { assignTiers } from './tier';
import { capturedStatistics, tierCounts } from './statistics';
import type { RuleSet } from '../../model/ruleSet';
import type { Assessor, ScoreEntry, Unit } from '../../model/entries';
import type { GroupResult } from '../result';

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

/** The units of the rule set's group, in the order given. */
export function groupUnits(c: CompiledRuleSet, units: readonly Unit[]): Unit[] {
  return units.filter((u) => u.group === c.ruleSet.group.key);
}

/** One sheet per unit of the group, by unit id; entries of other units are left out. */
export type GroupSheets = Map<string, UnitSheet>;

/** A unit's sheet made when the unit is evaluated and dropped after (see unitByUnit.ts). */
export type SheetOf = (unit: Unit) => UnitSheet | undefined;

export function indexEntries(c: CompiledRuleSet, units: readonly Unit[], entries: readonly ScoreEntry[]): GroupSheets {
  const plan = planOf(c);
  const sheets: GroupSheets = new Map();
  for (const u of groupUnits(c, units)) if (!sheets.has(u.id)) sheets.set(u.id, new UnitSheet([], plan));
  // entries usually come unit by unit: skip the lookup while the unit stays the same
  let lastId: string | undefined;
  let last: UnitSheet | undefined;
  for (const e of entries) {
    if (e.unitId !== lastId) {
      lastId = e.unitId;
      last = sheets.get(lastId);
    }
    last?.put(e);
  }
  return sheets;
}

/** Which nodes' numbers evaluation copies out for ranking (tie-breaks) and statistics (indicators). */
function captureFor(c: CompiledRuleSet, rows: number): { capture: Capture; indicators: number[]; ties: number[] } {
  const plan = planOf(c);
  const slots = new Int32Array(plan.size).fill(-1);
  let width = 0;
  const slotOf = (i: number): number => {
    if (i < 0) return -1;
    if (slots[i]! < 0) slots[i] = width++;
    return slots[i]!;
  };
  const indicators = Array.from(plan.indicators, slotOf);
  const ties = c.ruleSet.tieBreak.map((t) => slotOf(plan.index.get(t.node) ?? -1));
  return { capture: { slots, width, values: new Float64Array(rows * width * CAPTURED), row: 0 }, indicators, ties };
}

/** The group scored from sheets that `indexEntries` built for the same compiled rule set. */
export function scoreIndexedGroup(
  c: CompiledRuleSet,
  units: readonly Unit[],
  sheets: GroupSheets | SheetOf,
  assessors: readonly Assessor[],
  options: EvaluateOptions = {},
): GroupResult {
  const { ruleSet } = c;
  const sheetOf: SheetOf = typeof sheets === 'function' ? sheets : (u) => sheets.get(u.id);
  const plan = planOf(c);
  const members = groupUnits(c, units);
  const { capture, indicators, ties } = captureFor(c, members.length);
  const evaluated = members.map((u, row) => {
    capture.row = row;
    return evaluateSheet(c, u, sheetOf(u) ?? new UnitSheet([], plan), assessors, options, capture);
  });
  const v = capture.values;
  const keyOf = rankKeyer(ruleSet);
  const keys = evaluated.map((unit, row) =>
    keyOf(
      unit,
      ties.map((slot) => {
        const o = (row * capture.width + slot) * CAPTURED;
        return slot < 0 ? X.ZERO : P.toQ(v[o]!, v[o + 1]!);
      }),
    ),
  );
  const results = assignTiers(ruleSet, rankKeys(keys));
  return {
    ruleSetId: ruleSet.id,
    group: ruleSet.group.key,
    groupName: ruleSet.group.name,
    units: results,
    indicators: c.indicators,
    statistics: capturedStatistics(c, evaluated, capture, indicators),
    tierCounts: tierCounts(ruleSet, results),
    complete: results.every((u) => u.complete),
  };
}

export function scoreCompiledGroup(
  c: CompiledRuleSet,
  units: readonly Unit[],
  entries: readonly ScoreEntry[],
  assessors: readonly Assessor[],
  options: EvaluateOptions = {},
): GroupResult {
  return scoreIndexedGroup(c, units, indexEntries(c, units, entries), assessors, options);
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
