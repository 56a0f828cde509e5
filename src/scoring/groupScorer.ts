/**
 * Incremental scoring for live entry: an edit re-evaluates only its own unit, then the group is
 * re-ranked, re-tiered and its statistics recomputed (cheap: linear in units, not in entries).
 * Results are identical to scoreCompiledGroup over the same inputs — a property test holds it to that.
 */
import type { CompiledRuleSet } from './compile';
import { evaluateUnit } from './evaluate';
import { rankUnits } from './rank';
import { assignTiers } from './tier';
import { indicatorStatistics, tierCounts } from './statistics';
import { entriesByUnit } from './scoreGroup';
import type { Assessor, ScoreEntry, Unit } from './sheetSchema';
import type { EvaluatedUnit, GroupResult } from './result';

export class GroupScorer {
  private readonly units: Unit[];
  private readonly entries = new Map<string, Map<string, ScoreEntry>>();
  private readonly evaluated = new Map<string, EvaluatedUnit>();
  private cached: GroupResult | undefined;

  constructor(
    private readonly c: CompiledRuleSet,
    units: readonly Unit[],
    entries: readonly ScoreEntry[],
    private readonly assessors: readonly Assessor[],
  ) {
    this.units = units.filter((u) => u.group === c.ruleSet.group.key);
    const byUnit = entriesByUnit(entries);
    for (const u of this.units) {
      this.entries.set(u.id, new Map((byUnit.get(u.id) ?? []).map((e) => [e.id, e])));
      this.reevaluate(u);
    }
  }

  private reevaluate(u: Unit): void {
    const own = [...(this.entries.get(u.id)?.values() ?? [])];
    this.evaluated.set(u.id, evaluateUnit(this.c, u, own, this.assessors));
    this.cached = undefined;
  }

  /** Apply a saved entry (new or changed). Entries of units outside this group are ignored. */
  update(entry: ScoreEntry): void {
    const unit = this.units.find((u) => u.id === entry.unitId);
    const own = this.entries.get(entry.unitId);
    if (!unit || !own) return;
    own.set(entry.id, entry);
    this.reevaluate(unit);
  }

  remove(entry: ScoreEntry): void {
    const unit = this.units.find((u) => u.id === entry.unitId);
    if (!unit || !this.entries.get(entry.unitId)?.delete(entry.id)) return;
    this.reevaluate(unit);
  }

  result(): GroupResult {
    if (this.cached) return this.cached;
    const { ruleSet } = this.c;
    const evaluated = this.units.map((u) => this.evaluated.get(u.id)!);
    const units = assignTiers(ruleSet, rankUnits(ruleSet, evaluated));
    this.cached = {
      ruleSetId: ruleSet.id,
      group: ruleSet.group.key,
      groupName: ruleSet.group.name,
      units,
      indicators: this.c.indicators,
      statistics: indicatorStatistics(this.c, units),
      tierCounts: tierCounts(ruleSet, units),
    };
    return this.cached;
  }
}
