/** `npm run score --format text`: display decimals, bonus and penalty columns, warnings on stderr. */
import { describe, expect, it } from 'vitest';
import { runScore } from '../../src/cli/scoreReport';
import { makeBundle, makeEntry, makeTinyRuleSet } from '../fixtures/bundles';

// basic 10 (points) + website 10 (deduction) + 加分 5 + 扣分项 (uncapped, 1.25 per finding)
const ruleSet = makeTinyRuleSet({
  indicators: ['basic', 'website'],
  root: {
    key: 'total', name: '总分', type: 'group',
    children: [
      { key: 'basic', name: '基础信息公开', type: 'points', max: 10, step: 0.5 },
      { key: 'website', name: '政府网站监管', type: 'deduction', max: 10, perFinding: 1 },
      { key: 'plus', name: '创新加分', type: 'bonus', max: 5, step: 0.5 },
      { key: 'minus', name: '重大扣分项', type: 'penalty', cap: null, perFinding: 1.25 },
    ],
  },
});
const finding = (id: string) => ({ id, reason: '被通报' });
const bundle = makeBundle({
  ruleSet,
  entries: [
    makeEntry({ id: 'e1', value: 8.5 }),
    makeEntry({ id: 'e2', node: 'website', value: undefined, findings: [finding('f1')] }),
    makeEntry({ id: 'e3', node: 'plus', value: 2.5 }),
    makeEntry({ id: 'e4', node: 'minus', value: undefined, findings: [finding('f2')] }),
    makeEntry({ id: 'e5', unitId: 'u2', value: 10 }),
  ],
});
const score = (b: object, ...args: string[]) => runScore(['b.json', '--format', 'text', ...args], () => JSON.stringify(b));

describe('score --format text', () => {
  it('prints the display decimals and bonus and penalty columns that add up to the total', () => {
    const out = score(bundle);
    expect(out.code).toBe(0);
    const lines = out.stdout.split('\n');
    // 乙市 entered 基础信息公开 only: its other cells are missing, so everything is provisional
    expect(lines[0]).toBe('初步结果，尚有 1 个单位未评完');
    expect(lines[2]).toBe('【市（州）政府】（2 个单位，规则 city-tiny，1 个未完成）');
    expect(lines[3]).toMatch(/^排名\s+单位\s+基础信息公开\s+政府网站监管\s+加分\s+扣分\s+总分\s+等次\s+状态$/);
    // 乙市 10 + 10 + 0 − 0 = 20.00 ranks first; 甲市 8.50 + 9.00 + 2.50 − 1.25 = 18.75
    expect(lines[4]).toMatch(/^1\s+乙市\s+10\.00\s+10\.00\s+0\.00\s+0\.00\s+20\.00\s+优秀\s+未完成$/);
    expect(lines[5]).toMatch(/^2\s+甲市\s+8\.50\s+9\.00\s+2\.50\s+-1\.25\s+18\.75\s+优秀\s+已评完$/);
    expect(out.stderr).toBe('');
  });

  it('has no bonus or penalty column when the rule set has no such part', () => {
    const out = score(makeBundle({ entries: [makeEntry({ id: 'e1', value: 8.5 })] }));
    expect(out.stdout.split('\n')[3]).toMatch(/^排名\s+单位\s+基础信息公开\s+政府网站监管\s+总分\s+等次\s+状态$/);
    expect(out.stdout.split('\n')[5]).toMatch(/^2\s+乙市\s+0\.00\s+10\.00\s+10\.00\s+不合格\s+未完成$/);
  });

  it('prints rule-set warnings on stderr and still scores', () => {
    const high = makeTinyRuleSet({ tiers: [{ key: 'excellent', name: '优秀', atLeast: 25 }, { key: 'other', name: '合格' }] });
    const out = score(makeBundle({ ruleSet: high }));
    expect(out.code).toBe(0);
    expect(out.stdout).toContain('【市（州）政府】');
    expect(out.stderr).toBe('b.json: 警告: ruleSets[0].tiers[0].atLeast: 等次“优秀”的分数线 25 高于可能的最高分 20，没有单位能达到\n');
  });
});
