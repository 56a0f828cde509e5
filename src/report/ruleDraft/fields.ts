/**
 * Edits outside the indicator tree (the rule set's own fields, precision, tiers, vetoes, thresholds,
 * tie-breaks, unit classes) by a path of segments, e.g. `['tiers', 0, 'quota']`. Pure: the draft is
 * copied. Undefined removes the field, so an emptied optional box leaves nothing behind in the file.
 */
import type { RuleSet } from '../../model/ruleSet';

export type FieldPath = readonly (string | number)[];

export function getAt(rs: RuleSet, path: FieldPath): unknown {
  let v: unknown = rs;
  for (const seg of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string | number, unknown>)[seg];
  }
  return v;
}

export function setAt(rs: RuleSet, path: FieldPath, value: unknown): RuleSet {
  if (path.length === 0) throw new Error('setAt needs a field');
  const copy = structuredClone(rs) as unknown as Record<string | number, unknown>;
  let parent: Record<string | number, unknown> = copy;
  for (const [i, seg] of path.slice(0, -1).entries()) {
    let next = parent[seg];
    if (next === null || typeof next !== 'object') {
      next = typeof path[i + 1] === 'number' ? [] : {};
      parent[seg] = next;
    }
    parent = next as Record<string | number, unknown>;
  }
  const last = path[path.length - 1]!;
  if (value === undefined) {
    if (Array.isArray(parent) && typeof last === 'number') parent.splice(last, 1);
    else delete parent[last];
  } else parent[last] = structuredClone(value);
  return copy as unknown as RuleSet;
}

/** Inserts into (or appends to) the list at `path`. */
export function insertAt(rs: RuleSet, path: FieldPath, index: number, value: unknown): RuleSet {
  const list = getAt(rs, path);
  const items = Array.isArray(list) ? [...(list as unknown[])] : [];
  items.splice(Math.max(0, Math.min(index, items.length)), 0, value);
  return setAt(rs, path, items);
}

/** Removes item `index` of the list at `path` (an emptied optional list is removed too). */
export function removeAt(rs: RuleSet, path: FieldPath, index: number, dropWhenEmpty = false): RuleSet {
  const list = getAt(rs, path);
  if (!Array.isArray(list)) return rs;
  const items = (list as unknown[]).filter((_, i) => i !== index);
  return setAt(rs, path, dropWhenEmpty && items.length === 0 ? undefined : items);
}

/** Swaps item `index` of the list at `path` with its neighbour (−1 up, +1 down). */
export function swapAt(rs: RuleSet, path: FieldPath, index: number, delta: -1 | 1): RuleSet {
  const list = getAt(rs, path);
  if (!Array.isArray(list)) return rs;
  const j = index + delta;
  if (index < 0 || j < 0 || index >= list.length || j >= list.length) return rs;
  const items = [...(list as unknown[])];
  [items[index], items[j]] = [items[j], items[index]];
  return setAt(rs, path, items);
}
