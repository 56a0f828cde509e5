/** What a veto's or a threshold's `zeroNode` effect does to a leaf, a group and a per-object group. */
import { describe, expect, it } from 'vitest';
import { scoreGroup } from '../../../src/engine/group/pipeline';
import { deduction, entry, finding, group, makeRules, makeUnit, points, run } from './evaluateFixtures';

const twoSites = makeUnit({ objects: [{ id: 'w1', name: '门户网站', kind: 'website' }, { id: 'w2', name: '部门网站', kind: 'website' }] });

describe('zeroNode on a leaf', () => {
  it('a veto zeroes the leaf: 甲 40 of 40 + 乙 40 gives 40', () => {
    const rules = makeRules([points('jia', 40), points('yi', 40)], {
      vetoes: [{ key: 'fake', name: '数据造假', effect: { type: 'zeroNode', node: 'jia' } }],
    });
    const r = run(rules, [entry('jia', { value: 40 }), entry('yi', { value: 40 }), entry('fake', { triggered: true })]);
    expect(r.vetoes.map((v) => v.key)).toEqual(['fake']);
    expect(r.nodes.jia?.score).toBe(0);
    expect(r.total).toBe(40);
    expect(r.display).toBe('40.00');
  });
});

describe('zeroNode from a threshold', () => {
  // the report group scores 4 of 10 (below 5): it is zeroed; 30 from the other part stays
  const rules = makeRules([group('report', [deduction('report.a', 10)]), points('rest', 30)], {
    thresholds: [{ key: 'reportLow', name: '年报低于5分', node: 'report', below: 5, effect: { type: 'zeroNode', node: 'report' } }],
  });

  it('zeroes the group when the score is below the line', () => {
    const r = run(rules, [entry('report.a', { findings: finding(6) }), entry('rest', { value: 30 })]);
    expect(r.vetoes.map((v) => v.key)).toEqual(['reportLow']);
    expect(r.nodes.report?.score).toBe(0);
    expect(r.total).toBe(30);
  });

  it('leaves the group alone at or above the line', () => {
    const r = run(rules, [entry('report.a', { findings: finding(5) }), entry('rest', { value: 30 })]);
    expect(r.vetoes).toEqual([]);
    expect(r.total).toBe(35);
  });

  it('can zero a leaf other than the one it reads', () => {
    const other = makeRules([points('a', 10), points('b', 20)], {
      thresholds: [{ key: 'aLow', name: 'a 低于 5 分', node: 'a', below: 5, effect: { type: 'zeroNode', node: 'b' } }],
    });
    expect(run(other, [entry('a', { value: 4 }), entry('b', { value: 20 })]).total).toBe(4);
  });
});

describe('zeroNode aimed at a per-object group', () => {
  it('zeroes the whole group: sites 100 + other 10 gives 10', () => {
    const rules = makeRules([group('sites', [deduction('sites.content', 100)], { perObject: { kind: 'website', aggregate: 'mean' } }), points('other', 10)], {
      vetoes: [{ key: 'hacked', name: '网站被篡改', effect: { type: 'zeroNode', node: 'sites' } }],
    });
    const r = run(rules, [entry('other', { value: 10 }), entry('hacked', { triggered: true })], twoSites);
    expect(r.nodes.sites?.score).toBe(0);
    expect(r.total).toBe(10);
    expect(r.display).toBe('10.00');
  });
});

describe('a veto with several effects', () => {
  // 年报 scores 0 and the unit may not be 优秀: 95 − 10 = 85, 合格 rather than 优秀 by score alone
  const rules = makeRules([points('report', 10), points('rest', 90)], {
    vetoes: [{
      key: 'reportFake', name: '年报数据造假',
      effects: [{ type: 'zeroNode', node: 'report' }, { type: 'barTier', tier: 'excellent' }],
    }],
  });
  const entries = [entry('report', { value: 10 }), entry('rest', { value: 85 }), entry('reportFake', { triggered: true })];

  it('applies every effect: the node counts 0', () => {
    const r = run(rules, entries);
    expect(r.nodes.report?.score).toBe(0);
    expect(r.total).toBe(85);
    expect(r.vetoes[0]?.effects.map((e) => e.type)).toEqual(['zeroNode', 'barTier']);
  });

  it('... and the tier is barred even when the score would reach it', () => {
    const high = [entry('report', { value: 10 }), entry('rest', { value: 90 }), entry('reportFake', { triggered: true })];
    const u = scoreGroup(rules, [makeUnit()], high, []).units[0]!;
    expect(u.total).toBe(90);
    expect(u.tierName).toBe('合格');
  });

  it('a rule file gives either effect or effects, not both', () => {
    const both = { key: 'x', name: 'x', effect: { type: 'fail' }, effects: [{ type: 'fail' }] };
    expect(() => makeRules([points('a', 10)], { vetoes: [both as never] })).toThrow(/effect/);
  });
});
