/**
 * Edits of a rule-set draft's indicator tree, as pure functions: each returns a new draft (the old
 * one is never changed, so it can stay in the undo history) and where the edited node now is, or null
 * when the edit is not possible there (the root cannot move, a leaf takes no children). A node is
 * named by its place: the child indices from the root (`[]` is the root, `[1, 0]` the first child
 * of the second 一级指标); keys may be blank or repeated while the draft is typed.
 */
import type { GroupNode, RuleNode, RuleSet } from '../../model/ruleSet';

export type NodePath = readonly number[];
export type NodeType = RuleNode['type'];
export const NODE_TYPES: readonly NodeType[] = ['group', 'points', 'deduction', 'checklist', 'ratio', 'bonus', 'penalty'];

export interface Edit {
  ruleSet: RuleSet;
  at: NodePath;
}

export function nodeAt(rs: RuleSet, path: NodePath): RuleNode | undefined {
  let node: RuleNode = rs.root;
  for (const i of path) {
    if (node.type !== 'group') return undefined;
    const next: RuleNode | undefined = node.children[i];
    if (!next) return undefined;
    node = next;
  }
  return node;
}

const samePath = (a: NodePath, b: NodePath) => a.length === b.length && a.every((x, i) => x === b[i]);

/** A copy of the draft with the group at `path` handed to `change` (copied along the way down). */
function withGroup(rs: RuleSet, path: NodePath, change: (g: GroupNode) => void): RuleSet | null {
  const copy = structuredClone(rs);
  const g = nodeAt(copy, path);
  if (!g || g.type !== 'group') return null;
  change(g);
  return copy;
}

/** Every key in the tree, in outline order (repeats included). */
export function nodeKeys(rs: RuleSet): string[] {
  const out: string[] = [];
  const walk = (n: RuleNode) => {
    out.push(n.key);
    if (n.type === 'group') n.children.forEach(walk);
  };
  walk(rs.root);
  return out;
}

/** Every key the draft uses: nodes, vetoes and thresholds share one namespace. */
function usedKeys(rs: RuleSet): Set<string> {
  return new Set([...nodeKeys(rs), ...rs.vetoes.map((v) => v.key), ...rs.thresholds.map((t) => t.key)]);
}

/** A key not used yet: `basic.1`, `basic.2`… under a parent, `item1`… at the top. */
export function freshKey(rs: RuleSet, prefix: string): string {
  const used = usedKeys(rs);
  const base = /^[A-Za-z][A-Za-z0-9_.-]*$/.test(prefix) ? prefix : 'item';
  const sep = base === 'item' || base === 'veto' || base === 'threshold' ? '' : '.';
  for (let i = 1; ; i++) {
    const k = `${base}${sep}${i}`;
    if (!used.has(k)) return k;
  }
}

/** A new node of a type with the fields its type needs, filled so that it is valid as it stands. */
export function blankNode(type: NodeType, key: string, name: string, max = 10): RuleNode {
  switch (type) {
    case 'group':
      return { key, name, type, children: [blankNode('deduction', `${key}.1`, name, max)] };
    case 'points':
    case 'bonus':
      return { key, name, type, max };
    case 'deduction':
      return { key, name, type, max, perFinding: 1 };
    case 'checklist':
      return { key, name, type, items: [{ key: 'item1', name, points: max }] };
    case 'ratio':
      return { key, name, type, max, mode: 'linear', fullAt: 100 };
    case 'penalty':
      return { key, name, type, cap: max, perFinding: 1 };
  }
}

const prefixOf = (rs: RuleSet, parent: NodePath) => (parent.length === 0 ? 'item' : (nodeAt(rs, parent)?.key ?? 'item'));

/** Appends a new child to the group at `path`. */
export function addChild(rs: RuleSet, path: NodePath, type: NodeType, name: string): Edit | null {
  const parent = nodeAt(rs, path);
  if (!parent || parent.type !== 'group') return null;
  const key = freshKey(rs, prefixOf(rs, path));
  const node = blankNode(type, key, name);
  const next = withGroup(rs, path, (g) => g.children.push(node));
  return next && { ruleSet: next, at: [...path, parent.children.length] };
}

/** Inserts a new node right after the one at `path` (not beside the root). */
export function addSibling(rs: RuleSet, path: NodePath, type: NodeType, name: string): Edit | null {
  if (path.length === 0 || !nodeAt(rs, path)) return null;
  const parentPath = path.slice(0, -1);
  const index = path[path.length - 1]! + 1;
  const key = freshKey(rs, prefixOf(rs, parentPath));
  const node = blankNode(type, key, name);
  const next = withGroup(rs, parentPath, (g) => g.children.splice(index, 0, node));
  return next && { ruleSet: next, at: [...parentPath, index] };
}

/** Removes the node at `path` (never the root); the selection goes to its neighbour or parent. */
export function removeNode(rs: RuleSet, path: NodePath): Edit | null {
  if (path.length === 0 || !nodeAt(rs, path)) return null;
  const parentPath = path.slice(0, -1);
  const index = path[path.length - 1]!;
  const next = withGroup(rs, parentPath, (g) => g.children.splice(index, 1));
  if (!next) return null;
  const left = (nodeAt(next, parentPath) as GroupNode).children.length;
  return { ruleSet: next, at: left === 0 ? parentPath : [...parentPath, Math.min(index, left - 1)] };
}

/**
 * Moves the node at `from` to be child number `index` of the group at `toParent` (as counted after
 * it left its old place). Refused into itself or its own subtree, and for the root.
 */
export function moveNode(rs: RuleSet, from: NodePath, toParent: NodePath, index: number): Edit | null {
  if (from.length === 0) return null;
  const node = nodeAt(rs, from);
  const target = nodeAt(rs, toParent);
  if (!node || !target || target.type !== 'group') return null;
  if (toParent.length >= from.length && samePath(toParent.slice(0, from.length), from)) return null;
  const copy = structuredClone(rs);
  const fromParent = nodeAt(copy, from.slice(0, -1)) as GroupNode;
  const [moved] = fromParent.children.splice(from[from.length - 1]!, 1);
  // the target's path shifts when the node left an earlier sibling of one of its ancestors
  const adjusted = [...toParent];
  const depth = from.length - 1;
  if (adjusted.length > depth && samePath(adjusted.slice(0, depth), from.slice(0, depth)) && adjusted[depth]! > from[depth]!) {
    adjusted[depth] = adjusted[depth]! - 1;
  }
  const dest = nodeAt(copy, adjusted) as GroupNode;
  const at = Math.max(0, Math.min(index, dest.children.length));
  dest.children.splice(at, 0, moved!);
  return { ruleSet: copy, at: [...adjusted, at] };
}

/** Alt+↑ / Alt+↓: swaps with the previous / next sibling. */
export function moveBy(rs: RuleSet, path: NodePath, delta: -1 | 1): Edit | null {
  if (path.length === 0) return null;
  const parentPath = path.slice(0, -1);
  const parent = nodeAt(rs, parentPath);
  const i = path[path.length - 1]!;
  if (!parent || parent.type !== 'group' || i + delta < 0 || i + delta >= parent.children.length) return null;
  return moveNode(rs, path, parentPath, i + delta);
}

/** Alt+→: becomes the last child of the previous sibling, when that is a group. */
export function indent(rs: RuleSet, path: NodePath): Edit | null {
  const i = path[path.length - 1];
  if (i === undefined || i === 0) return null;
  const prev = [...path.slice(0, -1), i - 1];
  const prevNode = nodeAt(rs, prev);
  if (!prevNode || prevNode.type !== 'group') return null;
  return moveNode(rs, path, prev, prevNode.children.length);
}

/** Alt+←: leaves its group and comes right after it. */
export function outdent(rs: RuleSet, path: NodePath): Edit | null {
  if (path.length < 2) return null;
  const parentPath = path.slice(0, -1);
  return moveNode(rs, path, parentPath.slice(0, -1), parentPath[parentPath.length - 1]! + 1);
}

/** What a node's points are when its type changes: its max, or what its children/items add up to. */
function pointsOf(n: RuleNode): number {
  switch (n.type) {
    case 'checklist':
      return n.items.reduce((s, it) => s + it.points, 0);
    case 'penalty':
      return n.cap ?? 10;
    case 'group':
      return n.max ?? n.children.reduce((s, c) => s + pointsOf(c), 0);
    default:
      return n.max;
  }
}

/**
 * Changes the type of the node at `path`, keeping its key, name, weight, gate, source and note and its
 * points. A group that becomes a leaf loses its children (the caller asks first); a leaf that becomes
 * a group keeps itself as the group's first child, under a new key.
 */
export function retype(rs: RuleSet, path: NodePath, type: NodeType): Edit | null {
  const old = nodeAt(rs, path);
  if (!old || old.type === type) return null;
  if (path.length === 0 && type !== 'group') return null;
  const keep = {
    key: old.key,
    name: old.name,
    ...(old.source !== undefined && { source: old.source }),
    ...(old.weight !== undefined && { weight: old.weight }),
    ...(old.gate !== undefined && { gate: old.gate }),
    ...(old.note !== undefined && { note: old.note }),
  };
  let node: RuleNode;
  if (type === 'group') {
    const inner = structuredClone(old) as RuleNode;
    delete inner.weight;
    delete inner.gate;
    inner.key = freshKey(rs, old.key);
    node = { ...keep, type: 'group', children: [inner] };
  } else {
    const fresh = blankNode(type, old.key, old.name, pointsOf(old));
    if (type === 'checklist' && fresh.type === 'checklist' && fresh.items[0]) fresh.items[0].name = old.name || fresh.items[0].name;
    node = { ...fresh, ...keep } as RuleNode;
  }
  return replaceNode(rs, path, node);
}

/** Puts `node` in place of the one at `path`. */
export function replaceNode(rs: RuleSet, path: NodePath, node: RuleNode): Edit | null {
  if (!nodeAt(rs, path)) return null;
  if (path.length === 0) {
    if (node.type !== 'group') return null;
    return { ruleSet: { ...structuredClone(rs), root: structuredClone(node) }, at: [] };
  }
  const next = withGroup(rs, path.slice(0, -1), (g) => {
    g.children[path[path.length - 1]!] = structuredClone(node);
  });
  return next && { ruleSet: next, at: path };
}

/**
 * Sets (or, with undefined, removes) one field of the node at `path`. Values are not checked here:
 * the draft may be wrong while it is typed, and the validator says where.
 */
export function setNodeField(rs: RuleSet, path: NodePath, field: string, value: unknown): Edit | null {
  const old = nodeAt(rs, path);
  if (!old) return null;
  const node = structuredClone(old) as unknown as Record<string, unknown>;
  if (value === undefined) delete node[field];
  else node[field] = structuredClone(value);
  return replaceNode(rs, path, node as unknown as RuleNode);
}

/** The places of every node in outline order, with their depth (the root is depth 0). */
export function outlineRows(rs: RuleSet): { path: NodePath; node: RuleNode }[] {
  const rows: { path: NodePath; node: RuleNode }[] = [];
  const walk = (n: RuleNode, path: number[]) => {
    rows.push({ path, node: n });
    if (n.type === 'group') n.children.forEach((c, i) => walk(c, [...path, i]));
  };
  walk(rs.root, []);
  return rows;
}

export const pathId = (path: NodePath): string => (path.length === 0 ? 'root' : path.join('.'));
