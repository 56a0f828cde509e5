/**
 * Incremental scoring for live entry. An edit touches one unit: its sheet cell is refilled, the unit is
 * evaluated again, it moves to its new place in the ranking (the others keep their order), indicator
 * sums take away its old scores and add the new ones, and tiers are walked again (quotas depend on
 * everyone, but the walk is linear and unchanged units keep their result objects).
 *
 * Results are identical to scoreCompiledGroup over the same units and the entries as this scorer holds
 * them (by id: a new id is appended, a known id replaced in place, a removed id dropped) — a property
 * test holds it to that. An entry keeps its unit for life (its id names the unit's cell), so an edit is
 * looked up in its own unit's entries only.
 */
import type { CompiledRuleSet } from '../rules/compile';
import * as X from '../arith/exact';
import type { Q } from '../arith/exact';
import { evaluateSheet, type EvaluateOptions } from '../unit/evaluate';
import { compareIds, compareMerit, competitionRanks, rankKeyer, type RankKey } from './rank';
import { UnitSheet } from '../unit/entryIndex';
import { placeTiers, tieredUnit, type Placement } from './tier';
import {
  countedNode,
  emptyTally,
  indicatorFigures,
  tally,
  tierCounts,
  type IndicatorTally,
} from './statistics';
import { groupUnits, indexEntries } from './pipeline';
import type { Assessor, ScoreEntry, Unit } from '../../model/entries';
import type { EvaluatedUnit, GroupResult, UnitResult } from '../result';

const sameCell = (a: ScoreEntry, b: ScoreEntry): boolean => a.node === b.node && a.objectId === b.objectId;

/** One indicator's running figures; the lowest and highest are found again only when one leaves. */
interface Indicator {
  key: string;
  name: string;
  tally: IndicatorTally;
  lo: Q;
  hi: Q;
  /** a unit holding the lowest or highest score changed: scan again */
  stale: boolean;
}

export class GroupScorer {
  private readonly units: Unit[];
  private readonly keyOf: (unit: EvaluatedUnit) => RankKey;
  /** positions (in `units`) of each unit id */
  private readonly positions = new Map<string, number[]>();
  /** every entry of a unit, in the order first seen */
  private readonly lists = new Map<string, ScoreEntry[]>();
  private readonly sheets: Map<string, UnitSheet>;
  private readonly evaluated: EvaluatedUnit[];
  private readonly keys: RankKey[];
  /** positions in display order (merit, unit id, position) */
  private order: number[] = [];
  private readonly indicators: Indicator[];
  /** positions evaluated again since the last result, with what they were before */
  private readonly changed = new Map<number, EvaluatedUnit>();
  private fresh = true;
  /** the last result's unit objects and placements, by position, reused when nothing about them changed */
  private previous: { rank: number; placement: Placement; result: UnitResult; unit: EvaluatedUnit }[] = [];
  private cached: GroupResult | undefined;

  constructor(
    private readonly c: CompiledRuleSet,
    units: readonly Unit[],
    entries: readonly ScoreEntry[],
    private readonly assessors: readonly Assessor[],
    /** `explain` is not kept per unit here; self scores count as in scoreGroup */
    private readonly options: Pick<EvaluateOptions, 'selfScores'> = {},
  ) {
    this.units = groupUnits(c, units);
    this.keyOf = rankKeyer(c.ruleSet);
    this.units.forEach((u, pos) => {
      const at = this.positions.get(u.id);
      if (at) at.push(pos);
      else {
        this.positions.set(u.id, [pos]);
        this.lists.set(u.id, []);
      }
    });
    for (const e of entries) this.lists.get(e.unitId)?.push(e);
    this.sheets = indexEntries(c, this.units, entries);
    this.evaluated = this.units.map((u) => evaluateSheet(c, u, this.sheets.get(u.id)!, assessors, options));
    this.keys = this.evaluated.map((e) => this.keyOf(e));
    this.indicators = c.indicators.map(({ key, name }) => ({ key, name, tally: emptyTally(), lo: X.ZERO, hi: X.ZERO, stale: true }));
  }

  /** Apply a saved entry (new or changed). Entries of units outside this group are ignored. */
  update(entry: ScoreEntry): void {
    const list = this.lists.get(entry.unitId);
    if (!list) return;
    const k = list.findIndex((x) => x.id === entry.id);
    const before = k >= 0 ? list[k] : undefined;
    if (k >= 0) list[k] = entry;
    else list.push(entry);
    this.refill(entry.unitId, list, before, entry);
  }

  remove(entry: ScoreEntry): void {
    const list = this.lists.get(entry.unitId);
    const k = list?.findIndex((x) => x.id === entry.id) ?? -1;
    if (!list || k < 0) return;
    const [before] = list.splice(k, 1);
    this.refill(entry.unitId, list, before, undefined);
  }

  /** Refills the cells an edit touched, in the order the unit's entries were first seen, then re-evaluates. */
  private refill(unitId: string, list: readonly ScoreEntry[], before: ScoreEntry | undefined, after: ScoreEntry | undefined): void {
    const sheet = this.sheets.get(unitId)!;
    for (const cell of [before, after]) {
      if (!cell || (cell === after && before && sameCell(before, after))) continue;
      sheet.clearCellOf(cell);
      for (const e of list) if (sameCell(e, cell)) sheet.put(e);
    }
    for (const pos of this.positions.get(unitId)!) {
      if (!this.changed.has(pos)) this.changed.set(pos, this.evaluated[pos]!);
      this.evaluated[pos] = evaluateSheet(this.c, this.units[pos]!, sheet, this.assessors, this.options);
    }
    this.cached = undefined;
  }

  /** Display order: merit, then unit id, then position (a stable sort of the units as given). */
  private readonly byDisplay = (a: number, b: number): number => {
    const ka = this.keys[a]!;
    const kb = this.keys[b]!;
    return compareMerit(ka, kb) || compareIds(ka.unit.unitId, kb.unit.unitId) || a - b;
  };

  private reorder(): void {
    if (this.fresh) {
      for (const pos of this.changed.keys()) this.keys[pos] = this.keyOf(this.evaluated[pos]!);
      this.order = this.units.map((_, pos) => pos).sort(this.byDisplay);
      return;
    }
    for (const pos of this.changed.keys()) {
      this.order.splice(this.order.indexOf(pos), 1);
      this.keys[pos] = this.keyOf(this.evaluated[pos]!);
      let lo = 0;
      let hi = this.order.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (this.byDisplay(this.order[mid]!, pos) < 0) lo = mid + 1;
        else hi = mid;
      }
      this.order.splice(lo, 0, pos);
    }
  }

  private restate(): void {
    if (this.fresh) {
      for (const u of this.evaluated) this.count(u, 1);
      return;
    }
    for (const [pos, old] of this.changed) {
      this.count(old, -1);
      this.count(this.evaluated[pos]!, 1);
    }
  }

  private count(u: EvaluatedUnit, sign: 1 | -1): void {
    for (const ind of this.indicators) {
      const n = countedNode(u, ind.key);
      if (!n) continue;
      tally(ind.tally, n, sign);
      if (ind.stale) continue;
      if (sign === -1) {
        if (X.cmp(n.exact, ind.lo) === 0 || X.cmp(n.exact, ind.hi) === 0) ind.stale = true;
      } else if (ind.tally.count === 1) ind.lo = ind.hi = n.exact;
      else {
        ind.lo = X.min(ind.lo, n.exact);
        ind.hi = X.max(ind.hi, n.exact);
      }
    }
  }

  /** Lowest and highest counted score of a stale indicator, scanned in display order as statistics.ts does. */
  private rescan(ind: Indicator): void {
    let first = true;
    for (const pos of this.order) {
      const n = countedNode(this.evaluated[pos]!, ind.key);
      if (!n) continue;
      if (first) {
        ind.lo = ind.hi = n.exact;
        first = false;
      } else {
        ind.lo = X.min(ind.lo, n.exact);
        ind.hi = X.max(ind.hi, n.exact);
      }
    }
    ind.stale = false;
  }

  result(): GroupResult {
    if (this.cached) return this.cached;
    const { ruleSet } = this.c;
    this.reorder();
    this.restate();
    this.changed.clear();
    this.fresh = false;

    const ranked = competitionRanks(this.order.map((pos) => this.keys[pos]!));
    const placements = placeTiers(ruleSet, ranked);
    const previous = this.previous;
    this.previous = [];
    const units = ranked.map(({ unit, rank }, j) => {
      const pos = this.order[j]!;
      const placement = placements[j]!;
      const p = previous[pos];
      const result =
        p && p.unit === unit && p.rank === rank && p.placement.index === placement.index && p.placement.reason === placement.reason
          ? p.result
          : tieredUnit(ruleSet, unit, rank, placement);
      this.previous[pos] = { rank, placement, result, unit };
      return result;
    });

    this.cached = {
      ruleSetId: ruleSet.id,
      group: ruleSet.group.key,
      groupName: ruleSet.group.name,
      units,
      indicators: this.c.indicators,
      statistics: this.indicators.map((ind) => {
        if (ind.stale) this.rescan(ind);
        return indicatorFigures(this.c, ind.key, ind.name, ind.tally, ind.lo, ind.hi);
      }),
      tierCounts: tierCounts(ruleSet, units),
      complete: units.every((u) => u.complete),
    };
    return this.cached;
  }
}
