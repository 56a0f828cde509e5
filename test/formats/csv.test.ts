import { describe, expect, it } from 'vitest';
import { groupTable } from '../../src/report/reportTables';
import { BOM, resultsCsv } from '../../src/formats/resultsCsv';
import { scoreGroup } from '../../src/engine/group/pipeline';
import { makeEntry, makeRuleSet, makeUnit } from '../fixtures/ruleSets';
import { incompleteEntries, ASSESSORS, exportResult, exportRuleSet } from './exportFixtures';

/** RFC 4180 reader: enough to read back what resultsCsv writes. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += ch;
  }
  return rows;
}

describe('resultsCsv', () => {
  it('opens with a title line saying whether the results are final', () => {
    expect(csv.slice(1).split('\r\n')[0]).toBe('评分结果（全部单位已评完）');
    const open = resultsCsv([groupTable(exportRuleSet(), exportResult(exportRuleSet(), incompleteEntries()))]);
    expect(open.slice(1).split('\r\n')[0]).toBe('初步结果，尚有 1 个单位未评完');
  });

  const csv = resultsCsv([groupTable(exportRuleSet(), exportResult())]);

  it('starts with a UTF-8 byte-order mark and ends lines with CRLF, as Excel expects', () => {
    expect(csv.startsWith(BOM)).toBe(true);
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv.split('\r\n')).toHaveLength(6); // title, header, three units, trailing empty
  });

  it('reads back as the table: units in rank order with their scores, rank and tier', () => {
    const rows = parseCsv(csv.slice(1)).slice(1);
    expect(rows[0]).toEqual(['分组', '序号', '单位', '基础信息公开', '重点领域信息公开', '政府信息公开年报编制', '加分', '扣分', '总分', '排名', '等次', '备注']);
    expect(rows[1]).toEqual(['市（州）政府', '1', '兰州市', '27.50', '38.00', '30.00', '3.00', '0.00', '98.50', '1', '优秀', '']);
    expect(rows[2]).toEqual(['市（州）政府', '2', '嘉峪关市', '23.50', '30.00', '20.00', '0.00', '2.00', '71.50', '2', '合格', '']);
    expect(rows[3]).toEqual(['市（州）政府', '3', '金昌市', '—', '—', '—', '—', '—', '—', '3', '不合格', '发生失泄密事件（一票否决，考核结果为不合格）']);
  });

  it('neutralises text cells that begin with =, +, - or @', () => {
    const rs = makeRuleSet();
    const units = ['=cmd|\'/c calc\'!A1', '+SUM(1)', '-2+3', '@import'].map((name, i) => makeUnit({ id: `u${i}`, name }));
    const entries = units.map((u, i) => makeEntry({ unitId: u.id, value: 10 + i }));
    const text = resultsCsv([groupTable(rs, scoreGroup(rs, units, entries, ASSESSORS))]);
    // these units have only 政策解读 entered: provisional, with the title line and a 状态 column
    const rows = parseCsv(text.slice(1));
    expect(rows[0]).toEqual(['初步结果，尚有 4 个单位未评完']);
    expect(rows[1]!.at(-1)).toBe('状态');
    expect(rows.slice(2).map((r) => r.at(-1))).toEqual(['未完成', '未完成', '未完成', '未完成']);
    const names = rows.slice(2).map((r) => r[2]);
    expect(names).toEqual(['\'@import', '\'-2+3', '\'+SUM(1)', '\'=cmd|\'/c calc\'!A1']);
  });

  it('puts groups with different indicators in one file, leaving a missing indicator blank', () => {
    const city = exportRuleSet();
    const dept = makeRuleSet({ id: 'dept-test', group: { key: 'department', name: '省政府部门' }, indicators: ['basic', 'keyArea'] });
    const deptUnits = [makeUnit({ id: 'd1', name: '省教育厅', group: 'department' })];
    const deptEntries = [makeEntry({ unitId: 'd1', node: 'policy', value: 20 }), makeEntry({ unitId: 'd1', node: 'keyArea', value: 40 })];
    const text = resultsCsv([
      groupTable(city, exportResult()),
      groupTable(dept, scoreGroup(dept, deptUnits, deptEntries, ASSESSORS)),
    ]);
    const rows = parseCsv(text.slice(1)).slice(1);
    // 省教育厅: basic 20 + budget 10 (not yet entered, full marks for now) = 30, keyArea 40; no 年报 column
    // in its rule set's indicators; its budget cell is open, so the file is provisional and says so per row
    expect(rows[0]!.at(-2)).toBe('状态');
    expect(rows[4]).toEqual(['省政府部门', '1', '省教育厅', '30.00', '40.00', '', '', '', '70.00', '1', '合格', '未完成', '']);
    expect(rows[1]!.at(-2)).toBe('已评完');
  });
});
