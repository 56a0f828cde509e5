/**
 * Live entry at group level: an edit re-scores its unit, moves it in the ranking, and the group's
 * figures follow — and the sheet a unit is scored from keeps one entry per assessor.
 */
import { describe, expect, it } from 'vitest';
import { entry, makeRules, makeUnit, points } from '../unit/evaluateFixtures';
import { compileRuleSet } from '../../../src/engine/rules/compile';
import { evaluateUnit } from '../../../src/engine/unit/evaluate';
import { GroupScorer } from '../../../src/engine/group/incremental';
import { scoreGroup } from '../../../src/engine/group/pipeline';

const rules = makeRules([points('basic', 40, { step: 0.5 }), points('keyArea', 60, { step: 0.5 })], {
  tiers: [
    { key: 'excellent', name: '优秀', atLeast: 90, quota: { count: 1 } },
    { key: 'qualified', name: '合格', atLeast: 60 },
    { key: 'unqualified', name: '不合格' },
  ],
});
const jia = makeUnit({ id: 'u1', name: '甲市' });
const yi = makeUnit({ id: 'u2', name: '乙市' });
const scores = (u: string, basic: number, keyArea: number, assessorId = 'a1') => [
  entry('basic', { unitId: u, assessorId, value: basic }),
  entry('keyArea', { unitId: u, assessorId, value: keyArea }),
];

describe('GroupScorer', () => {
  it('moves an edited unit past another and hands it the only 优秀 seat', () => {
    const entries = [...scores('u1', 38, 55), ...scores('u2', 36, 56)];
    const scorer = new GroupScorer(compileRuleSet(rules), [jia, yi], entries, []);
    const before = scorer.result();
    expect(before.units.map((u) => [u.unitId, u.total, u.rank, u.tierName])).toEqual([
      ['u1', 93, 1, '优秀'],
      ['u2', 92, 2, '合格'],
    ]);

    const raised = { ...entries[3]!, value: 58.5, rev: 2 }; // 乙市 keyArea 56 → 58.5: 94.5
    scorer.update(raised);
    const after = scorer.result();
    expect(after.units.map((u) => [u.unitId, u.total, u.rank, u.tierName])).toEqual([
      ['u2', 94.5, 1, '优秀'],
      ['u1', 93, 2, '合格'],
    ]);
    expect(after.units[1]!.tierReason).toBe('“优秀”名额已满（至多 1 个）');
    // keyArea: (55 + 58.5) / 2 = 56.75; lost (120 − 113.5) / 120
    const keyArea = after.statistics.find((s) => s.key === 'keyArea')!;
    expect([keyArea.mean, keyArea.min, keyArea.max]).toEqual([56.75, 55, 58.5]);
    expect(keyArea.lossRate).toBeCloseTo(6.5 / 120, 12);
    expect(after.tierCounts.map((t) => t.count)).toEqual([1, 1, 0]);
    expect(after).toEqual(scoreGroup(rules, [jia, yi], [entries[0]!, entries[1]!, entries[2]!, raised], []));
  });

  it('answers the same result object until something changes', () => {
    const scorer = new GroupScorer(compileRuleSet(rules), [jia, yi], [...scores('u1', 38, 55), ...scores('u2', 36, 56)], []);
    expect(scorer.result()).toBe(scorer.result());
  });

  it('brings back the revision a removed entry had replaced', () => {
    const newer = entry('basic', { unitId: 'u1', assessorId: 'a1', value: 38, rev: 2 });
    const older = entry('basic', { unitId: 'u1', assessorId: 'a1', value: 30, rev: 1 });
    const scorer = new GroupScorer(compileRuleSet(rules), [jia], [newer, older, entry('keyArea', { unitId: 'u1', value: 50 })], []);
    expect(scorer.result().units[0]!.total).toBe(88);
    scorer.remove(newer);
    expect(scorer.result().units[0]!.total).toBe(80);
  });

  it('ignores entries of units outside the group', () => {
    const scorer = new GroupScorer(compileRuleSet(rules), [jia], scores('u1', 38, 55), []);
    const before = scorer.result();
    scorer.update(entry('basic', { unitId: 'elsewhere', value: 1 }));
    expect(scorer.result()).toBe(before);
  });
});

describe('the sheet a unit is scored from', () => {
  const c = compileRuleSet(rules);

  it('keeps the highest revision per assessor, and the same entry saved again', () => {
    const first = entry('basic', { value: 30, rev: 3 });
    const lower = entry('basic', { value: 10, rev: 2 });
    const again = { ...first, value: 20, rev: 1 };
    expect(evaluateUnit(c, jia, [first, lower], []).nodes.basic?.score).toBe(30);
    expect(evaluateUnit(c, jia, [first, lower, again], []).nodes.basic?.score).toBe(20);
  });

  it('averages more assessors than a node has slots for', () => {
    // six assessors: (40 + 39.5 + 30 + 20 + 10 + 0.5) / 6 = 23.33…
    const values = [40, 39.5, 30, 20, 10, 0.5];
    const r = evaluateUnit(c, jia, values.map((value, i) => entry('basic', { assessorId: `a${i}`, value })), []);
    expect(r.nodes.basic?.exact).toEqual({ n: 70, d: 3 });
    expect(r.total).toBe(23.33);
  });

  it('reports an entry that cannot be scored only when its node is scored', () => {
    const classed = makeRules([points('basic', 40), points('website', 60)], {
      unitClasses: [{ key: 'dept', name: '部门', excludes: ['website'] }],
    });
    // a hand-edited bundle that skipped validation (the entry schema rejects NaN)
    const broken = { ...entry('website', { value: 1 }), value: Number.NaN };
    const dept = makeUnit({ id: 'u1', unitClass: 'dept' });
    expect(evaluateUnit(compileRuleSet(classed), dept, [entry('basic', { value: 40 }), broken], []).total).toBe(40);
    expect(() => evaluateUnit(compileRuleSet(classed), jia, [broken], [])).toThrow('not a finite number');
  });
});

describe('GroupScorer built in slices', () => {
  it('equals the scorer built in one go, before and after an edit, pausing between slices', async () => {
    const { synthetic } = await import('../../../bench/synthetic');
    const s = synthetic(60, 30, 3, 7);
    const compiled = compileRuleSet(s.ruleSet);
    const byUnit = new Map<string, typeof s.entries>();
    for (const e of s.entries) byUnit.set(e.unitId, [...(byUnit.get(e.unitId) ?? []), e]);
    // and a unit with no entries
    const units = [...s.units, makeUnit({ id: 'u-empty', name: '空单位', group: s.units[0]!.group })];
    let pauses = 0;
    const sliced = await GroupScorer.inSlices(compiled, units, (id) => byUnit.get(id) ?? [], s.assessors, {}, async () => void (pauses += 1), 7);
    const whole = new GroupScorer(compiled, units, s.entries, s.assessors);
    expect(pauses).toBe(Math.ceil(61 / 7) - 1);
    expect(sliced.result()).toEqual(whole.result());
    const edit = { ...s.entries[5]!, value: 0, findings: undefined, rev: 2 };
    sliced.update(edit);
    whole.update(edit);
    expect(sliced.result()).toEqual(whole.result());
  });
});
