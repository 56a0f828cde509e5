import { describe, expect, it } from 'vitest';
import { makeI18n } from '../../src/ui/useT';
import { compileRuleSet, type ScoreEntry } from '../../src/engine';
import { cellView, copyText, parseCellText } from '../../src/ui/grid/cellText';
import { gridLayout, visibleColumns, type EditableColumn } from '../../src/ui/grid/columns';
import { makeRuleSet } from '../fixtures/ruleSets';

const { t } = makeI18n('zh-CN');
// 政策文件 points | 预决算公开 deduction 10 (perFinding 1, 未按时公开 2) | 重点领域 points | 年报 checklist 2 items | veto
const c = compileRuleSet(makeRuleSet({ vetoes: [{ key: 'leak', name: '发生失泄密事件', effect: { type: 'fail' } }] }));
const cols = visibleColumns(c, gridLayout(c), { collapsed: new Set() }) as EditableColumn[];
const col = (id: string) => cols.find((x) => x.id === id)!;
const entry = (fields: Partial<ScoreEntry>): ScoreEntry => ({ id: 'e', unitId: 'u1', node: 'x', assessorId: 'a1', rev: 1, ...fields });

describe('grid cell text', () => {
  it('shows a checklist as items met / items, a veto as 是/否, a deduction as its score with the findings count', () => {
    expect(cellView(col('leaf:annualReport'), entry({ checks: { onTime: true, format: false } }), t)).toEqual({ text: '1/2' });
    expect(cellView(col('veto:leak'), entry({ triggered: false }), t)).toEqual({ text: '否' });
    const findings = [
      { id: 'f1', count: 1, reason: '未按时公开', checkpoint: 'late' },
      { id: 'f2', count: 3, reason: '栏目空白' },
    ];
    expect(cellView(col('leaf:budget'), entry({ findings }), t)).toEqual({ text: '5', badge: '2处' });
    expect(cellView(col('leaf:budget'), entry({ findings: [] }), t)).toEqual({ text: '10' });
    expect(cellView(col('leaf:policy'), entry({ notApplicable: true }), t)).toEqual({ text: '不适用' });
    expect(cellView(col('leaf:policy'), undefined, t)).toEqual({ text: '' });
  });

  it('copies text that reads back as the same entry', () => {
    const cases: [string, Partial<ScoreEntry>][] = [
      ['leaf:policy', { value: 17.5 }],
      ['leaf:annualReport', { checks: { onTime: false, format: true } }],
      ['veto:leak', { triggered: true }],
      ['leaf:policy', { notApplicable: true }],
    ];
    for (const [id, fields] of cases) {
      const text = copyText(col(id), entry(fields), t);
      expect(parseCellText(col(id), text, t)).toEqual({ type: 'set', fields });
    }
    expect(copyText(col('leaf:annualReport'), entry({ checks: { onTime: false, format: true } }), t)).toBe('01');
  });

  it('reads 是/否 in the ways offices write them, and refuses anything else', () => {
    for (const yes of ['是', '1', 'Y', '√', '触发']) expect(parseCellText(col('veto:leak'), yes, t)).toEqual({ type: 'set', fields: { triggered: true } });
    for (const no of ['否', '0', 'n', '×', '未触发', '０']) expect(parseCellText(col('veto:leak'), no, t)).toEqual({ type: 'set', fields: { triggered: false } });
    expect(parseCellText(col('veto:leak'), '可能', t)).toEqual({ type: 'error', message: '“可能”无法识别：否决项应填写“是”或“否”（也可填 1 或 0）' });
  });

  it('clears a cell for empty text and reads a deduction cell’s text as the score wanted', () => {
    expect(parseCellText(col('leaf:policy'), '  ', t)).toEqual({ type: 'clear' });
    expect(parseCellText(col('leaf:budget'), '８', t)).toEqual({ type: 'score', value: 8 });
    expect(parseCellText(col('leaf:budget'), '-1', t)).toMatchObject({ type: 'error' });
  });
});
