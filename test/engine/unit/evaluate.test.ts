import { describe, expect, it } from 'vitest';
import { bonus, deduction, entry, finding, group, makeRules, makeUnit, points, run } from './evaluateFixtures';
import type { RuleNode } from '../../../src/model/ruleSet';

describe('points', () => {
  it('takes the value the assessor gave', () => {
    const r = run(makeRules([points('a', 10, { step: 0.5 }), points('b', 90)]), [entry('a', { value: 7.5 }), entry('b', { value: 80 })]);
    expect(r.total).toBe(87.5);
    expect(r.nodes.a?.score).toBe(7.5);
    expect(r.maxScore).toBe(100);
  });

  it('counts a leaf nobody entered as 0', () => {
    const r = run(makeRules([points('a', 10), points('b', 90)]), [entry('b', { value: 80 })]);
    expect(r.total).toBe(80);
  });

  it('never drifts: 0.1 + 0.2 is 0.30', () => {
    const r = run(makeRules([points('a', 1), points('b', 1)]), [entry('a', { value: 0.1 }), entry('b', { value: 0.2 })]);
    expect(r.total).toBe(0.3);
    expect(r.display).toBe('0.30');
  });
});

describe('deduction', () => {
  const rules = makeRules([
    deduction('d', 5, { checkpoints: [{ key: 'late', name: '更新不及时', deduction: 1 }] }),
    points('rest', 95),
  ]);

  it('deducts per check point × count and explicit points from the item maximum', () => {
    const r = run(rules, [
      entry('d', { findings: [{ id: 'f1', checkpoint: 'late', count: 2, reason: '栏目更新不及时' }, { id: 'f2', points: 0.5, reason: '链接失效' }] }),
      entry('rest', { value: 95 }),
    ]);
    expect(r.nodes.d?.score).toBe(2.5);
    expect(r.total).toBe(97.5);
  });

  it('stops at zero within the item (扣完为止)', () => {
    const r = run(rules, [entry('d', { findings: finding(8) }), entry('rest', { value: 95 })]);
    expect(r.nodes.d?.score).toBe(0);
    expect(r.total).toBe(95);
    expect(r.trail.some((t) => t.text.includes('扣完为止'))).toBe(true);
  });

  it('with the cap at the first-level indicator, one item may go below zero', () => {
    const basic = group('basic', [deduction('x', 5, { floor: false }), deduction('y', 5, { floor: false })]);
    const r1 = run(makeRules([basic]), [entry('x', { findings: finding(8) }), entry('y', { findings: finding(1) })]);
    expect(r1.nodes.x?.score).toBe(-3);
    expect(r1.nodes.basic?.score).toBe(1); // -3 + 4
    const r2 = run(makeRules([basic]), [entry('x', { findings: finding(8) }), entry('y', { findings: finding(7) })]);
    expect(r2.nodes.basic?.score).toBe(0); // -3 + -2 floored at the indicator
  });
});

describe('checklist', () => {
  it('adds the points of the items that are met', () => {
    const c = { type: 'checklist', key: 'c', name: 'c', items: [{ key: 'i1', name: '一', points: 2 }, { key: 'i2', name: '二', points: 3 }, { key: 'i3', name: '三', points: 5 }] } as RuleNode;
    const r = run(makeRules([c]), [entry('c', { checks: { i1: true, i2: false, i3: true } })]);
    expect(r.total).toBe(7);
    expect(r.maxScore).toBe(10);
  });
});

describe('ratio', () => {
  const linear = { type: 'ratio', key: 'r', name: '政策解读率', max: 4, mode: 'linear', fullAt: 90, zeroAt: 50 } as RuleNode;
  const stepped = { type: 'ratio', key: 's', name: 's', max: 5, mode: 'stepped', steps: [{ atLeast: 90, score: 5 }, { atLeast: 80, score: 3 }, { atLeast: 60, score: 1 }] } as RuleNode;

  it('is linear between the zero and the full-marks percent', () => {
    expect(run(makeRules([linear]), [entry('r', { value: 70 })]).total).toBe(2);
    expect(run(makeRules([linear]), [entry('r', { value: 95 })]).total).toBe(4);
    expect(run(makeRules([linear]), [entry('r', { value: 40 })]).total).toBe(0);
  });

  it('is stepped: the first step reached gives its score', () => {
    expect(run(makeRules([stepped]), [entry('s', { value: 85 })]).total).toBe(3);
    expect(run(makeRules([stepped]), [entry('s', { value: 90 })]).total).toBe(5);
    expect(run(makeRules([stepped]), [entry('s', { value: 59 })]).total).toBe(0);
  });
});

describe('veto', () => {
  const withVeto = (effect: object) =>
    makeRules([points('a', 100)], { vetoes: [{ key: 'v', name: '发生严重错误', effect } as never] });

  it('fail: the unit is 不合格 and nothing else is scored', () => {
    const r = run(withVeto({ type: 'fail' }), [entry('a', { value: 95 }), entry('v', { triggered: true })]);
    expect(r.unscored).toBe(true);
    expect(r.total).toBe(0);
    expect(r.vetoes.map((v) => v.key)).toEqual(['v']);
  });

  it('setScore: the total is fixed at 59', () => {
    const r = run(withVeto({ type: 'setScore', score: 59 }), [entry('a', { value: 95 }), entry('v', { triggered: true })]);
    expect(r.total).toBe(59);
    expect(r.unscored).toBe(false);
  });

  it('capScore: the total is capped, a lower total stays', () => {
    expect(run(withVeto({ type: 'capScore', score: 59 }), [entry('a', { value: 80 }), entry('v', { triggered: true })]).total).toBe(59);
    expect(run(withVeto({ type: 'capScore', score: 59 }), [entry('a', { value: 50 }), entry('v', { triggered: true })]).total).toBe(50);
  });

  it('barTier keeps the score and is reported', () => {
    const r = run(withVeto({ type: 'barTier', tier: 'excellent' }), [entry('a', { value: 95 }), entry('v', { triggered: true })]);
    expect(r.total).toBe(95);
    expect(r.vetoes[0]?.effects.map((e) => e.type)).toEqual(['barTier']);
  });

  it('an untriggered veto does nothing', () => {
    const r = run(withVeto({ type: 'fail' }), [entry('a', { value: 95 }), entry('v', { triggered: false })]);
    expect(r.total).toBe(95);
    expect(r.vetoes).toEqual([]);
  });
});

describe('bonus and penalty', () => {
  it('caps the bonus part at its declared total', () => {
    const rules = makeRules([points('base', 100), group('extra', [bonus('b1', 3), bonus('b2', 4)], { max: 5 })]);
    const r = run(rules, [entry('base', { value: 90 }), entry('b1', { value: 3 }), entry('b2', { value: 4 })]);
    expect(r.nodes.extra?.score).toBe(5);
    expect(r.total).toBe(95);
  });

  it('an uncapped major penalty goes past the indicator caps; a capped one stops at its cap', () => {
    const major = { type: 'penalty', key: 'major', name: '重大扣分项', cap: null, perFinding: 4 } as RuleNode;
    const capped = { type: 'penalty', key: 'minor', name: '扣分项', cap: 5, perFinding: 4 } as RuleNode;
    const r1 = run(makeRules([points('base', 100), major]), [entry('base', { value: 90 }), entry('major', { findings: finding(3) })]);
    expect(r1.total).toBe(78);
    const r2 = run(makeRules([points('base', 100), capped]), [entry('base', { value: 90 }), entry('minor', { findings: finding(3) })]);
    expect(r2.total).toBe(85);
  });
});

describe('not applicable', () => {
  const trio = (policy: string) => makeRules([group('g', [points('a', 10), points('b', 20), points('c', 10)], { notApplicable: policy })]);
  const sheet = [entry('a', { value: 10 }), entry('b', { value: 10 }), entry('c', { notApplicable: true })];

  it('rescale: the rest is scaled to the full maximum (20 of 30 → 26.67 of 40)', () => {
    const r = run(trio('rescale'), sheet);
    expect(r.totalExact).toEqual({ n: 80, d: 3 });
    expect(r.total).toBe(26.67);
    expect(r.maxScore).toBe(40);
  });

  it('redistribute: the missing points are shared evenly among the siblings', () => {
    // a: 10 × (10+5)/10 = 15; b: 10 × (20+5)/20 = 12.5
    const r = run(trio('redistribute'), sheet);
    expect(r.total).toBe(27.5);
    expect(r.maxScore).toBe(40);
  });

  it('drop: the maximum shrinks', () => {
    const r = run(trio('drop'), sheet);
    expect(r.total).toBe(20);
    expect(r.maxScore).toBe(30);
  });
});

describe('unit classes', () => {
  it('a class without an item has a lower maximum (100 / 95)', () => {
    const rules = makeRules([points('a', 95), points('x', 5)], {
      unitClasses: [{ key: 'B', name: '乙类', excludes: ['x'] }],
    });
    const r = run(rules, [entry('a', { value: 90 })], makeUnit({ unitClass: 'B' }));
    expect(r.maxScore).toBe(95);
    expect(r.total).toBe(90);
    expect(r.nodes.x?.applicable).toBe(false);
    expect(run(rules, [entry('a', { value: 90 }), entry('x', { value: 5 })]).maxScore).toBe(100);
  });
});

describe('weighted parts', () => {
  it('total = 70% work check + 30% expert review', () => {
    const rules = makeRules([points('work', 100, { weight: 0.7 }), points('expert', 100, { weight: 0.3 })]);
    const r = run(rules, [entry('work', { value: 85 }), entry('expert', { value: 90 })]);
    expect(r.total).toBe(86.5);
    expect(r.maxScore).toBe(100);
  });
});

describe('several objects per unit', () => {
  const sites = (aggregate: string, vetoEffect?: object) =>
    makeRules([group('site', [points('p', 100)], { perObject: { kind: 'website', aggregate } })], {
      vetoes: vetoEffect ? [{ key: 'down', name: '网站无法访问', scope: 'site', effect: vetoEffect } as never] : [],
    });
  const unit = makeUnit({ objects: [{ id: 'w1', name: '门户网站', kind: 'website' }, { id: 'w2', name: '部门网站', kind: 'website' }] });
  const sheet = [entry('p', { objectId: 'w1', value: 80 }), entry('p', { objectId: 'w2', value: 91 })];

  it('aggregates by mean or min', () => {
    expect(run(sites('mean'), sheet, unit).total).toBe(85.5);
    expect(run(sites('min'), sheet, unit).total).toBe(80);
    expect(run(sites('mean'), sheet, unit).nodes.site?.objects).toEqual([{ objectId: 'w1', score: 80 }, { objectId: 'w2', score: 91 }]);
  });

  it('any object with a veto vetoes the unit (fixed 59)', () => {
    const r = run(sites('mean', { type: 'setScore', score: 59 }), [...sheet, entry('down', { objectId: 'w2', triggered: true })], unit);
    expect(r.total).toBe(59);
    expect(r.vetoes).toMatchObject([{ key: 'down', objectId: 'w2' }]);
  });

  it('an object marked not applicable is left out of the mean', () => {
    const r = run(sites('mean'), [...sheet, entry('site', { objectId: 'w2', notApplicable: true })], unit);
    expect(r.total).toBe(80);
  });

  it('a zeroNode veto zeroes only that object', () => {
    const r = run(sites('mean', { type: 'zeroNode', node: 'site' }), [...sheet, entry('down', { objectId: 'w2', triggered: true })], unit);
    expect(r.total).toBe(40); // (80 + 0) / 2
  });
});

describe('several assessors', () => {
  const three = [
    entry('a', { assessorId: 'x', value: 6 }),
    entry('a', { assessorId: 'y', value: 8 }),
    entry('a', { assessorId: 'z', value: 9.5 }),
  ];
  const rules = (aggregate: string) => makeRules([points('a', 10)], { assessors: { aggregate } as never });

  it('mean keeps the exact thirds and rounds once: 23.5 / 3 = 7.8333… → 7.83', () => {
    const r = run(rules('mean'), three);
    expect(r.totalExact).toEqual({ n: 47, d: 6 });
    expect(r.total).toBe(7.83);
  });
  it('median', () => expect(run(rules('median'), three).total).toBe(8));
  it('trimmed mean drops the highest and lowest', () => expect(run(rules('trimmedMean'), three).total).toBe(8));
  it('owner: only the indicator owner counts', () => {
    const r = run(rules('owner'), three, makeUnit(), [
      { id: 'z', name: '王', owns: ['a'] },
      { id: 'x', name: '李', owns: [] },
    ]);
    expect(r.total).toBe(9.5);
  });
  it('takes the latest revision of one assessor, never both', () => {
    const r = run(rules('mean'), [entry('a', { assessorId: 'x', value: 6, rev: 1 }), entry('a', { assessorId: 'x', value: 9, rev: 2 })]);
    expect(r.total).toBe(9);
  });
});

describe('rounding', () => {
  const rules = (rounding: string) =>
    makeRules([points('a', 100)], { precision: { step: 0.01, rounding, display: 2, rankBy: 'rounded' } as never });
  const twoAssessors = [entry('a', { assessorId: 'x', value: 89.99 }), entry('a', { assessorId: 'y', value: 90 })];

  it('rounds once at the declared step: 89.995 → 90.00 half up, 89.99 down', () => {
    const up = run(rules('halfUp'), twoAssessors);
    expect(up.totalExact).toEqual({ n: 17999, d: 200 });
    expect(up.total).toBe(90);
    expect(up.display).toBe('90.00');
    expect(run(rules('down'), twoAssessors).total).toBe(89.99);
  });
});
