import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { scenarioArb } from '../arbitraries';
import { compileRuleSet } from '../../../src/engine/rules/compile';
import { evaluateUnit } from '../../../src/engine/unit/evaluate';
import { scoreGroup } from '../../../src/engine/group/pipeline';
import * as X from '../../../src/engine/arith/exact';
import { makeRules, points, entry } from './evaluateFixtures';

const RUNS = { numRuns: 150 };

describe('engine properties over random rule sets and sheets', () => {
  it('totals stay within 0 and the unit maximum, on the rounding step', () => {
    fc.assert(
      fc.property(scenarioArb, ({ ruleSet, units, entries }) => {
        const c = compileRuleSet(ruleSet);
        for (const u of units) {
          const r = evaluateUnit(c, u, entries, []);
          expect(r.total).toBeGreaterThanOrEqual(0);
          expect(X.cmp(r.totalExact, X.dec(r.maxScore))).toBeLessThanOrEqual(0);
          expect(X.isMultipleOf(X.dec(r.total), X.frac(1, 100))).toBe(true);
          expect(Number(r.display)).toBe(r.total);
        }
      }),
      RUNS,
    );
  });

  it('one more deduction never raises a total', () => {
    fc.assert(
      fc.property(scenarioArb, fc.nat(), ({ ruleSet, units, entries }, pick) => {
        const c = compileRuleSet(ruleSet);
        const deductible = entries.filter((e) => e.findings !== undefined);
        fc.pre(deductible.length > 0);
        const target = deductible[pick % deductible.length]!;
        const more = entries.map((e) =>
          e === target ? { ...e, findings: [...(e.findings ?? []), { id: 'extra', count: 1, reason: '新增问题' }] } : e,
        );
        const unit = units.find((u) => u.id === target.unitId)!;
        const before = evaluateUnit(c, unit, entries, []);
        const after = evaluateUnit(c, unit, more, []);
        expect(X.cmp(after.totalExact, before.totalExact)).toBeLessThanOrEqual(0);
      }),
      RUNS,
    );
  });

  it('shuffling units and entries changes nothing, and two runs are identical', () => {
    fc.assert(
      fc.property(scenarioArb, fc.integer(), ({ ruleSet, units, entries }, seed) => {
        const shuffle = <T,>(xs: T[]): T[] => {
          const a = [...xs];
          let s = seed >>> 0;
          for (let i = a.length - 1; i > 0; i--) {
            s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
            const j = s % (i + 1);
            [a[i], a[j]] = [a[j]!, a[i]!];
          }
          return a;
        };
        const one = scoreGroup(ruleSet, units, entries, []);
        const two = scoreGroup(ruleSet, shuffle(units), shuffle(entries), []);
        expect(two).toEqual(one);
        expect(scoreGroup(ruleSet, units, entries, [])).toEqual(one);
      }),
      { numRuns: 80 },
    );
  });

  it('ranks agree with totals', () => {
    fc.assert(
      fc.property(scenarioArb, ({ ruleSet, units, entries }) => {
        const g = scoreGroup(ruleSet, units, entries, []);
        for (const a of g.units)
          for (const b of g.units) {
            if (a.unscored || b.unscored) continue;
            if (a.total > b.total) expect(a.rank).toBeLessThan(b.rank);
            if (a.total === b.total) expect(a.rank).toBe(b.rank);
          }
      }),
      RUNS,
    );
  });

  it('decimal steps never drift: the total of tenths is their exact sum', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 100 }), { minLength: 1, maxLength: 12 }), (tenths) => {
        const rules = makeRules(tenths.map((_, i) => points(`p${i}`, 10)), {
          precision: { step: 0.1, rounding: 'halfUp', display: 1, rankBy: 'rounded' },
        });
        const r = evaluateUnit(compileRuleSet(rules), { id: 'u1', name: '甲', group: 'city', objects: [] },
          tenths.map((t, i) => entry(`p${i}`, { value: t / 10 })), []);
        const exactSum = tenths.reduce((a, b) => a + b, 0);
        expect(r.display).toBe(`${Math.floor(exactSum / 10)}.${exactSum % 10}`);
        expect(r.totalExact).toEqual(X.frac(exactSum, 10));
      }),
      RUNS,
    );
  });
});
