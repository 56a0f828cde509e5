/**
 * Exact rational arithmetic for scores.
 *
 * Scores are decimals (0.5, 0.25, 0.1) combined with weights (0.7), means over assessors (÷3) and
 * rescales (×4/3). Binary floating point drifts (0.1 + 0.2 ≠ 0.3) and fixed decimal scales would have
 * to round in the middle, so every value is kept as a reduced fraction of safe integers and rounded
 * exactly once, at the declared step, when a total is final.
 */
export interface Q {
  readonly n: number;
  readonly d: number;
}

export class ArithmeticOverflowError extends Error {
  constructor(op: string) {
    super(`score arithmetic overflow in ${op}: the rule set's weights or steps are too fine`);
  }
}

function gcd(a: number, b: number): number {
  a = Math.abs(a);
  b = Math.abs(b);
  while (b !== 0) {
    const t = a % b;
    a = b;
    b = t;
  }
  return a;
}

function make(n: number, d: number, op: string): Q {
  if (!Number.isSafeInteger(n) || !Number.isSafeInteger(d)) throw new ArithmeticOverflowError(op);
  if (d < 0) {
    n = -n;
    d = -d;
  }
  if (n === 0) return ZERO;
  if (d === 1) return { n, d };
  const g = gcd(n, d);
  return g === 1 ? { n, d } : { n: n / g, d: d / g };
}

export const ZERO: Q = { n: 0, d: 1 };
export const ONE: Q = { n: 1, d: 1 };

export function int(n: number): Q {
  if (!Number.isSafeInteger(n)) throw new ArithmeticOverflowError('int');
  return n === 0 ? ZERO : { n, d: 1 };
}

export function frac(n: number, d: number): Q {
  if (d === 0) throw new RangeError('division by zero');
  return make(n, d, 'frac');
}

/**
 * The exact value of a decimal as people write it: 0.1 is 1/10, not the nearest binary double.
 * Uses the shortest round-trip representation JavaScript prints for the number.
 */
export function dec(x: number): Q {
  if (!Number.isFinite(x)) throw new RangeError(`not a finite number: ${x}`);
  if (Number.isInteger(x)) return int(x);
  // fast path: the fewest decimal places k whose fraction reads back as x is the shortest decimal
  let m = 10;
  for (let k = 1; k <= 9; k++, m *= 10) {
    const n = Math.round(x * m);
    if (n / m === x && Number.isSafeInteger(n)) return make(n, m, 'dec');
  }
  return decFromText(x);
}

function decFromText(x: number): Q {
  const s = String(x);
  const m = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(s);
  if (!m) throw new RangeError(`cannot read decimal ${s}`);
  const sign = m[1] === '-' ? -1 : 1;
  const digits = (m[2] ?? '') + (m[3] ?? '');
  let exp = -(m[3]?.length ?? 0) + Number(m[4] ?? 0);
  let n = Number(digits);
  let d = 1;
  if (exp >= 0) n *= 10 ** exp;
  else {
    while (exp < 0) {
      d *= 10;
      exp++;
    }
  }
  return make(sign * n, d, 'dec');
}

export function add(a: Q, b: Q): Q {
  if (a.n === 0) return b;
  if (b.n === 0) return a;
  const ad = a.d;
  const bd = b.d;
  // like denominators, or one dividing the other (tenths and hundredths): no product of the two —
  // as long as every intermediate stays a safe integer; otherwise the general path below
  if (ad === bd) {
    const n = a.n + b.n;
    if (Number.isSafeInteger(n)) return ad === 1 ? int(n) : make(n, ad, 'add');
  } else if (bd % ad === 0) {
    const p = a.n * (bd / ad);
    if (Number.isSafeInteger(p) && Number.isSafeInteger(p + b.n)) return make(p + b.n, bd, 'add');
  } else if (ad % bd === 0) {
    const p = b.n * (ad / bd);
    if (Number.isSafeInteger(p) && Number.isSafeInteger(a.n + p)) return make(a.n + p, ad, 'add');
  }
  const w = addUnlike(a.n, ad, b.n, bd);
  if (!w) throw new ArithmeticOverflowError('add');
  return w.n === 0 ? ZERO : w;
}

const MAX = BigInt(Number.MAX_SAFE_INTEGER);

function bigGcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

/**
 * a/b + c/d for unlike denominators, reduced. Works over the least common denominator; when an
 * intermediate product leaves the safe-integer range (deep rescales of means of ratios can get there
 * even though the sum itself is small) it is redone with BigInt. null only when the reduced sum itself
 * cannot be held.
 */
export function addUnlike(an: number, ad: number, bn: number, bd: number): { n: number; d: number } | null {
  const g = gcd(ad, bd);
  const l = (ad / g) * bd;
  const p1 = an * (bd / g);
  const p2 = bn * (ad / g);
  const n = p1 + p2;
  if (Number.isSafeInteger(l) && Number.isSafeInteger(p1) && Number.isSafeInteger(p2) && Number.isSafeInteger(n)) {
    if (n === 0) return { n: 0, d: 1 };
    const h = gcd(n, l);
    return { n: n / h, d: l / h };
  }
  const bigL = (BigInt(ad) / BigInt(g)) * BigInt(bd);
  let bn2 = BigInt(an) * (BigInt(bd) / BigInt(g)) + BigInt(bn) * (BigInt(ad) / BigInt(g));
  if (bn2 === 0n) return { n: 0, d: 1 };
  const h = bigGcd(bn2 < 0n ? -bn2 : bn2, bigL);
  bn2 /= h;
  const d = bigL / h;
  if (d > MAX || bn2 > MAX || bn2 < -MAX) return null;
  return { n: Number(bn2), d: Number(d) };
}

export function sub(a: Q, b: Q): Q {
  return b.n === 0 ? a : add(a, { n: -b.n, d: b.d });
}

export function neg(a: Q): Q {
  return a.n === 0 ? ZERO : { n: -a.n, d: a.d };
}

export function mul(a: Q, b: Q): Q {
  if (a.n === 0 || b.n === 0) return ZERO;
  if (a.d === 1 && b.d === 1) return int(a.n * b.n);
  // cross-reduce first to keep the integers small
  const g1 = a.n === 1 || b.d === 1 ? 1 : gcd(a.n, b.d);
  const g2 = b.n === 1 || a.d === 1 ? 1 : gcd(b.n, a.d);
  return make((a.n / g1) * (b.n / g2), (a.d / g2) * (b.d / g1), 'mul');
}

export function div(a: Q, b: Q): Q {
  if (b.n === 0) throw new RangeError('division by zero');
  return mul(a, { n: b.d * Math.sign(b.n), d: Math.abs(b.n) });
}

export function cmp(a: Q, b: Q): number {
  if (a.d === b.d) return Math.sign(a.n - b.n);
  const l = a.n * b.d;
  const r = b.n * a.d;
  if (!Number.isSafeInteger(l) || !Number.isSafeInteger(r)) return Math.sign(a.n / a.d - b.n / b.d);
  return Math.sign(l - r);
}

export const eq = (a: Q, b: Q): boolean => a.n === b.n && a.d === b.d;
export const lt = (a: Q, b: Q): boolean => cmp(a, b) < 0;
export const gt = (a: Q, b: Q): boolean => cmp(a, b) > 0;
export const min = (a: Q, b: Q): Q => (cmp(a, b) <= 0 ? a : b);
export const max = (a: Q, b: Q): Q => (cmp(a, b) >= 0 ? a : b);
export const clamp = (x: Q, lo: Q, hi: Q): Q => max(lo, min(hi, x));

export function sum(xs: readonly Q[]): Q {
  let s = ZERO;
  for (const x of xs) s = add(s, x);
  return s;
}

export function toNumber(a: Q): number {
  return a.n / a.d;
}

export type RoundingMode = 'halfUp' | 'halfEven' | 'down' | 'up';

/** Round to a multiple of `step` (e.g. 1/100). halfUp rounds .5 away from zero, as 四舍五入 does. */
export function roundTo(a: Q, step: Q, mode: RoundingMode): Q {
  // a step 1/m (0.01, 0.1, 0.5, 1): a / step is a.n·m / a.d, no fraction object needed; the same
  // quotient, remainder comparison and result as the general path below, scaled by a common factor
  if (step.n === 1) {
    const num = Math.abs(a.n) * step.d;
    if (Number.isSafeInteger(num)) {
      if (num % a.d === 0) return a; // already on the step
      return make((a.n < 0 ? -1 : 1) * roundUnits(num, a.d, mode), step.d, 'roundTo');
    }
  }
  const units = div(a, step); // a / step as a fraction
  const sign = units.n < 0 ? -1 : 1;
  return mul(int(sign * roundUnits(Math.abs(units.n), units.d, mode)), step);
}

/** num/d (both ≥ 0) rounded to a whole number under `mode`. */
function roundUnits(num: number, d: number, mode: RoundingMode): number {
  const whole = Math.floor(num / d);
  const rem = num - whole * d; // 0 <= rem < d
  if (rem === 0) return whole;
  const twice = 2 * rem;
  if (mode === 'up') return whole + 1;
  if (mode === 'halfUp') return twice >= d ? whole + 1 : whole;
  if (mode === 'halfEven') return twice > d || (twice === d && whole % 2 === 1) ? whole + 1 : whole;
  return whole;
}

/** Is `a` a whole multiple of `step`? Used to check that entered values respect the declared step. */
export function isMultipleOf(a: Q, step: Q): boolean {
  return div(a, step).d === 1;
}

/** The value rounded half-up at `decimals` places, as a number for display (integer arithmetic, no drift). */
export function toDecimals(a: Q, decimals: number): number {
  const m = 10 ** decimals;
  const num = Math.abs(a.n) * m;
  if (!Number.isSafeInteger(num)) return Math.round((a.n / a.d) * m) / m;
  const whole = Math.floor(num / a.d);
  const k = 2 * (num - whole * a.d) >= a.d ? whole + 1 : whole;
  return (a.n < 0 ? -k : k) / m;
}

/** Fixed-point text of an exact value (rounded half-up at `decimals`), e.g. 89.5 → "89.50". */
export function format(a: Q, decimals: number): string {
  const m = 10 ** decimals;
  let scaled: number;
  const num = Math.abs(a.n) * m;
  if (Number.isSafeInteger(num)) {
    // the same half-up rounding as roundTo at step 1/m, without building the fractions
    const k = roundUnits(num, a.d, 'halfUp');
    scaled = a.n < 0 && k !== 0 ? -k : k;
  } else {
    const r = roundTo(a, frac(1, m), 'halfUp');
    scaled = Math.round((r.n * m) / r.d);
  }
  const sign = scaled < 0 ? '-' : '';
  const s = String(Math.abs(scaled)).padStart(decimals + 1, '0');
  return decimals === 0 ? sign + s : `${sign}${s.slice(0, -decimals)}.${s.slice(-decimals)}`;
}

/** Short text for explanations: at most `decimals` places, trailing zeros dropped (4.50 → 4.5, 100 → 100). */
export function formatShort(a: Q, decimals = 2): string {
  const s = format(a, decimals);
  return s.includes('.') ? s.replace(/\.?0+$/, '') : s;
}
