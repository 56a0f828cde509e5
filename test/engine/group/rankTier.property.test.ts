import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as X from '../../../src/engine/arith/exact';
import { rankUnits, roundedTotal } from '../../../src/engine/group/rank';
import type { EvaluatedUnit } from '../../../src/engine/result';
import type { Quota, RuleSet, Tier } from '../../../src/model/ruleSet';
import { assignTiers, quotaCapacity } from '../../../src/engine/group/tier';
import { makeEvaluated, makeRuleSet, makeVeto } from '../../fixtures/evaluated';

/** Totals in thousandths so that rounding at 0.01 both merges and keeps apart nearby totals. */
const unitArb = (i: number, withVetoes: boolean) =>
  fc
    .record({
      // mostly near the 90-point line, where ties, rounding and quotas meet
      thousandths: fc.oneof(
        fc.integer({ min: 50_000, max: 100_000 }),
        fc.integer({ min: 8_990, max: 9_010 }).map((h) => h * 10),
        fc.integer({ min: 89_990, max: 90_010 }),
      ),
      keyArea: fc.integer({ min: 0, max: 60 }),
      veto: withVetoes
        ? fc.constantFrom('none', 'none', 'none', 'fail', 'failScored', 'barExcellent')
        : fc.constant('none'),
    })
    .map(({ thousandths, keyArea, veto }) => {
      const id = `u${String(i).padStart(3, '0')}`;
      const nodes = { keyArea: { score: X.frac(keyArea, 2), max: 30 } };
      const total = X.frac(thousandths, 1000);
      if (veto === 'fail') {
        return makeEvaluated({ unitId: id, total: 0, unscored: true, nodes, vetoes: [makeVeto('否决', { type: 'fail' })] });
      }
      const vetoes =
        veto === 'failScored'
          ? [makeVeto('否决', { type: 'failScored' })]
          : veto === 'barExcellent'
            ? [makeVeto('限制', { type: 'barTier', tier: 'excellent' })]
            : [];
      return makeEvaluated({ unitId: id, total, nodes, vetoes });
    });

const groupArb = (withVetoes: boolean) =>
  fc
    .integer({ min: 0, max: 25 })
    .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => unitArb(i, withVetoes))))
    .map((us): EvaluatedUnit[] => us);

const quotaArb: fc.Arbitrary<Quota | undefined> = fc.oneof(
  fc.constant(undefined),
  fc.record({ count: fc.integer({ min: 0, max: 8 }) }),
  fc.record({ percent: fc.integer({ min: 0, max: 100 }), round: fc.constantFrom('floor', 'ceil', 'round') }),
);

const ruleSetArb = fc
  .record({
    excellentQuota: quotaArb,
    goodQuota: quotaArb,
    rounding: fc.constantFrom('halfUp', 'halfEven', 'down', 'up'),
    rankBy: fc.constantFrom('rounded', 'exact'),
    tieBreak: fc.boolean(),
  })
  .map(({ excellentQuota, goodQuota, rounding, rankBy, tieBreak }): RuleSet => {
    const tiers: Tier[] = [
      { key: 'excellent', name: '优秀', atLeast: 90, ...(excellentQuota ? { quota: excellentQuota } : {}) },
      { key: 'good', name: '良好', atLeast: 75, ...(goodQuota ? { quota: goodQuota } : {}) },
      { key: 'pass', name: '合格', atLeast: 60 },
      { key: 'fail', name: '不合格' },
    ];
    return makeRuleSet({ tiers, precision: { rounding, rankBy }, tieBreak: tieBreak ? ['keyArea'] : [] });
  });

const score = (rs: RuleSet, units: EvaluatedUnit[]) => assignTiers(rs, rankUnits(rs, units));

describe('rank (properties)', () => {
  it('never ranks a higher rounded total worse, and ties equal rounded totals when nothing breaks them', () => {
    const rs = makeRuleSet({ precision: { rankBy: 'rounded' } });
    fc.assert(
      fc.property(groupArb(true), (units) => {
        const ranked = rankUnits(rs, units);
        const scored = ranked.filter((r) => !r.unit.unscored);
        for (const a of scored) {
          for (const b of scored) {
            const c = X.cmp(roundedTotal(rs, a.unit), roundedTotal(rs, b.unit));
            if (c > 0) expect(a.rank).toBeLessThan(b.rank);
            if (c === 0) expect(a.rank).toBe(b.rank);
          }
        }
        const unscoredRanks = new Set(ranked.filter((r) => r.unit.unscored).map((r) => r.rank));
        expect(unscoredRanks.size).toBeLessThanOrEqual(1);
        for (const r of unscoredRanks) expect(r).toBe(scored.length + 1);
      }),
    );
  });

  it('gives competition ranks: each rank is one more than the number of units ranked strictly better', () => {
    fc.assert(
      fc.property(ruleSetArb, groupArb(true), (rs, units) => {
        const ranked = rankUnits(rs, units);
        ranked.forEach((r) => {
          expect(r.rank).toBe(ranked.filter((o) => o.rank < r.rank).length + 1);
        });
      }),
    );
  });
});

describe('rank and tier (properties)', () => {
  it('does not depend on the input order', () => {
    fc.assert(
      fc.property(
        ruleSetArb,
        groupArb(true).chain((us) => fc.tuple(fc.constant(us), fc.shuffledSubarray(us, { minLength: us.length }))),
        (rs, [units, shuffled]) => {
          expect(score(rs, shuffled)).toEqual(score(rs, units));
        },
      ),
    );
  });

  it('gives identical results on two runs', () => {
    fc.assert(
      fc.property(ruleSetArb, groupArb(true), (rs, units) => {
        expect(score(rs, units)).toEqual(score(rs, units));
      }),
    );
  });

  it('never exceeds a quota', () => {
    fc.assert(
      fc.property(ruleSetArb, groupArb(true), (rs, units) => {
        const results = score(rs, units);
        rs.tiers.slice(0, -1).forEach((t) => {
          if (!t.quota) return;
          const held = results.filter((r) => r.tier === t.key).length;
          expect(held).toBeLessThanOrEqual(quotaCapacity(t.quota, units.length));
        });
      }),
    );
  });

  it('never puts a better-ranked unit in a worse tier when no unit has a veto', () => {
    fc.assert(
      fc.property(ruleSetArb, groupArb(false), (rs, units) => {
        const index = (key: string) => rs.tiers.findIndex((t) => t.key === key);
        const results = score(rs, units);
        results.forEach((r, i) => {
          const next = results[i + 1];
          if (next) expect(index(r.tier)).toBeLessThanOrEqual(index(next.tier));
        });
      }),
    );
  });

  it('gives units sharing a rank the same tier when no unit has a veto', () => {
    fc.assert(
      fc.property(ruleSetArb, groupArb(false), (rs, units) => {
        const results = score(rs, units);
        for (const a of results) {
          for (const b of results) if (a.rank === b.rank) expect(a.tier).toBe(b.tier);
        }
      }),
    );
  });

  it('explains every tier in words', () => {
    fc.assert(
      fc.property(ruleSetArb, groupArb(true), (rs, units) => {
        for (const r of score(rs, units)) expect(r.tierReason).toMatch(/\S/);
      }),
    );
  });
});
