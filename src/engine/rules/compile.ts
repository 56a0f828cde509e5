/**
 * An index over a validated rule set: nodes by key, parents, leaves and each node's nominal maximum.
 * Built once per rule set and shared by evaluation, validation and the UI.
 */
import * as X from '../arith/exact';
import type { Q } from '../arith/exact';
import type { GroupNode, Leaf, RuleNode, RuleSet } from '../../model/ruleSet';

export interface CompiledRuleSet {
  ruleSet: RuleSet;
  byKey: Map<string, RuleNode>;
  parent: Map<string, string | undefined>;
  /** first-level indicators reported in tables and statistics */
  indicators: { key: string; name: string }[];
  leaves: Leaf[];
  /** nominal maximum of a node (no exclusions, not-applicable or gates) */
  maxOf(key: string): Q;
  /** the rounding step of totals, exact */
  step: Q;
  /** the per-object group a node belongs to, if any */
  objectScopeOf(key: string): GroupNode | undefined;
}

export const isGroup = (n: RuleNode): n is GroupNode => n.type === 'group';

/** Points a leaf can add at most (penalties add nothing; they can only subtract). */
export function leafMax(leaf: Leaf): Q {
  switch (leaf.type) {
    case 'checklist':
      return X.sum(leaf.items.map((i) => X.dec(i.points)));
    case 'penalty':
      return X.ZERO;
    default:
      return X.dec(leaf.max);
  }
}

export function compileRuleSet(ruleSet: RuleSet): CompiledRuleSet {
  const byKey = new Map<string, RuleNode>();
  const parent = new Map<string, string | undefined>();
  const leaves: Leaf[] = [];
  const maxes = new Map<string, Q>();

  const visit = (node: RuleNode, parentKey: string | undefined): Q => {
    byKey.set(node.key, node);
    parent.set(node.key, parentKey);
    let m: Q;
    if (isGroup(node)) {
      const sum = X.sum(node.children.map((c) => X.mul(visit(c, node.key), X.dec(c.weight ?? 1))));
      m = node.max === undefined ? sum : X.min(sum, X.dec(node.max));
    } else {
      leaves.push(node);
      m = leafMax(node);
    }
    maxes.set(node.key, m);
    return m;
  };
  visit(ruleSet.root, undefined);

  const indicatorKeys = ruleSet.indicators ?? ruleSet.root.children.map((c) => c.key);
  const indicators = indicatorKeys.map((k) => ({ key: k, name: byKey.get(k)?.name ?? k }));

  // the per-object group a node belongs to, looked up once per node (hot in evaluation)
  const scopes = new Map<string, GroupNode | undefined>();
  for (const key of byKey.keys()) {
    let scope: GroupNode | undefined;
    for (let k: string | undefined = key; k !== undefined && !scope; k = parent.get(k)) {
      const n = byKey.get(k);
      if (n && isGroup(n) && n.perObject) scope = n;
    }
    scopes.set(key, scope);
  }
  const objectScopeOf = (key: string): GroupNode | undefined => scopes.get(key);

  return {
    ruleSet,
    byKey,
    parent,
    indicators,
    leaves,
    maxOf: (k) => maxes.get(k) ?? X.ZERO,
    step: X.dec(ruleSet.precision.step),
    objectScopeOf,
  };
}
