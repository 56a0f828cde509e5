/**
 * An inapplicable item's points shared among the others ("办事服务20分平均计入其他指标"): added to their
 * maxima with their losses standing (addToOthers), or each other item scaled by its own score rate
 * (redistribute), next to the rescale and drop policies.
 */
import { describe, expect, it } from 'vitest';
import { deduction, entry, finding, group, makeRules, points, run } from './evaluateFixtures';

// 甲 10 (2 points lost), 乙 10 (none lost), 办事服务 20 not applicable; 60 more elsewhere
const rules = (notApplicable: string) =>
  makeRules([
    group('part', [deduction('jia', 10), deduction('yi', 10), deduction('service', 20)], { notApplicable }),
    points('rest', 60),
  ]);
const sheet = [entry('jia', { findings: finding(2) }), entry('service', { notApplicable: true }), entry('rest', { value: 60 })];

describe('an inapplicable item shared among the others', () => {
  it('addToOthers: 10 added to each maximum, losses stand: (8 + 10) + (10 + 10) = 38 of 40', () => {
    const r = run(rules('addToOthers'), sheet);
    expect(r.nodes.part?.score).toBe(38);
    expect(r.nodes.part?.max).toBe(40);
    expect(r.total).toBe(98);
  });

  it('addToOthers: no losses anywhere is full marks', () => {
    const r = run(rules('addToOthers'), [entry('service', { notApplicable: true }), entry('rest', { value: 60 })]);
    expect(r.nodes.part?.score).toBe(40);
    expect(r.total).toBe(100);
  });

  it('redistribute scales each by its own rate: 8 × 20/10 + 10 × 20/10 = 36', () => {
    expect(run(rules('redistribute'), sheet).nodes.part?.score).toBe(36);
  });

  it('rescale: 18 × 40/20 = 36; drop: 18 of 20', () => {
    expect(run(rules('rescale'), sheet).nodes.part?.score).toBe(36);
    const dropped = run(rules('drop'), sheet);
    expect(dropped.nodes.part?.score).toBe(18);
    expect(dropped.maxScore).toBe(80);
  });

  it('addToOthers with three others: 20 ÷ 3 each, exact, 2 lost gives 38 of 40', () => {
    const r = run(makeRules([group('part', [deduction('a', 5), deduction('b', 5), deduction('c', 10), deduction('service', 20)], { notApplicable: 'addToOthers' })]), [
      entry('a', { findings: finding(2) }),
      entry('service', { notApplicable: true }),
    ]);
    expect(r.total).toBe(38);
  });
});
