import { describe, expect, it } from 'vitest';
import { compileRuleSet } from '../../../src/engine/rules/compile';
import { evaluateUnit } from '../../../src/engine/unit/evaluate';
import * as X from '../../../src/engine/arith/exact';
import { scoreGroup } from '../../../src/engine/group/pipeline';
import type { ScoreEntry } from '../../../src/model/entries';
import { makeAssessor, makeEntry, makeRuleSet, makeUnit } from '../../fixtures/ruleSets';

// basic = policy (points 20, step 0.5) + budget (deduction 10, 1 per finding), scored by three assessors
// whose mean gives item scores in sixths: dozens of values, some landing in the same slot of the table that
// shares node results between units
const ruleSet = makeRuleSet();
const assessors = ['a1', 'a2', 'a3'].map((id) => makeAssessor({ id, name: id }));
const units = Array.from({ length: 400 }, (_, k) => makeUnit({ id: `u${String(k).padStart(3, '0')}`, name: `单位${k}` }));
const entries: ScoreEntry[] = units.flatMap((u, k) =>
  assessors.flatMap((a, j) => [
    makeEntry({ unitId: u.id, assessorId: a.id, node: 'policy', value: ((k * 7 + j * 13) % 41) / 2 }),
    makeEntry({
      unitId: u.id,
      assessorId: a.id,
      node: 'budget',
      value: undefined,
      findings: Array.from({ length: (k + j) % 11 }, (_, i) => ({ id: `f${i}`, count: 1, reason: '未公开' })),
    }),
  ]),
);

function groupBy<T, K>(list: readonly T[], key: (x: T) => K): Map<K, T[]> {
  const out = new Map<K, T[]>();
  for (const x of list) out.set(key(x), [...(out.get(key(x)) ?? []), x]);
  return out;
}

describe('node results shared between units', () => {
  const result = scoreGroup(ruleSet, units, entries, assessors);

  it('give every unit the scores of its own evaluation, whichever slot a score lands in', () => {
    const c = compileRuleSet(ruleSet);
    const byUnit = groupBy(entries, (e) => e.unitId);
    for (const r of result.units) {
      const alone = evaluateUnit(c, units.find((u) => u.id === r.unitId)!, byUnit.get(r.unitId)!, assessors);
      expect(r.nodes).toEqual(alone.nodes);
      const { basic, policy, budget } = r.nodes;
      // independent of any table: the item is the sum of its check points, shown with two decimals
      expect(X.eq(basic!.exact, X.add(policy!.exact, budget!.exact))).toBe(true);
      expect(basic!.score).toBe(X.toDecimals(basic!.exact, 2));
    }
  });

  it('are one frozen object for an item score that units share', () => {
    const byScore = groupBy(result.units, (u) => u.nodes.basic!.exact.n / u.nodes.basic!.exact.d);
    expect(byScore.size).toBeGreaterThan(50); // enough for scores to collide in the table
    const shared = [...byScore.values()].filter((us) => us.length > 1 && us[0]!.nodes.basic === us[1]!.nodes.basic);
    expect(shared.length).toBeGreaterThan(0);
    expect(Object.isFrozen(shared[0]![0]!.nodes.basic)).toBe(true);
  });
});
