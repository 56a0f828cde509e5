import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { entryShape } from '../../../src/engine/validate/entryValidate';
import { scoreEntry } from '../../../src/model/entries';

const anyValue = fc.oneof(
  fc.string({ maxLength: 3 }),
  fc.integer({ min: -3, max: 3 }),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.constant([]),
  fc.constant({}),
);
const text = fc.oneof(fc.string({ minLength: 1, maxLength: 4 }), fc.constant(''), fc.constant('x'.repeat(201)));
const finding = fc.record(
  {
    id: text,
    checkpoint: fc.oneof(fc.string({ maxLength: 3 }), anyValue),
    count: fc.oneof(fc.integer({ min: -1, max: 3 }), fc.double(), anyValue),
    points: fc.oneof(fc.double({ min: -1, max: 5 }), anyValue),
    reason: fc.oneof(text, anyValue),
    evidence: fc.oneof(fc.string({ maxLength: 3 }), anyValue),
  },
  { requiredKeys: [] },
);
const entry = fc.record(
  {
    id: fc.oneof(text, anyValue),
    unitId: text,
    node: text,
    assessorId: fc.oneof(text, anyValue),
    objectId: fc.oneof(fc.string({ maxLength: 3 }), anyValue),
    value: fc.oneof(fc.double({ min: -1, max: 100 }), fc.constant(Number.NaN), fc.constant(Infinity), anyValue),
    checks: fc.oneof(fc.dictionary(fc.string({ maxLength: 2 }), fc.oneof(fc.boolean(), anyValue), { maxKeys: 3 }), anyValue),
    findings: fc.oneof(fc.array(finding, { maxLength: 3 }), anyValue),
    triggered: fc.oneof(fc.boolean(), anyValue),
    notApplicable: fc.oneof(fc.boolean(), anyValue),
    note: fc.oneof(fc.string({ maxLength: 3 }), anyValue),
    rev: fc.oneof(fc.integer({ min: -1, max: 5 }), fc.constant(2 ** 53), fc.constant(1.5), anyValue),
    updatedAt: fc.oneof(fc.string({ maxLength: 3 }), anyValue),
    updatedBy: fc.oneof(fc.string({ maxLength: 3 }), anyValue),
    extra: anyValue,
  },
  { requiredKeys: [] },
);
const validEntry = fc.record(
  {
    id: fc.string({ minLength: 1, maxLength: 5 }),
    unitId: fc.string({ minLength: 1, maxLength: 5 }),
    node: fc.string({ minLength: 1, maxLength: 5 }),
    assessorId: fc.string({ minLength: 1, maxLength: 5 }),
    objectId: fc.string({ maxLength: 3 }),
    value: fc.double({ min: 0, max: 100, noNaN: true }),
    checks: fc.dictionary(fc.string({ maxLength: 2 }), fc.boolean(), { maxKeys: 3 }),
    findings: fc.array(fc.record({ id: fc.string({ minLength: 1, maxLength: 3 }), reason: fc.string({ minLength: 1, maxLength: 3 }), count: fc.integer({ min: 1, max: 3 }) }, { requiredKeys: ['id', 'reason'] }), { maxLength: 2 }),
    notApplicable: fc.boolean(),
    rev: fc.integer({ min: 0, max: 9 }),
  },
  { requiredKeys: ['id', 'unitId', 'node', 'assessorId'] },
);

describe('entryShape', () => {
  it('accepts only what the score entry schema accepts, and returns what it returns, in its order', () => {
    fc.assert(
      fc.property(entry, (x) => {
        const fast = entryShape(x);
        if (fast === undefined) return;
        const parsed = scoreEntry.safeParse(x);
        expect(parsed.success).toBe(true);
        expect(JSON.stringify(fast)).toBe(JSON.stringify(parsed.data));
        expect(fast).toStrictEqual(parsed.data);
      }),
      { numRuns: 3000 },
    );
  });

  it('answers for every well-formed entry, with rev and finding counts defaulted', () => {
    fc.assert(
      fc.property(validEntry, (x) => {
        expect(entryShape(x)).toStrictEqual(scoreEntry.parse(x));
      }),
    );
    expect(entryShape({ id: 'e', unitId: 'u', node: 'n', assessorId: 'a', findings: [{ id: 'f', reason: '未公开' }] })).toEqual({
      id: 'e', unitId: 'u', node: 'n', assessorId: 'a', findings: [{ id: 'f', count: 1, reason: '未公开' }], rev: 1,
    });
  });

  it('leaves the named row field out and refuses everything it does not know', () => {
    const row = { assessmentId: 'a1', id: 'e', unitId: 'u', node: 'n', assessorId: 'a', value: 3, rev: 2 };
    expect(entryShape(row, 'assessmentId')).toEqual({ id: 'e', unitId: 'u', node: 'n', assessorId: 'a', value: 3, rev: 2 });
    expect(entryShape(row)).toBeUndefined();
    expect(entryShape({ ...row, assessmentId: undefined }, 'assessmentId')).toEqual({ id: 'e', unitId: 'u', node: 'n', assessorId: 'a', value: 3, rev: 2 });
    expect(entryShape({ id: 'e', unitId: 'u', node: 'n', assessorId: 'a', note: undefined })).toBeUndefined();
    expect(entryShape(JSON.parse('{"id":"e","unitId":"u","node":"n","assessorId":"a","checks":{"__proto__":true}}'))).toBeUndefined();
  });
});
