/**
 * A group scored one unit at a time, each unit's entries handed over only when the unit is evaluated:
 * for reading a nation's file, where the million entries never need to exist at once. The unit's sheet
 * is filled with its entries in the order given, exactly as `indexEntries` fills it from the flat list,
 * and the group is then scored by the same pipeline, so the results are the same as `scoreGroup`'s on
 * the concatenated entries (in the same relative order).
 */
import type { CompiledRuleSet } from '../rules/compile';
import { planOf } from '../rules/plan';
import { UnitSheet } from '../unit/entryIndex';
import type { EvaluateOptions } from '../unit/evaluate';
import { scoreIndexedGroup } from './pipeline';
import type { Assessor, ScoreEntry, Unit } from '../../model/entries';
import type { GroupResult } from '../result';

export function scoreGroupUnitByUnit(
  c: CompiledRuleSet,
  units: readonly Unit[],
  /** the unit's entries, asked once per unit of the group, in the group's unit order */
  entriesOf: (unit: Unit) => readonly ScoreEntry[],
  assessors: readonly Assessor[],
  options: EvaluateOptions = {},
): GroupResult {
  const plan = planOf(c);
  return scoreIndexedGroup(c, units, (u) => new UnitSheet(entriesOf(u), plan), assessors, options);
}
