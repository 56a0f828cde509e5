import { describe, expect, it } from 'vitest';
import { compileRuleSet } from '../../src/scoring';
import { excludedLeaves } from '../../src/ui/grid/columns';
import { assessorProgress, countFilled, filledKeys, percent, progressByUnit, scopeOf, unitCells } from '../../src/ui/grid/progress';
import { makeAssessor, makeEntry, makeRuleSet, makeUnit } from '../fixtures/ruleSets';

// leaves: policy, budget (under basic), keyArea, annualReport
const c = compileRuleSet(makeRuleSet({ unitClasses: [{ key: 'dept', name: '部门', excludes: ['keyArea'] }] }));
const city = makeUnit({ id: 'u1' });
const dept = makeUnit({ id: 'u2', name: '省教育厅', unitClass: 'dept' });

describe('progress', () => {
  it('counts the leaves that apply to a unit, leaving out those its class excludes', () => {
    const all = scopeOf(c, null);
    expect(unitCells(c, city, all, excludedLeaves(c, city))).toHaveLength(4);
    expect(unitCells(c, dept, all, excludedLeaves(c, dept))).toHaveLength(3);
  });

  it('measures an assessor who owns indicators on those only', () => {
    const owner = makeAssessor({ owns: ['basic'] });
    expect([...scopeOf(c, owner)]).toEqual(['policy', 'budget']);
    expect([...scopeOf(c, makeAssessor({ owns: ['unrelated'] }))]).toHaveLength(4);
  });

  it('counts filled cells of the current assessor, a not-applicable mark included', () => {
    const entries = [
      makeEntry({ unitId: 'u1', node: 'policy', value: 3 }),
      makeEntry({ unitId: 'u1', node: 'keyArea', value: undefined, notApplicable: true }),
      makeEntry({ unitId: 'u1', node: 'budget', assessorId: 'a2', findings: [] }),
    ];
    const p = countFilled(unitCells(c, city, scopeOf(c, null), new Set()), filledKeys(entries, 'a1'));
    expect(p).toEqual({ filled: 2, total: 4 });
    expect(percent(p)).toBe(50);
  });

  it('counts every unit in one pass the same as cell by cell', () => {
    const entries = [
      makeEntry({ unitId: 'u1', node: 'policy' }),
      makeEntry({ unitId: 'u2', node: 'keyArea' }), // excluded for the department: not counted
      makeEntry({ unitId: 'u2', node: 'annualReport', checks: {}, value: undefined }),
      makeEntry({ unitId: 'u2', node: 'basic', notApplicable: true, value: undefined }), // a group, not a cell
    ];
    const all = scopeOf(c, null);
    const fast = progressByUnit(c, [city, dept], entries, 'a1', all, (u) => excludedLeaves(c, u));
    const slow = [city, dept].map((u) => [u.id, countFilled(unitCells(c, u, all, excludedLeaves(c, u)), filledKeys(entries, 'a1'))]);
    expect([...fast]).toEqual(slow);
    expect([...fast]).toEqual([
      ['u1', { filled: 1, total: 4 }],
      ['u2', { filled: 1, total: 3 }],
    ]);
  });

  it('sums each assessor over the units of the group', () => {
    const entries = [makeEntry({ unitId: 'u1', node: 'policy' }), makeEntry({ unitId: 'u2', node: 'policy' }), makeEntry({ unitId: 'u2', node: 'budget', assessorId: 'a2', findings: [] })];
    const rows = assessorProgress(c, [city, dept], [makeAssessor(), makeAssessor({ id: 'a2', name: '李四', owns: ['basic'] })], entries, (u) => excludedLeaves(c, u));
    expect(rows.map((r) => [r.assessor.id, r.filled, r.total])).toEqual([
      ['a1', 2, 7],
      ['a2', 1, 4],
    ]);
  });
});
