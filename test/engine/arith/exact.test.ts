import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as X from '../../../src/engine/arith/exact';
import * as P from '../../../src/engine/arith/pairs';

describe('exact arithmetic', () => {
  it('reads decimals as people write them: 0.1 is 1/10, 30.1 is 301/10', () => {
    expect(X.dec(0.1)).toEqual({ n: 1, d: 10 });
    expect(X.dec(30.1)).toEqual({ n: 301, d: 10 });
    expect(X.dec(-0.15)).toEqual({ n: -3, d: 20 });
    expect(X.dec(1e-7)).toEqual({ n: 1, d: 10_000_000 });
  });

  it('reads any decimal with up to 6 places exactly', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e9, max: 1e9 }), fc.integer({ min: 0, max: 6 }), (n, k) => {
        const q = X.dec(n / 10 ** k);
        expect(X.eq(q, X.frac(n, 10 ** k))).toBe(true);
      }),
    );
  });

  it('adds fractions whose cross products leave the safe-integer range when the sum itself fits', () => {
    // (2^52 − 1)/3 + (−(2^52 − 1))/6 = (2^52 − 1)/6 — the shortcut would multiply past 2^53
    const big = 2 ** 52 - 1;
    const a = X.frac(big, 3);
    const b = X.frac(-big, 6);
    const sum = X.add(a, b);
    expect(sum).toEqual(X.frac(big, 6));
    P.add(a.n, a.d, b.n, b.d);
    expect({ ...P.R }).toEqual(sum);
    // unlike denominators whose product overflows but whose least common multiple does not
    const c = { n: 1, d: 3 * 2 ** 40 };
    const d = { n: 1, d: 5 * 2 ** 40 };
    expect(X.add(c, d)).toEqual(X.frac(8, 15 * 2 ** 40));
  });

  it('still refuses a sum that cannot be held', () => {
    expect(() => X.add({ n: 1, d: 2 ** 52 - 1 }, { n: 1, d: 2 ** 52 - 3 })).toThrow(X.ArithmeticOverflowError);
  });

  it('rounds once at the step, half up as 四舍五入 does', () => {
    expect(X.roundTo(X.frac(17999, 200), X.frac(1, 100), 'halfUp')).toEqual(X.int(90));
    expect(X.roundTo(X.frac(17999, 200), X.frac(1, 100), 'down')).toEqual(X.frac(8999, 100));
    expect(X.format(X.frac(179, 2), 2)).toBe('89.50');
  });
});
