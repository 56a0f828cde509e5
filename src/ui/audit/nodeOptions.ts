/** The indicator filter of the audit view: each group's rule-set tree, and the keys under a chosen node. */
import type { GroupView } from '../useAssessment';
import type { RuleNode } from '../../engine';

export interface NodeOption {
  key: string;
  name: string;
  depth: number;
}

export function nodeOptions(groups: readonly GroupView[]): { group: string; label: string; options: NodeOption[] }[] {
  return groups.map((g) => {
    const options: NodeOption[] = [];
    const walk = (n: RuleNode, depth: number) => {
      options.push({ key: n.key, name: n.name, depth });
      if (n.type === 'group') for (const c of n.children) walk(c, depth + 1);
    };
    for (const c of g.ruleSet.root.children) walk(c, 0);
    for (const v of g.ruleSet.vetoes) options.push({ key: v.key, name: v.name, depth: 0 });
    return { group: g.group.key, label: g.group.name, options };
  });
}

/** The node and everything below it, in every group that has it (groups share indicator keys). */
export function subtreeOf(groups: readonly GroupView[], key: string): Set<string> {
  const out = new Set<string>([key]);
  for (const g of groups) {
    for (const k of g.compiled.byKey.keys()) {
      for (let p = g.compiled.parent.get(k); p !== undefined; p = g.compiled.parent.get(p)) {
        if (p === key) {
          out.add(k);
          break;
        }
      }
    }
  }
  return out;
}
