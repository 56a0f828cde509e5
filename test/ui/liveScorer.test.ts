import { describe, expect, it } from 'vitest';
import { compileRuleSet, scoreCompiledGroup, type ScoreEntry } from '../../src/scoring';
import { LiveScorer } from '../../src/ui/grid/liveScorer';
import { makeAssessor, makeEntry, makeRuleSet, makeUnit } from '../fixtures/ruleSets';

const c = compileRuleSet(makeRuleSet());
const units = [makeUnit({ id: 'u1', name: '兰州市' }), makeUnit({ id: 'u2', name: '天水市' }), makeUnit({ id: 'u3', name: '部门', group: 'department' })];
const assessors = [makeAssessor()];
// totals include the 10 points of the unentered deduction item 预决算公开
const totals = (r: { units: { unitId: string; total: number; rank: number }[] }) => r.units.map((u) => [u.unitId, u.total, u.rank]);

describe('live scorer', () => {
  it('starts from the stored entries like scoring the whole group', () => {
    const entries = [makeEntry({ unitId: 'u1', value: 18 }), makeEntry({ unitId: 'u2', value: 10 })];
    expect(totals(new LiveScorer(c, units, entries, assessors).result())).toEqual([
      ['u1', 28, 1],
      ['u2', 20, 2],
    ]);
  });

  it('applies the grid’s own saves and deletions at once', () => {
    const first = makeEntry({ unitId: 'u2', value: 10 });
    const live = new LiveScorer(c, units, [makeEntry({ unitId: 'u1', value: 18 }), first], assessors);
    live.apply([{ ...first, value: 20, rev: 2 }], []);
    expect(totals(live.result())).toEqual([
      ['u2', 30, 1],
      ['u1', 28, 2],
    ]);
    live.apply([], [first]);
    expect(totals(live.result())).toEqual([
      ['u1', 28, 1],
      ['u2', 10, 2],
    ]);
  });

  it('takes in changes from elsewhere by revision and agrees with a full recomputation', () => {
    const a = makeEntry({ unitId: 'u1', value: 18, updatedAt: 't1' });
    const b = makeEntry({ unitId: 'u2', value: 10, updatedAt: 't1' });
    const live = new LiveScorer(c, units, [a, b], assessors);
    const later: ScoreEntry[] = [{ ...a, value: 5, rev: 2, updatedAt: 't2' }, makeEntry({ unitId: 'u2', node: 'keyArea', value: 30 })];
    expect(live.sync(later)).toBe(3); // a changed, b gone, a keyArea entry new
    expect(live.result()).toEqual(scoreCompiledGroup(c, units, later, assessors));
    expect(live.sync(later.map((e) => ({ ...e })))).toBe(0); // the same rows read again change nothing
  });

  it('ignores entries of units in other groups', () => {
    const live = new LiveScorer(c, units, [], assessors);
    expect(live.sync([makeEntry({ unitId: 'u3', value: 3 })])).toBe(0);
  });
});
