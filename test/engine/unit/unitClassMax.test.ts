/**
 * A unit class scored on a subset with a declared maximum ("只考共性指标，满分95"): its total rescaled to
 * the declared maximum, or left as scored, as the rule file says; no placeholder items.
 */
import { describe, expect, it } from 'vitest';
import { parseRuleSet } from '../../../src/engine/validate/ruleValidate';
import { entry, group, makeRules, makeUnit, points, run } from './evaluateFixtures';

// 共性指标 80 (a 50 + b 30) and 特色指标 20; the class only has the common ones
const rules = (cls: object) =>
  makeRules([group('common', [points('a', 50), points('b', 30)]), points('special', 20)], {
    unitClasses: [{ key: 'commonOnly', name: '只考共性指标', excludes: ['special'], ...cls }],
  });
const unit = makeUnit({ unitClass: 'commonOnly' });
const sheet = [entry('a', { value: 40 }), entry('b', { value: 30 })];

describe('a unit class with a declared maximum', () => {
  it('rescaled: 70 of 80 becomes 70 × 95/80 = 83.125 → 83.13 of 95', () => {
    const r = run(rules({ max: 95, rescale: true }), sheet, unit);
    expect(r.total).toBe(83.13);
    expect(r.maxScore).toBe(95);
    expect(r.nodes.total?.max).toBe(95);
  });

  it('full marks on the subset are the declared maximum', () => {
    expect(run(rules({ max: 95, rescale: true }), [entry('a', { value: 50 }), entry('b', { value: 30 })], unit).total).toBe(95);
  });

  it('not rescaled: 70 of 80 stays 70', () => {
    const r = run(rules({ max: 80, rescale: false }), sheet, unit);
    expect(r.total).toBe(70);
    expect(r.maxScore).toBe(80);
  });

  it('units of other classes are scored on everything', () => {
    expect(run(rules({ max: 95, rescale: true }), [...sheet, entry('special', { value: 20 })]).total).toBe(90);
  });

  it('a declared maximum must say whether the total is rescaled', () => {
    const raw = { ...rules({}), unitClasses: [{ key: 'c', name: 'c', excludes: ['special'], max: 95 }] };
    const parsed = parseRuleSet(raw);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.errors[0]?.path).toBe('unitClasses[0].rescale');
  });
});
