/**
 * The validator's messages placed where the editor shows them: a JSON path such as
 * `root.children[0].children[1].max` names node [0, 1] and its field `max`; `tiers[2].quota.percent`
 * names row 2 of the tier list. Warnings of the draft (valid or not yet) come the same way.
 */
import { exact as X, parseRuleSet, type RuleNode, type RuleSet, type ValidationIssue } from '../../engine';
import type { NodePath } from './outline';
import { pathId } from './outline';

export type IssuePlace =
  | { kind: 'node'; node: NodePath; field: string }
  /** a top-level field or list: `list` is its name, `index` the row, `field` the rest ('' for the row itself) */
  | { kind: 'list'; list: string; index: number | undefined; field: string };

export interface PlacedIssue {
  severity: 'error' | 'warning';
  path: string;
  message: string;
  place: IssuePlace;
}

export interface DraftCheck {
  ok: boolean;
  ruleSet: RuleSet | null;
  errors: PlacedIssue[];
  warnings: PlacedIssue[];
}

/** `root.children[0]["a b"].max` → ['root', 'children', 0, 'a b', 'max']. */
export function pathSegments(path: string): (string | number)[] {
  const out: (string | number)[] = [];
  const re = /([A-Za-z_$][A-Za-z0-9_$]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/g;
  for (const m of path.matchAll(re)) {
    if (m[1] !== undefined) out.push(m[1]);
    else if (m[2] !== undefined) out.push(Number(m[2]));
    else if (m[3] !== undefined) out.push(JSON.parse(m[3]) as string);
  }
  return out;
}

export function placeOf(path: string): IssuePlace {
  const segs = pathSegments(path);
  if (segs[0] === 'root') {
    const node: number[] = [];
    let i = 1;
    while (segs[i] === 'children' && typeof segs[i + 1] === 'number') {
      node.push(segs[i + 1] as number);
      i += 2;
    }
    return { kind: 'node', node, field: segs.slice(i).join('.') };
  }
  const list = String(segs[0] ?? '');
  const index = typeof segs[1] === 'number' ? segs[1] : undefined;
  return { kind: 'list', list, index, field: segs.slice(index === undefined ? 1 : 2).join('.') };
}

const place = (severity: PlacedIssue['severity']) => (i: ValidationIssue): PlacedIssue => ({ severity, path: i.path, message: i.message, place: placeOf(i.path) });

/** The draft through the rule-file door, plus the editor's own warnings that hold even for a draft with errors. */
export function checkDraft(rs: RuleSet): DraftCheck {
  const parsed = parseRuleSet(rs);
  const own = draftWarnings(rs);
  const engine = parsed.ok ? parsed.warnings.map(place('warning')) : [];
  const seen = new Set(engine.map((w) => w.path + w.message));
  const warnings = [...engine, ...own.filter((w) => !engine.some((e) => e.path === w.path && sameKind(e, w)) && !seen.has(w.path + w.message))];
  return parsed.ok
    ? { ok: true, ruleSet: parsed.ruleSet, errors: [], warnings }
    : { ok: false, ruleSet: null, errors: parsed.errors.map(place('error')), warnings };
}

const sameKind = (a: PlacedIssue, b: PlacedIssue) => a.place.kind === b.place.kind && a.path.endsWith('children') === b.path.endsWith('children');

const num = (x: unknown): X.Q => (typeof x === 'number' && Number.isFinite(x) && x >= 0 ? safeDec(x) : X.ZERO);
function safeDec(x: number): X.Q {
  try {
    return X.dec(x);
  } catch {
    return X.ZERO;
  }
}

/** The most a node can contribute before its weight: max, the checklist's items, or (group) its children capped by its max. */
export function nodeMaxQ(n: RuleNode): X.Q {
  switch (n.type) {
    case 'checklist':
      return X.sum((n.items ?? []).map((it) => num(it.points)));
    case 'penalty':
      return X.ZERO;
    case 'group': {
      const sum = childrenSumQ(n);
      return n.max === undefined ? sum : X.min(sum, num(n.max));
    }
    default:
      return num(n.max);
  }
}

export function childrenSumQ(n: RuleNode): X.Q {
  if (n.type !== 'group') return X.ZERO;
  return X.sum((n.children ?? []).map((c) => X.mul(nodeMaxQ(c), c.weight === undefined ? X.ONE : num(c.weight))));
}

export const nodeMax = (n: RuleNode): number => X.toNumber(nodeMaxQ(n));
export const childrenSum = (n: RuleNode): number => X.toNumber(childrenSumQ(n));

export interface LevelTotal {
  level: number;
  count: number;
  points: number;
}

/** Per level of the outline (1 = 一级指标): how many items and their points (weighted) added up. */
export function levelTotals(rs: RuleSet): LevelTotal[] {
  const acc: { count: number; points: X.Q }[] = [];
  const walk = (n: RuleNode, level: number) => {
    if (level > 0) {
      const a = (acc[level - 1] ??= { count: 0, points: X.ZERO });
      a.count += 1;
      a.points = X.add(a.points, X.mul(nodeMaxQ(n), n.weight === undefined ? X.ONE : num(n.weight)));
    }
    if (n.type === 'group') (n.children ?? []).forEach((c) => walk(c, level + 1));
  };
  walk(rs.root, 0);
  return acc.map((a, i) => ({ level: i + 1, count: a.count, points: X.toNumber(a.points) }));
}

/** Warnings the editor can give while the draft is still wrong elsewhere. */
export function draftWarnings(rs: RuleSet): PlacedIssue[] {
  const out: PlacedIssue[] = [];
  const warn = (path: string, message: string) => out.push({ severity: 'warning', path, message, place: placeOf(path) });
  const walk = (n: RuleNode, path: string) => {
    if (n.type !== 'group') return;
    const children = n.children ?? [];
    if (children.some((c) => c.weight !== undefined)) {
      const sum = X.sum(children.map((c) => (c.weight === undefined ? X.ONE : num(c.weight))));
      if (!X.eq(sum, X.ONE)) warn(`${path}.children`, `各子项权重之和为 ${X.formatShort(sum)}，不是 1（未写权重的子项按 1 计）`);
    }
    if (n.max !== undefined && typeof n.max === 'number') {
      const sum = childrenSumQ(n);
      if (X.gt(sum, num(n.max))) warn(`${path}.max`, `各子项合计 ${X.formatShort(sum)} 分，超过本项满分 ${n.max} 分（超出部分不计）`);
    }
    children.forEach((c, i) => walk(c, `${path}.children[${i}]`));
  };
  walk(rs.root, 'root');
  return out;
}

/** Issues of one node (by its place), for the badge in the outline and the top of its form. */
export function issuesOfNode(issues: readonly PlacedIssue[], node: NodePath): PlacedIssue[] {
  const id = pathId(node);
  return issues.filter((i) => i.place.kind === 'node' && pathId(i.place.node) === id);
}
