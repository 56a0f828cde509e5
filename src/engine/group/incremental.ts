/**
 * Incremental scoring for live entry. An edit touches one unit: its sheet cell is refilled, the unit is
 * evaluated again, it moves to its new place in the ranking (the others keep their order), indicator
 * sums take away its old scores and add the new ones, and ranks and tiers are walked again only over the
 * stretch of the order where something changed (standings.ts); every other unit keeps its result object.
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
import { compareIds, compareMerit, rankKeyer, type RankKey } from './rank';
import { UnitSheet } from '../unit/entryIndex';
import { planOf } from '../rules/plan';
import { tieredUnit, type Placement } from './tier';
import { Standings } from './standings';
import { countedNode, emptyTally, indicatorFigures, tally, type IndicatorTally } from './statistics';
import { groupUnits, indexEntries } from './pipeline';
import type { Assessor, ScoreEntry, Unit } from '../../model/entries';
import type { EvaluatedUnit, GroupResult, UnitResult } from '../result';

const sameCell = (a: ScoreEntry, b: ScoreEntry): boolean => a.node === b.node && a.objectId === b.objectId;

/** The entries inSlices hands the constructor: each unit's sheet is made and evaluated as its slice is filled. */
const IN_SLICES: readonly ScoreEntry[] = [];

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
  /** ranks and tiers by display index, walked again only where the order changed */
  private standings: Standings | undefined;
  /** display indices the order changed at since the last result (none when lo > hi) */
  private lo = Number.POSITIVE_INFINITY;
  private hi = -1;
  /** the last result's units in display order, units per tier key, and units not complete */
  private shown: UnitResult[] = [];
  private readonly perTier = new Map<string, number>();
  private incomplete = 0;

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
    if (entries === IN_SLICES) {
      // made unit by unit in fill: making every unit's empty sheet and result here, in one go, held a
      // nation's page for half a second before the first slice
      this.sheets = new Map();
      this.evaluated = new Array<EvaluatedUnit>(this.units.length);
      this.keys = new Array<RankKey>(this.units.length);
    } else {
      for (const e of entries) this.lists.get(e.unitId)?.push(e);
      this.sheets = indexEntries(c, this.units, entries);
      this.evaluated = this.units.map((u) => evaluateSheet(c, u, this.sheets.get(u.id)!, assessors, options));
      this.keys = this.evaluated.map((e) => this.keyOf(e));
    }
    this.indicators = c.indicators.map(({ key, name }) => ({ key, name, tally: emptyTally(), lo: X.ZERO, hi: X.ZERO, stale: true }));
  }

  /**
   * The same scorer as the constructor makes from `entries`, given as each unit's list (`entriesOf`),
   * built a slice of units at a time with `pause()` awaited between slices: at 3,000 units × 450 entries
   * the constructor's one go holds a page for seconds.
   */
  static async inSlices(
    c: CompiledRuleSet,
    units: readonly Unit[],
    entriesOf: (unitId: string) => readonly ScoreEntry[],
    assessors: readonly Assessor[],
    options: Pick<EvaluateOptions, 'selfScores'>,
    pause: () => Promise<void>,
    perSlice = 25,
  ): Promise<GroupScorer> {
    const scorer = new GroupScorer(c, units, IN_SLICES, assessors, options);
    const ids = [...scorer.lists.keys()];
    for (let i = 0; i < ids.length; i += perSlice) {
      if (i > 0) await pause();
      for (const id of ids.slice(i, i + perSlice)) scorer.fill(id, entriesOf(id));
    }
    return scorer;
  }

  /** Puts a unit's entries into its empty list and a new sheet, in their order, and evaluates it (inSlices, before any result). */
  private fill(unitId: string, entries: readonly ScoreEntry[]): void {
    const list = this.lists.get(unitId)!;
    const sheet = new UnitSheet([], planOf(this.c));
    this.sheets.set(unitId, sheet);
    for (const e of entries) {
      if (e.unitId !== unitId) continue;
      list.push(e);
      sheet.put(e);
    }
    for (const pos of this.positions.get(unitId)!) {
      this.evaluated[pos] = evaluateSheet(this.c, this.units[pos]!, sheet, this.assessors, this.options);
      this.keys[pos] = this.keyOf(this.evaluated[pos]!);
    }
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
      const from = this.order.indexOf(pos);
      this.order.splice(from, 1);
      this.keys[pos] = this.keyOf(this.evaluated[pos]!);
      let lo = 0;
      let hi = this.order.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (this.byDisplay(this.order[mid]!, pos) < 0) lo = mid + 1;
        else hi = mid;
      }
      this.order.splice(lo, 0, pos);
      // units outside the stretch between where it was and where it went keep their display index
      this.lo = Math.min(this.lo, from, lo);
      this.hi = Math.max(this.hi, from, lo);
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

    const n = this.order.length;
    const keyAt = (j: number): RankKey => this.keys[this.order[j]!]!;
    let from = 0;
    let to = n;
    if (!this.standings) this.standings = new Standings(ruleSet, n, keyAt);
    else if (this.lo <= this.hi) ({ from, to } = this.standings.update(this.lo, this.hi, keyAt));
    else to = 0;
    this.lo = Number.POSITIVE_INFINITY;
    this.hi = -1;
    const { ranks, placements } = this.standings;
    // only the walked stretch can differ: the same units as before sit there, some moved or new
    const units = this.shown.length === n ? this.shown.slice() : new Array<UnitResult>(n);
    for (let j = from; j < to; j++) {
      const old = this.shown[j];
      if (old) this.countTier(old, -1);
      const pos = this.order[j]!;
      const unit = this.evaluated[pos]!;
      const rank = ranks[j]!;
      const placement = placements[j]!;
      const p = this.previous[pos];
      const result =
        p && p.unit === unit && p.rank === rank && p.placement.index === placement.index && p.placement.reason === placement.reason
          ? p.result
          : tieredUnit(ruleSet, unit, rank, placement);
      this.previous[pos] = { rank, placement, result, unit };
      units[j] = result;
      this.countTier(result, 1);
    }
    this.shown = units;

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
      tierCounts: ruleSet.tiers.map((t) => ({ key: t.key, name: t.name, count: this.perTier.get(t.key) ?? 0 })),
      complete: this.incomplete === 0,
    };
    return this.cached;
  }

  /** Keeps the tier counts (as statistics.ts tierCounts counts them) and the incomplete units counted. */
  private countTier(u: UnitResult, sign: 1 | -1): void {
    this.perTier.set(u.tier, (this.perTier.get(u.tier) ?? 0) + sign);
    if (!u.complete) this.incomplete += sign;
  }
}
