/**
 * Properties of completeness over random rule sets and sheets: it is read beside the scores, never into them.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { scenarioArb } from '../arbitraries';
import { compileRuleSet } from '../../../src/engine/rules/compile';
import { scoreGroup } from '../../../src/engine/group/pipeline';
import type { ScoreEntry } from '../../../src/model/entries';

const RUNS = { numRuns: 120 };

describe('completeness properties', () => {
  it("a unit's total and completeness never depend on other units' cells", () => {
    fc.assert(
      fc.property(scenarioArb, fc.nat(), ({ ruleSet, units, entries }, pick) => {
        const target = units[pick % units.length]!;
        const all = scoreGroup(ruleSet, units, entries, []).units.find((u) => u.unitId === target.id)!;
        const own = entries.filter((e) => e.unitId === target.id);
        const alone = scoreGroup(ruleSet, units, own, []).units.find((u) => u.unitId === target.id)!;
        expect(alone.totalExact).toEqual(all.totalExact);
        expect(alone.complete).toBe(all.complete);
        expect(alone.missing).toEqual(all.missing);
      }),
      RUNS,
    );
  });

  it('confirming every missing deduction and penalty cell as 本项无问题 changes flags, never a number', () => {
    fc.assert(
      fc.property(scenarioArb, ({ ruleSet, units, entries }) => {
        const c = compileRuleSet(ruleSet);
        const before = scoreGroup(ruleSet, units, entries, []);
        const confirmations: ScoreEntry[] = before.units.flatMap((u) =>
          u.missing
            .filter((m) => {
              const t = c.byKey.get(m.node)?.type;
              return t === 'deduction' || t === 'penalty';
            })
            .map((m) => ({ id: `${u.unitId}:${m.node}:a`, unitId: u.unitId, node: m.node, assessorId: 'a', findings: [], rev: 1 })),
        );
        const after = scoreGroup(ruleSet, units, [...entries, ...confirmations], []);
        const numbers = (g: typeof before) => g.units.map((u) => [u.unitId, u.total, u.display, u.rank, u.tier, u.nodes]);
        expect(numbers(after)).toEqual(numbers(before));
        expect(after.statistics).toEqual(before.statistics);
        for (const u of after.units)
          for (const m of u.missing) expect(['deduction', 'penalty']).not.toContain(c.byKey.get(m.node)?.type);
      }),
      RUNS,
    );
  });

  it('a group is complete exactly when each of its units is', () => {
    fc.assert(
      fc.property(scenarioArb, ({ ruleSet, units, entries }) => {
        const g = scoreGroup(ruleSet, units, entries, []);
        expect(g.complete).toBe(g.units.every((u) => u.complete));
        for (const u of g.units) expect(u.complete).toBe(u.missing.length === 0);
      }),
      RUNS,
    );
  });
});
