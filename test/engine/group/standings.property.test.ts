/**
 * Ranks and tiers walked again only where the order changed (Standings) must equal placing the whole
 * group afresh (competitionRanks + placeTiers) after every edit: random groups crowded with ties, quotas
 * by count and by percent that fill or never fill, thresholds, tier requirements, vetoes, tie-breaks,
 * and edits that move one unit, several at once, or change a unit without moving it.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as X from '../../../src/engine/arith/exact';
import { compareIds, compareMerit, competitionRanks, rankKeyer, type RankKey } from '../../../src/engine/group/rank';
import { placeTiers } from '../../../src/engine/group/tier';
import { Standings } from '../../../src/engine/group/standings';
import type { EvaluatedUnit } from '../../../src/engine/result';
import type { Quota, RuleSet, Tier } from '../../../src/model/ruleSet';
import { makeEvaluated, makeRuleSet, makeVeto } from '../../fixtures/evaluated';

/** What an edit can make of a unit: few distinct totals, so ties are common. */
interface Shape {
  /** total in tenths of a point */
  tenths: number;
  keyArea: number;
  veto: 'none' | 'fail' | 'failScored' | 'barExcellent' | 'barGood';
  incomplete: boolean;
}

const shapeArb: fc.Arbitrary<Shape> = fc.record({
  tenths: fc.oneof(fc.constantFrom(550, 600, 700, 750, 899, 900, 905, 950), fc.integer({ min: 500, max: 1000 })),
  keyArea: fc.integer({ min: 0, max: 4 }),
  veto: fc.constantFrom('none', 'none', 'none', 'none', 'fail', 'failScored', 'barExcellent', 'barGood'),
  incomplete: fc.boolean(),
});

function unitOf(i: number, s: Shape): EvaluatedUnit {
  const unitId = `u${String(i).padStart(3, '0')}`;
  const nodes = { keyArea: { score: s.keyArea * 5, max: 30 } };
  const missing = s.incomplete ? [{ node: 'keyArea' }] : undefined;
  if (s.veto === 'fail') return makeEvaluated({ unitId, total: 0, unscored: true, nodes, missing, vetoes: [makeVeto('否决', { type: 'fail' })] });
  const vetoes =
    s.veto === 'failScored'
      ? [makeVeto('否决', { type: 'failScored' })]
      : s.veto === 'barExcellent'
        ? [makeVeto('限优', { type: 'barTier', tier: 'excellent' })]
        : s.veto === 'barGood'
          ? [makeVeto('限良', { type: 'barTier', tier: 'good' })]
          : [];
  return makeEvaluated({ unitId, total: X.frac(s.tenths, 10), nodes, vetoes, missing });
}

const quotaArb: fc.Arbitrary<Quota | undefined> = fc.oneof(
  fc.constant(undefined),
  fc.record({ count: fc.integer({ min: 0, max: 12 }) }),
  fc.record({ percent: fc.integer({ min: 0, max: 100 }), round: fc.constantFrom('floor', 'ceil', 'round') }),
);

const ruleSetArb: fc.Arbitrary<RuleSet> = fc
  .record({
    excellent: quotaArb,
    good: quotaArb,
    pass: quotaArb,
    above: fc.boolean(),
    requiresKeyArea: fc.boolean(),
    noVeto: fc.boolean(),
    rounding: fc.constantFrom('halfUp', 'down', 'up'),
    step: fc.constantFrom(0.01, 1, 5),
    rankBy: fc.constantFrom('rounded', 'exact'),
    tieBreak: fc.boolean(),
  })
  .map((r): RuleSet => {
    const tiers: Tier[] = [
      {
        key: 'excellent',
        name: '优秀',
        ...(r.above ? { above: 89.9 } : { atLeast: 90 }),
        ...(r.excellent ? { quota: r.excellent } : {}),
        ...(r.requiresKeyArea || r.noVeto ? { requires: { ...(r.noVeto ? { noVeto: true } : {}), ...(r.requiresKeyArea ? { nodes: [{ node: 'keyArea', atLeast: 10 }] } : {}) } } : {}),
      },
      { key: 'good', name: '良好', atLeast: 75, ...(r.good ? { quota: r.good } : {}) },
      { key: 'pass', name: '合格', atLeast: 60, ...(r.pass ? { quota: r.pass } : {}) },
      { key: 'fail', name: '不合格' },
    ];
    return makeRuleSet({ tiers, precision: { rounding: r.rounding, step: r.step, rankBy: r.rankBy }, tieBreak: r.tieBreak ? ['keyArea'] : [] });
  });

/** An edit: new shapes for some units (one, or a few at once as a paste saves them). */
const editArb = fc.array(fc.record({ pick: fc.nat(), shape: shapeArb }), { minLength: 1, maxLength: 3 });

const byDisplay = (a: RankKey, b: RankKey) => compareMerit(a, b) || compareIds(a.unit.unitId, b.unit.unitId);

function placedAfresh(rs: RuleSet, keys: RankKey[]) {
  const ranked = competitionRanks(keys);
  return { ranks: ranked.map((r) => r.rank), placements: placeTiers(rs, ranked) };
}

describe('Standings', () => {
  it('after every edit, ranks and tiers equal placing the whole group afresh', () => {
    fc.assert(
      fc.property(ruleSetArb, fc.array(shapeArb, { minLength: 0, maxLength: 40 }), fc.array(editArb, { minLength: 1, maxLength: 10 }), (rs, shapes, edits) => {
        const keyOf = rankKeyer(rs);
        let keys = shapes.map((s, i) => keyOf(unitOf(i, s))).sort(byDisplay);
        const standings = new Standings(rs, keys.length, (j) => keys[j]!);
        let fresh = placedAfresh(rs, keys);
        expect(standings.ranks).toEqual(fresh.ranks);
        expect(standings.placements).toEqual(fresh.placements);
        if (keys.length === 0) return;
        for (const edit of edits) {
          const before = keys;
          const next = [...keys];
          for (const { pick, shape } of edit) {
            const j = pick % next.length;
            next[j] = keyOf(unitOf(Number(next[j]!.unit.unitId.slice(1)), shape));
          }
          keys = next.sort(byDisplay);
          // the stretch where the order changed: another unit, or the same unit edited
          let lo = keys.length;
          let hi = -1;
          keys.forEach((k, j) => {
            if (k !== before[j]) {
              lo = Math.min(lo, j);
              hi = Math.max(hi, j);
            }
          });
          if (lo > hi) continue;
          const { from, to } = standings.update(lo, hi, (j) => keys[j]!);
          expect(from).toBeLessThanOrEqual(lo);
          expect(to).toBeGreaterThan(hi);
          fresh = placedAfresh(rs, keys);
          expect(standings.ranks).toEqual(fresh.ranks);
          expect(standings.placements).toEqual(fresh.placements);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('walks only around the moved unit when nothing else changes (1,000 units, one quota that fills)', () => {
    // totals 100.0, 99.9, …: unit i ranks i+1; 优秀 at most 10 units
    const rs = makeRuleSet({ tiers: [{ key: 'excellent', name: '优秀', atLeast: 0, quota: { count: 10 } }, { key: 'pass', name: '合格', atLeast: 60 }, { key: 'fail', name: '不合格' }] });
    const keyOf = rankKeyer(rs);
    const units = Array.from({ length: 1000 }, (_, i) => makeEvaluated({ unitId: `u${String(i).padStart(4, '0')}`, total: X.frac(1000 - i, 10) }));
    let keys = units.map((u) => keyOf(u));
    const standings = new Standings(rs, keys.length, (j) => keys[j]!);
    // unit 500 (50.0, 不合格) climbs to 50.35: past units 497–499, to display index 497
    const moved = keyOf(makeEvaluated({ unitId: 'u0500', total: 50.35 }));
    keys = [...keys.slice(0, 497), moved, ...keys.slice(497, 500), ...keys.slice(501)];
    const { from, to } = standings.update(497, 500, (j) => keys[j]!);
    expect([from, to]).toEqual([497, 501]);
    expect(standings.ranks.slice(496, 502)).toEqual([497, 498, 499, 500, 501, 502]);
    expect(standings.placements[497]).toEqual({ index: 2, reason: '总分 50.35 未达到“合格”线（60 分及以上）' });
    // unit 5 (99.5, 优秀) falls to 99.05: still 优秀, past units 6–9; the 10 seats are as full as before
    const fell = keyOf(makeEvaluated({ unitId: 'u0005', total: 99.05 }));
    keys = [...keys.slice(0, 5), ...keys.slice(6, 10), fell, ...keys.slice(10)];
    expect(standings.update(5, 9, (j) => keys[j]!)).toEqual({ from: 5, to: 10 });
    expect(standings.placements.slice(0, 11).map((p) => p.index)).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
  });
});
