import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseRuleSet, parseRuleSetText } from '../../../src/engine/validate/ruleValidate';
import { locateJsonError, type ValidationIssue } from '../../../src/model/issues';
import { makeRuleSet } from '../../fixtures/ruleSets';

type Path = (string | number)[];

/** A copy of the fixture with one value replaced (or removed, for `undefined`) at a JSON path. */
function withValue(path: Path, value: unknown, base: unknown = makeRuleSet()): unknown {
  const copy = structuredClone(base) as Record<string | number, unknown>;
  let cur = copy;
  for (const seg of path.slice(0, -1)) cur = cur[seg] as Record<string | number, unknown>;
  const last = path[path.length - 1] as string | number;
  if (value === undefined) delete cur[last];
  else cur[last] = value;
  return copy;
}

function errorsOf(json: unknown): ValidationIssue[] {
  const r = parseRuleSet(json);
  if (r.ok) throw new Error('expected the rule set to be rejected');
  return r.errors;
}

const policy = ['root', 'children', 0, 'children', 0];
const keyArea = ['root', 'children', 1];

describe('parseRuleSet', () => {
  it('accepts the fixture and fills nothing it already has', () => {
    const r = parseRuleSet(makeRuleSet());
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.ruleSet).toEqual(makeRuleSet());
  });

  it('fills the defaults of optional lists', () => {
    const { vetoes: _v, thresholds: _t, tieBreak: _b, unitClasses: _u, ...file } = makeRuleSet();
    const r = parseRuleSet(file);
    expect(r.ok && [r.ruleSet.vetoes, r.ruleSet.thresholds, r.ruleSet.tieBreak, r.ruleSet.unitClasses]).toEqual([[], [], [], []]);
  });
});

describe('schema errors', () => {
  it('names the expected schemaVersion', () => {
    expect(errorsOf(withValue(['schemaVersion'], 2))).toEqual([{ path: 'schemaVersion', message: '应为 1，实际为 数字 2' }]);
  });

  it('reports a missing max at its path', () => {
    expect(errorsOf(withValue([...keyArea, 'max'], undefined))).toEqual([
      { path: 'root.children[1].max', message: '缺少必填字段（应为数字）' },
    ]);
  });

  it('reports a string where a number is expected', () => {
    expect(errorsOf(withValue([...policy, 'max'], '20'))).toEqual([
      { path: 'root.children[0].children[0].max', message: '应为数字，实际为 字符串 "20"' },
    ]);
  });

  it('lists the allowed node types for an unknown one', () => {
    expect(errorsOf(withValue([...keyArea, 'type'], 'score'))).toEqual([
      {
        path: 'root.children[1].type',
        message: '未知的类型 "score"，应为 "points"、"deduction"、"checklist"、"ratio"、"bonus"、"penalty"、"group" 之一',
      },
    ]);
  });

  it('reports a missing node type with the allowed values', () => {
    const [e] = errorsOf(withValue([...keyArea, 'type'], undefined));
    expect(e?.path).toBe('root.children[1].type');
    expect(e?.message).toMatch(/^缺少必填字段（应为 "points"、/);
  });

  it('names a field that is not allowed', () => {
    expect(errorsOf(withValue([...keyArea, 'maximum'], 40))).toEqual([
      { path: 'root.children[1].maximum', message: '不允许的字段 "maximum"' },
    ]);
  });

  it('explains the key pattern instead of quoting a regex', () => {
    expect(errorsOf(withValue([...keyArea, 'key'], '2key'))).toEqual([
      { path: 'root.children[1].key', message: '应为键名：以字母开头，只含字母、数字、_ . -，实际为 字符串 "2key"' },
    ]);
  });

  it('reports bounds with the limit', () => {
    expect(errorsOf(withValue([...keyArea, 'max'], -5))).toEqual([{ path: 'root.children[1].max', message: '应 ≥ 0，实际为 -5' }]);
    expect(errorsOf(withValue(['root', 'children', 0, 'children'], []))).toEqual([
      { path: 'root.children[0].children', message: '至少需要 1 项，实际为 数组（0 项）' },
    ]);
    expect(errorsOf(withValue(['name'], ''))).toEqual([{ path: 'name', message: '不能为空' }]);
  });

  it('translates the gate refinement', () => {
    expect(errorsOf(withValue([...keyArea, 'gate'], { node: 'policy', above: 1, atLeast: 2 }))).toEqual([
      { path: 'root.children[1].gate', message: '"above" 与 "atLeast" 须填写且只能填写其中一个' },
    ]);
  });

  it('reports the closest form of a quota', () => {
    expect(errorsOf(withValue(['tiers', 0, 'quota'], { count: 1.5 }))).toEqual([
      { path: 'tiers[0].quota.count', message: '应为整数，实际为 数字 1.5' },
    ]);
  });

  it('reports a missing choice with the allowed values', () => {
    expect(errorsOf(withValue(['precision', 'rounding'], undefined))).toEqual([
      { path: 'precision.rounding', message: '缺少必填字段（应为 "halfUp"、"halfEven"、"down"、"up" 之一）' },
    ]);
  });

  it('reports a non-object file at the root', () => {
    expect(errorsOf([])).toEqual([{ path: '(root)', message: '应为对象，实际为 数组（0 项）' }]);
  });
});

describe('keys', () => {
  it('rejects a node key used twice, pointing at the first use', () => {
    expect(errorsOf(withValue([...keyArea, 'key'], 'policy'))).toEqual([
      { path: 'root.children[1].key', message: '键 "policy" 重复（已用于 root.children[0].children[0]）' },
    ]);
  });

  it('rejects a veto key that clashes with a node', () => {
    const rs = makeRuleSet({ vetoes: [{ key: 'keyArea', name: '否决', effect: { type: 'fail' } }] });
    expect(errorsOf(rs)).toEqual([{ path: 'vetoes[0].key', message: '键 "keyArea" 与节点 root.children[1] 的键重复' }]);
  });

  it('rejects a threshold key that repeats a veto key', () => {
    const rs = makeRuleSet({
      vetoes: [{ key: 'veto1', name: '否决', effect: { type: 'fail' } }],
      thresholds: [{ key: 'veto1', name: '阈值', node: 'basic', below: 10, effect: { type: 'failScored' } }],
    });
    expect(errorsOf(rs)).toEqual([{ path: 'thresholds[0].key', message: '键 "veto1" 重复（已用于 vetoes[0]）' }]);
  });

  it('rejects a check point key used twice within an item', () => {
    const cps = [
      { key: 'late', name: '未按时公开', deduction: 2 },
      { key: 'late', name: '内容不全', deduction: 1 },
    ];
    expect(errorsOf(withValue(['root', 'children', 0, 'children', 1, 'checkpoints'], cps))).toEqual([
      { path: 'root.children[0].children[1].checkpoints[1].key', message: '检查点 "late" 在本指标内重复' },
    ]);
  });
});

describe('gate', () => {
  const gated = (node: string, at: Path = keyArea) => withValue([...at, 'gate'], { node, atLeast: 10 });

  it('accepts a gate on a sibling', () => {
    expect(parseRuleSet(gated('basic')).ok).toBe(true);
  });

  it('rejects a gate on a node that does not exist', () => {
    expect(errorsOf(gated('nothing'))).toEqual([{ path: 'root.children[1].gate.node', message: '门槛引用的节点 "nothing" 不存在' }]);
  });

  it('rejects a gate on the node itself, its ancestor or its descendant', () => {
    expect(errorsOf(gated('keyArea'))).toEqual([{ path: 'root.children[1].gate.node', message: '门槛不能引用本节点 "keyArea"' }]);
    expect(errorsOf(gated('basic', policy))).toEqual([
      { path: 'root.children[0].children[0].gate.node', message: '门槛不能引用上级节点 "basic"：本节点的得分是它的一部分，形成循环' },
    ]);
    expect(errorsOf(gated('policy', ['root', 'children', 0]))).toEqual([
      { path: 'root.children[0].gate.node', message: '门槛不能引用下级节点 "policy"' },
    ]);
  });

  it('finds a cycle through two gates', () => {
    // basic contains policy, policy waits for keyArea, keyArea waits for basic
    const rs = withValue([...policy, 'gate'], { node: 'keyArea', above: 5 }, gated('basic'));
    expect(errorsOf(rs)).toEqual([
      { path: 'root.children[0].children[0].gate.node', message: '门槛形成循环：basic → policy → keyArea → basic' },
    ]);
  });

  it('does not mistake a chain of gates for a cycle', () => {
    // keyArea waits for policy, basic waits for keyArea: an order exists (policy, keyArea, basic)
    expect(parseRuleSet(withValue(['root', 'children', 0, 'gate'], { node: 'keyArea', above: 5 }, gated('policy'))).ok).toBe(true);
  });
});

describe('references', () => {
  it('requires a veto scope to be a per-object group', () => {
    const rs = makeRuleSet({ vetoes: [{ key: 'down', name: '网站无法访问', scope: 'basic', effect: { type: 'fail' } }] });
    expect(errorsOf(rs)).toEqual([{ path: 'vetoes[0].scope', message: '否决范围应为按对象评分的分组（带 perObject），"basic" 不是' }]);
  });

  it('checks the nodes and tiers an effect names', () => {
    const rs = makeRuleSet({
      vetoes: [
        { key: 'v1', name: '甲', effect: { type: 'zeroNode', node: 'nope' } },
        { key: 'v2', name: '乙', effect: { type: 'barTier', tier: 'gold' } },
        { key: 'v3', name: '丙', effect: { type: 'barTier', tier: 'unqualified' } },
      ],
    });
    expect(errorsOf(rs)).toEqual([
      { path: 'vetoes[0].effect.node', message: '效果引用的节点 "nope" 不存在' },
      { path: 'vetoes[1].effect.tier', message: '等次 "gold" 不存在，应为 excellent、qualified、unqualified 之一' },
      { path: 'vetoes[2].effect.tier', message: '不能禁止最后一个（兜底）等次 "unqualified"：单位将无等次可归' },
    ]);
  });

  it('checks thresholds, tie-breaks, indicators, unit classes and tier requirements', () => {
    const rs = makeRuleSet({
      thresholds: [{ key: 't1', name: '过低', node: 'nope1', below: 60, effect: { type: 'failScored' } }],
      tieBreak: [{ node: 'nope2' }],
      indicators: ['basic', 'nope3', 'basic'],
      unitClasses: [{ key: 'dept', name: '部门', excludes: ['nope4'] }],
      tiers: [
        { key: 'excellent', name: '优秀', atLeast: 90, requires: { nodes: [{ node: 'nope5', atLeast: 1 }] } },
        { key: 'unqualified', name: '不合格' },
      ],
    });
    expect(errorsOf(rs)).toEqual([
      { path: 'thresholds[0].node', message: '阈值引用的节点 "nope1" 不存在' },
      { path: 'indicators[1]', message: '一级指标引用的节点 "nope3" 不存在' },
      { path: 'indicators[2]', message: '一级指标 "basic" 重复' },
      { path: 'tieBreak[0].node', message: '并列排序引用的节点 "nope2" 不存在' },
      { path: 'unitClasses[0].excludes[0]', message: '单位类别引用的节点 "nope4" 不存在' },
      { path: 'tiers[0].requires.nodes[0].node', message: '等次条件引用的节点 "nope5" 不存在' },
    ]);
  });
});

describe('tiers', () => {
  const tiers = (...ts: Record<string, unknown>[]) => withValue(['tiers'], ts);
  const good = { key: 'excellent', name: '优秀', atLeast: 90 };
  const fair = { key: 'qualified', name: '合格', atLeast: 60 };
  const rest = { key: 'unqualified', name: '不合格' };

  it('rejects tiers out of order', () => {
    expect(errorsOf(tiers(fair, good, rest))).toEqual([
      { path: 'tiers[1].atLeast', message: '等次应从优到差排列、门槛严格递减：atLeast 90 不低于上一等次 "合格" 的 atLeast 60' },
    ]);
  });

  it('treats "above 90" as stricter than "atLeast 90"', () => {
    expect(parseRuleSet(tiers({ ...good, atLeast: undefined, above: 90 }, { ...fair, atLeast: 90 }, rest)).ok).toBe(true);
    expect(errorsOf(tiers(good, { ...fair, atLeast: undefined, above: 90 }, rest))).toEqual([
      { path: 'tiers[1].above', message: '等次应从优到差排列、门槛严格递减：above 90 不低于上一等次 "优秀" 的 atLeast 90' },
    ]);
  });

  it('requires the last tier to be the catch-all', () => {
    expect(errorsOf(tiers(good, fair))).toEqual([
      { path: 'tiers[1].atLeast', message: '最后一个等次 "合格" 应为兜底等次，不设分数门槛（删除 atLeast）' },
    ]);
  });

  it('allows only the last tier without a threshold, unless the tier is a quota', () => {
    expect(errorsOf(tiers({ key: 'excellent', name: '优秀' }, fair, rest))).toEqual([
      { path: 'tiers[0]', message: '只有最后一个等次可以不设门槛：等次 "优秀" 应填写 atLeast 或 above（或名额 quota）' },
    ]);
    expect(parseRuleSet(tiers({ key: 'excellent', name: '优秀', quota: { count: 3 } }, fair, rest)).ok).toBe(true);
  });
});

describe('leaves', () => {
  const ratio = (extra: Record<string, unknown>) =>
    withValue(keyArea, { key: 'keyArea', name: '政策解读', type: 'ratio', max: 40, measure: '政策解读率', ...extra });

  it('needs fullAt above zeroAt in linear mode', () => {
    expect(parseRuleSet(ratio({ mode: 'linear', fullAt: 90 })).ok).toBe(true);
    expect(errorsOf(ratio({ mode: 'linear' }))).toEqual([
      { path: 'root.children[1].fullAt', message: '缺少必填字段（线性模式须填写 fullAt：达到该百分比得满分）' },
    ]);
    expect(errorsOf(ratio({ mode: 'linear', fullAt: 50, zeroAt: 60 }))).toEqual([
      { path: 'root.children[1].fullAt', message: 'fullAt 50 应大于 zeroAt 60' },
    ]);
  });

  it('needs descending steps within the maximum in stepped mode', () => {
    expect(parseRuleSet(ratio({ mode: 'stepped', steps: [{ atLeast: 90, score: 40 }, { atLeast: 60, score: 20 }] })).ok).toBe(true);
    expect(errorsOf(ratio({ mode: 'stepped', steps: [] }))).toEqual([
      { path: 'root.children[1].steps', message: '缺少必填字段（分档模式须至少填写一个档次）' },
    ]);
    expect(errorsOf(ratio({ mode: 'stepped', steps: [{ atLeast: 60, score: 45 }, { atLeast: 90, score: 40 }] }))).toEqual([
      { path: 'root.children[1].steps[0].score', message: '档次得分 45 超出满分 40' },
      { path: 'root.children[1].steps[1].atLeast', message: '档次应按 atLeast 从高到低排列：90 应小于上一档的 60' },
    ]);
  });

  it('needs a points maximum reachable in whole steps', () => {
    expect(errorsOf(withValue([...policy, 'max'], 20.25))).toEqual([
      { path: 'root.children[0].children[0].max', message: '满分 20.25 不是步长 0.5 的整数倍：按步长打分时无法给到满分' },
    ]);
  });

  it('does not nest per-object groups', () => {
    const inner = { key: 'account', name: '账号', type: 'group', perObject: { kind: 'newMedia', aggregate: 'mean' }, children: [{ key: 'posts', name: '更新', type: 'points', max: 5 }] };
    const outer = { key: 'media', name: '新媒体', type: 'group', perObject: { kind: 'newMedia', aggregate: 'min' }, children: [inner] };
    expect(errorsOf(withValue(keyArea, outer))).toEqual([
      { path: 'root.children[1].children[0].perObject', message: '按对象评分的分组不能嵌套：已在 "media"（root.children[1]）之内' },
    ]);
  });
});

describe('numbers', () => {
  it('rejects a number too fine for exact arithmetic instead of failing while scoring', () => {
    expect(errorsOf(withValue([...keyArea, 'weight'], 1 / 3))).toEqual([
      { path: 'root.children[1].weight', message: '0.3333333333333333 的位数过多，无法精确计算（有效数字与小数位数均应不超过 15 位）' },
    ]);
  });

  it('rejects weights whose product down the tree is too fine', () => {
    // weights of 7 decimals at two levels: the root's maximum needs a numerator beyond 2^53
    const w = 0.1234567;
    const rs = withValue(['root', 'children', 0, 'weight'], w, withValue([...policy, 'weight'], w, withValue([...policy, 'max'], 19.5)));
    expect(errorsOf(rs)).toEqual([{ path: 'root', message: '各级权重与分值相乘后小数位数过多，无法精确计算：请减少权重的小数位数' }]);
  });
});

describe('precision', () => {
  it('displays at least the decimals of the step', () => {
    expect(errorsOf(withValue(['precision', 'display'], 1))).toEqual([
      { path: 'precision.display', message: '显示位数 1 少于计算步长 0.01 的小数位数 2：应 ≥ 2，否则显示的分数与排名所用的分数不一致' },
    ]);
    expect(parseRuleSet(withValue(['precision'], { step: 0.5, rounding: 'halfUp', display: 1, rankBy: 'exact' })).ok).toBe(true);
  });
});

describe('parseRuleSetText', () => {
  it('parses a file with a byte-order mark', () => {
    expect(parseRuleSetText(`\uFEFF${JSON.stringify(makeRuleSet())}`, 'city.json').ok).toBe(true);
  });

  it('reports broken JSON with file, line and column', () => {
    const text = '{\n  "schemaVersion": 1,\n  "name" "x"\n}';
    expect(parseRuleSetText(text, 'city.json')).toEqual({
      ok: false,
      errors: [{ path: 'city.json:3:10', message: 'JSON 语法错误（第 3 行第 10 列）：应为 ":"，实际为 "\\""' }],
    });
  });

  it('reports a trailing comma and an unexpected end', () => {
    const comma = parseRuleSetText('{\n  "id": "a",\n}', 'a.json');
    expect(comma.ok || comma.errors).toEqual([
      { path: 'a.json:3:1', message: 'JSON 语法错误（第 3 行第 1 列）：应为用双引号括起的字段名，实际为 "}"' },
    ]);
    const cut = parseRuleSetText('{"tiers": [1, 2', 'b.json');
    expect(cut.ok || cut.errors).toEqual([
      { path: 'b.json:1:16', message: 'JSON 语法错误（第 1 行第 16 列）：应为 "," 或 "]"，实际为 文件结尾' },
    ]);
  });

  it('runs the schema after the syntax', () => {
    const r = parseRuleSetText(JSON.stringify({ ...makeRuleSet(), schemaVersion: '1' }), 'c.json');
    expect(r.ok || r.errors).toEqual([{ path: 'schemaVersion', message: '应为 1，实际为 字符串 "1"' }]);
  });
});

describe('JSON syntax errors', () => {
  it('places an unterminated string and a raw line break inside a string', () => {
    const r = parseRuleSetText('{"name": "市州\n"}', 'd.json');
    expect(r.ok || r.errors).toEqual([{ path: 'd.json:1:13', message: 'JSON 语法错误（第 1 行第 13 列）：字符串中不能有换行或控制字符' }]);
  });

  it('agrees with JSON.parse on what is well-formed, for damaged JSON texts', () => {
    const damaged = fc
      .tuple(fc.json(), fc.nat(), fc.constantFrom('', ',', '}', ']', '"', ':', '\\', 'x', '-', '0'))
      .map(([text, at, insert]) => {
        const i = at % (text.length + 1);
        return text.slice(0, i) + insert + text.slice(i + 1);
      });
    fc.assert(
      fc.property(damaged, (text) => {
        let parses = true;
        try {
          JSON.parse(text);
        } catch {
          parses = false;
        }
        expect(locateJsonError(text) === undefined).toBe(parses);
      }),
      { numRuns: 2000 },
    );
  });
});
