import { describe, expect, it } from 'vitest';
import { makeBundle, parseBundle, ruleSetHash, serializeBundle, type BundleParts } from '../../src/formats/bundle';
import type { Bundle } from '../../src/model/assessment';
import type { ValidationIssue } from '../../src/model/issues';
import { makeAssessor, makeEntry, makeRuleSet, makeUnit } from '../fixtures/ruleSets';

const deptRuleSet = makeRuleSet({
  id: 'dept-test',
  name: '省政府部门政务公开考核（测试）',
  group: { key: 'dept', name: '省政府部门' },
  unitClasses: [{ key: 'noService', name: '无对外服务部门', excludes: ['keyArea'] }],
});

function parts(overrides: Partial<BundleParts> = {}): BundleParts {
  return {
    assessment: { id: 'y2022', name: '2022 年度政务公开考核', year: 2022, status: 'open' },
    ruleSets: [makeRuleSet(), deptRuleSet],
    units: [makeUnit(), makeUnit({ id: 'u2', name: '天水市' }), makeUnit({ id: 'd1', name: '省教育厅', group: 'dept', unitClass: 'noService' })],
    assessors: [makeAssessor(), makeAssessor({ id: 'a2', name: '李四' })],
    entries: [
      makeEntry({ value: 18 }),
      makeEntry({ unitId: 'u2', node: 'keyArea', value: 35.5, assessorId: 'a2' }),
      makeEntry({ unitId: 'd1', node: 'annualReport', value: undefined, checks: { onTime: true } }),
    ],
    exportedAt: '2023-01-15T08:00:00.000Z',
    ...overrides,
  };
}

/**
 * A bundle as a version 1 file (entries as one list), the form whose places these messages name; files
 * of that version are read for good. test/formats/bundlePacked.test.ts checks version 2's places.
 */
const v1 = (b: Bundle) => `${JSON.stringify({ ...b, schemaVersion: 1 }, null, 2)}\n`;

/** Serialises a bundle after a change, as a version 1 file on disk would be. */
const text = (b: Bundle, change: (b: Bundle) => void = () => {}) => {
  const copy = structuredClone(b);
  change(copy);
  return v1(copy);
};

function errorsOf(t: string): ValidationIssue[] {
  const r = parseBundle(t, 'bundle.json');
  if (r.ok) throw new Error('expected the bundle to be rejected');
  return r.errors;
}

describe('parseBundle', () => {
  it('reads back what serializeBundle wrote', () => {
    const b = makeBundle(parts());
    expect(parseBundle(serializeBundle(b), 'bundle.json')).toEqual({ ok: true, bundle: b });
  });

  it('pins each group to its rule set by content hash', () => {
    const b = makeBundle(parts());
    expect(b.assessment.groups.map((g) => [g.key, g.ruleSetId])).toEqual([['city', 'city-test'], ['dept', 'dept-test']]);
    expect(b.assessment.groups[0]?.ruleSetHash).toBe(ruleSetHash(makeRuleSet()));
    expect(b.assessment.groups[0]?.ruleSetHash).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('reports broken JSON with line and column', () => {
    const broken = serializeBundle(makeBundle(parts())).replace('"exportedAt": "2023-01-15T08:00:00.000Z",', '"exportedAt": 2023-01-15,');
    // line 4 is `  "exportedAt": 2023-01-15,`; the number 2023 ends and "-" is not "," or "}"
    expect(errorsOf(broken)).toEqual([{ path: 'bundle.json:4:21', message: 'JSON 语法错误（第 4 行第 21 列）：应为 "," 或 "}"，实际为 "-"' }]);
  });

  it('rejects another file type and version', () => {
    const b = makeBundle(parts());
    const other = { ...JSON.parse(v1(b)), type: 'something-else', schemaVersion: 3 };
    expect(errorsOf(JSON.stringify(other))).toEqual([
      { path: 'type', message: '应为 "zwgk-assessment-bundle"，实际为 字符串 "something-else"' },
      { path: 'schemaVersion', message: '应为 1、2 之一，实际为 数字 3' },
    ]);
  });

  it('reports schema errors inside entries with their index', () => {
    const b = makeBundle(parts());
    expect(errorsOf(text(b, (x) => Object.assign(x.entries[1] as object, { value: '35.5' })))).toEqual([
      { path: 'entries[1].value', message: '应为数字，实际为 字符串 "35.5"' },
    ]);
  });
});

describe('rule sets of a bundle', () => {
  it('says the bundle was scored under another rule-set version when the hash differs', () => {
    const b = makeBundle(parts());
    const t = text(b, (x) => {
      const rs = x.ruleSets[0];
      if (rs) rs.version = '2';
    });
    const [e, ...rest] = errorsOf(t);
    expect(rest).toEqual([]);
    expect(e?.path).toBe('assessment.groups[0].ruleSetHash');
    expect(e?.message).toMatch(/^本数据包是按另一版本的规则集评分的：分组 "市（州）政府" 记录的规则集哈希为 sha256:[0-9a-f]{8}…，而包内规则集 "city-test"（版本 2）的哈希为 sha256:[0-9a-f]{8}…$/);
  });

  it('reports a missing rule set and a group key that differs from the rule set group', () => {
    const b = makeBundle(parts());
    expect(
      errorsOf(
        text(b, (x) => {
          Object.assign(x.assessment.groups[0] as object, { key: 'town' });
          Object.assign(x.assessment.groups[1] as object, { ruleSetId: 'dept-2021' });
        }),
      ),
    ).toEqual([
      { path: 'assessment.groups[0].key', message: '分组键 "town" 与规则集 "city-test" 的分组 "city" 不一致' },
      { path: 'assessment.groups[1].ruleSetId', message: '找不到规则集 "dept-2021"：应为 "city-test"、"dept-test" 之一' },
      { path: 'units[0].group', message: '分组 "city" 不在本次考核中，应为 "town"、"dept" 之一' },
      { path: 'units[1].group', message: '分组 "city" 不在本次考核中，应为 "town"、"dept" 之一' },
    ]);
  });

  it('runs the rule-set cross-checks with the bundle path', () => {
    const rs = makeRuleSet();
    rs.tiers = [rs.tiers[1], rs.tiers[0], rs.tiers[2]].filter((t) => t !== undefined);
    const b = makeBundle(parts({ ruleSets: [rs, deptRuleSet] }));
    expect(errorsOf(v1(b))).toEqual([
      { path: 'ruleSets[0].tiers[1].atLeast', message: '等次应从优到差排列、门槛严格递减：atLeast 90 不低于上一等次 "合格" 的 atLeast 60' },
    ]);
  });
});

describe('units, assessors and entries of a bundle', () => {
  it('rejects repeated unit ids and an unknown unit class', () => {
    const p = parts();
    const units = [...p.units, makeUnit({ name: '兰州市（重复）' })];
    units[2] = makeUnit({ id: 'd1', name: '省教育厅', group: 'dept', unitClass: 'noClass' });
    expect(errorsOf(v1(makeBundle({ ...p, units })))).toEqual([
      { path: 'units[2].unitClass', message: '规则集 "dept-test" 没有单位类别 "noClass"，应为 "noService" 之一' },
      { path: 'units[3].id', message: '单位 id "u1" 重复' },
    ]);
  });

  it('rejects repeated assessors, unknown assessors and unknown units in entries', () => {
    const p = parts();
    const b = makeBundle({
      ...p,
      assessors: [...p.assessors, makeAssessor({ name: '张三（重复）' })],
      entries: [...p.entries, makeEntry({ assessorId: 'a9' }), makeEntry({ unitId: 'u9' })],
    });
    expect(errorsOf(v1(b))).toEqual([
      { path: 'assessors[2].id', message: '考核人员 id "a1" 重复' },
      { path: 'entries[3].assessorId', message: '未知的考核人员 "a9"' },
      { path: 'entries[4].unitId', message: '未知的单位 "u9"' },
    ]);
  });

  it('rejects repeated entry ids', () => {
    const p = parts();
    const b = makeBundle({ ...p, entries: [...p.entries, makeEntry({ id: 'e-u1-policy-a1', node: 'keyArea', value: 30 })] });
    expect(errorsOf(v1(b))).toEqual([{ path: 'entries[3].id', message: '记录 id "e-u1-policy-a1" 重复（已用于 entries[0]）' }]);
  });

  it('checks each entry against the rule set of its unit group', () => {
    const p = parts();
    const b = makeBundle({
      ...p,
      entries: [
        makeEntry({ value: 21 }),
        // keyArea is excluded for 无对外服务部门
        makeEntry({ unitId: 'd1', node: 'keyArea', value: 30 }),
      ],
    });
    expect(errorsOf(v1(b))).toEqual([
      { path: 'entries[0].value', message: '21 超出满分 20（应在 0–20 之间，步长 0.5）' },
      { path: 'entries[1].node', message: '指标 "重点领域信息公开" 不适用于单位类别 "无对外服务部门"（该类别排除了 "keyArea" 或其上级）' },
    ]);
  });

  it("holds an assessor's bundle to that assessor's entries", () => {
    expect(parseBundle(serializeBundle(makeBundle(parts({ assessorId: 'a1', entries: [makeEntry()] }))), 'a1.json').ok).toBe(true);
    expect(errorsOf(v1(makeBundle(parts({ assessorId: 'a1' }))))).toEqual([
      { path: 'entries[1].assessorId', message: '本数据包只含考核人员 "a1" 的记录，实际为 "a2"' },
    ]);
    expect(errorsOf(v1(makeBundle(parts({ assessorId: 'a7', entries: [] }))))).toEqual([
      { path: 'scope.assessorId', message: '未知的考核人员 "a7"' },
    ]);
  });
});

describe('parseBundle quotes hostile values in short', () => {
  const huge = 'k'.repeat(5_000_000);

  it('a 5 MB unit id or field name is quoted in a few dozen characters, with its length', () => {
    const b = makeBundle(parts());
    const errors = errorsOf(
      text(b, (c) => {
        (c.entries[0] as { unitId: string }).unitId = huge;
        (c.assessment as unknown as Record<string, unknown>)[huge] = 1;
      }),
    );
    expect(errors.length).toBeGreaterThan(0);
    for (const e of errors) {
      expect(e.path.length + e.message.length).toBeLessThan(400);
    }
    expect(errors.map((e) => e.message).join('\n')).toContain('共 5000000 字');
  });
});
