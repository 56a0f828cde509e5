/**
 * A checklist cell given its points instead of one mark per item ("4" rather than "1111"): full points
 * mean every item passed and 0 that none did; any other number could be several combinations of items,
 * so the assessor is asked which — with the combinations that add up to it offered first.
 */
import { exact as X, type ChecklistLeaf } from '../../engine';

export type Checks = Record<string, boolean>;

export type ChecklistPoints =
  | { type: 'checks'; checks: Checks }
  /** which items passed is not known: `matches` are the combinations worth exactly the points (may be empty when too many items to try) */
  | { type: 'choose'; points: number; matches: Checks[] }
  /** no combination of items is worth these points */
  | { type: 'unreachable'; points: number; total: number };

/** Beyond this many items the combinations are not listed (2^12 = 4096 sums); the chooser still opens. */
const MAX_ITEMS_TRIED = 12;

export function checklistTotal(leaf: Pick<ChecklistLeaf, 'items'>): number {
  return X.toNumber(X.sum(leaf.items.map((i) => X.dec(i.points))));
}

export function checksForPoints(leaf: Pick<ChecklistLeaf, 'items'>, points: number): ChecklistPoints {
  const items = leaf.items;
  const total = X.sum(items.map((i) => X.dec(i.points)));
  const p = X.dec(points);
  const all = (v: (i: number) => boolean): Checks => Object.fromEntries(items.map((it, i) => [it.key, v(i)]));
  if (X.eq(p, total)) return { type: 'checks', checks: all(() => true) };
  if (X.eq(p, X.ZERO)) return { type: 'checks', checks: all(() => false) };
  if (X.lt(p, X.ZERO) || X.gt(p, total)) return { type: 'unreachable', points, total: X.toNumber(total) };
  if (items.length > MAX_ITEMS_TRIED) return { type: 'choose', points, matches: [] };
  const matches: Checks[] = [];
  for (let mask = 1; mask < (1 << items.length) - 1; mask++) {
    const sum = X.sum(items.filter((_, i) => (mask >> i) & 1).map((it) => X.dec(it.points)));
    if (X.eq(sum, p)) matches.push(all((i) => ((mask >> i) & 1) === 1));
  }
  return matches.length === 0 ? { type: 'unreachable', points, total: X.toNumber(total) } : { type: 'choose', points, matches };
}
