/**
 * Self-assessment in the score, for schemes that count it (rule set `selfAssessment.weight`): a leaf
 * the unit scored itself on counts (1 − w) × the assessors' score + w × the self score, the self score
 * first held to 0..the leaf's maximum. Exact fractions, like every other step of the engine.
 */
import * as X from '../arith/exact';
import type { Q } from '../arith/exact';

export function blendSelf(assessed: Q, self: number, max: Q, weight: number): Q {
  const w = X.dec(weight);
  const own = X.clamp(X.dec(self), X.ZERO, max);
  return X.add(X.mul(assessed, X.sub(X.ONE, w)), X.mul(own, w));
}
