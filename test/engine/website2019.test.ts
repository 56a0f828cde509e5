/**
 * 国办秘函〔2019〕19号 structure: veto items; a 100-point deduction part with per-item caps;
 * a 30-point bonus part scored only above 80; below 60 fails; departments without external services
 * drop 办事服务 (25) and have their 75-point result multiplied by 4/3.
 * The deduction items other than 办事服务 use example points (40/20/15) for hand computation.
 */
import { describe, expect, it } from 'vitest';
import { bonus, deduction, entry, finding, group, makeRules, run } from './unit/evaluateFixtures';

const rules = makeRules(
  [
    group(
      'deduct',
      [deduction('publish', 40), deduction('service', 25), deduction('interact', 20), deduction('function', 15)],
      { notApplicable: 'rescale' },
    ),
    group('bonus', [bonus('b1', 20), bonus('b2', 20)], { max: 30, gate: { node: 'deduct', above: 80 } }),
  ],
  {
    vetoes: [{ key: 'unreachable', name: '站点无法访问', effect: { type: 'fail' } }],
    thresholds: [{ key: 'below60', name: '扣分部分低于60分', node: 'deduct', below: 60, effect: { type: 'failScored' } }],
    tiers: [
      { key: 'pass', name: '合格', atLeast: 0 },
      { key: 'fail', name: '不合格' },
    ],
  },
);

/** findings of 0.5 points each on the publish item */
const publishLoss = (points: number) => entry('publish', { findings: finding(1, { points }) });

describe('国办秘函〔2019〕19号 website check', () => {
  it('a site with a veto fails unscored', () => {
    const r = run(rules, [publishLoss(5), entry('b1', { value: 10 }), entry('unreachable', { triggered: true })]);
    expect(r.unscored).toBe(true);
    expect(r.total).toBe(0);
    expect(r.vetoes[0]).toMatchObject({ key: 'unreachable', effects: [{ type: 'fail' }] });
  });

  it('79.5 in the deduction part gets no bonus', () => {
    const r = run(rules, [publishLoss(20.5), entry('b1', { value: 10 })]);
    expect(r.nodes.deduct?.score).toBe(79.5);
    expect(r.nodes.bonus?.gatedOut).toBe(true);
    expect(r.total).toBe(79.5);
  });

  it('exactly 80 is not above 80: no bonus', () => {
    expect(run(rules, [publishLoss(20), entry('b1', { value: 10 })]).total).toBe(80);
  });

  it('85 plus bonus, the bonus part capped at 30', () => {
    const r = run(rules, [publishLoss(15), entry('b1', { value: 15 }), entry('b2', { value: 20 })]);
    expect(r.nodes.deduct?.score).toBe(85);
    expect(r.nodes.bonus?.score).toBe(30);
    expect(r.total).toBe(115);
    expect(r.maxScore).toBe(130);
  });

  it('below 60 is 不合格 with its score standing', () => {
    const r = run(rules, [publishLoss(40), entry('interact', { findings: finding(5) })]);
    expect(r.nodes.deduct?.score).toBe(55);
    expect(r.vetoes).toMatchObject([{ key: 'below60', kind: 'threshold', effects: [{ type: 'failScored' }] }]);
    expect(r.unscored).toBe(false);
    expect(r.total).toBe(55);
  });

  it('a department without external services: 75-point result × 4/3', () => {
    // publish 40−10, interact 20−5, function 15 → 60 of 75 → 80: not above 80, no bonus
    const r = run(rules, [
      publishLoss(10),
      entry('interact', { findings: finding(5) }),
      entry('service', { notApplicable: true }),
      entry('b1', { value: 10 }),
    ]);
    expect(r.nodes.deduct?.score).toBe(80);
    expect(r.total).toBe(80);
    // 63 of 75 → 84: the bonus counts
    const r2 = run(rules, [publishLoss(7), entry('interact', { findings: finding(5) }), entry('service', { notApplicable: true }), entry('b1', { value: 10 })]);
    expect(r2.nodes.deduct?.score).toBe(84);
    expect(r2.total).toBe(94);
  });

  it('deductions within one indicator never exceed its points', () => {
    const r = run(rules, [entry('function', { findings: finding(30) })]);
    expect(r.nodes.function?.score).toBe(0);
    expect(r.nodes.deduct?.score).toBe(85);
  });

  it('explains why the bonus was not counted', () => {
    const r = run(rules, [publishLoss(20.5), entry('b1', { value: 10 })]);
    expect(r.trail.map((t) => t.text)).toContain('“bonus”不计分：“deduct”得分 79.5 未超过 80');
  });
});
