import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { importRuleTable, parseMethod, problemText, ruleTableXlsx } from '../../../src/formats/ruleTable';
import { scoreGroup, type RuleSet } from '../../../src/engine';
import { makeDemoBundle } from '../../../src/cli/demoBundle';
import { handWrittenXlsx, SMALL_TABLE, type Cells } from './handWritten';

const fallback = { id: 'imported', year: 2024, group: { key: 'city', name: '市（州）政府' } };

describe('扣分方法 phrases', () => {
  it('reads a per-finding deduction capped at the item', () => {
    expect(parseMethod('每发现一处扣0.5分，扣完为止')).toEqual({ fields: { perFinding: 0.5, floor: true }, unknown: [] });
  });
  it('reads a stepped ratio and a weight', () => {
    expect(parseMethod('达到100%得8分；达到90%得6分，权重0.7').fields).toEqual({ steps: [{ atLeast: 100, score: 8 }, { atLeast: 90, score: 6 }], weight: 0.7 });
  });
  it('reads veto effects, including 不合格，照常计分 as one clause', () => {
    expect(parseMethod('不合格，照常计分；不得评为优秀').fields.effects).toEqual([{ type: 'failScored' }, { type: 'barTier', tierName: '优秀' }]);
  });
  it('returns the clauses it does not understand', () => {
    expect(parseMethod('每处扣1分，酌情扣分').unknown).toEqual(['酌情扣分']);
  });
});

describe('导入考核细则 written by hand', () => {
  it('builds the tree from merged and blank-below 一级 cells, with types read from 扣分方法', async () => {
    const r = await importRuleTable(await handWrittenXlsx(SMALL_TABLE, [[1, 3, 8]]), 'a.xlsx', { fallback });
    if (!r.ok) throw new Error(r.problems.map(problemText).join('\n'));
    const [basic, report] = r.ruleSet.root.children;
    expect(basic).toMatchObject({ name: '基础信息公开', type: 'group', max: 10 });
    expect(basic?.type === 'group' && basic.children.map((c) => [c.name, c.type])).toEqual([
      ['政策解读', 'deduction'],
      ['主动公开', 'group'],
    ]);
    expect(report?.type === 'group' && report.children.map((c) => [c.name, c.type, 'max' in c ? c.max : null])).toEqual([
      ['年报按时发布', 'deduction', 5],
      ['年报内容', 'ratio', 2],
    ]);
    expect(r.ruleSet.vetoes).toEqual([{ key: 'veto1', name: '发生失泄密事件', effect: { type: 'fail' } }]);
    expect(r.ruleSet.name).toBe('示例市2024年度政务公开考核');
    expect(r.withParams).toBe(false);
    expect(r.outsideTable.some((t) => t.startsWith('等次'))).toBe(true);
  });

  it('names the sheet, row and column of a phrase it cannot read, and of a checklist without 要点', async () => {
    const rows: Cells[] = SMALL_TABLE.map((r) => [...r]);
    (rows[0] as Cells)[5] = '每发现一处扣0.5分，酌情扣分';
    rows.splice(4, 2); // the two 要点 rows of 指南
    const r = await importRuleTable(await handWrittenXlsx(rows), 'a.xlsx', { fallback });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems.map(problemText)).toEqual([
      'Sheet1 第3行 F列：扣分方法“每发现一处扣0.5分，酌情扣分”中的“酌情扣分”无法识别；可用的写法见“填写说明”表（如“每发现一处扣0.5分，扣完为止”）',
      'Sheet1 第6行 G列：清单“指南”下面没有“要点”行：每个要点一行，分值写该要点的分数',
    ]);
  });

  it('maps a validator problem back to its row (a ratio whose zero line is above its full line)', async () => {
    const rows: Cells[] = SMALL_TABLE.map((r) => [...r]);
    (rows[7] as Cells)[5] = '达到50%得满分，90%及以下得0分，之间按比例计分';
    const r = await importRuleTable(await handWrittenXlsx(rows), 'a.xlsx', { fallback });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems.map((p) => [p.sheet, p.row])).toEqual([['Sheet1', 10]]);
  });

  it('refuses a file that is not a workbook, and one without a header row', async () => {
    const bad = await importRuleTable(new TextEncoder().encode('not a zip'), 'a.xlsx', { fallback });
    expect(!bad.ok && bad.problems[0]?.message).toContain('不是有效的 Excel');
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('表1').addRow(['名称', '分数']);
    const none = await importRuleTable(new Uint8Array(await wb.xlsx.writeBuffer()), 'b.xlsx', { fallback });
    expect(!none.ok && problemText(none.problems[0] as never)).toBe('表1 第1行 A列：找不到表头：前10行中没有同时含“一级指标”（或“考核内容”）和“分值”的一行');
  });
});

describe('a table without its 规则参数 sheet', () => {
  it('keeps the demo totals of the shipped province rule sets (the tree and vetoes are all in the table; only the tie-break order is lost)', async () => {
    const demo = makeDemoBundle();
    for (const rs of demo.ruleSets) {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load((await ruleTableXlsx(rs)) as never);
      wb.removeWorksheet(wb.getWorksheet('规则参数')!.id);
      const r = await importRuleTable(new Uint8Array(await wb.xlsx.writeBuffer()), 'x.xlsx', { fallback: { ...fallback, group: rs.group } });
      if (!r.ok) throw new Error(r.problems.map(problemText).join('\n'));
      const back: RuleSet = r.ruleSet;
      const units = demo.units.filter((u) => u.group === rs.group.key);
      const totals = (x: RuleSet) => scoreGroup(x, units, demo.entries.filter((e) => units.some((u) => u.id === e.unitId)), demo.assessors).units.map((u) => [u.unitId, u.display]).sort();
      expect(totals(back)).toEqual(totals(rs));
    }
  });
});
