/**
 * The operations of exact.ts on unboxed fractions: numerator and denominator passed as two numbers and
 * the result left in `R`, so that the evaluation loop (1.35 million entries for a nation-wide group)
 * computes without allocating an object per intermediate value.
 *
 * Each function takes the same steps as its exact.ts counterpart — the same shortcuts, the same
 * reduction and the same overflow checks — so it yields the same reduced fraction and fails the same way.
 * Inputs are reduced fractions with positive denominators, as every Q is.
 */
import { ArithmeticOverflowError, addUnlike, dec, type Q, ZERO } from './exact';

/** The result of the last operation, reduced, denominator > 0, never −0. */
export const R = { n: 0, d: 1 };

export function gcd(a: number, b: number): number {
  a = Math.abs(a);
  b = Math.abs(b);
  if (a <= 0x7fffffff && b <= 0x7fffffff) {
    // small integers: binary gcd on int32, much cheaper than remainders of floats
    let x = a | 0;
    let y = b | 0;
    if (x === 0) return y;
    if (y === 0) return x;
    const shift = 31 - Math.clz32((x | y) & -(x | y));
    x >>= 31 - Math.clz32(x & -x);
    do {
      y >>= 31 - Math.clz32(y & -y);
      if (x > y) {
        const t = y;
        y = x;
        x = t;
      }
      y -= x;
    } while (y !== 0);
    return x << shift;
  }
  while (b !== 0) {
    const t = a % b;
    a = b;
    b = t;
  }
  return a;
}

/** exact.make */
export function reduce(n: number, d: number, op: string): void {
  if (!Number.isSafeInteger(n) || !Number.isSafeInteger(d)) throw new ArithmeticOverflowError(op);
  if (d < 0) {
    n = -n;
    d = -d;
  }
  if (n === 0) {
    R.n = 0;
    R.d = 1;
    return;
  }
  if (d === 1) {
    R.n = n;
    R.d = 1;
    return;
  }
  const g = gcd(n, d);
  R.n = g === 1 ? n : n / g;
  R.d = g === 1 ? d : d / g;
}

export function set(n: number, d: number): void {
  R.n = n;
  R.d = d;
}

export function setQ(q: Q): void {
  R.n = q.n;
  R.d = q.d;
}

/** A fraction object for a reduced pair (the shared ZERO for 0). */
export function toQ(n: number, d: number): Q {
  return n === 0 ? ZERO : { n, d };
}

/** exact.int */
function setInt(n: number): void {
  if (!Number.isSafeInteger(n)) throw new ArithmeticOverflowError('int');
  R.n = n === 0 ? 0 : n;
  R.d = 1;
}

/** exact.add */
export function add(an: number, ad: number, bn: number, bd: number): void {
  if (an === 0) return set(bn, bd);
  if (bn === 0) return set(an, ad);
  if (ad === bd) {
    const n = an + bn;
    if (Number.isSafeInteger(n)) return ad === 1 ? setInt(n) : reduce(n, ad, 'add');
  } else if (bd % ad === 0) {
    const p = an * (bd / ad);
    if (Number.isSafeInteger(p) && Number.isSafeInteger(p + bn)) return reduce(p + bn, bd, 'add');
  } else if (ad % bd === 0) {
    const p = bn * (ad / bd);
    if (Number.isSafeInteger(p) && Number.isSafeInteger(an + p)) return reduce(an + p, ad, 'add');
  }
  const w = addUnlike(an, ad, bn, bd);
  if (!w) throw new ArithmeticOverflowError('add');
  set(w.n, w.d);
}

/** exact.sub */
export function sub(an: number, ad: number, bn: number, bd: number): void {
  if (bn === 0) return set(an, ad);
  add(an, ad, -bn, bd);
}

/** exact.mul */
export function mul(an: number, ad: number, bn: number, bd: number): void {
  if (an === 0 || bn === 0) return set(0, 1);
  if (ad === 1 && bd === 1) return setInt(an * bn);
  const g1 = an === 1 || bd === 1 ? 1 : gcd(an, bd);
  const g2 = bn === 1 || ad === 1 ? 1 : gcd(bn, ad);
  reduce((an / g1) * (bn / g2), (ad / g2) * (bd / g1), 'mul');
}

/** exact.div by a positive whole number (a mean's count) */
export function divInt(an: number, ad: number, k: number): void {
  mul(an, ad, 1, k);
}

/** exact.cmp */
export function cmp(an: number, ad: number, bn: number, bd: number): number {
  if (ad === bd) return Math.sign(an - bn);
  const l = an * bd;
  const r = bn * ad;
  if (!Number.isSafeInteger(l) || !Number.isSafeInteger(r)) return Math.sign(an / ad - bn / bd);
  return Math.sign(l - r);
}

/** exact.dec */
export function decimal(x: number): void {
  if (!Number.isFinite(x)) throw new RangeError(`not a finite number: ${x}`);
  if (Number.isInteger(x)) return setInt(x);
  let m = 10;
  for (let k = 1; k <= 9; k++, m *= 10) {
    const n = Math.round(x * m);
    if (n / m === x && Number.isSafeInteger(n)) return reduce(n, m, 'dec');
  }
  setQ(dec(x));
}
