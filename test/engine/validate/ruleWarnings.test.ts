/** Warnings about rule sets that are valid but probably wrong: returned beside the rule set, never blocking. */
import { describe, expect, it } from 'vitest';
import { parseRuleSet } from '../../../src/engine/validate/ruleValidate';
import { bonus, group, makeRules, points } from '../unit/evaluateFixtures';
import { allRuleSets } from '../../fixtures/allRuleSets';

function warningsOf(rules: ReturnType<typeof makeRules>) {
  const parsed = parseRuleSet(rules);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.warnings.map(({ path, code }) => ({ path, code }));
}

describe('rule set warnings', () => {
  it('weights of a weighted group not summing to 1 (0.7 + 0.2)', () => {
    const rules = makeRules([points('check', 100, { weight: 0.7 }), points('expert', 100, { weight: 0.2 })]);
    expect(warningsOf(rules)).toEqual([{ path: 'root.children', code: 'weightsNotOne' }]);
  });

  it('0.7 + 0.3 is fine', () => {
    expect(warningsOf(makeRules([points('check', 100, { weight: 0.7 }), points('expert', 100, { weight: 0.3 })]))).toEqual([]);
  });

  it('a stated maximum the children cannot reach (max 30, items 10 + 10)', () => {
    const rules = makeRules([points('base', 100), group('bonus', [bonus('b1', 10), bonus('b2', 10)], { max: 30 })]);
    expect(warningsOf(rules)).toEqual([{ path: 'root.children[1].max', code: 'maxUnreachable' }]);
  });

  it('a class stating full marks its items do not add up to, not rescaled (95 stated, 80 reachable)', () => {
    const rules = makeRules([points('common', 80), points('special', 20)], {
      unitClasses: [{ key: 'c', name: '只考共性指标', excludes: ['special'], max: 95, rescale: false }],
    });
    expect(warningsOf(rules)).toEqual([{ path: 'unitClasses[0].max', code: 'classMaxDiffers' }]);
  });

  it('a tier line above the reachable maximum (优秀 ≥ 90 of 80 points)', () => {
    expect(warningsOf(makeRules([points('a', 80)]))).toEqual([{ path: 'tiers[0].atLeast', code: 'tierAboveMax' }]);
  });

  it('a gate that can never open (above 80 on a 50-point part)', () => {
    const rules = makeRules([points('base', 50), points('x', 50), group('extra', [bonus('b', 10)], { gate: { node: 'base', above: 80 } })]);
    expect(warningsOf(rules)).toEqual([{ path: 'root.children[2].gate', code: 'gateNeverOpens' }]);
  });

  it('warnings come with a message and do not block the rule set', () => {
    const parsed = parseRuleSet(makeRules([points('a', 80)]));
    expect(parsed.ok).toBe(true);
    if (parsed.ok) expect(parsed.warnings[0]?.message).toContain('90');
  });

  for (const { name, ruleSet } of allRuleSets()) {
    it(`${name} has no warnings`, () => {
      const parsed = parseRuleSet(ruleSet);
      expect(parsed.ok && parsed.warnings).toEqual([]);
    });
  }
});
