/**
 * Tiers (优秀 / 良好 / 合格 / 不合格): each ranked unit gets the best tier it qualifies for, and a
 * sentence saying why it is not in the next better one.
 *
 * Units are walked in rank order so that quotas go to the best-ranked units. Units sharing a rank are
 * decided together: when they cannot all fit in what is left of a quota, none of them gets that tier —
 * a quota is never exceeded and equal units are never separated by something as arbitrary as their id.
 * The seats they leave stay empty, so no lower-ranked unit lands in a better tier than theirs.
 */
import * as X from '../arith/exact';
import type { Q } from '../arith/exact';
import type { RankedUnit } from './rank';
import type { EvaluatedUnit, TriggeredVeto, UnitResult } from '../result';
import type { Quota, RuleSet, Tier } from '../../model/ruleSet';
import { hasEffect } from '../unit/veto';
import { ownValue } from '../../model/ownKeys';

const q = (name: string): string => `“${name}”`;

/** How many units a quota admits in a group of `groupSize` units. */
export function quotaCapacity(quota: Quota, groupSize: number): number {
  if ('count' in quota) return quota.count;
  const exact = X.div(X.mul(X.int(groupSize), X.dec(quota.percent)), X.int(100));
  const mode = quota.round === 'floor' ? 'down' : quota.round === 'ceil' ? 'up' : 'halfUp';
  return X.toNumber(X.roundTo(exact, X.ONE, mode));
}

function quotaText(quota: Quota, groupSize: number): string {
  const cap = quotaCapacity(quota, groupSize);
  if ('count' in quota) return `至多 ${cap} 个`;
  const how = { floor: '向下取整', ceil: '向上取整', round: '四舍五入' }[quota.round];
  return `至多 ${cap} 个：${groupSize} 个单位的 ${quota.percent}%，${how}`;
}

function vetoLabel(v: TriggeredVeto): string {
  const what = v.kind === 'threshold' ? '触发否决条件' : '存在单项否决';
  return `${what}：${v.name}${v.objectId ? `（${v.objectId}）` : ''}`;
}

const joinVetoes = (vs: readonly TriggeredVeto[]): string => vs.map(vetoLabel).join('；');

/**
 * What the walk reads of one unit, the same whatever the other units are: its total at the declared
 * step, whether a veto sends it to the last tier, and (read when first needed) why it cannot have each
 * tier for reasons of its own. An incremental caller keeps these per unit across walks.
 */
export interface TierFacts {
  total: Q;
  /** set when a "fail"/"failScored" veto (or being unscored) sends the unit to the last tier */
  forcedLast: string | undefined;
  /** by tier index: the obstacle, '' when there is none, undefined while not read yet */
  obstacles: (string | undefined)[];
}

/** One unit in a walk. */
export interface Candidate {
  /** index into the caller's placements */
  pos: number;
  unit: EvaluatedUnit;
  facts: TierFacts;
  /** why the unit missed the tier just above where it currently stands */
  reason: string;
}

/**
 * A tier's numbers, read once per group rather than once per unit — and only when first needed, so that
 * a number the engine cannot read exactly is reported exactly when the unmemoized reading would be.
 */
interface TierRule {
  tier: Tier;
  atLeast: Q | undefined;
  above: Q | undefined;
  requires: (Q | undefined)[];
  /** seats (quota tiers), and the quota explained */
  capacity: number | undefined;
  text: string | undefined;
}

function tierRules(ruleSet: RuleSet): TierRule[] {
  return ruleSet.tiers.map((tier) => ({
    tier,
    atLeast: undefined,
    above: undefined,
    requires: [],
    capacity: undefined,
    text: undefined,
  }));
}

function capacityOf(rule: TierRule, groupSize: number): number {
  rule.capacity ??= quotaCapacity(rule.tier.quota!, groupSize);
  return rule.capacity;
}

function quotaTextOf(rule: TierRule, groupSize: number): string {
  rule.text ??= quotaText(rule.tier.quota!, groupSize);
  return rule.text;
}

/** Why a unit cannot have tier `tier` (index `i`) for reasons of its own; undefined when it may. */
function ownObstacle(ruleSet: RuleSet, unit: EvaluatedUnit, facts: TierFacts, rule: TierRule, i: number): string | undefined {
  const decimals = ruleSet.precision.display;
  const tier = rule.tier;
  if (facts.forcedLast) return facts.forcedLast;
  const total = facts.total;

  const vetoes = unit.vetoes;
  if (vetoes.length > 0) {
    const barring = vetoes.filter((v) => v.effects.some((e) => e.type === 'barTier' && barIndex(ruleSet, e.tier) >= i));
    if (barring.length > 0) return `${joinVetoes(barring)}（不得评为${q(tier.name)}）`;
  }

  if (tier.atLeast !== undefined && X.lt(total, (rule.atLeast ??= X.dec(tier.atLeast)))) {
    return `总分 ${X.format(total, decimals)} 未达到${q(tier.name)}线（${tier.atLeast} 分及以上）`;
  }
  if (tier.above !== undefined && !X.gt(total, (rule.above ??= X.dec(tier.above)))) {
    return `总分 ${X.format(total, decimals)} 未达到${q(tier.name)}线（高于 ${tier.above} 分）`;
  }

  if (tier.requires?.noVeto && vetoes.length > 0) {
    return `${joinVetoes(vetoes)}（${q(tier.name)}要求无单项否决）`;
  }
  const needs = tier.requires?.nodes ?? [];
  for (let k = 0; k < needs.length; k++) {
    const need = needs[k]!;
    const node = ownValue(unit.nodes, need.node);
    // A node that does not exist for this unit (not applicable, excluded by its class) cannot bar it.
    if (!node || !node.applicable) continue;
    if (X.lt(node.exact, (rule.requires[k] ??= X.dec(need.atLeast)))) {
      return `${q(node.name)}得分 ${X.format(node.exact, decimals)} 低于${q(tier.name)}要求的 ${need.atLeast}`;
    }
  }
  return undefined;
}

/** Index of a tier key; an unknown key bars nothing (the rule validator reports it). */
function barIndex(ruleSet: RuleSet, tierKey: string): number {
  return ruleSet.tiers.findIndex((t) => t.key === tierKey);
}

function forcedLastReason(ruleSet: RuleSet, unit: EvaluatedUnit): string | undefined {
  if (unit.vetoes.length === 0 && !unit.unscored) return undefined;
  const last = ruleSet.tiers[ruleSet.tiers.length - 1];
  const lastName = q(last?.name ?? '');
  const failing = unit.vetoes.filter((v) => hasEffect(v, 'fail') || hasEffect(v, 'failScored'));
  if (failing.length > 0) {
    const notScored = failing.some((v) => hasEffect(v, 'fail'));
    return `${joinVetoes(failing)}（直接评为${lastName}${notScored ? '，其他项目不再评分' : ''}）`;
  }
  if (unit.unscored) return `未评分（直接评为${lastName}）`;
  return undefined;
}

/** Where each ranked unit lands: the tier's index and the sentence for `tierReason`. */
export interface Placement {
  index: number;
  reason: string;
}

/**
 * Where a walk stands between two groups of tied units: the seats of each quota tier taken so far, and
 * the quota tiers whose remaining seats were forfeited by a tie at the boundary, with the reason.
 * Nothing else carries from one tie to the next.
 */
export interface Seats {
  used: number[];
  closed: (string | undefined)[];
}

/**
 * Tiers handed out in rank order, one group of tied units at a time, for a group of `groupSize` units.
 * `placeTiers` walks all of them; an incremental caller walks again only from where something changed.
 */
export class TierWalk {
  private readonly rules: TierRule[];
  private readonly stepQ: Q;
  readonly lastIndex: number;
  /** indices of the tiers (before the last) that have a quota: the only ones whose seats carry over */
  readonly quotaTiers: number[];

  constructor(
    private readonly ruleSet: RuleSet,
    readonly groupSize: number,
  ) {
    this.rules = tierRules(ruleSet);
    this.stepQ = X.dec(ruleSet.precision.step);
    this.lastIndex = ruleSet.tiers.length - 1;
    this.quotaTiers = ruleSet.tiers.flatMap((t, i) => (t.quota && i < this.lastIndex ? [i] : []));
  }

  facts(unit: EvaluatedUnit): TierFacts {
    return {
      total: X.roundTo(unit.totalExact, this.stepQ, this.ruleSet.precision.rounding),
      forcedLast: forcedLastReason(this.ruleSet, unit),
      obstacles: [],
    };
  }

  seats(): Seats {
    return { used: this.ruleSet.tiers.map(() => 0), closed: this.ruleSet.tiers.map(() => undefined) };
  }

  private obstacle(c: Candidate, i: number): string | undefined {
    let o = c.facts.obstacles[i];
    if (o === undefined) o = c.facts.obstacles[i] = ownObstacle(this.ruleSet, c.unit, c.facts, this.rules[i]!, i) ?? '';
    return o === '' ? undefined : o;
  }

  /** Places one group of tied units (all of one rank), given and advancing the seats taken before them. */
  placeTie(seats: Seats, tie: Candidate[], placed: Placement[]): void {
    const { used, closed } = seats;
    const groupSize = this.groupSize;
    let pending = tie;
    for (let i = 0; i <= this.lastIndex && pending.length > 0; i++) {
      const rule = this.rules[i]!;
      const tier = rule.tier;
      if (i === this.lastIndex) {
        // the catch-all
        for (const c of pending) placed[c.pos] = { index: i, reason: c.reason };
        break;
      }
      const fits: Candidate[] = [];
      const rest: Candidate[] = [];
      for (const c of pending) {
        const obstacle = this.obstacle(c, i);
        if (obstacle === undefined) fits.push(c);
        else {
          c.reason = obstacle;
          rest.push(c);
        }
      }
      if (fits.length > 0 && tier.quota) {
        const room = capacityOf(rule, groupSize) - used[i]!;
        const shut = closed[i];
        if (shut !== undefined || fits.length > room) {
          const why =
            shut ??
            (room <= 0
              ? `${q(tier.name)}名额已满（${quotaTextOf(rule, groupSize)}）`
              : `同分并列 ${fits.length} 个单位超出${q(tier.name)}名额（剩余 ${room} 个）`);
          // The seats the tied units could not share stay empty: a lower-ranked unit taking them
          // would end up in a better tier than units that scored higher.
          if (shut === undefined && room > 0) {
            closed[i] =
              `排名在前的同分单位超出${q(tier.name)}名额，其后单位不再评为${q(tier.name)}` +
              `（${quotaTextOf(rule, groupSize)}，空缺 ${room} 个）`;
          }
          for (const c of fits) c.reason = why;
          pending = fits.length === 0 ? rest : rest.length === 0 ? fits : [...fits, ...rest];
          continue;
        }
        used[i]! += fits.length;
      }
      for (const c of fits) placed[c.pos] = { index: i, reason: c.reason };
      pending = rest;
    }
  }
}

/**
 * The tier of every ranked unit, in the order of `ranked` (display order, as `rankUnits` returns it).
 * The last tier takes every unit left over, whatever its own threshold or quota says: a unit always
 * gets a tier.
 */
export function placeTiers(ruleSet: RuleSet, ranked: readonly RankedUnit[]): Placement[] {
  const walk = new TierWalk(ruleSet, ranked.length);
  const seats = walk.seats();
  const placed: Placement[] = new Array<Placement>(ranked.length);
  // units sharing a rank are consecutive in display order
  let tie: Candidate[] = [];
  let tieRank = 0;
  ranked.forEach(({ unit, rank }, pos) => {
    if (tie.length > 0 && tieRank !== rank) {
      walk.placeTie(seats, tie, placed);
      tie = [];
    }
    tieRank = rank;
    tie.push({ pos, unit, facts: walk.facts(unit), reason: '' });
  });
  if (tie.length > 0) walk.placeTie(seats, tie, placed);
  return placed;
}

/** A ranked unit with its tier: the fields of the evaluated unit, then rank and tier. */
export function tieredUnit(ruleSet: RuleSet, unit: EvaluatedUnit, rank: number, p: Placement | undefined): UnitResult {
  const tier = p ? ruleSet.tiers[p.index] : undefined;
  if (!p || !tier) throw new Error(`no tier for unit ${unit.unitId}: the rule set declares no tiers`);
  return {
    unitId: unit.unitId,
    unitName: unit.unitName,
    group: unit.group,
    total: unit.total,
    totalExact: unit.totalExact,
    display: unit.display,
    maxScore: unit.maxScore,
    unscored: unit.unscored,
    complete: unit.complete,
    missing: unit.missing,
    nodes: unit.nodes,
    vetoes: unit.vetoes,
    trail: unit.trail,
    rank,
    tier: tier.key,
    tierName: tier.name,
    tierReason: p.index === 0 ? `达到最高等次${q(tier.name)}` : p.reason,
  };
}

/**
 * Gives every ranked unit its tier. `ranked` is in display order (as `rankUnits` returns it);
 * the result keeps that order. The last tier takes every unit left over, whatever its own threshold
 * or quota says: a unit always gets a tier.
 */
export function assignTiers(ruleSet: RuleSet, ranked: readonly RankedUnit[]): UnitResult[] {
  const placed = placeTiers(ruleSet, ranked);
  return ranked.map(({ unit, rank }, pos) => tieredUnit(ruleSet, unit, rank, placed[pos]));
}
