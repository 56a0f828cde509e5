/**
 * pairs.ts repeats exact.ts on unboxed fractions for the evaluation loop; both must agree on every value,
 * and the fast paths of exact.ts (rounding and formatting at a decimal step) must agree with the
 * arithmetic they shortcut.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as X from '../../../src/engine/arith/exact';
import type { Q } from '../../../src/engine/arith/exact';
import * as P from '../../../src/engine/arith/pairs';

/** Reduced fractions with the denominators scores have (halves, tenths, thirds of means, weights). */
const fracArb: fc.Arbitrary<Q> = fc
  .tuple(fc.integer({ min: -100_000, max: 100_000 }), fc.constantFrom(1, 2, 3, 4, 5, 6, 7, 10, 15, 30, 100, 300, 1000, 997))
  .map(([n, d]) => X.frac(n, d));

const result = (): Q => P.toQ(P.R.n, P.R.d);

describe('pairs', () => {
  it('add, sub and mul give the fraction exact.ts gives', () => {
    fc.assert(
      fc.property(fracArb, fracArb, (a, b) => {
        P.add(a.n, a.d, b.n, b.d);
        expect(result()).toEqual(X.add(a, b));
        P.sub(a.n, a.d, b.n, b.d);
        expect(result()).toEqual(X.sub(a, b));
        P.mul(a.n, a.d, b.n, b.d);
        expect(result()).toEqual(X.mul(a, b));
        expect(P.cmp(a.n, a.d, b.n, b.d)).toBe(X.cmp(a, b));
      }),
      { numRuns: 500 },
    );
  });

  it('reads a decimal as exact.dec does, 0.1 as 1/10', () => {
    fc.assert(
      fc.property(fc.integer({ min: -10_000_000, max: 10_000_000 }), fc.integer({ min: 0, max: 6 }), (n, places) => {
        const x = n / 10 ** places;
        P.decimal(x);
        expect(result()).toEqual(X.dec(x));
      }),
    );
    P.decimal(0.1);
    expect(result()).toEqual({ n: 1, d: 10 });
    expect(() => P.decimal(Number.POSITIVE_INFINITY)).toThrow(RangeError);
  });

  it('reduces to lowest terms with a positive denominator and never leaves −0', () => {
    P.reduce(-6, -4, 'test');
    expect(P.R).toEqual({ n: 3, d: 2 });
    P.reduce(0, -7, 'test');
    expect(Object.is(P.R.n, 0)).toBe(true);
    expect(P.R.d).toBe(1);
    expect(() => P.reduce(2 ** 53, 3, 'add')).toThrow(X.ArithmeticOverflowError);
  });

  it('finds the greatest common divisor of small and large integers', () => {
    expect(P.gcd(12, 18)).toBe(6);
    expect(P.gcd(0, 5)).toBe(5);
    expect(P.gcd(-30, 45)).toBe(15);
    expect(P.gcd(2 ** 40, 3 * 2 ** 35)).toBe(2 ** 35);
  });
});

/** Round a/step to a whole number by definition: floor, remainder, then the mode's rule. */
function reference(a: Q, step: Q, mode: X.RoundingMode): Q {
  const u = X.div(a, step);
  const sign = u.n < 0 ? -1 : 1;
  const abs = Math.abs(u.n);
  const whole = Math.floor(abs / u.d);
  const twice = 2 * (abs - whole * u.d);
  let k = whole;
  if (twice > 0) {
    if (mode === 'up') k += 1;
    else if (mode === 'halfUp' && twice >= u.d) k += 1;
    else if (mode === 'halfEven' && (twice > u.d || (twice === u.d && whole % 2 === 1))) k += 1;
  }
  return X.mul(X.int(sign * k), step);
}

describe('exact rounding shortcuts', () => {
  const modeArb = fc.constantFrom<X.RoundingMode>('halfUp', 'halfEven', 'down', 'up');
  const stepArb = fc.constantFrom(X.frac(1, 100), X.frac(1, 10), X.ONE, X.frac(1, 2), X.frac(5, 1), X.frac(1, 1000));

  it('roundTo gives the rounding by definition at every step and mode', () => {
    fc.assert(
      fc.property(fracArb, stepArb, modeArb, (a, step, mode) => {
        expect(X.roundTo(a, step, mode)).toEqual(reference(a, step, mode));
      }),
      { numRuns: 500 },
    );
    expect(X.roundTo(X.frac(2, 3), X.frac(1, 100), 'halfUp')).toEqual(X.frac(67, 100));
    expect(X.roundTo(X.frac(1, 8), X.frac(1, 100), 'halfEven')).toEqual(X.frac(3, 25));
  });

  it('format prints the half-up rounding with the declared decimals', () => {
    fc.assert(
      fc.property(fracArb, fc.integer({ min: 0, max: 4 }), (a, decimals) => {
        const r = reference(a, X.frac(1, 10 ** decimals), 'halfUp');
        expect(Number(X.format(a, decimals))).toBe(X.toNumber(r));
        expect(X.format(a, decimals).split('.')[1]?.length ?? 0).toBe(decimals);
      }),
      { numRuns: 500 },
    );
    expect(X.format(X.frac(-1, 1000), 2)).toBe('0.00');
    expect(X.format(X.frac(179, 2), 2)).toBe('89.50');
  });
});
