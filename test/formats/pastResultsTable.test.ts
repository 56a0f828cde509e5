import { describe, expect, it } from 'vitest';
import {
  guessHeaderRow,
  guessMapping,
  headersOf,
  matchPastRows,
  readNumber,
  readPastRows,
  rememberMapping,
  type Grid,
} from '../../src/formats/pastResultsTable';

const indicators = [
  { key: 'basic', name: '基础信息公开' },
  { key: 'keyArea', name: '重点领域信息公开' },
];

/** A results table as offices keep it: a title row, the header, a group heading, data. */
function makeGrid(rows: Grid['rows'] = []): Grid {
  return {
    name: '成绩',
    rows: [
      ['2024年度政务公开考核结果'],
      ['序号', '单位名称', '基础信息公开得分', '重点领域信息公开', '总分', '等次', '名次'],
      [undefined, '一、市（州）政府'],
      [1, '甲市', 20, 30, 95.5, '优秀', 1],
      [2, '乙市', '18', 28, '90', '合格', 2],
      ...rows,
    ],
  };
}

describe('column mapping', () => {
  it('finds the header row below a title, and each column by its wording', () => {
    const g = makeGrid();
    expect(guessHeaderRow(g)).toBe(2);
    const m = guessMapping(headersOf(g, 2), indicators, 2);
    // "基础信息公开得分" is the indicator's column, not the total's
    expect(m).toEqual({ headerRow: 2, unit: 2, total: 5, tier: 6, rank: 7, indicators: { basic: 3, keyArea: 4 } });
  });

  it('prefers the remembered header texts wherever the columns now are', () => {
    const g: Grid = { name: 'Sheet1', rows: [['最终得分', '考核单位', '得分', '等级']] };
    const remembered = { unit: '考核单位', total: '最终得分', tier: '等级', indicators: {} };
    const m = guessMapping(headersOf(g, 1), indicators, 1, remembered);
    expect(m).toMatchObject({ unit: 2, total: 1, tier: 4, rank: null, indicators: {} });
  });

  it('remembers a mapping as header texts that give the same mapping back', () => {
    const g = makeGrid();
    const headers = headersOf(g, 2);
    const m = guessMapping(headers, indicators, 2);
    const remembered = rememberMapping(headers, m);
    expect(remembered).toEqual({ unit: '单位名称', total: '总分', tier: '等次', rank: '名次', indicators: { basic: '基础信息公开得分', keyArea: '重点领域信息公开' } });
    expect(guessMapping(headers, indicators, 2, remembered)).toEqual(m);
  });
});

describe('readPastRows', () => {
  const mapping = { headerRow: 2, unit: 2, total: 5, tier: 6, rank: 7, indicators: { basic: 3 } };

  it('reads numbers written as text and skips a heading row without numbers', () => {
    const { rows, errors } = readPastRows(makeGrid(), mapping);
    expect(errors).toEqual([]);
    expect(rows).toEqual([
      { row: 4, unitName: '甲市', total: 95.5, display: '95.5', tierName: '优秀', rank: 1, scores: { basic: 20 } },
      { row: 5, unitName: '乙市', total: 90, display: '90', tierName: '合格', rank: 2, scores: { basic: 18 } },
    ]);
  });

  it('names the sheet, row and column of every bad cell', () => {
    const g = makeGrid([
      [3, '丙市', 15, 20, '九十', '合格', 3],
      [4, '甲市', 15, 20, 80, '合格', 4],
      [5, '丁市', 15, 20, undefined, '合格', 5],
    ]);
    const { errors } = readPastRows(g, mapping);
    expect(errors).toEqual([
      { path: '工作表“成绩”第6行 E列', message: '总分“九十”不是数字' },
      { path: '工作表“成绩”第7行 B列', message: '单位“甲市”与第4行重复' },
      { path: '工作表“成绩”第8行 E列', message: '总分为空' },
    ]);
  });

  it('asks for the unit and total columns before reading', () => {
    expect(readPastRows(makeGrid(), { ...mapping, unit: null, total: null }).errors.map((e) => e.message)).toEqual(['请指定“单位名称”列', '请指定“总分”列']);
  });

  it('reads full-width digits and a trailing 分', () => {
    expect(readNumber('９２．５')).toBe(92.5);
    expect(readNumber('88分')).toBe(88);
    expect(readNumber('优秀')).toBeNull();
  });
});

describe('matchPastRows', () => {
  const units = [
    { id: 'u1', name: '甲市', group: 'city' },
    { id: 'u2', name: '乙市', group: 'city' },
    { id: 'u3', name: '兰州新区(管委会)', group: 'city' },
    { id: 'd1', name: '省教育厅', group: 'dept' },
  ];
  const groups = [
    { key: 'city', name: '市（州）政府', indicators },
    { key: 'dept', name: '省政府部门', indicators },
  ];
  const row = (n: number, unitName: string, total: number, rank: number | null = null) => ({ row: n, unitName, total, display: String(total), tierName: '合格', rank, scores: {} });

  it('matches names across bracket widths, lists the unmatched and the missing', () => {
    const m = matchPastRows([row(3, '甲市', 90), row(4, '兰州新区（管委会）', 92), row(5, '戊市', 80)], units, groups, { file: 'a.xlsx', sheet: 'S' }, []);
    expect(m.matched).toBe(2);
    expect(m.unmatched.map((r) => r.unitName)).toEqual(['戊市']);
    expect(m.missing.map((u) => u.id)).toEqual(['u2', 'd1']);
    expect(m.results.groups.map((g) => g.group)).toEqual(['city']);
  });

  it('ranks by total within the group when the table has no rank column (1, 2, 2, 4)', () => {
    const more = [...units, { id: 'u4', name: '丁市', group: 'city' }];
    const m = matchPastRows([row(3, '甲市', 88), row(4, '乙市', 92), row(5, '丁市', 88), row(6, '兰州新区(管委会)', 70)], more, groups, { file: 'a.xlsx', sheet: 'S' }, []);
    expect(m.results.groups[0]!.units.map((u) => [u.unitName, u.rank])).toEqual([
      ['乙市', 1],
      ['甲市', 2],
      ['丁市', 2],
      ['兰州新区(管委会)', 4],
    ]);
  });

  it('keeps the table’s own ranks and the mapped indicators only', () => {
    const m = matchPastRows([row(3, '甲市', 88, 2), row(4, '乙市', 92, 1)], units, groups, { file: 'a.xlsx', sheet: 'S' }, ['basic']);
    expect(m.results.groups[0]!.units.map((u) => u.unitId)).toEqual(['u2', 'u1']);
    expect(m.results.groups[0]!.indicators).toEqual([{ key: 'basic', name: '基础信息公开' }]);
  });
});
