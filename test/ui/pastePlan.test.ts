import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { makeI18n } from '../../src/ui/useT';
import { compileRuleSet, type ScoreEntry, type Unit } from '../../src/engine';
import { planText, type CellContext } from '../../src/ui/grid/cellPlan';
import { gridLayout, visibleColumns, excludedLeaves } from '../../src/ui/grid/columns';
import { pasteChanges, planPaste, type PasteTarget } from '../../src/ui/grid/pastePlan';
import { makeRuleSet, makeUnit } from '../fixtures/ruleSets';

const { t } = makeI18n('zh-CN');

/** 政策文件 points 0–20 step 0.5 | 政策解读 ratio | 预决算公开 deduction 10 | 年报 checklist (2 items) | veto 泄密 */
function gridRuleSet() {
  return makeRuleSet({
    root: {
      key: 'total',
      name: '总分',
      type: 'group',
      children: [
        {
          key: 'basic',
          name: '基础信息公开',
          type: 'group',
          children: [
            { key: 'policy', name: '政策文件', type: 'points', max: 20, step: 0.5 },
            { key: 'interp', name: '政策解读', type: 'ratio', max: 10, mode: 'linear', fullAt: 90, measure: '政策解读率' },
            { key: 'budget', name: '预决算公开', type: 'deduction', max: 10, perFinding: 1 },
          ],
        },
        {
          key: 'annualReport',
          name: '年报',
          type: 'checklist',
          items: [
            { key: 'onTime', name: '按时发布', points: 20 },
            { key: 'format', name: '格式规范', points: 10 },
          ],
        },
      ],
    },
    vetoes: [{ key: 'leak', name: '发生失泄密事件', effect: { type: 'fail' } }],
  });
}

const compiled = compileRuleSet(gridRuleSet());
const layout = gridLayout(compiled);
const columns = visibleColumns(compiled, layout, { collapsed: new Set() });
const units: Unit[] = [makeUnit({ id: 'u1', name: '兰州市' }), makeUnit({ id: 'u2', name: '天水市' }), makeUnit({ id: 'u3', name: '武威市' })];
const col = (node: string) => columns.findIndex((c) => c.id.endsWith(`:${node}`));

function context(entries: ScoreEntry[] = []): CellContext {
  return {
    compiled,
    assessorId: 'a1',
    entryOf: (unitId, node) => entries.find((e) => e.unitId === unitId && e.node === node && e.assessorId === 'a1'),
    excluded: (u) => excludedLeaves(compiled, u),
    t,
  };
}

const at = (row: number, node: string, selection?: PasteTarget['selection']): PasteTarget => ({ rows: units, columns, row, col: col(node), selection });
const summary = (plan: ReturnType<typeof planPaste>) =>
  plan.ok ? plan.changes.map((c) => [c.unitId, c.node, c.after ? (c.after.value ?? c.after.checks ?? c.after.findings ?? c.after.triggered) : null]) : plan.errors;
/** the cells left out of a paste, as "row,col unit / column: message" */
const badOf = (plan: ReturnType<typeof planPaste>) => (plan.ok ? plan.bad.map((b) => `${b.row},${b.col} ${b.unit} / ${b.column}：${b.message}`) : plan.errors);

describe('paste planning', () => {
  it('turns a block into one change per cell, starting at the active cell', () => {
    const plan = planPaste(context(), [
      ['15.5', '88'],
      ['20', '100'],
    ], at(1, 'policy'));
    expect(summary(plan)).toEqual([
      ['u2', 'policy', 15.5],
      ['u2', 'interp', 88],
      ['u3', 'policy', 20],
      ['u3', 'interp', 100],
    ]);
    expect(plan.ok && plan.changes[0]!.after).toEqual({ id: 'u2:policy:a1', unitId: 'u2', node: 'policy', assessorId: 'a1', value: 15.5, rev: 1 });
  });

  it('reads full-width digits and a percent sign from a Chinese input method', () => {
    expect(summary(planPaste(context(), [['１５．５', '８８％']], at(0, 'policy')))).toEqual([
      ['u1', 'policy', 15.5],
      ['u1', 'interp', 88],
    ]);
  });

  it('keeps an invalid cell apart from the valid ones, naming its row, column, unit and indicator', () => {
    const plan = planPaste(context(), [
      ['15', '88'],
      ['16', '120'],
    ], at(0, 'policy'));
    expect(summary(plan)).toEqual([
      ['u1', 'policy', 15],
      ['u1', 'interp', 88],
      ['u2', 'policy', 16],
    ]);
    expect(badOf(plan)).toEqual(['2,2 天水市 / 政策解读：120 超出范围（应为 0–100 之间的百分数：政策解读率）']);
  });

  it('lists every invalid cell, each with its place', () => {
    const plan = planPaste(context(), [['25', 'abc']], at(2, 'policy'));
    expect(summary(plan)).toEqual([]);
    expect(badOf(plan)).toEqual([
      '3,1 武威市 / 政策文件：25 超出满分 20（应在 0–20 之间，步长 0.5）',
      '3,2 武威市 / 政策解读：“abc”不是数字。',
    ]);
    expect(badOf(planPaste(context(), [['3.3']], at(0, 'policy')))).toEqual(['1,1 兰州市 / 政策文件：3.3 不是步长 0.5 的整数倍（应在 0–20 之间，步长 0.5）']);
  });

  it('reads checklists as one mark per item and vetoes as 是/否', () => {
    expect(summary(planPaste(context(), [['10', '是'], ['是否', '0']], at(0, 'annualReport')))).toEqual([
      ['u1', 'annualReport', { onTime: true, format: false }],
      ['u1', 'leak', true],
      ['u2', 'annualReport', { onTime: true, format: false }],
      ['u2', 'leak', false],
    ]);
    const wrong = planPaste(context(), [['abc']], at(0, 'annualReport'));
    expect(badOf(wrong)).toEqual(['1,4 兰州市 / 年报：“abc”无法识别：本项共 2 个检查项，请依次填写 1（是）或 0（否），如 10']);
  });

  it('reads a checklist given as its points: all for full points, none for 0, a question for the rest', () => {
    // 年报: 按时发布 20 + 格式规范 10
    expect(summary(planPaste(context(), [['30'], ['0']], at(0, 'annualReport')))).toEqual([
      ['u1', 'annualReport', { onTime: true, format: true }],
      ['u2', 'annualReport', { onTime: false, format: false }],
    ]);
    expect(badOf(planPaste(context(), [['20']], at(0, 'annualReport')))).toEqual(['1,4 兰州市 / 年报：得 20 分，但不知道是哪几项：请在该格按空格选择']);
    expect(planText(context(), units[0]!, columns[col('annualReport')]!, '20', 'type')).toEqual({
      type: 'ask',
      question: { kind: 'checks', points: 20, matches: [{ onTime: true, format: false }] },
    });
    expect(badOf(planPaste(context(), [['25']], at(0, 'annualReport')))).toEqual([
      '1,4 兰州市 / 年报：25 分无法由本项 2 个检查项凑成（满分 30 分）；可填得分，或依次填写每项 1（是）/0（否）',
    ]);
  });

  it('asks whether a ratio pasted as 0.9 meant 90%, keeping both readings', () => {
    const plan = planPaste(context(), [['0.9', '15'], ['90%', '']], at(0, 'interp'));
    expect(plan.ok && plan.fractions.map((f) => [f.row, f.col, f.unit, f.column, f.asPercent?.after?.value, f.asTyped?.after?.value])).toEqual([
      [1, 2, '兰州市', '政策解读', 90, 0.9],
    ]);
    expect(summary(plan)).toEqual([['u2', 'interp', 90]]);
    expect(plan.ok && pasteChanges(plan, true).map((c) => [c.unitId, c.after?.value])).toEqual([['u2', 90], ['u1', 90]]);
    expect(plan.ok && pasteChanges(plan, false).map((c) => [c.unitId, c.after?.value])).toEqual([['u2', 90], ['u1', 0.9]]);
  });

  it('takes the full score of a deduction item as "no finding", a lower score as one finding 理由待补充, and leaves blanks alone', () => {
    const existing: ScoreEntry = {
      id: 'u2:budget:a1', unitId: 'u2', node: 'budget', assessorId: 'a1', rev: 2,
      findings: [{ id: 'f1', count: 1, reason: '预算未公开' }],
    };
    expect(summary(planPaste(context([existing]), [['10'], ['']], at(0, 'budget')))).toEqual([['u1', 'budget', []]]);
    const lower = planPaste(context([existing]), [['8']], at(0, 'budget'));
    expect(lower.ok && lower.changes[0]!.after!.findings).toEqual([{ id: expect.any(String), count: 1, points: 2, reason: '理由待补充' }]);
    // 天水市 has one finding (9 left): pasting 9 changes nothing, 7 adds a pending finding of 2 beside it
    expect(summary(planPaste(context([existing]), [['9']], at(1, 'budget')))).toEqual([]);
    const more = planPaste(context([existing]), [['7']], at(1, 'budget'));
    expect(more.ok && more.changes[0]!.after!.findings!.map((f) => [f.reason, f.points])).toEqual([['预算未公开', undefined], ['理由待补充', 2]]);
    // 10 would need the written finding removed
    expect(badOf(planPaste(context([existing]), [['10']], at(1, 'budget')))).toEqual([
      '2,3 天水市 / 预决算公开：已写明理由的问题合计得 9 分，不能填更高的分数；如需改分，请在该格按 Enter 删除问题',
    ]);
  });

  it('replaces an earlier 理由待补充 finding when the score is pasted again, keeping its id', () => {
    const pending: ScoreEntry = {
      id: 'u1:budget:a1', unitId: 'u1', node: 'budget', assessorId: 'a1', rev: 1,
      findings: [{ id: 'p1', count: 1, points: 2, reason: '理由待补充' }],
    };
    const again = planPaste(context([pending]), [['9.5']], at(0, 'budget'));
    expect(again.ok && again.changes[0]!.after!.findings).toEqual([{ id: 'p1', count: 1, points: 0.5, reason: '理由待补充' }]);
    const full = planPaste(context([pending]), [['10']], at(0, 'budget'));
    expect(full.ok && full.changes[0]!.after!.findings).toEqual([]);
  });

  it('clears a cell for a blank value cell and skips cells whose value does not change', () => {
    const entries: ScoreEntry[] = [
      { id: 'legacy-1', unitId: 'u1', node: 'policy', assessorId: 'a1', value: 12, rev: 3 },
      { id: 'legacy-2', unitId: 'u1', node: 'interp', assessorId: 'a1', value: 70, rev: 1 },
    ];
    const plan = planPaste(context(entries), [['12', '']], at(0, 'policy'));
    expect(plan.ok && plan.changes).toEqual([{ unitId: 'u1', node: 'interp', before: entries[1], after: undefined }]);
  });

  it('keeps the id of an existing entry so that the same record is updated', () => {
    const entries: ScoreEntry[] = [{ id: 'legacy-1', unitId: 'u1', node: 'policy', assessorId: 'a1', value: 12, rev: 3, note: '复核' }];
    const plan = planPaste(context(entries), [['13']], at(0, 'policy'));
    expect(plan.ok && plan.changes[0]!.after).toMatchObject({ id: 'legacy-1', value: 13, note: '复核' });
  });

  it('fills a selected range with a single copied value, and tiles a block over a multiple of its size', () => {
    expect(summary(planPaste(context(), [['18']], at(0, 'policy', { rows: 2, cols: 1 })))).toEqual([
      ['u1', 'policy', 18],
      ['u2', 'policy', 18],
    ]);
    expect(summary(planPaste(context(), [['1', '2']], at(0, 'policy', { rows: 3, cols: 2 })))).toHaveLength(6);
    // a selection that is not a multiple: the block is pasted once, at the top-left
    expect(summary(planPaste(context(), [['1', '2']], at(0, 'policy', { rows: 3, cols: 3 })))).toHaveLength(2);
  });

  it('refuses a block that runs off the grid or is not a rectangle', () => {
    const big = planPaste(context(), [['1'], ['2'], ['3']], at(1, 'policy'));
    expect(!big.ok && big.errors[0]).toBe('粘贴区域为 3 行 × 1 列，从“天水市 / 政策文件”起超出表格（向下只剩 2 行、向右只剩 5 列）。');
    const ragged = planPaste(context(), [['1', '2'], ['3']], at(0, 'policy'));
    expect(!ragged.ok && ragged.errors[0]).toBe('粘贴内容不是整齐的矩形区域：第 2 行有 1 列，第 1 行有 2 列。');
  });

  it('refuses to paste over an indicator subtotal', () => {
    const collapsed = visibleColumns(compiled, layout, { collapsed: new Set(['basic']) });
    const plan = planPaste(context(), [['5', '10']], { rows: units, columns: collapsed, row: 0, col: 0 });
    expect(badOf(plan)[0]).toMatch(/^1,1 兰州市 \/ 基础信息公开：这是指标小计/);
    expect(summary(plan)).toEqual([['u1', 'annualReport', { onTime: true, format: false }]]);
  });

  it('refuses a leaf the unit class excludes', () => {
    const withClass = compileRuleSet({ ...gridRuleSet(), unitClasses: [{ key: 'noReport', name: '无年报单位', excludes: ['annualReport'] }] });
    const ctx = { ...context(), compiled: withClass, excluded: (u: Unit) => excludedLeaves(withClass, u) };
    const plan = planText(ctx, makeUnit({ unitClass: 'noReport' }), columns[col('annualReport')]!, '11', 'type');
    expect(plan).toEqual({ type: 'error', message: '该项不适用于“无年报单位”类单位，无需录入' });
  });
});

describe('typing into a deduction cell', () => {
  const findingsOf = (p: ReturnType<typeof planText>) => (p.type === 'change' ? p.change.after?.findings?.map((f) => [f.reason, f.points ?? null, f.count]) : p);

  it('records the difference from the written findings as one finding 理由待补充', () => {
    const existing: ScoreEntry = {
      id: 'u1:budget:a1', unitId: 'u1', node: 'budget', assessorId: 'a1', rev: 1,
      findings: [{ id: 'f1', count: 2, reason: '预算未公开' }],
    };
    expect(findingsOf(planText(context([existing]), units[0]!, columns[col('budget')]!, '6', 'type'))).toEqual([
      ['预算未公开', null, 2],
      ['理由待补充', 2, 1],
    ]);
  });

  it('records a score below full marks typed into an empty cell as one finding 理由待补充', () => {
    expect(findingsOf(planText(context(), units[0]!, columns[col('budget')]!, '7.5', 'type'))).toEqual([['理由待补充', 2.5, 1]]);
    expect(planText(context(), units[0]!, columns[col('budget')]!, '11', 'type')).toEqual({
      type: 'error',
      message: '11 超出范围（扣分类指标填写得分，应在 0–10 之间；填满分 10 表示未发现问题）',
    });
  });
});

describe('a paste with some bad cells', () => {
  it('a block with k bad cells plans exactly the other cells, and lists the k by place', () => {
    const cell = fc.oneof(
      fc.integer({ min: 0, max: 40 }).map((n) => ({ ok: true, text: String(n / 2) })),
      fc.constantFrom('abc', '25', '-1', '3.3').map((text) => ({ ok: false, text })),
    );
    fc.assert(
      fc.property(fc.array(fc.array(cell, { minLength: 1, maxLength: 1 }), { minLength: 1, maxLength: 3 }), (block) => {
        const plan = planPaste(context(), block.map((r) => r.map((c) => c.text)), at(0, 'policy'));
        expect(plan.ok).toBe(true);
        if (!plan.ok) return;
        const good = block.flatMap((r, i) => (r[0]!.ok ? [[units[i]!.id, Number(r[0]!.text)]] : []));
        const bad = block.flatMap((r, i) => (r[0]!.ok ? [] : [i + 1]));
        expect(plan.changes.map((c) => [c.unitId, c.after?.value])).toEqual(good);
        expect(plan.bad.map((b) => b.row)).toEqual(bad);
      }),
    );
  });
});
