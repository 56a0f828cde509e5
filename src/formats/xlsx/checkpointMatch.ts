/**
 * A reason re-typed in the template ("未公开重大项目批准信息" for the check point "未按要求公开项目批准和
 * 实施信息") should keep its check point, which the single cell of a template cannot carry. Chinese
 * text has no spaces, so likeness is measured on character pairs (Dice coefficient over bigrams):
 * the previous findings' reasons are tried first, then the rule set's check point names.
 */
import type { DeductionLeaf, Finding } from '../../engine';

type Checkpoint = NonNullable<DeductionLeaf['checkpoints']>[number];

/** Below this likeness a reason is taken as new: a wrong check point is worse than none. */
export const LIKENESS_NEEDED = 0.5;

function bigrams(text: string): Map<string, number> {
  const s = text.normalize('NFKC').replace(/[\s，。、；：,.;:（）()“”"'‘’]/g, '');
  const out = new Map<string, number>();
  if (s.length === 1) out.set(s, 1);
  for (let i = 0; i + 1 < s.length; i++) {
    const g = s.slice(i, i + 2);
    out.set(g, (out.get(g) ?? 0) + 1);
  }
  return out;
}

/** 0 (nothing in common) to 1 (the same characters in the same pairs). */
export function likeness(a: string, b: string): number {
  const x = bigrams(a);
  const y = bigrams(b);
  let size = 0;
  let shared = 0;
  for (const n of x.values()) size += n;
  for (const n of y.values()) size += n;
  if (size === 0) return 0;
  for (const [g, n] of x) shared += Math.min(n, y.get(g) ?? 0);
  return (2 * shared) / size;
}

/** The key of the most alike text among candidates, if alike enough. */
function mostAlike(reason: string, candidates: readonly { key: string; text: string }[]): string | undefined {
  let bestKey: string | undefined;
  let bestScore = LIKENESS_NEEDED;
  for (const c of candidates) {
    const score = likeness(reason, c.text);
    if (score >= bestScore && (bestKey === undefined || score > bestScore)) {
      bestKey = c.key;
      bestScore = score;
    }
  }
  return bestKey;
}

/** The check point a re-typed reason most likely belongs to, or undefined when none is alike enough. */
export function recogniseCheckpoint(reason: string, previous: readonly Finding[], checkpoints: readonly Checkpoint[]): string | undefined {
  const keys = new Set(checkpoints.map((c) => c.key));
  const before = previous.flatMap((f) => (f.checkpoint !== undefined && keys.has(f.checkpoint) ? [{ key: f.checkpoint, text: f.reason }] : []));
  return mostAlike(reason, before) ?? mostAlike(reason, checkpoints.map((c) => ({ key: c.key, text: c.name })));
}
