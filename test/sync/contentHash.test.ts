/**
 * Content hashes are stored (sync states, input stamps) and compared with those of other copies, so the
 * canonical JSON must never change: every value gives the text the first form of the function gave,
 * which is kept here as the reference.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { canonicalJson, contentHash } from '../../src/sync/contentHash';

function reference(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : reference(v))).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${reference(v)}`).join(',')}}`;
}

/** JSON-like values with undefined in objects and arrays, as entities carry optional fields */
const value = fc.letrec<{ v: unknown }>((tie) => ({
  v: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(null, undefined, true, false, 0, -0, 1e21, 2.5e-7, Number.NaN),
    fc.double(),
    fc.string({ unit: 'binary' }),
    fc.array(tie('v'), { maxLength: 5 }),
    fc.dictionary(fc.string({ unit: 'binary', maxLength: 4 }), tie('v'), { maxKeys: 6 }),
  ),
})).v;

describe('canonical JSON', () => {
  it('gives the reference text for any value', () => {
    fc.assert(
      fc.property(value, (v) => {
        expect(canonicalJson(v)).toBe(reference(v));
      }),
      { numRuns: 2000 },
    );
  });

  it('sorts keys by code unit and leaves out undefined fields', () => {
    expect(canonicalJson({ b: 1, a: [1, undefined], c: undefined, 名: 'x', Z: null })).toBe('{"Z":null,"a":[1,null],"b":1,"名":"x"}');
  });

  it('hashes as it always did (a hash stored by an earlier version still matches)', () => {
    expect(contentHash({ 名称: '基础信息公开', b: [1, -0, 2.5e-7, null, undefined], a: { z: undefined, y: 'é\u2028"' } })).toBe(
      'sha256:d0a8628ddb6309af65502c07c132babf52bb63a074411c10e27858816ee35b96',
    );
  });
});
