/**
 * A rule set as the rows of its 考核细则 table, shared by the xlsx and the Word writers: one row per
 * indicator, 检查点/要点 rows under their leaf, 否决 rows at the end. A group's name spans its subtree's rows.
 */
import type { Leaf, RuleNode, RuleSet, Veto } from '../../model/ruleSet';
import { effectsOf } from '../../model/ruleSet';
import { phrase, type PhraseEffect } from './phrase';
import { TYPE_LABELS, type RowKind } from './layout';

export interface TableRow {
  /** level of the row's own name: 0 = 一级指标 */
  level: number;
  name: string;
  points: number | null;
  standard: string;
  method: string;
  kind: RowKind;
  key: string;
  /** for a group row: index of its subtree's last row (its name cell spans down to it) */
  spanTo?: number;
  /** for a group row: its declared maximum, or else what its items add up to (shown in the Word table) */
  total?: number;
}

/** Full points of a node as a reader adds them up: declared group maxima win; penalties add nothing. */
export function nodePoints(n: RuleNode): number {
  const own = n.type === 'group' ? (n.max ?? n.children.reduce((a, c) => a + nodePoints(c), 0)) : n.type === 'penalty' ? 0 : (leafPoints(n) ?? 0);
  return own * (n.weight ?? 1);
}

const joined = (parts: (string | false | undefined)[]) => parts.filter((p): p is string => !!p).join('，');

function leafMethod(leaf: Leaf): string {
  const common = [leaf.weight !== undefined && phrase.weight(leaf.weight)];
  switch (leaf.type) {
    case 'points':
      return joined([phrase.points(leaf.max), leaf.step !== undefined && phrase.step(leaf.step), ...common]);
    case 'bonus':
      return joined([phrase.bonus(), leaf.step !== undefined && phrase.step(leaf.step), ...common]);
    case 'deduction':
      return joined([leaf.perFinding !== undefined && phrase.perFinding(leaf.perFinding), phrase.floor(leaf.floor ?? true), ...common]);
    case 'penalty':
      return joined([leaf.perFinding !== undefined && phrase.perFinding(leaf.perFinding), phrase.cap(leaf.cap), ...common]);
    case 'checklist':
      return joined([phrase.checklist(), ...common]);
    case 'ratio':
      return leaf.mode === 'linear'
        ? joined([leaf.fullAt !== undefined && phrase.fullAt(leaf.fullAt), leaf.zeroAt !== undefined && phrase.zeroAt(leaf.zeroAt), phrase.linear(), ...common])
        : joined([...(leaf.steps ?? []).map((s) => phrase.stepOf(s.atLeast, s.score)), ...common]);
  }
}

function leafPoints(leaf: Leaf): number | null {
  if (leaf.type === 'penalty') return leaf.cap;
  if (leaf.type === 'checklist') return leaf.items.reduce((a, i) => a + i.points, 0);
  return leaf.max;
}

/** The 扣分方法 phrase of a node, as the table writes it. */
export function methodOf(node: RuleNode): string {
  if (node.type !== 'group') return leafMethod(node);
  return joined([
    node.floor === false && phrase.floor(false),
    node.notApplicable !== undefined && phrase.notApplicable(node.notApplicable),
    node.weight !== undefined && phrase.weight(node.weight),
  ]);
}

function nodeRows(node: RuleNode, level: number, rows: TableRow[]): void {
  if (node.type === 'group') {
    const at = rows.length;
    const method = methodOf(node);
    rows.push({ level, name: node.name, points: node.max ?? null, standard: node.note ?? '', method, kind: 'group', key: node.key, total: nodePoints(node) });
    for (const c of node.children) nodeRows(c, level + 1, rows);
    (rows[at] as TableRow).spanTo = rows.length - 1;
    return;
  }
  rows.push({ level, name: node.name, points: leafPoints(node), standard: node.note ?? '', method: leafMethod(node), kind: node.type, key: node.key });
  if (node.type === 'deduction' || node.type === 'penalty') {
    for (const c of node.checkpoints ?? [])
      rows.push({ level: level + 1, name: '', points: null, standard: c.name, method: phrase.deduction(c.deduction), kind: 'checkpoint', key: c.key });
  }
  if (node.type === 'checklist') {
    for (const i of node.items)
      rows.push({ level: level + 1, name: '', points: i.points, standard: i.name, method: phrase.item(i.points), kind: 'item', key: i.key });
  }
}

/** Depth of the deepest indicator below root (1 = root's children only). */
export function treeDepth(node: RuleNode): number {
  return node.type === 'group' ? 1 + Math.max(...node.children.map(treeDepth)) : 0;
}

function vetoEffects(ruleSet: RuleSet, veto: Veto): PhraseEffect[] {
  const names = new Map<string, string>();
  const walk = (n: RuleNode) => {
    names.set(n.key, n.name);
    if (n.type === 'group') n.children.forEach(walk);
  };
  walk(ruleSet.root);
  return effectsOf(veto).map((e) =>
    e.type === 'barTier'
      ? { type: 'barTier', tierName: ruleSet.tiers.find((t) => t.key === e.tier)?.name ?? e.tier }
      : e.type === 'zeroNode'
        ? { type: 'zeroNode', nodeName: names.get(e.node) ?? e.node }
        : e,
  );
}

export const VETO_SECTION = '单项否决';

/** The rows of the table, in order; the root itself has no row (its children are the 一级指标). */
export function tableRows(ruleSet: RuleSet): TableRow[] {
  const rows: TableRow[] = [];
  for (const c of ruleSet.root.children) nodeRows(c, 0, rows);
  if (ruleSet.vetoes.length > 0) {
    const at = rows.length;
    rows.push({ level: 0, name: VETO_SECTION, points: null, standard: '', method: '', kind: 'group', key: '' });
    for (const v of ruleSet.vetoes)
      rows.push({ level: 1, name: v.name, points: null, standard: '', method: vetoEffects(ruleSet, v).map(phrase.effect).join('；'), kind: 'veto', key: v.key });
    (rows[at] as TableRow).spanTo = rows.length - 1;
  }
  return rows;
}

export const kindLabel = (kind: RowKind): string => TYPE_LABELS[kind];
