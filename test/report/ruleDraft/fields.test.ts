import { describe, expect, it } from 'vitest';
import { getAt, insertAt, removeAt, setAt, swapAt } from '../../../src/report/ruleDraft/fields';
import { makeRuleSet } from '../../fixtures/ruleSets';

describe('settings edits by path', () => {
  it('sets a nested field on a copy, creating the objects on the way', () => {
    const rs = makeRuleSet();
    const next = setAt(rs, ['tiers', 0, 'quota'], { percent: 30, round: 'floor' });
    expect(getAt(next, ['tiers', 0, 'quota', 'percent'])).toBe(30);
    expect(rs.tiers[0]!.quota).toBeUndefined();
    const deeper = setAt(rs, ['tiers', 0, 'requires', 'nodes'], [{ node: 'basic', atLeast: 20 }]);
    expect(deeper.tiers[0]!.requires).toEqual({ nodes: [{ node: 'basic', atLeast: 20 }] });
  });

  it('removes a field with undefined, leaving nothing behind', () => {
    const rs = setAt(makeRuleSet(), ['tiers', 0, 'color'], '#2e7d32');
    expect(setAt(rs, ['tiers', 0, 'color'], undefined)).toEqual(makeRuleSet());
  });

  it('inserts, removes and swaps list rows', () => {
    const rs = makeRuleSet();
    const keys = (x: typeof rs) => x.tiers.map((t) => t.key);
    const before = keys(rs);
    const added = insertAt(rs, ['tiers'], 1, { key: 'good', name: '良好', atLeast: 75 });
    expect(keys(added)).toEqual([before[0], 'good', ...before.slice(1)]);
    expect(keys(swapAt(added, ['tiers'], 1, -1))).toEqual(['good', before[0], ...before.slice(1)]);
    expect(keys(swapAt(added, ['tiers'], 0, -1))).toEqual(keys(added));
    expect(removeAt(added, ['tiers'], 1)).toEqual(rs);
    expect(removeAt(setAt(rs, ['unitClasses'], [{ key: 'c', name: 'c', excludes: [] }]), ['unitClasses'], 0)).toEqual(rs);
  });
});
