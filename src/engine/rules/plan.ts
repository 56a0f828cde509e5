/**
 * The evaluation plan of a compiled rule set: the tree flattened into arrays by node index, every
 * constant (weights, maxima, caps, finding deductions, ratio steps) read into an exact fraction
 * once. Scoring 3,000 units × 150 check points then reads arrays instead of maps keyed by node name
 * and never re-parses a number of the rule file.
 *
 * Node indexes follow `CompiledRuleSet.byKey` (pre-order), so per-node output keeps its key order.
 */
import * as X from '../arith/exact';
import type { Q } from '../arith/exact';
import { isGroup, type CompiledRuleSet } from './compile';
import type { Leaf, RuleNode } from '../../model/ruleSet';

/** A leaf's scoring constants, one shape for every kind so the scoring loop stays monomorphic. */
export interface LeafPlan {
  leaf: Leaf;
  /** the leaf's type, with bonus scored as points */
  kind: 'points' | 'ratio' | 'checklist' | 'deduction' | 'penalty';
  /** what the leaf can add at most (leafMax) */
  max: Q;
  /** `max` as the number the rule file wrote (points and bonus clamp against it) */
  maxValue: number;
  /** deduction and penalty: default deduction per finding, and per check point */
  perFinding: Q;
  checkpoint: Map<string, Q> | undefined;
  /** deduction: 扣完为止 at the item */
  floor: boolean;
  /** penalty: the cap of what is taken, undefined when uncapped */
  cap: Q | undefined;
  /** checklist items */
  items: { key: string; points: Q }[];
  /** ratio: linear bounds, or steps best first */
  fullAt: Q;
  zeroAt: Q;
  stepped: boolean;
  steps: { atLeast: Q; score: Q }[];
  /**
   * A constant could not be read as an exact fraction (a number far too fine or too large): the leaf is
   * scored by scoreLeaf itself, which reports that only when an entry actually needs the constant.
   */
  general: boolean;
}

export interface GatePlan {
  /** the node whose score decides, −1 when the key names no node */
  ref: number;
}

export interface Plan {
  c: CompiledRuleSet;
  size: number;
  root: number;
  index: Map<string, number>;
  keys: string[];
  names: string[];
  nodes: RuleNode[];
  /** parent index, -1 at the root */
  parent: Int32Array;
  /** child indexes in declared order (empty for leaves) */
  children: Int32Array[];
  /** each child's weight as declared on the child (1 when absent) */
  weight: Q[];
  weightIsOne: Uint8Array;
  /** nominal maximum (CompiledRuleSet.maxOf) */
  max: Q[];
  maxNumber: Float64Array;
  /** `max` as numerator and denominator */
  maxN: Float64Array;
  maxD: Float64Array;
  /** index of the per-object group a node belongs to (itself included), -1 when none */
  scope: Int32Array;
  /** groups: declared cap */
  cap: (Q | undefined)[];
  /** groups: Σ weight × nominal maximum over all children (before the cap), as numerator and denominator */
  childMaxN: Float64Array;
  childMaxD: Float64Array;
  gate: (GatePlan | undefined)[];
  leaf: (LeafPlan | undefined)[];
  /** indexes of the first-level indicators (-1 when a key names no node) */
  indicators: Int32Array;
  /** nodes excluded for a unit class, by class key (absent class: none) */
  excludedFor(unitClass: string | undefined): Uint8Array;
}

const plans = new WeakMap<CompiledRuleSet, Plan>();

/** The plan of a compiled rule set, built on first use and kept as long as the compiled rule set. */
export function planOf(c: CompiledRuleSet): Plan {
  let p = plans.get(c);
  if (!p) {
    p = buildPlan(c);
    plans.set(c, p);
  }
  return p;
}

function leafPlan(leaf: Leaf, max: Q): LeafPlan {
  const p: LeafPlan = {
    leaf,
    kind: 'points',
    max,
    maxValue: 0,
    perFinding: X.ZERO,
    checkpoint: undefined,
    floor: true,
    cap: undefined,
    items: [],
    fullAt: X.ZERO,
    zeroAt: X.ZERO,
    stepped: false,
    steps: [],
    general: false,
  };
  try {
    readConstants(p, leaf);
  } catch {
    p.general = true;
  }
  return p;
}

function readConstants(p: LeafPlan, leaf: Leaf): void {
  switch (leaf.type) {
    case 'points':
    case 'bonus':
      p.maxValue = leaf.max;
      break;
    case 'ratio':
      p.kind = 'ratio';
      p.stepped = leaf.mode === 'stepped';
      // best step first; a stable sort keeps the declared order among equal thresholds
      p.steps = [...(leaf.steps ?? [])]
        .sort((a, b) => b.atLeast - a.atLeast)
        .map((s) => ({ atLeast: X.dec(s.atLeast), score: X.dec(s.score) }));
      p.fullAt = X.dec(leaf.fullAt ?? 100);
      p.zeroAt = X.dec(leaf.zeroAt ?? 0);
      break;
    case 'checklist':
      p.kind = 'checklist';
      p.items = leaf.items.map((i) => ({ key: i.key, points: X.dec(i.points) }));
      break;
    case 'deduction':
    case 'penalty': {
      p.kind = leaf.type;
      p.perFinding = X.dec(leaf.perFinding ?? 0);
      if (leaf.checkpoints && leaf.checkpoints.length > 0) {
        p.checkpoint = new Map();
        // the first check point of a key wins, as Array.find does
        for (const cp of leaf.checkpoints) if (!p.checkpoint.has(cp.key)) p.checkpoint.set(cp.key, X.dec(cp.deduction));
      }
      if (leaf.type === 'deduction') p.floor = leaf.floor !== false;
      else p.cap = leaf.cap === null ? undefined : X.dec(leaf.cap);
      break;
    }
  }
}

function buildPlan(c: CompiledRuleSet): Plan {
  const keys = [...c.byKey.keys()];
  const size = keys.length;
  const index = new Map<string, number>();
  keys.forEach((k, i) => index.set(k, i));
  const nodes = keys.map((k) => c.byKey.get(k)!);
  const parent = new Int32Array(size);
  const children: Int32Array[] = [];
  const weight: Q[] = [];
  const weightIsOne = new Uint8Array(size);
  const max: Q[] = [];
  const maxNumber = new Float64Array(size);
  const maxN = new Float64Array(size);
  const maxD = new Float64Array(size);
  const scope = new Int32Array(size);
  const cap: (Q | undefined)[] = [];
  const childMaxN = new Float64Array(size);
  const childMaxD = new Float64Array(size);
  const gate: (GatePlan | undefined)[] = [];
  const leaf: (LeafPlan | undefined)[] = [];
  const at = (k: string | undefined): number => (k === undefined ? -1 : (index.get(k) ?? -1));

  nodes.forEach((n, i) => {
    parent[i] = at(c.parent.get(n.key));
    children.push(Int32Array.from(isGroup(n) ? n.children.map((ch) => at(ch.key)) : []));
    const w = X.dec(n.weight ?? 1);
    weight.push(w);
    weightIsOne[i] = X.eq(w, X.ONE) ? 1 : 0;
    const m = c.maxOf(n.key);
    max.push(m);
    maxNumber[i] = X.toNumber(m);
    maxN[i] = m.n;
    maxD[i] = m.d;
    scope[i] = at(c.objectScopeOf(n.key)?.key);
    cap.push(isGroup(n) && n.max !== undefined ? X.dec(n.max) : undefined);
    gate.push(n.gate ? { ref: at(n.gate.node) } : undefined);
    leaf.push(isGroup(n) ? undefined : leafPlan(n, m));
  });

  nodes.forEach((n, i) => {
    const sum = X.sum(Array.from(children[i]!, (ch) => X.mul(weight[ch]!, max[ch]!)));
    childMaxN[i] = sum.n;
    childMaxD[i] = sum.d;
  });

  const indicators = Int32Array.from(c.indicators.map((i) => at(i.key)));
  const none = new Uint8Array(size);
  const masks = new Map<string, Uint8Array>();
  const excludedFor = (unitClass: string | undefined): Uint8Array => {
    const cls = c.ruleSet.unitClasses.find((k) => k.key === unitClass);
    if (!cls) return none;
    let mask = masks.get(cls.key);
    if (!mask) {
      mask = new Uint8Array(size);
      for (const k of cls.excludes) {
        const i = at(k);
        if (i >= 0) mask[i] = 1;
      }
      masks.set(cls.key, mask);
    }
    return mask;
  };

  return {
    c,
    size,
    root: at(c.ruleSet.root.key),
    index,
    keys,
    names: nodes.map((n) => n.name),
    nodes,
    parent,
    children,
    weight,
    weightIsOne,
    max,
    maxNumber,
    maxN,
    maxD,
    scope,
    cap,
    childMaxN,
    childMaxD,
    gate,
    leaf,
    indicators,
    excludedFor,
  };
}
