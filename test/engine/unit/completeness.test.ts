/**
 * Entered or not yet assessed: every required cell of a unit is entered or missing, and a unit with a
 * missing cell is provisional. An empty deduction cell is missing, not "no problems".
 */
import { describe, expect, it } from 'vitest';
import { scoreGroup } from '../../../src/engine/group/pipeline';
import type { Assessor } from '../../../src/model/entries';
import type { RuleNode } from '../../../src/model/ruleSet';
import { bonus, deduction, entry, finding, group, makeRules, makeUnit, points, run } from './evaluateFixtures';

const checklist: RuleNode = { type: 'checklist', key: 'cl', name: 'cl', items: [{ key: 'a', name: 'a', points: 2 }] };
const ratio: RuleNode = { type: 'ratio', key: 'ra', name: 'ra', max: 5, mode: 'linear', fullAt: 90, zeroAt: 30 };
const penalty: RuleNode = { type: 'penalty', key: 'pe', name: 'pe', cap: 5, perFinding: 1 };

describe('completeness per leaf type', () => {
  const cases: [string, RuleNode, Parameters<typeof entry>[1], Parameters<typeof entry>[1]][] = [
    ['points', points('p', 10), { value: 0 }, { note: '待核实' }],
    ['bonus', bonus('b', 3), { value: 0 }, { note: '待核实' }],
    ['ratio', ratio, { value: 80 }, { note: '待核实' }],
    ['checklist', checklist, { checks: { a: false } }, { note: '待核实' }],
    ['deduction (an empty findings list is 本项无问题)', deduction('d', 10), { findings: [] }, { note: '待核实' }],
    ['deduction with findings', deduction('d', 10), { findings: finding(2) }, { note: '待核实' }],
    ['penalty', penalty, { findings: [] }, { note: '待核实' }],
  ];
  for (const [name, leaf, entered, notEntered] of cases) {
    it(`${name}: missing when nothing is entered`, () => {
      const r = run(makeRules([leaf]), []);
      expect(r.complete).toBe(false);
      expect(r.missing).toEqual([{ node: leaf.key }]);
    });
    it(`${name}: an entry that decides nothing (a note only) leaves the cell missing`, () => {
      expect(run(makeRules([leaf]), [entry(leaf.key, notEntered)]).missing).toEqual([{ node: leaf.key }]);
    });
    it(`${name}: entered once decided`, () => {
      const r = run(makeRules([leaf]), [entry(leaf.key, entered)]);
      expect(r.complete).toBe(true);
      expect(r.missing).toEqual([]);
    });
  }

  it('a veto cell is entered with triggered true or false, and missing without', () => {
    const rules = makeRules([points('p', 10)], { vetoes: [{ key: 'v', name: '否决', effect: { type: 'fail' } }] });
    expect(run(rules, [entry('p', { value: 5 })]).missing).toEqual([{ node: 'v' }]);
    expect(run(rules, [entry('p', { value: 5 }), entry('v', { triggered: false })]).complete).toBe(true);
  });

  it('an unentered deduction still scores full marks, but the unit says it is provisional', () => {
    const r = run(makeRules([deduction('d', 10), points('p', 10)]), [entry('p', { value: 10 })]);
    expect(r.total).toBe(20);
    expect(r.complete).toBe(false);
    expect(r.missing).toEqual([{ node: 'd' }]);
  });
});

describe('a deduction whose reason is still 理由待补充', () => {
  const pending = [{ id: 'p1', count: 1, points: 3, reason: '理由待补充' }];

  it('counts in the score but leaves the cell missing, flagged reasonPending', () => {
    const r = run(makeRules([deduction('d', 10), points('p', 10)]), [entry('p', { value: 10 }), entry('d', { findings: pending })]);
    expect(r.total).toBe(17);
    expect(r.complete).toBe(false);
    expect(r.missing).toEqual([{ node: 'd', reasonPending: true }]);
  });

  it('completes the cell once the reason is written', () => {
    const r = run(makeRules([deduction('d', 10)]), [entry('d', { findings: [{ ...pending[0]!, reason: '未公开部门决算' }] })]);
    expect(r.total).toBe(7);
    expect(r.complete).toBe(true);
  });

  it('applies to penalty cells too', () => {
    const r = run(makeRules([points('p', 10), penalty]), [entry('p', { value: 10 }), entry('pe', { findings: pending })]);
    expect(r.total).toBe(7);
    expect(r.missing).toEqual([{ node: 'pe', reasonPending: true }]);
  });
});

describe('not applicable and unit classes', () => {
  const rules = makeRules([group('g', [deduction('d1', 5), deduction('d2', 5)]), points('p', 10)], {
    unitClasses: [{ key: 'dept', name: '部门', excludes: ['p'] }],
  });

  it('a group marked not applicable needs nothing below it', () => {
    const r = run(rules, [entry('g', { notApplicable: true }), entry('p', { value: 3 })]);
    expect(r.complete).toBe(true);
  });

  it('a leaf marked not applicable is entered', () => {
    const r = run(rules, [entry('d1', { notApplicable: true }), entry('d2', { findings: [] })]);
    expect(r.missing).toEqual([{ node: 'p' }]);
  });

  it('an item the unit class excludes is not required', () => {
    const r = run(rules, [entry('d1', { findings: [] }), entry('d2', { findings: [] })], makeUnit({ unitClass: 'dept' }));
    expect(r.complete).toBe(true);
  });
});

describe('several assessors', () => {
  const two = (agg: 'mean' | 'median' | 'trimmedMean' | 'owner') =>
    makeRules([group('ind', [deduction('d', 10)])], { assessors: { aggregate: agg } });
  const a2 = (fields: Parameters<typeof entry>[1]) => entry('d', { assessorId: 'a2', ...fields });

  for (const agg of ['mean', 'median', 'trimmedMean'] as const) {
    it(`${agg}: one assessor's entry is enough`, () => {
      expect(run(two(agg), [entry('d', { findings: [] })]).complete).toBe(true);
    });
    it(`${agg}: an entry of another assessor that decides nothing keeps the cell missing (it would count as full marks)`, () => {
      expect(run(two(agg), [entry('d', { findings: [] }), a2({ note: '稍后再看' })]).complete).toBe(false);
    });
  }

  const owners: Assessor[] = [
    { id: 'a1', name: '负责人', owns: ['ind'] },
    { id: 'a2', name: '协评人', owns: [] },
  ];

  it('owner: only the declared owner decides; a cell only others scored stays missing', () => {
    const r = run(two('owner'), [a2({ findings: finding(1) })], makeUnit(), owners);
    expect(r.total).toBe(9); // the others' mean stands in for the owner
    expect(r.complete).toBe(false);
    expect(r.missing).toEqual([{ node: 'd' }]);
  });

  it('owner: the owner entered, the others need not', () => {
    const r = run(two('owner'), [entry('d', { findings: [] }), a2({ note: '未评' })], makeUnit(), owners);
    expect(r.complete).toBe(true);
  });

  it('owner mode without a declared owner: any entry decides', () => {
    expect(run(two('owner'), [a2({ findings: [] })]).complete).toBe(true);
  });
});

describe('per-object subtrees', () => {
  const unit = makeUnit({
    objects: [
      { id: 'w1', name: '门户网站', kind: 'website' },
      { id: 'w2', name: '旧网站', kind: 'website' },
      { id: 'm1', name: '公众号', kind: 'newMedia' },
    ],
  });
  const rules = makeRules([group('sites', [deduction('site.d', 10), points('site.p', 5)], { perObject: { kind: 'website', aggregate: 'mean' } })], {
    vetoes: [{ key: 'siteVeto', name: '网站否决', scope: 'sites', effect: { type: 'fail' } }],
  });
  const siteDone = (objectId: string) => [
    entry('site.d', { objectId, findings: [] }),
    entry('site.p', { objectId, value: 5 }),
    entry('siteVeto', { objectId, triggered: false }),
  ];

  it('each object of the kind needs each cell, vetoes included', () => {
    const r = run(rules, siteDone('w1'), unit);
    expect(r.missing).toEqual([
      { node: 'siteVeto', objectId: 'w2' },
      { node: 'site.d', objectId: 'w2' },
      { node: 'site.p', objectId: 'w2' },
    ]);
  });

  it('an object marked not applicable needs nothing', () => {
    expect(run(rules, [...siteDone('w1'), entry('sites', { objectId: 'w2', notApplicable: true })], unit).complete).toBe(true);
  });

  it('a unit without objects of the kind has nothing to enter there', () => {
    expect(run(rules, [], makeUnit({ objects: [] })).complete).toBe(true);
  });
});

describe('group completeness', () => {
  const rules = makeRules([deduction('d', 10)]);
  const units = [makeUnit({ id: 'u1' }), makeUnit({ id: 'u2', name: '乙市' })];

  it('a group with units and no entries: every unit and the group incomplete', () => {
    const g = scoreGroup(rules, units, [], []);
    expect(g.units.map((u) => u.complete)).toEqual([false, false]);
    expect(g.complete).toBe(false);
  });

  it('complete when every unit is', () => {
    const g = scoreGroup(rules, units, [entry('d', { findings: [] }), entry('d', { unitId: 'u2', findings: finding(1) })], []);
    expect(g.complete).toBe(true);
  });
});
