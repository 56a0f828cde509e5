/**
 * What a draft changes against the rule set in use, in the words a coordinator checks: indicators
 * added, removed, moved, retyped, renamed, points changed; tiers, vetoes and other settings changed.
 * Nodes are matched by key (the key is what stored entries name).
 */
import type { RuleNode, RuleSet } from '../../model/ruleSet';
import { nodeMax } from './issues';

export type RuleChange =
  /** `inside`: how many items under it came or went with it (they are not listed one by one) */
  | { kind: 'added'; key: string; name: string; points: number; inside: number }
  | { kind: 'removed'; key: string; name: string; points: number; inside: number }
  | { kind: 'points'; key: string; name: string; from: number; to: number }
  | { kind: 'retyped'; key: string; name: string; from: RuleNode['type']; to: RuleNode['type'] }
  | { kind: 'renamed'; key: string; from: string; to: string }
  | { kind: 'moved'; key: string; name: string; fromParent: string; toParent: string }
  | { kind: 'reordered'; key: string; name: string }
  | { kind: 'list'; list: 'tiers' | 'vetoes' | 'thresholds' | 'tieBreak' | 'unitClasses' | 'precision' | 'assessors' | 'about' }
  | { kind: 'detail'; key: string; name: string };

interface Placed {
  node: RuleNode;
  parent: string;
  /** position among the siblings that exist on both sides is compared, not the raw index */
  siblings: string[];
}

function index(rs: RuleSet): Map<string, Placed> {
  const out = new Map<string, Placed>();
  const walk = (n: RuleNode, parent: string, siblings: string[]) => {
    if (!out.has(n.key)) out.set(n.key, { node: n, parent, siblings });
    if (n.type === 'group') {
      const keys = (n.children ?? []).map((c) => c.key);
      (n.children ?? []).forEach((c) => walk(c, n.key, keys));
    }
  };
  walk(rs.root, '', [rs.root.key]);
  return out;
}

const descendants = (n: RuleNode): number => (n.type === 'group' ? (n.children ?? []).reduce((s, c) => s + 1 + descendants(c), 0) : 0);

const own = (n: RuleNode) => {
  const { children: _c, name: _n, key: _k, ...rest } = n as RuleNode & { children?: unknown };
  return JSON.stringify(rest);
};

export function diffRuleSets(inUse: RuleSet, draft: RuleSet): RuleChange[] {
  const before = index(inUse);
  const after = index(draft);
  const out: RuleChange[] = [];
  for (const [key, b] of before) {
    if (after.has(key) || (b.parent !== '' && !after.has(b.parent))) continue;
    out.push({ kind: 'removed', key, name: b.node.name, points: nodeMax(b.node), inside: descendants(b.node) });
  }
  for (const [key, a] of after) {
    const b = before.get(key);
    const name = a.node.name;
    if (!b) {
      if (a.parent === '' || before.has(a.parent)) out.push({ kind: 'added', key, name, points: nodeMax(a.node), inside: descendants(a.node) });
      continue;
    }
    if (b.node.name !== a.node.name) out.push({ kind: 'renamed', key, from: b.node.name, to: a.node.name });
    if (b.node.type !== a.node.type) out.push({ kind: 'retyped', key, name, from: b.node.type, to: a.node.type });
    const [pb, pa] = [nodeMax(b.node), nodeMax(a.node)];
    if (pb !== pa) out.push({ kind: 'points', key, name, from: pb, to: pa });
    else if (b.node.type === a.node.type && own(b.node) !== own(a.node)) out.push({ kind: 'detail', key, name });
    if (b.parent !== a.parent) {
      out.push({ kind: 'moved', key, name, fromParent: before.get(b.parent)?.node.name ?? b.parent, toParent: after.get(a.parent)?.node.name ?? a.parent });
    } else {
      const common = (s: string[], other: string[]) => s.filter((k) => other.includes(k));
      const [sb, sa] = [common(b.siblings, a.siblings), common(a.siblings, b.siblings)];
      if (sb.indexOf(key) !== sa.indexOf(key)) out.push({ kind: 'reordered', key, name });
    }
  }
  const lists = ['tiers', 'vetoes', 'thresholds', 'tieBreak', 'unitClasses', 'precision', 'assessors'] as const;
  for (const list of lists) {
    if (JSON.stringify(inUse[list] ?? null) !== JSON.stringify(draft[list] ?? null)) out.push({ kind: 'list', list });
  }
  const about = (rs: RuleSet) => JSON.stringify([rs.id, rs.name, rs.year, rs.version, rs.source, rs.group, rs.indicators ?? null]);
  if (about(inUse) !== about(draft)) out.push({ kind: 'list', list: 'about' });
  return out;
}
