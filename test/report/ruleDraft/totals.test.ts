import { describe, expect, it } from 'vitest';
import { checkDraft, levelTotals, pathSegments, placeOf } from '../../../src/report/ruleDraft/issues';
import { diffRuleSets } from '../../../src/report/ruleDraft/diff';
import { moveBy, setNodeField, addChild, removeNode } from '../../../src/report/ruleDraft/outline';
import { setAt } from '../../../src/report/ruleDraft/fields';
import { makeRuleSet } from '../../fixtures/ruleSets';

describe('level totals', () => {
  it('adds up points per level of the outline', () => {
    // 一级: basic 30 + keyArea 40 + annualReport 30 = 100; 二级: policy 20 + budget 10
    expect(levelTotals(makeRuleSet())).toEqual([
      { level: 1, count: 3, points: 100 },
      { level: 2, count: 2, points: 30 },
    ]);
  });

  it('counts a weighted item by its weighted points', () => {
    const rs = setNodeField(makeRuleSet(), [1], 'weight', 0.5)!.ruleSet;
    expect(levelTotals(rs)[0]!.points).toBe(80);
  });
});

describe('validation placed on the outline', () => {
  it('reads JSON paths into node places and list rows', () => {
    expect(pathSegments('root.children[0].children[12].checkpoints[1].deduction')).toEqual(['root', 'children', 0, 'children', 12, 'checkpoints', 1, 'deduction']);
    expect(placeOf('root.children[0].children[1].max')).toEqual({ kind: 'node', node: [0, 1], field: 'max' });
    expect(placeOf('root.children[2].items[0].points')).toEqual({ kind: 'node', node: [2], field: 'items.0.points' });
    expect(placeOf('tiers[1].quota.percent')).toEqual({ kind: 'list', list: 'tiers', index: 1, field: 'quota.percent' });
    expect(placeOf('precision.step')).toEqual({ kind: 'list', list: 'precision', index: undefined, field: 'step' });
  });

  it('puts a bad key next to the key of its node, and a valid draft has no errors', () => {
    expect(checkDraft(makeRuleSet()).ok).toBe(true);
    const bad = setNodeField(makeRuleSet(), [0, 1], 'key', '1budget')!.ruleSet;
    const c = checkDraft(bad);
    expect(c.ok).toBe(false);
    expect(c.errors.map((e) => e.place)).toContainEqual({ kind: 'node', node: [0, 1], field: 'key' });
  });

  it('warns when the weights do not add up to 1 and when children exceed the group maximum', () => {
    let rs = setNodeField(makeRuleSet(), [1], 'weight', 0.7)!.ruleSet;
    rs = setNodeField(rs, [0], 'max', 25)!.ruleSet;
    const w = checkDraft(rs).warnings;
    expect(w.find((x) => x.path === 'root.children')?.message).toContain('2.7');
    expect(w.find((x) => x.path === 'root.children[0].max')?.message).toContain('各子项合计 30 分，超过本项满分 25 分');
  });
});

describe('diff against the rule set in use', () => {
  it('names points changed, items added, removed and reordered, and changed tiers', () => {
    const inUse = makeRuleSet();
    let d = setNodeField(inUse, [1], 'max', 35)!.ruleSet;
    d = addChild(d, [0], 'points', '新增项')!.ruleSet;
    d = removeNode(d, [2])!.ruleSet;
    d = moveBy(d, [0, 0], 1)!.ruleSet;
    d = setAt(d, ['tiers', 0, 'atLeast'], 85);
    const changes = diffRuleSets(inUse, d);
    expect(changes).toContainEqual({ kind: 'points', key: 'keyArea', name: '重点领域信息公开', from: 40, to: 35 });
    expect(changes).toContainEqual({ kind: 'removed', key: 'annualReport', name: inUse.root.children[2]!.name, points: 30, inside: 0 });
    expect(changes).toContainEqual({ kind: 'added', key: 'basic.1', name: '新增项', points: 10, inside: 0 });
    expect(changes).toContainEqual({ kind: 'reordered', key: 'policy', name: '政策文件' });
    expect(changes).toContainEqual({ kind: 'list', list: 'tiers' });
    expect(diffRuleSets(inUse, inUse)).toEqual([]);
  });

  it('lists a removed group once, with how many items went with it', () => {
    const inUse = makeRuleSet();
    const d = removeNode(inUse, [0])!.ruleSet;
    expect(diffRuleSets(inUse, d).filter((c) => c.kind === 'removed')).toEqual([{ kind: 'removed', key: 'basic', name: '基础信息公开', points: 30, inside: 2 }]);
  });
});
