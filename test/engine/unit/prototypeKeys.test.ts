/**
 * Keys chosen by the people writing rule files (checklist items, check points) are data: a key named
 * like a property every plain object has (constructor, toString, …) must never count as recorded.
 */
import { describe, expect, it } from 'vitest';
import { compileRuleSet } from '../../../src/engine/rules/compile';
import { validateEntries } from '../../../src/engine/validate/entryValidate';
import type { RuleNode, RuleSet } from '../../../src/model/ruleSet';
import { scoreGroup } from '../../../src/engine/group/pipeline';
import { scoreEntry, unit as unitSchema, type ScoreEntry } from '../../../src/model/entries';
import { allRuleSets } from '../../fixtures/allRuleSets';
import { entry, makeRules, run } from './evaluateFixtures';

const OBJECT_KEYS = ['constructor', 'toString', 'valueOf', 'hasOwnProperty', 'isPrototypeOf', 'propertyIsEnumerable', 'toLocaleString'];

/** The rule set with every checklist item and check point renamed to an Object.prototype name. */
function withObjectKeys(rs: RuleSet): RuleSet {
  const rename = <T extends { key: string }>(list: T[]): T[] =>
    list.map((x, i) => (i < OBJECT_KEYS.length ? { ...x, key: OBJECT_KEYS[i]! } : x));
  const walk = (n: RuleNode): RuleNode => {
    if (n.type === 'group') return { ...n, children: n.children.map(walk) };
    if (n.type === 'checklist') return { ...n, items: rename(n.items) };
    if ((n.type === 'deduction' || n.type === 'penalty') && n.checkpoints) return { ...n, checkpoints: rename(n.checkpoints) };
    return n;
  };
  return { ...rs, root: walk(rs.root) as RuleSet['root'] };
}

function checklists(rs: RuleSet): Extract<RuleNode, { type: 'checklist' }>[] {
  const out: Extract<RuleNode, { type: 'checklist' }>[] = [];
  const walk = (n: RuleNode) => (n.type === 'group' ? n.children.forEach(walk) : n.type === 'checklist' && out.push(n));
  walk(rs.root);
  return out;
}

describe('checklist items keyed like Object.prototype properties', () => {
  it('a small hand-computed case: nothing ticked is 0, toString ticked is 2', () => {
    const c = { type: 'checklist', key: 'c', name: '清单', items: [{ key: 'constructor', name: '一', points: 1 }, { key: 'toString', name: '二', points: 2 }, { key: 'valueOf', name: '三', points: 3 }, { key: 'hasOwnProperty', name: '四', points: 4 }] } as RuleNode;
    const rules = makeRules([c]);
    expect(run(rules, []).total).toBe(0);
    expect(run(rules, [entry('c', { checks: {} })]).total).toBe(0);
    expect(run(rules, [entry('c', { checks: { toString: true, valueOf: false } })]).total).toBe(2);
  });

  for (const { name, ruleSet } of allRuleSets()) {
    it(`${name}: renamed keys score exactly as the original keys`, () => {
      const renamed = withObjectKeys(ruleSet);
      const unit = unitSchema.parse({
        id: 'u1', name: '甲', group: ruleSet.group.key,
        objects: [{ id: 'o1', name: '对象', kind: 'website' }, { id: 'o2', name: '账号', kind: 'newMedia' }],
      });
      // every checklist entered with nothing ticked (an empty record) and once not at all
      const empty: ScoreEntry[] = checklists(renamed).map((c, i) =>
        scoreEntry.parse({ id: `e${i}`, unitId: 'u1', node: c.key, assessorId: 'a1', checks: {} }));
      expect(validateEntries(compileRuleSet(renamed), [unit], empty)).toEqual([]);
      for (const entries of [[], empty]) {
        const before = scoreGroup(ruleSet, [unit], entries, []).units[0]!;
        const after = scoreGroup(renamed, [unit], entries, []).units[0]!;
        expect(after.total).toBe(before.total);
        for (const c of checklists(renamed)) expect(after.nodes[c.key]?.score).toBe(0);
      }
    });
  }
});
