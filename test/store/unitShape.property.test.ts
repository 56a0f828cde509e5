/**
 * The quick read of unit rows (unitShape) answers exactly as the unit schema does, or leaves the row to
 * the schema: for well-formed units the same value, fields in the same order; for anything else nothing.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { unit } from '../../src/model/entries';
import { unitShape, unitsFromRows } from '../../src/store/rows';
import { CorruptDataError } from '../../src/store/errors';

const text = fc.oneof(fc.string({ maxLength: 4 }), fc.constantFrom('', '兰州市', 'x'.repeat(200), 'x'.repeat(201)));
const maybe = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined });
const odd = fc.oneof(fc.constant(undefined), fc.constant(null), fc.integer(), fc.boolean(), fc.array(fc.string(), { maxLength: 1 }));
const objectArb = fc.record({ id: fc.oneof(text, odd), name: fc.oneof(text, odd), kind: fc.oneof(text, odd), url: maybe(fc.oneof(text, odd)), extra: maybe(fc.string()) }, { requiredKeys: [] });
const unitArb = fc.record(
  {
    id: fc.oneof(text, odd),
    name: fc.oneof(text, odd),
    shortName: fc.oneof(text, odd),
    group: fc.oneof(text, odd),
    unitClass: fc.oneof(text, odd),
    objects: fc.oneof(fc.array(objectArb, { maxLength: 3 }), odd),
    extra: fc.string(),
  },
  { requiredKeys: [] },
);
const wellFormed = fc.record(
  {
    id: fc.string({ minLength: 1, maxLength: 200 }),
    name: fc.string({ minLength: 1 }),
    shortName: fc.string(),
    group: fc.string({ minLength: 1 }),
    unitClass: fc.string(),
    objects: fc.array(fc.record({ id: fc.string({ minLength: 1, maxLength: 200 }), name: fc.string({ minLength: 1 }), kind: fc.string({ minLength: 1 }), url: fc.string() }, { requiredKeys: ['id', 'name', 'kind'] }), { maxLength: 3 }),
  },
  { requiredKeys: ['id', 'name', 'group'] },
);

describe('unitShape', () => {
  it('gives what the schema gives, in the same order, or leaves the row to the schema', () => {
    fc.assert(
      fc.property(fc.oneof(unitArb, wellFormed, fc.anything()), (row) => {
        const quick = unitShape(row);
        const parsed = unit.safeParse(row);
        if (quick === undefined) return;
        expect(parsed.success).toBe(true);
        expect(JSON.stringify(quick)).toBe(JSON.stringify(parsed.data));
        expect(quick).toStrictEqual(parsed.data);
      }),
      { numRuns: 3000 },
    );
  });

  it('answers for every well-formed unit', () => {
    fc.assert(
      fc.property(wellFormed, (row) => {
        expect(unitShape(row)).toStrictEqual(unit.parse(row));
      }),
      { numRuns: 1000 },
    );
  });

  it('a damaged unit row is still refused with its place', () => {
    const rows = [
      { assessmentId: 'a', id: 'u1', name: '甲市', group: 'city', objects: [] },
      { assessmentId: 'a', id: 'u2', name: '', group: 'city', objects: [] },
    ];
    expect(() => unitsFromRows(rows)).toThrow(CorruptDataError);
    expect(() => unitsFromRows(rows)).toThrow(/units\[u2\]/);
  });
});
