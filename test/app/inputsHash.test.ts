import { describe, expect, it } from 'vitest';
import { scoreGroup } from '../../src/engine';
import { inputsHash, snapshotResults, type LockInputs } from '../../src/app/inputsHash';
import { makeAssessor, makeEntry, makeRuleSet, makeUnit } from '../fixtures/ruleSets';

const inputs = (over: Partial<LockInputs> = {}): LockInputs => ({
  groups: [{ key: 'city', ruleSetHash: 'sha256:aaa' }],
  units: [makeUnit({ id: 'u1' }), makeUnit({ id: 'u2', name: '天水市' })],
  assessors: [makeAssessor()],
  entries: [makeEntry({ unitId: 'u1', value: 18 }), makeEntry({ unitId: 'u2', value: 12 })],
  ...over,
});

describe('lock inputs hash', () => {
  it('does not depend on the order rows were read in', () => {
    const a = inputs();
    const b = inputs({ units: [...a.units].reverse(), entries: [...a.entries].reverse() });
    expect(inputsHash(b)).toBe(inputsHash(a));
  });

  it('ignores revisions, times and authors: saving the same value again changes nothing scored', () => {
    const a = inputs();
    const b = inputs({ entries: a.entries.map((e) => ({ ...e, rev: 7, updatedAt: '2025-01-20T09:00:00Z', updatedBy: '李华' })) });
    expect(inputsHash(b)).toBe(inputsHash(a));
  });

  it('changes when a value, a unit, an assessor or a rule set changes', () => {
    const base = inputsHash(inputs());
    expect(inputsHash(inputs({ entries: [makeEntry({ unitId: 'u1', value: 17.5 }), makeEntry({ unitId: 'u2', value: 12 })] }))).not.toBe(base);
    expect(inputsHash(inputs({ units: [makeUnit({ id: 'u1', unitClass: 'x' }), makeUnit({ id: 'u2', name: '天水市' })] }))).not.toBe(base);
    expect(inputsHash(inputs({ assessors: [makeAssessor({ owns: ['basic'] })] }))).not.toBe(base);
    expect(inputsHash(inputs({ groups: [{ key: 'city', ruleSetHash: 'sha256:bbb' }] }))).not.toBe(base);
  });
});

describe('lock snapshot', () => {
  it('keeps each unit’s total, rank, tier and indicator scores as plain data (an unentered deduction item keeps its 10 points)', () => {
    const i = inputs();
    const result = scoreGroup(makeRuleSet(), i.units, i.entries, i.assessors);
    const [g] = snapshotResults([result]);
    expect(g!.units.map((u) => [u.unitId, u.total, u.rank, u.tierName, u.indicators])).toEqual([
      ['u1', 28, 1, '不合格', { basic: 28, keyArea: 0, annualReport: 0 }],
      ['u2', 22, 2, '不合格', { basic: 22, keyArea: 0, annualReport: 0 }],
    ]);
    expect(JSON.parse(JSON.stringify(g))).toEqual(g);
  });
});
