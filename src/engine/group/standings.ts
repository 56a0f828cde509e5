/**
 * Ranks and tiers of a group kept up to date as units move: after an edit, only the stretch of the
 * display order where something changed is walked again, and the walk stops as soon as it stands where
 * the previous walk stood (same quota seats taken, same tiers closed) past the last moved unit.
 *
 * Why that is enough: the tier walk carries nothing from one group of tied units to the next but the
 * seats (tier.ts Seats), and a tie group's placement depends only on those seats, its own units and the
 * group's size. So where the old and the new order hold the same units from a tie boundary on, and the
 * seats there are the same, every placement from there on is the old one, and so is every rank (the
 * count of units ahead is the same). A property test holds this to `placeTiers` over random groups.
 *
 * An edit that changes nothing but its own unit's tier, with a quota that never fills, still walks to
 * the end (the seats differ by one all the way); each step of that walk reads only what is remembered of
 * each unit (TierFacts), so it stays cheap.
 */
import type { EvaluatedUnit } from '../result';
import type { RuleSet } from '../../model/ruleSet';
import { compareMerit, type RankKey } from './rank';
import { TierWalk, type Candidate, type Placement, type Seats, type TierFacts } from './tier';

export class Standings {
  private readonly walk: TierWalk;
  private readonly n: number;
  private readonly facts = new WeakMap<EvaluatedUnit, TierFacts>();
  /** competition rank by display index */
  readonly ranks: number[];
  /** tier by display index */
  readonly placements: Placement[];
  /** 1 where a group of tied units starts */
  private readonly starts: Uint8Array;
  /** the seats of each quota tier before the tie group starting at each display index */
  private readonly usedAt: Int32Array;
  private readonly closedAt: (string | undefined)[];

  /** `keyAt(j)`: the rank key of the unit at display index `j` (merit, then unit id). */
  constructor(
    ruleSet: RuleSet,
    size: number,
    private keyAt: (j: number) => RankKey,
  ) {
    this.n = size;
    this.walk = new TierWalk(ruleSet, size);
    this.ranks = new Array<number>(size);
    this.placements = new Array<Placement>(size);
    this.starts = new Uint8Array(size);
    const width = this.walk.quotaTiers.length;
    this.usedAt = new Int32Array(size * width);
    this.closedAt = new Array<string | undefined>(size * width);
    this.run(0, -1, this.walk.seats(), false);
  }

  /**
   * The display order changed only at indices `lo`..`hi` (the units outside hold the same units at the
   * same indices, though their objects may be new only inside): walk again from the tie group that
   * reaches `lo`. Returns the display indices [from, to) whose rank or tier may have changed.
   */
  update(lo: number, hi: number, keyAt: (j: number) => RankKey = this.keyAt): { from: number; to: number } {
    this.keyAt = keyAt;
    if (this.n === 0) return { from: 0, to: 0 };
    let from = Math.max(0, Math.min(lo, this.n - 1));
    // back to a tie boundary of both the old order (starts) and the new one
    while (from > 0 && (this.starts[from] === 0 || compareMerit(keyAt(from - 1), keyAt(from)) === 0)) from--;
    return { from, to: this.run(from, hi, this.seatsAt(from), true) };
  }

  private seatsAt(j: number): Seats {
    const seats = this.walk.seats();
    const width = this.walk.quotaTiers.length;
    this.walk.quotaTiers.forEach((t, k) => {
      seats.used[t] = this.usedAt[j * width + k]!;
      seats.closed[t] = this.closedAt[j * width + k];
    });
    return seats;
  }

  private sameSeats(j: number, seats: Seats): boolean {
    const width = this.walk.quotaTiers.length;
    return this.walk.quotaTiers.every((t, k) => seats.used[t] === this.usedAt[j * width + k] && seats.closed[t] === this.closedAt[j * width + k]);
  }

  private factsOf(unit: EvaluatedUnit): TierFacts {
    let f = this.facts.get(unit);
    if (!f) this.facts.set(unit, (f = this.walk.facts(unit)));
    return f;
  }

  /** Walks tie groups from `from` (a tie boundary) with `seats`; past `hi` it may stop where the last walk stood. Returns where it stopped. */
  private run(from: number, hi: number, seats: Seats, mayStop: boolean): number {
    const { n, keyAt } = this;
    const width = this.walk.quotaTiers.length;
    let j = from;
    while (j < n) {
      if (mayStop && j > hi && this.starts[j] === 1 && this.sameSeats(j, seats)) break;
      this.walk.quotaTiers.forEach((t, k) => {
        this.usedAt[j * width + k] = seats.used[t]!;
        this.closedAt[j * width + k] = seats.closed[t];
      });
      let end = j + 1;
      while (end < n && compareMerit(keyAt(end - 1), keyAt(end)) === 0) end++;
      const tie: Candidate[] = [];
      for (let p = j; p < end; p++) {
        const unit = keyAt(p).unit;
        this.starts[p] = p === j ? 1 : 0;
        this.ranks[p] = j + 1;
        tie.push({ pos: p, unit, facts: this.factsOf(unit), reason: '' });
      }
      this.walk.placeTie(seats, tie, this.placements);
      j = end;
    }
    return j;
  }
}
