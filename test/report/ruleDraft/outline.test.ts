import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  addChild,
  addSibling,
  indent,
  moveBy,
  moveNode,
  nodeAt,
  nodeKeys,
  outdent,
  removeNode,
  retype,
  setNodeField,
  type Edit,
  type NodePath,
} from '../../../src/report/ruleDraft/outline';
import { record, redo, startHistory, undo } from '../../../src/report/ruleDraft/history';
import { parseRuleSet, type RuleSet } from '../../../src/engine';
import { makeRuleSet } from '../../fixtures/ruleSets';

const keysAt = (rs: RuleSet, path: NodePath) => {
  const n = nodeAt(rs, path);
  return n && n.type === 'group' ? n.children.map((c) => c.key) : [];
};

describe('outline edits', () => {
  it('adds a child at the end of a group with a fresh key, valid as it stands', () => {
    const rs = makeRuleSet();
    const e = addChild(rs, [0], 'deduction', '新指标')!;
    expect(e.at).toEqual([0, 2]);
    expect(keysAt(e.ruleSet, [0])).toEqual(['policy', 'budget', 'basic.1']);
    expect(parseRuleSet(e.ruleSet).ok).toBe(true);
    expect(keysAt(rs, [0])).toEqual(['policy', 'budget']); // the old draft is untouched
  });

  it('adds a sibling right after the node, and refuses a child under a leaf', () => {
    const rs = makeRuleSet();
    const e = addSibling(rs, [0], 'points', '新一级')!;
    expect(e.at).toEqual([1]);
    expect(keysAt(e.ruleSet, [])).toEqual(['basic', 'item1', 'keyArea', 'annualReport']);
    expect(addChild(rs, [1], 'points', 'x')).toBeNull();
    expect(addSibling(rs, [], 'points', 'x')).toBeNull();
  });

  it('reorders with Alt+↑/↓ and stops at the ends', () => {
    const rs = makeRuleSet();
    const down = moveBy(rs, [0], 1)!;
    expect(keysAt(down.ruleSet, [])).toEqual(['keyArea', 'basic', 'annualReport']);
    expect(down.at).toEqual([1]);
    expect(moveBy(rs, [0], -1)).toBeNull();
    expect(moveBy(rs, [2], 1)).toBeNull();
  });

  it('indents into the previous group and outdents back after it', () => {
    const rs = makeRuleSet();
    const inn = indent(rs, [1])!; // keyArea into basic
    expect(inn.at).toEqual([0, 2]);
    expect(keysAt(inn.ruleSet, [0])).toEqual(['policy', 'budget', 'keyArea']);
    const out = outdent(inn.ruleSet, inn.at)!;
    expect(out.at).toEqual([1]);
    expect(out.ruleSet).toEqual(rs);
    expect(indent(rs, [2])).toBeNull(); // keyArea is a leaf: no indenting under it
  });

  it('refuses to move a group into its own subtree', () => {
    const rs = makeRuleSet();
    expect(moveNode(rs, [0], [0], 0)).toBeNull();
    expect(moveNode(rs, [], [0], 0)).toBeNull();
  });

  it('moves to a later group whose place shifts when the node leaves', () => {
    const rs = addSibling(makeRuleSet(), [2], 'group', '加分')!.ruleSet; // children: basic keyArea annualReport item1(group)
    const e = moveNode(rs, [0], [3], 0)!;
    expect(e.at).toEqual([2, 0]);
    expect(nodeAt(e.ruleSet, e.at)?.key).toBe('basic');
  });

  it('removes a node and selects its neighbour', () => {
    const e = removeNode(makeRuleSet(), [2])!;
    expect(keysAt(e.ruleSet, [])).toEqual(['basic', 'keyArea']);
    expect(e.at).toEqual([1]);
  });

  it('retypes a deduction to a checklist keeping key, name and points', () => {
    const rs = makeRuleSet();
    const e = retype(rs, [0, 1], 'checklist')!;
    const n = nodeAt(e.ruleSet, [0, 1])!;
    expect(n).toMatchObject({ key: 'budget', name: '预决算公开', type: 'checklist', items: [{ points: 10 }] });
    expect(parseRuleSet(e.ruleSet).ok).toBe(true);
  });

  it('retypes a leaf to a group holding the leaf under a new key', () => {
    const e = retype(makeRuleSet(), [1], 'group')!;
    const n = nodeAt(e.ruleSet, [1])!;
    expect(n.type).toBe('group');
    expect(keysAt(e.ruleSet, [1])).toEqual(['keyArea.1']);
    expect(parseRuleSet(e.ruleSet).ok).toBe(true);
  });

  it('sets and clears a field', () => {
    const rs = makeRuleSet();
    const set = setNodeField(rs, [1], 'weight', 0.5)!;
    expect(nodeAt(set.ruleSet, [1])?.weight).toBe(0.5);
    const cleared = setNodeField(set.ruleSet, [1], 'weight', undefined)!;
    expect(cleared.ruleSet).toEqual(rs);
  });
});

type Op = { kind: 'up' | 'down' | 'in' | 'out' | 'drag'; pick: number; target: number; index: number };
const op = fc.record({
  kind: fc.constantFrom<Op['kind']>('up', 'down', 'in', 'out', 'drag'),
  pick: fc.nat(50),
  target: fc.nat(50),
  index: fc.nat(6),
});

function groupPaths(rs: RuleSet): NodePath[] {
  const out: NodePath[] = [];
  const walk = (path: number[]) => {
    const n = nodeAt(rs, path)!;
    if (n.type !== 'group') return;
    out.push(path);
    n.children.forEach((_, i) => walk([...path, i]));
  };
  walk([]);
  return out;
}
function allPaths(rs: RuleSet): NodePath[] {
  const out: NodePath[] = [];
  const walk = (path: number[]) => {
    out.push(path);
    const n = nodeAt(rs, path)!;
    if (n.type === 'group') n.children.forEach((_, i) => walk([...path, i]));
  };
  walk([]);
  return out;
}
function apply(rs: RuleSet, o: Op): Edit | null {
  const paths = allPaths(rs);
  const p = paths[o.pick % paths.length]!;
  switch (o.kind) {
    case 'up':
      return moveBy(rs, p, -1);
    case 'down':
      return moveBy(rs, p, 1);
    case 'in':
      return indent(rs, p);
    case 'out':
      return outdent(rs, p);
    case 'drag': {
      const groups = groupPaths(rs);
      return moveNode(rs, p, groups[o.target % groups.length]!, o.index);
    }
  }
}
const sorted = (xs: string[]) => [...xs].sort();
const start = () => addSibling(makeRuleSet(), [2], 'group', '加分')!.ruleSet;

describe('outline edits (properties)', () => {
  it('any sequence of moves keeps the set of node keys, and the moved node is where the edit says', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 30 }), (ops) => {
        let rs = start();
        const keys = sorted(nodeKeys(rs));
        for (const o of ops) {
          const paths = allPaths(rs);
          const moving = nodeAt(rs, paths[o.pick % paths.length]!)!.key;
          const e = apply(rs, o);
          if (!e) continue;
          expect(nodeAt(e.ruleSet, e.at)?.key).toBe(moving);
          rs = e.ruleSet;
          expect(sorted(nodeKeys(rs))).toEqual(keys);
        }
      }),
    );
  });

  it('undo of any edit restores the previous draft, and redo brings the edit back', () => {
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: 20 }), (ops) => {
        let h = startHistory(start());
        for (const o of ops) {
          const before = h.present;
          const e = apply(before, o);
          if (!e) continue;
          h = record(h, e.ruleSet);
          const undone = undo(h);
          expect(undone.present).toEqual(before);
          expect(redo(undone).present).toEqual(e.ruleSet);
        }
      }),
    );
  });
});

describe('draft history', () => {
  it('joins keystrokes in one box into one step', () => {
    const a = makeRuleSet();
    const b = setNodeField(a, [1], 'name', '重')!.ruleSet;
    const c = setNodeField(b, [1], 'name', '重点')!.ruleSet;
    let h = record(startHistory(a), b, '1:name');
    h = record(h, c, '1:name');
    expect(h.past).toHaveLength(1);
    expect(undo(h).present).toBe(a);
  });
});
