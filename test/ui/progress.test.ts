import { describe, expect, it } from 'vitest';
import { compileRuleSet, type Assessor, type CompiledRuleSet, type ScoreEntry, type Unit } from '../../src/engine';
import { excludedLeaves } from '../../src/ui/grid/columns';
import { ProgressCounter, cellKey, percent, scopeOf, unitTotal } from '../../src/ui/grid/progress';
import { makeAssessor, makeEntry, makeRuleSet, makeUnit } from '../fixtures/ruleSets';

// leaves: policy, budget (under basic), keyArea, annualReport
const c = compileRuleSet(makeRuleSet({ unitClasses: [{ key: 'dept', name: '部门', excludes: ['keyArea'] }] }));
const city = makeUnit({ id: 'u1' });
const dept = makeUnit({ id: 'u2', name: '省教育厅', unitClass: 'dept' });
const excludedOf = (u: Unit) => excludedLeaves(c, u);

/** The definition, cell by cell: the unit's cells in the assessor's scope, and which of them they have an entry for. */
function byCells(cr: CompiledRuleSet, unit: Unit, entries: readonly ScoreEntry[], assessor: Assessor) {
  const scope = scopeOf(cr, assessor);
  const cells: string[] = [];
  for (const leaf of cr.leaves) {
    if (!scope.has(leaf.key) || excludedLeaves(cr, unit).has(leaf.key)) continue;
    const kind = cr.objectScopeOf(leaf.key)?.perObject?.kind;
    if (kind === undefined) cells.push(cellKey(unit.id, leaf.key));
    else for (const o of unit.objects) if (o.kind === kind) cells.push(cellKey(unit.id, leaf.key, o.id));
  }
  const filled = new Set(entries.filter((e) => e.assessorId === assessor.id).map((e) => cellKey(e.unitId, e.node, e.objectId)));
  return { filled: cells.filter((k) => filled.has(k)).length, total: cells.length };
}

describe('progress', () => {
  it('counts the leaves that apply to a unit, leaving out those its class excludes', () => {
    const all = scopeOf(c, null);
    expect(unitTotal(c, city, all, excludedOf(city))).toBe(4);
    expect(unitTotal(c, dept, all, excludedOf(dept))).toBe(3);
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
    const p = new ProgressCounter(c, excludedOf).of(city, entries, makeAssessor());
    expect(p).toEqual({ filled: 2, total: 4 });
    expect(percent(p)).toBe(50);
  });

  it('without a chosen assessor counts the cells anyone has entered, each cell once', () => {
    const entries = [
      makeEntry({ id: 'e1', unitId: 'u1', node: 'policy', value: 3 }),
      makeEntry({ id: 'e2', unitId: 'u1', node: 'policy', assessorId: 'a2', value: 2 }), // same cell, second assessor
      makeEntry({ id: 'e3', unitId: 'u1', node: 'budget', assessorId: 'a2', findings: [] }),
    ];
    expect(new ProgressCounter(c, excludedOf).of(city, entries, null)).toEqual({ filled: 2, total: 4 });
    expect(new ProgressCounter(c, excludedOf).of(city, [], null)).toEqual({ filled: 0, total: 4 });
  });

  it('counts as cell by cell: excluded leaves and groups are not cells, an owner counts what they own', () => {
    const owner = makeAssessor({ id: 'a2', name: '李四', owns: ['basic'] });
    const entries = [
      makeEntry({ unitId: 'u1', node: 'policy' }),
      makeEntry({ unitId: 'u1', node: 'keyArea', assessorId: 'a2' }), // outside what a2 owns
      makeEntry({ unitId: 'u2', node: 'keyArea' }), // excluded for the department
      makeEntry({ unitId: 'u2', node: 'annualReport', checks: {}, value: undefined }),
      makeEntry({ unitId: 'u2', node: 'basic', notApplicable: true, value: undefined }), // a group, not a cell
      makeEntry({ unitId: 'u2', node: 'budget', assessorId: 'a2', findings: [] }),
    ];
    const counter = new ProgressCounter(c, excludedOf);
    for (const a of [makeAssessor(), owner])
      for (const u of [city, dept]) {
        const own = entries.filter((e) => e.unitId === u.id);
        expect(counter.of(u, own, a)).toEqual(byCells(c, u, own, a));
      }
    expect([city, dept].map((u) => counter.of(u, entries.filter((e) => e.unitId === u.id), makeAssessor()))).toEqual([
      { filled: 1, total: 4 },
      { filled: 1, total: 3 },
    ]);
  });

  it('counts a changed list again and keeps the count of the old one', () => {
    const counter = new ProgressCounter(c, excludedOf);
    const before = [makeEntry({ unitId: 'u1', node: 'policy' })];
    const after = [...before, makeEntry({ unitId: 'u1', node: 'annualReport', checks: {}, value: undefined })];
    expect(counter.of(city, after, makeAssessor())).toEqual({ filled: 2, total: 4 });
    expect(counter.of(city, before, makeAssessor())).toEqual({ filled: 1, total: 4 });
    expect(counter.of(city, [], null)).toEqual({ filled: 0, total: 4 });
  });
});
