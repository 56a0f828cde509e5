import { describe, expect, it } from 'vitest';
import { compileRuleSet } from '../../../src/engine/rules/compile';
import fc from 'fast-check';
import { duplicateEntries, validateEntries, validateEntry } from '../../../src/engine/validate/entryValidate';
import { parseRuleSet } from '../../../src/engine/validate/ruleValidate';
import type { RuleNode } from '../../../src/model/ruleSet';
import type { ScoreEntry } from '../../../src/model/entries';
import { makeEntry, makeRuleSet, makeUnit } from '../../fixtures/ruleSets';

const base = makeRuleSet();
const extraNodes: RuleNode[] = [
  {
    key: 'website',
    name: '政府网站',
    type: 'group',
    perObject: { kind: 'website', aggregate: 'min' },
    children: [{ key: 'siteUpdate', name: '内容更新', type: 'deduction', max: 10, checkpoints: [{ key: 'stale', name: '栏目长期未更新', deduction: 2 }] }],
  },
  { key: 'interpretation', name: '政策解读', type: 'ratio', max: 5, measure: '政策解读率', mode: 'linear', fullAt: 90 },
  { key: 'innovation', name: '创新加分', type: 'bonus', max: 3, step: 0.1 },
];
const ruleSet = makeRuleSet({
  root: { ...base.root, children: [...base.root.children, ...extraNodes] },
  vetoes: [
    { key: 'falseInfo', name: '发布严重错误信息', effect: { type: 'fail' } },
    { key: 'siteDown', name: '网站无法访问', scope: 'website', effect: { type: 'capScore', score: 59 } },
  ],
  thresholds: [{ key: 'lowBasic', name: '基础信息公开过低', node: 'basic', below: 10, effect: { type: 'failScored' } }],
  unitClasses: [{ key: 'newCity', name: '新设市州', excludes: ['annualReport'] }],
});
const c = compileRuleSet(ruleSet);
const unit = makeUnit({
  objects: [
    { id: 'w1', name: '门户网站', kind: 'website' },
    { id: 'm1', name: '政务微博', kind: 'newMedia' },
  ],
});
const units = [unit, makeUnit({ id: 'd1', name: '省教育厅', group: 'dept' })];

const check = (e: Partial<ScoreEntry>) => validateEntries(c, units, [makeEntry(e)]);

describe('the fixture for these tests', () => {
  it('is a valid rule set', () => {
    expect(parseRuleSet(ruleSet).ok).toBe(true);
  });
});

describe('unit', () => {
  it('accepts an entry of a unit of the rule set group', () => {
    expect(check({ node: 'policy', value: 18.5 })).toEqual([]);
  });

  it('rejects an unknown unit', () => {
    expect(check({ unitId: 'u9' })).toEqual([{ path: 'entries[0].unitId', message: '未知的单位 "u9"' }]);
  });

  it('rejects a unit of another group', () => {
    expect(check({ unitId: 'd1' })).toEqual([
      { path: 'entries[0].unitId', message: '单位 "省教育厅" 属于分组 "dept"，不适用规则集 "市（州）政府政务公开考核（测试）"（分组 "city"）' },
    ]);
  });

  it('rejects a node the unit class excludes', () => {
    const cls = makeUnit({ unitClass: 'newCity' });
    expect(validateEntry(c, cls, makeEntry({ node: 'annualReport', value: undefined, checks: { onTime: true } }))).toEqual([
      { path: 'node', message: '指标 "政府信息公开年报编制" 不适用于单位类别 "新设市州"（该类别排除了 "annualReport" 或其上级）' },
    ]);
  });
});

describe('node', () => {
  it('rejects an unknown node', () => {
    expect(check({ node: 'nope' })).toEqual([
      { path: 'entries[0].node', message: '未知的指标 "nope"：应为规则集 "市（州）政府政务公开考核（测试）" 的末级指标或否决项的键' },
    ]);
  });

  it('rejects an entry for a computed threshold', () => {
    expect(check({ node: 'lowBasic', value: undefined, triggered: true })).toEqual([
      { path: 'entries[0].node', message: '"lowBasic" 是按得分自动判定的阈值，不能录入' },
    ]);
  });

  it('rejects a score on a group but lets a group be not applicable', () => {
    expect(check({ node: 'basic', value: 20 })).toEqual([
      { path: 'entries[0].node', message: '"basic" 是分组，分数应录入到它的末级指标；分组只能标记为不适用（notApplicable）' },
    ]);
    expect(check({ node: 'basic', value: undefined, notApplicable: true })).toEqual([]);
  });
});

describe('points value', () => {
  it('names the range and step when the value is above the maximum', () => {
    expect(check({ value: 21 })).toEqual([{ path: 'entries[0].value', message: '21 超出满分 20（应在 0–20 之间，步长 0.5）' }]);
  });

  it('rejects a negative value', () => {
    expect(check({ value: -0.5 })).toEqual([{ path: 'entries[0].value', message: '-0.5 低于 0（应在 0–20 之间，步长 0.5）' }]);
  });

  it('accepts the maximum and rejects a value off the step', () => {
    expect(check({ value: 20 })).toEqual([]);
    expect(check({ value: 18.3 })).toEqual([{ path: 'entries[0].value', message: '18.3 不是步长 0.5 的整数倍（应在 0–20 之间，步长 0.5）' }]);
  });

  it('compares steps exactly: 0.3 is on a 0.1 step, 0.1 + 0.2 is not', () => {
    expect(check({ node: 'innovation', value: 0.3 })).toEqual([]);
    expect(check({ node: 'innovation', value: 0.1 + 0.2 })).toEqual([
      { path: 'entries[0].value', message: '0.30000000000000004 不是步长 0.1 的整数倍（应在 0–3 之间，步长 0.1）' },
    ]);
  });

  it('uses the rule set precision step when the leaf declares none', () => {
    const noStep = makeRuleSet({
      root: { ...base.root, children: [{ key: 'keyArea', name: '重点领域信息公开', type: 'points', max: 100 }] },
    });
    const e = (value: number) => validateEntry(compileRuleSet(noStep), unit, makeEntry({ node: 'keyArea', value }));
    expect(e(87.25)).toEqual([]);
    expect(e(87.255)).toEqual([{ path: 'value', message: '87.255 不是步长 0.01 的整数倍（应在 0–100 之间，步长 0.01）' }]);
  });

  it('requires a value', () => {
    expect(check({ value: undefined })).toEqual([{ path: 'entries[0].value', message: '缺少必填字段（应在 0–20 之间，步长 0.5）' }]);
  });
});

describe('other leaves', () => {
  it('keeps a bonus within its maximum', () => {
    expect(check({ node: 'innovation', value: 3.5 })).toEqual([{ path: 'entries[0].value', message: '3.5 超出满分 3（应在 0–3 之间，步长 0.1）' }]);
  });

  it('keeps a ratio within 0–100 percent', () => {
    expect(check({ node: 'interpretation', value: 95.5 })).toEqual([]);
    expect(check({ node: 'interpretation', value: 120 })).toEqual([
      { path: 'entries[0].value', message: '120 超出范围（应为 0–100 之间的百分数：政策解读率）' },
    ]);
  });

  it('checks checklist keys and refuses a value', () => {
    expect(check({ node: 'annualReport', value: undefined, checks: { onTime: true, format: false } })).toEqual([]);
    expect(check({ node: 'annualReport', value: 20, checks: { onTime: true, bogus: true } })).toEqual([
      { path: 'entries[0].value', message: '检查清单类指标不使用 value（应填写 checks）' },
      { path: 'entries[0].checks.bogus', message: '检查项 "bogus" 不存在，应为 onTime、format 之一' },
    ]);
  });

  it('checks the check point of each finding', () => {
    const finding = { id: 'f1', count: 1, reason: '2022 年预算未公开' };
    expect(check({ node: 'budget', value: undefined, findings: [{ ...finding, checkpoint: 'late' }, { ...finding, id: 'f2' }] })).toEqual([]);
    expect(check({ node: 'budget', value: undefined, findings: [{ ...finding, checkpoint: 'missing' }] })).toEqual([
      { path: 'entries[0].findings[0].checkpoint', message: '检查点 "missing" 不存在，应为 late 之一' },
    ]);
  });

  it('needs a check point or points where the item has no per-finding deduction', () => {
    const finding = { id: 'f1', count: 1, reason: '首页栏目半年未更新' };
    expect(check({ node: 'siteUpdate', objectId: 'w1', value: undefined, findings: [finding] })).toEqual([
      {
        path: 'entries[0].findings[0].points',
        message: '缺少扣分：指标 "内容更新" 未规定每处扣分（perFinding），问题应指明检查点（checkpoint）或扣分（points）',
      },
    ]);
    expect(check({ node: 'siteUpdate', objectId: 'w1', value: undefined, findings: [{ ...finding, points: 1 }] })).toEqual([]);
  });
});

describe('veto', () => {
  it('needs triggered', () => {
    expect(check({ node: 'falseInfo', value: undefined, triggered: true })).toEqual([]);
    expect(check({ node: 'falseInfo', value: undefined })).toEqual([
      { path: 'entries[0].triggered', message: '缺少必填字段（否决项 "发布严重错误信息" 应填写 triggered：true 或 false）' },
    ]);
  });

  it('is entered per object when the veto has a scope', () => {
    expect(check({ node: 'siteDown', value: undefined, triggered: true, objectId: 'w1' })).toEqual([]);
    expect(check({ node: 'siteDown', value: undefined, triggered: true })).toEqual([
      { path: 'entries[0].objectId', message: '缺少必填字段（"siteDown" 按对象逐个评分，应为单位 "兰州市" 的 website 类对象：w1）' },
    ]);
  });
});

describe('objectId', () => {
  it('is required inside a per-object group and must be an object of that kind', () => {
    expect(check({ node: 'siteUpdate', value: undefined, findings: [] })).toEqual([
      { path: 'entries[0].objectId', message: '缺少必填字段（"siteUpdate" 按对象逐个评分，应为单位 "兰州市" 的 website 类对象：w1）' },
    ]);
    expect(check({ node: 'siteUpdate', value: undefined, objectId: 'm1' })).toEqual([
      { path: 'entries[0].objectId', message: '未知的对象 "m1"，应为单位 "兰州市" 的 website 类对象：w1' },
    ]);
  });

  it('is refused outside a per-object group', () => {
    expect(check({ objectId: 'w1' })).toEqual([{ path: 'entries[0].objectId', message: '"policy" 不按对象评分，不应填写 objectId' }]);
  });

  it('may be left out when the whole per-object group is not applicable', () => {
    expect(check({ node: 'website', value: undefined, notApplicable: true })).toEqual([]);
  });
});

describe('validateEntries', () => {
  it('reports one assessor entering the same cell twice, and repeated ids', () => {
    const a = makeEntry({ value: 18 });
    const b = makeEntry({ id: 'other', value: 19 });
    const d = makeEntry({ id: 'other', node: 'keyArea', value: 30 });
    expect(validateEntries(c, units, [a, b, d])).toEqual([
      { path: 'entries[1]', message: '与 entries[0] 重复：同一考核人员对同一单位、指标只能有一条记录' },
      { path: 'entries[2].id', message: '记录 id "other" 重复（已用于 entries[1]）' },
    ]);
  });

  it('tells cells of different objects apart, and reports the same object twice', () => {
    const e = (id: string, objectId: string | undefined) => ({ ...makeEntry({ id, node: 'website' }), ...(objectId !== undefined && { objectId }) });
    expect(duplicateEntries([e('a', 'w1'), e('b', 'w2'), e('c', undefined), e('d', 'w1')])).toEqual([
      { path: 'entries[3]', message: '与 entries[0] 重复：同一考核人员对同一单位、指标、对象只能有一条记录' },
    ]);
  });

  it('finds exactly the repeats of the plain definition: same id, or same unit, node, assessor and object', () => {
    const part = fc.constantFrom('a', 'b', 'a:b', ':', '');
    const entry = fc.record({ id: part, unitId: part, node: part, assessorId: part, objectId: fc.option(part, { nil: undefined }) });
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 12 }), (list) => {
        const entries = list.map((x): ScoreEntry => ({ id: x.id, unitId: x.unitId, node: x.node, assessorId: x.assessorId, rev: 1, ...(x.objectId !== undefined && { objectId: x.objectId }) }));
        const expected: string[] = [];
        entries.forEach((e, i) => {
          const before = entries.slice(0, i);
          if (before.some((b) => b.id === e.id)) expected.push(`entries[${i}].id`);
          const same = (b: ScoreEntry) => b.unitId === e.unitId && b.node === e.node && b.assessorId === e.assessorId && b.objectId === e.objectId;
          if (before.some(same)) expected.push(`entries[${i}]`);
        });
        expect(duplicateEntries(entries).map((x) => x.path).sort()).toEqual(expected.sort());
      }),
    );
  });

  it('lets two assessors score the same cell and prefixes a custom base path', () => {
    const entries = [makeEntry({ value: 18 }), makeEntry({ assessorId: 'a2', value: 25 })];
    expect(validateEntries(c, units, entries, 'sheet')).toEqual([
      { path: 'sheet[1].value', message: '25 超出满分 20（应在 0–20 之间，步长 0.5）' },
    ]);
  });
});
