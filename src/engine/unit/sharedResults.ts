/**
 * Node results that many units share. A node at its nominal maximum with a given score (or not
 * applicable at its nominal maximum) reads the same for every unit, so its result object is made once per
 * rule set and frozen: a nation-wide group then holds thousands of node results instead of half a
 * million, and the garbage collector does not copy them on every evaluation. Item and indicator scores
 * repeat too (sums of a few scores with small steps), so groups share as leaves do.
 * A direct-mapped table per node; a score whose place is taken by another gets an object of its own.
 */
import * as X from '../arith/exact';
import * as P from '../arith/pairs';
import type { Plan } from '../rules/plan';
import type { NodeResult } from '../result';

export interface SharedResults {
  display: number;
  /**
   * Every node key in plan order, built once with Object.fromEntries (V8 keeps such an object in its fast
   * layout): a unit's node map is a copy of it with the values filled in, several times cheaper to make
   * than adding 150 keys one by one (which turns the object into a hash table) and half the memory.
   */
  record: Record<string, NodeResult>;
  n: Float64Array;
  d: Float64Array;
  result: (NodeResult | undefined)[];
  notApplicable: (NodeResult | undefined)[];
}

const shared = new WeakMap<Plan, SharedResults>();
/** slots per node: 256 keeps most repeats of an item's or indicator's score (a few hundred values) */
const WAYS = 256;

export function sharedFor(plan: Plan, display: number): SharedResults {
  let s = shared.get(plan);
  if (!s || s.display !== display) {
    const size = plan.size * WAYS;
    const record = Object.fromEntries(plan.keys.map((k) => [k, null])) as unknown as Record<string, NodeResult>;
    s = { display, record, n: new Float64Array(size), d: new Float64Array(size), result: new Array(size), notApplicable: [] };
    shared.set(plan, s);
  }
  return s;
}

/** Node `i` not evaluated, or not applicable, at its nominal maximum. */
export function notApplicableResult(common: SharedResults, plan: Plan, i: number): NodeResult {
  let r = common.notApplicable[i];
  if (!r) {
    r = { key: plan.keys[i]!, name: plan.names[i]!, score: 0, exact: X.ZERO, max: plan.maxNumber[i]!, maxExact: plan.max[i]!, applicable: false };
    common.notApplicable[i] = Object.freeze(r);
  }
  return r;
}

/** Applicable node `i` at its nominal maximum with score n/d. */
export function sharedResult(common: SharedResults, plan: Plan, i: number, n: number, d: number, display: number): NodeResult {
  const slot = i * WAYS + ((Math.imul(n | 0, 0x9e3779b1) ^ Math.imul(d | 0, 0x85ebca6b)) >>> 24);
  const hit = common.result[slot];
  if (hit && common.n[slot] === n && common.d[slot] === d) return hit;
  const exact = n === plan.maxN[i] && d === plan.maxD[i] ? plan.max[i]! : P.toQ(n, d);
  const r: NodeResult = {
    key: plan.keys[i]!,
    name: plan.names[i]!,
    score: X.toDecimals(exact, display),
    exact,
    max: plan.maxNumber[i]!,
    maxExact: plan.max[i]!,
    applicable: true,
  };
  if (hit) return r;
  common.n[slot] = n;
  common.d[slot] = d;
  common.result[slot] = Object.freeze(r);
  return r;
}
