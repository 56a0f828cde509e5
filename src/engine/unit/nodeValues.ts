/**
 * Node values of one unit (or of one object of it) while it is evaluated, by the plan's node index:
 * score and maximum as numerator and denominator in typed arrays, and a few flags. A group evaluates
 * thousands of units one after the other, so the unit-level table is handed from one unit to the next.
 */
import type { Q } from '../arith/exact';
import * as P from '../arith/pairs';
import type { Plan } from '../rules/plan';

export interface NodeValue {
  score: Q;
  max: Q;
  applicable: boolean;
  gatedOut?: boolean;
}

export const DONE = 1;
export const APPLICABLE = 2;
/** gated out: the gate condition failed and the node counts 0 */
export const GATED = 4;
/** under evaluation (a gate reaching it again is a cycle) */
export const BUSY = 8;

export class Values {
  readonly sn: Float64Array;
  readonly sd: Float64Array;
  readonly mn: Float64Array;
  readonly md: Float64Array;
  readonly flags: Uint8Array;
  constructor(size: number) {
    this.sn = new Float64Array(size);
    this.sd = new Float64Array(size);
    this.mn = new Float64Array(size);
    this.md = new Float64Array(size);
    this.flags = new Uint8Array(size);
  }

  set(i: number, sn: number, sd: number, mn: number, md: number, applicable: boolean): void {
    this.sn[i] = sn;
    this.sd[i] = sd;
    this.mn[i] = mn;
    this.md[i] = md;
    this.flags[i] = applicable ? DONE | APPLICABLE : DONE;
  }

  setQ(i: number, score: Q, max: Q, applicable: boolean): void {
    this.set(i, score.n, score.d, max.n, max.d, applicable);
  }

  score(i: number): Q {
    return P.toQ(this.sn[i]!, this.sd[i]!);
  }

  max(i: number): Q {
    return P.toQ(this.mn[i]!, this.md[i]!);
  }

  value(i: number): NodeValue | undefined {
    const f = this.flags[i]!;
    if (!(f & DONE)) return undefined;
    const v: NodeValue = { score: this.score(i), max: this.max(i), applicable: (f & APPLICABLE) !== 0 };
    if (f & GATED) v.gatedOut = true;
    return v;
  }
}

const spare = new WeakMap<Plan, Values[]>();

/** A cleared unit-level table for the plan: one handed back by an earlier unit, or a new one. */
export function takeValues(plan: Plan): Values {
  const v = spare.get(plan)?.pop();
  if (!v) return new Values(plan.size);
  v.flags.fill(0);
  return v;
}

/** Hands a table back once its unit's results are made; nothing may read it afterwards. */
export function releaseValues(plan: Plan, v: Values): void {
  let list = spare.get(plan);
  if (!list) spare.set(plan, (list = []));
  if (list.length < 4) list.push(v);
}
