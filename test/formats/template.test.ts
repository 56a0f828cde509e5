import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { ruleSetHash } from '../../src/formats/bundle';
import { plainValue } from '../../src/formats/xlsx/excel';
import { diffEntries, importTemplate, type TemplateContext } from '../../src/formats/xlsx/templateImport';
import { templateXlsx } from '../../src/formats/xlsx/templateXlsx';
import { scoreGroup } from '../../src/engine/group/pipeline';
import type { RuleSet } from '../../src/model/ruleSet';
import type { ScoreEntry } from '../../src/model/entries';
import { makeEntry, makeRuleSet, makeUnit } from '../fixtures/ruleSets';
import { ASSESSORS, UNITS, exportEntries, exportRuleSet } from './exportFixtures';

const ruleSet = exportRuleSet();
const assessor = ASSESSORS[0] as (typeof ASSESSORS)[number];
const SHEET = '市（州）政府';

async function load(bytes: Uint8Array): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
  return wb;
}

/** Export a template, let `edit` change it as a person would in Excel, and give back the file. */
async function edited(edit: (wb: ExcelJS.Workbook, ws: ExcelJS.Worksheet) => void, entries: ScoreEntry[] = []): Promise<Uint8Array> {
  const wb = await load(await templateXlsx({ ruleSet, units: UNITS, assessor, entries }));
  edit(wb, wb.getWorksheet(SHEET) as ExcelJS.Worksheet);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

const context = (entries: ScoreEntry[] = []): TemplateContext => ({ ruleSet, units: UNITS, assessorId: 'a1', entries });

/** The fixture's scores as a person types them: row 4 兰州市, 5 嘉峪关市, 6 金昌市. */
function fillScores(_wb: ExcelJS.Workbook, ws: ExcelJS.Worksheet): void {
  const set = (address: string, v: string | number) => {
    ws.getCell(address).value = v;
  };
  set('C4', 19.5);
  set('D4', 2);
  set('E4', '决算公开晚于规定时间');
  set('F4', 38);
  set('G4', '是');
  set('H4', '是');
  set('I4', 2);
  set('J4', 2);
  set('C5', 16);
  set('D5', 2.5);
  set('E5', '预算表格不完整；未公开三公经费说明');
  set('F5', 30);
  set('G5', '是');
  set('H5', '否');
  set('K5', 2);
  set('L5', '发生重大舆情未及时回应');
  set('C6', 18);
  set('M6', '是');
}

describe('templateXlsx', () => {
  it('has a column per leaf check point with its range, after the unit columns, and a hidden meta sheet', async () => {
    const wb = await load(await templateXlsx({ ruleSet, units: UNITS, assessor }));
    expect(wb.worksheets.map((w) => [w.name, w.state])).toEqual([
      [SHEET, 'visible'],
      ['填写说明', 'visible'],
      ['_meta', 'veryHidden'],
    ]);
    const ws = wb.getWorksheet(SHEET) as ExcelJS.Worksheet;
    const headers = 'ABCDEFGHIJKLM'.split('').map((c) => plainValue(ws.getCell(`${c}${c < 'C' ? 2 : 3}`).value));
    expect(headers).toEqual([
      '单位编号',
      '单位名称',
      '政策文件（0–20分）',
      '预决算公开：扣分（0–10）',
      '预决算公开：扣分原因',
      '重点领域信息公开（0–40分）',
      '政府信息公开年报编制：按时发布（20分，是/否）',
      '政府信息公开年报编制：格式规范（10分，是/否）',
      '经验做法被推广（加分0–2分）',
      '承担试点任务（加分0–2分）',
      '重大扣分项：扣分（≥0）',
      '重大扣分项：扣分原因',
      '发生失泄密事件（是/否）',
    ]);
    expect(['C2', 'F2', 'G2', 'I2', 'K2', 'M2'].map((a) => plainValue(ws.getCell(a).value))).toEqual([
      '基础信息公开',
      '重点领域信息公开',
      '政府信息公开年报编制',
      '创新工作加分',
      '重大扣分项',
      '否决项',
    ]);
    expect([4, 5, 6].map((r) => [plainValue(ws.getCell(`A${r}`).value), plainValue(ws.getCell(`B${r}`).value)])).toEqual([
      ['u1', '兰州市'],
      ['u2', '嘉峪关市'],
      ['u3', '金昌市'],
    ]);
    expect(ws.views[0]).toMatchObject({ state: 'frozen', xSplit: 2, ySplit: 3 });
  });

  it('validates input cells: decimals within the maximum, 是/否 lists, deductions from 0', async () => {
    const ws = (await load(await templateXlsx({ ruleSet, units: UNITS, assessor }))).getWorksheet(SHEET) as ExcelJS.Worksheet;
    expect(ws.getCell('C5').dataValidation).toMatchObject({ type: 'decimal', operator: 'between', formulae: [0, 20] });
    expect(ws.getCell('D5').dataValidation).toMatchObject({ type: 'decimal', operator: 'between', formulae: [0, 10] });
    expect(ws.getCell('I5').dataValidation).toMatchObject({ type: 'decimal', operator: 'between', formulae: [0, 2] });
    expect(ws.getCell('K5').dataValidation).toMatchObject({ type: 'decimal', operator: 'greaterThanOrEqual', formulae: [0] });
    expect(ws.getCell('G5').dataValidation).toMatchObject({ type: 'list', formulae: ['"是,否"'] });
    expect(ws.getCell('M5').dataValidation).toMatchObject({ type: 'list', formulae: ['"是,否"'] });
  });

  it('names the rule set by id and content hash, the assessor, and each column’s node in the meta sheet', async () => {
    const meta = (await load(await templateXlsx({ ruleSet, units: UNITS, assessor }))).getWorksheet('_meta') as ExcelJS.Worksheet;
    const rows = meta.getSheetValues().slice(1).map((r) => (Array.isArray(r) ? r.slice(1) : []));
    expect(rows.slice(0, 8)).toEqual([
      ['type', 'zwgk-entry-template'],
      ['version', 1],
      ['ruleSetId', 'city-test'],
      ['ruleSetHash', ruleSetHash(ruleSet)],
      ['ruleSetVersion', '1'],
      ['group', 'city'],
      ['assessorId', 'a1'],
      ['assessorName', '张三'],
    ]);
    expect(rows).toContainEqual([SHEET, 'D', 'deduction', 'budget', '']);
    expect(rows).toContainEqual([SHEET, 'H', 'check', 'annualReport', 'format']);
    expect(rows).toContainEqual([SHEET, 'M', 'veto', 'leak', '']);
  });

  it('prefills the assessor’s existing entries', async () => {
    const ws = (await load(await templateXlsx({ ruleSet, units: UNITS, assessor, entries: exportEntries() }))).getWorksheet(SHEET) as ExcelJS.Worksheet;
    const row = (r: number) => 'CDEFGHIJKLM'.split('').map((c) => plainValue(ws.getCell(`${c}${r}`).value) ?? null);
    expect(row(4)).toEqual([19.5, 2, '决算公开晚于规定时间', 38, '是', '是', 2, 2, null, null, null]);
    expect(row(5)).toEqual([16, 2.5, '预算表格不完整；=未公开三公经费说明', 30, '是', '否', null, null, 2, '发生重大舆情未及时回应', null]);
    expect(row(6)).toEqual([18, null, null, null, null, null, null, null, null, null, '是']);
  });
});

describe('importTemplate round trip', () => {
  it('gives entries that score exactly like the same values entered directly', async () => {
    const imported = await importTemplate(await edited(fillScores), context());
    if (!imported.ok) throw new Error(JSON.stringify(imported.errors));
    const direct: ScoreEntry[] = [
      makeEntry({ unitId: 'u1', node: 'policy', value: 19.5 }),
      makeEntry({ unitId: 'u1', node: 'budget', value: undefined, findings: [{ id: 'x', count: 1, points: 2, reason: '决算公开晚于规定时间' }] }),
      makeEntry({ unitId: 'u1', node: 'keyArea', value: 38 }),
      makeEntry({ unitId: 'u1', node: 'annualReport', value: undefined, checks: { onTime: true, format: true } }),
      makeEntry({ unitId: 'u1', node: 'innovation.national', value: 2 }),
      makeEntry({ unitId: 'u1', node: 'innovation.pilot', value: 2 }),
      makeEntry({ unitId: 'u2', node: 'policy', value: 16 }),
      makeEntry({ unitId: 'u2', node: 'budget', value: undefined, findings: [{ id: 'x', count: 1, points: 2.5, reason: '预算表格不完整；未公开三公经费说明' }] }),
      makeEntry({ unitId: 'u2', node: 'keyArea', value: 30 }),
      makeEntry({ unitId: 'u2', node: 'annualReport', value: undefined, checks: { onTime: true, format: false } }),
      makeEntry({ unitId: 'u2', node: 'major', value: undefined, findings: [{ id: 'x', count: 1, points: 2, reason: '发生重大舆情未及时回应' }] }),
      makeEntry({ unitId: 'u3', node: 'policy', value: 18 }),
      makeEntry({ unitId: 'u3', node: 'leak', value: undefined, triggered: true }),
    ];
    const fromTemplate = scoreGroup(ruleSet, UNITS, imported.entries, ASSESSORS);
    expect(fromTemplate).toEqual(scoreGroup(ruleSet, UNITS, direct, ASSESSORS));
    expect(fromTemplate.units.map((u) => [u.unitName, u.display, u.rank, u.tierName])).toEqual([
      ['兰州市', '98.50', 1, '优秀'],
      ['嘉峪关市', '71.50', 2, '合格'],
      ['金昌市', '0.00', 3, '不合格'],
    ]);
  });

  it('gives new entries stable ids and turns a deduction with its reason into one finding', async () => {
    const imported = await importTemplate(await edited(fillScores), context());
    if (!imported.ok) throw new Error(JSON.stringify(imported.errors));
    expect(imported.entries.map((e) => e.id)).toContain('u1:policy:a1');
    expect(imported.entries.find((e) => e.id === 'u2:budget:a1')).toEqual({
      id: 'u2:budget:a1',
      unitId: 'u2',
      node: 'budget',
      assessorId: 'a1',
      findings: [{ id: 'u2:budget:a1:f1', count: 1, points: 2.5, reason: '预算表格不完整；未公开三公经费说明' }],
      rev: 1,
    });
    expect(imported.entries.find((e) => e.id === 'u2:annualReport:a1')?.checks).toEqual({ onTime: true, format: false });
    expect(imported.entries.find((e) => e.id === 'u3:leak:a1')?.triggered).toBe(true);
  });

  it('re-imports a prefilled file as the stored entries: nothing added, nothing changed', async () => {
    const late = (i: number) => ({ id: `f${i}`, checkpoint: 'late', count: 1, reason: `第${i}批决算晚公开` });
    const stored = exportEntries().map((e) =>
      e.node === 'major'
        ? { ...e, findings: [{ id: 'f1', count: 1, points: 2, reason: '=舆情回应不及时', evidence: '截图' }] }
        : e.node === 'keyArea' && e.unitId === 'u2'
          ? { ...e, value: undefined, notApplicable: true }
          : e.node === 'budget' && e.unitId === 'u1'
            ? { ...e, findings: [1, 2, 3, 4, 5, 6].map(late) } // 12 points deducted from 10: 扣完为止
            : e,
    );
    const file = await templateXlsx({ ruleSet, units: UNITS, assessor, entries: stored });
    const ws = (await load(file)).getWorksheet(SHEET) as ExcelJS.Worksheet;
    expect([plainValue(ws.getCell('D4').value), plainValue(ws.getCell('F5').value), plainValue(ws.getCell('L5').value)]).toEqual([
      12,
      '不适用',
      '=舆情回应不及时',
    ]);
    const imported = await importTemplate(file, context(stored));
    if (!imported.ok) throw new Error(JSON.stringify(imported.errors));
    expect(imported.entries).toEqual(stored); // same ids, same findings with check points and evidence, same notes
    const diff = diffEntries(stored, imported.entries);
    expect(diff.added).toEqual([]);
    expect(diff.changed).toEqual([]);
    expect(diff.unchanged).toHaveLength(stored.length);
  });

  it('reports an edited cell as changed, keeping the stored entry’s id', async () => {
    const stored = exportEntries();
    const file = await edited((_wb, ws) => {
      ws.getCell('C4').value = 20;
    }, stored);
    const imported = await importTemplate(file, context(stored));
    if (!imported.ok) throw new Error(JSON.stringify(imported.errors));
    const diff = diffEntries(stored, imported.entries);
    expect(diff.added).toEqual([]);
    expect(diff.changed.map((c) => [c.before.id, c.before.value, c.after.id, c.after.value])).toEqual([['e-u1-policy-a1', 19.5, 'e-u1-policy-a1', 20]]);
  });
});

describe('importTemplate refuses a malformed file with located messages and no entries', () => {
  const refused = async (file: Uint8Array, ctx = context()) => {
    const r = await importTemplate(file, ctx);
    expect(r.ok).toBe(false);
    expect('entries' in r).toBe(false);
    return r.ok ? [] : r.errors;
  };

  it('a renamed sheet', async () => {
    const errors = await refused(await edited((wb, ws) => {
      fillScores(wb, ws);
      ws.name = '市州';
    }));
    expect(errors).toEqual([
      { path: '工作表「市（州）政府」', message: '找不到工作表「市（州）政府」（文件中的工作表：「市州」、「填写说明」）：请勿重命名或删除工作表' },
    ]);
  });

  it('a moved column', async () => {
    const errors = await refused(await edited((wb, ws) => {
      fillScores(wb, ws);
      const moved = ws.getColumn(3).values.slice(1);
      ws.spliceColumns(3, 1);
      ws.spliceColumns(6, 0, moved);
    }));
    expect(errors[0]).toEqual({
      path: '工作表「市（州）政府」第3行第C列',
      message: '表头应为「政策文件（0–20分）」，实际为「预决算公开：扣分（0–10）」（该列现在第F列）：请勿插入、删除或移动列',
    });
    // the shifted columns are reported too: C–F no longer hold what they should
    expect(errors.map((e) => e.path)).toEqual(['C', 'D', 'E', 'F'].map((c) => `工作表「市（州）政府」第3行第${c}列`));
  });

  it('text in a number cell', async () => {
    const errors = await refused(await edited((wb, ws) => {
      fillScores(wb, ws);
      ws.getCell('C5').value = '十六';
    }));
    expect(errors).toEqual([{ path: '工作表「市（州）政府」第5行第C列', message: '应为0–20 之间的数字，实际为 文本「十六」' }]);
  });

  it('an unknown unit', async () => {
    const errors = await refused(await edited((wb, ws) => {
      fillScores(wb, ws);
      ws.getCell('A6').value = 'u9';
    }));
    expect(errors).toEqual([
      { path: '工作表「市（州）政府」第6行第A列', message: '未知的单位编号「u9」（金昌市）：应为「市（州）政府」的单位编号，请勿修改' },
    ]);
  });

  it('a value above the maximum', async () => {
    const errors = await refused(await edited((wb, ws) => {
      fillScores(wb, ws);
      ws.getCell('F4').value = 45;
    }));
    expect(errors).toEqual([{ path: '工作表「市（州）政府」第4行第F列', message: '45 超出上限 40（应为0–40 之间的数字）' }]);
  });

  it('a value off the item’s step, in the engine’s words', async () => {
    const errors = await refused(await edited((wb, ws) => {
      fillScores(wb, ws);
      ws.getCell('C4').value = 18.3;
    }));
    expect(errors).toEqual([{ path: '工作表「市（州）政府」第4行第C列', message: '“政策文件”：18.3 不是步长 0.5 的整数倍（应在 0–20 之间，步长 0.5）' }]);
  });

  it('a deduction without its reason, and a 是/否 cell with other text — every problem at once', async () => {
    const errors = await refused(await edited((wb, ws) => {
      fillScores(wb, ws);
      ws.getCell('E4').value = null;
      ws.getCell('M5').value = '有';
    }));
    expect(errors).toEqual([
      { path: '工作表「市（州）政府」第4行第E列', message: '扣分 2 须填写扣分原因' },
      { path: '工作表「市（州）政府」第5行第M列', message: '应为“是”或“否”，实际为 文本「有」' },
    ]);
  });

  it('a template of another assessor or of another version of the rule set', async () => {
    const file = await edited(fillScores);
    expect(await refused(file, { ...context(), assessorId: 'a2' })).toEqual([
      { path: '工作表「_meta」第7行第B列', message: '模板属于考核人员「张三」（a1），不能作为考核人员 a2 的记录导入' },
    ]);
    const changed = { ...ruleSet, version: '2' };
    expect(await refused(file, { ...context(), ruleSet: changed })).toEqual([
      { path: '工作表「_meta」第4行第B列', message: '模板是按另一版本的规则集生成的（当前为「市（州）政府政务公开考核（测试）」版本 2）：请重新导出模板后填写' },
    ]);
  });

  it('a cell at the last row Excel allows: refused by its place, without visiting the empty rows above it', async () => {
    const errors = await refused(await edited((wb, ws) => {
      fillScores(wb, ws);
      ws.getCell('C1048576').value = 1;
    }));
    expect(errors).toEqual([
      { path: '工作表「市（州）政府」第1048576行第C列', message: '第1048576行超出模板的范围（最多 100000 行）：请只在导出的单位行中填写' },
    ]);
  });

  it('a cell far to the right: refused by its place', async () => {
    const errors = await refused(await edited((wb, ws) => {
      fillScores(wb, ws);
      ws.getCell('XFD4').value = 'x';
    }));
    expect(errors).toEqual([
      { path: '工作表「市（州）政府」第4行第XFD列', message: '第XFD列超出模板的范围（最多 1000 列）：请只在导出的列中填写' },
    ]);
  });

  it('a file that is not a workbook', async () => {
    expect(await refused(new TextEncoder().encode('序号,单位\n1,兰州市'))).toEqual([
      { path: '文件', message: '无法读取：不是有效的 .xlsx 文件（请用 Excel 或 WPS 另存为 .xlsx 格式后重试）' },
    ]);
  });
});

describe('diffEntries', () => {
  it('matches by id or by unit × node × assessor and compares content, not revision', () => {
    const stored = [makeEntry({ unitId: 'u1', value: 18, rev: 3, updatedBy: '张三' }), makeEntry({ unitId: 'u2', value: 15 })];
    const incoming = [
      makeEntry({ unitId: 'u1', value: 18, rev: 1 }),
      makeEntry({ id: 'u2:policy:a1', unitId: 'u2', value: 16 }),
      makeEntry({ unitId: 'u3', value: 12 }),
    ];
    const d = diffEntries(stored, incoming);
    expect(d.unchanged.map((e) => e.id)).toEqual(['e-u1-policy-a1']);
    expect(d.changed.map((c) => [c.before.id, c.after.value])).toEqual([['e-u2-policy-a1', 16]]);
    expect(d.added.map((e) => e.id)).toEqual(['e-u3-policy-a1']);
  });
});

describe('templates for websites and accounts scored one by one', () => {
  const base = makeRuleSet();
  const perObject: RuleSet = makeRuleSet({
    root: {
      ...base.root,
      children: [
        ...base.root.children,
        {
          key: 'sites',
          name: '政府网站',
          type: 'group',
          perObject: { kind: 'website', aggregate: 'mean' },
          children: [{ key: 'sites.content', name: '内容更新', type: 'points', max: 10, step: 0.5 }],
        },
      ],
    },
    vetoes: [{ key: 'siteDown', name: '网站无法访问', scope: 'sites', effect: { type: 'zeroNode', node: 'sites' } }],
  });
  const units = [
    makeUnit({
      id: 'u1',
      name: '兰州市',
      objects: [
        { id: 'w1', name: '兰州市政府网', kind: 'website' },
        { id: 'w2', name: '兰州市教育局网站', kind: 'website' },
      ],
    }),
    makeUnit({ id: 'u2', name: '嘉峪关市', objects: [{ id: 'w3', name: '嘉峪关市政府网', kind: 'website' }] }),
  ];

  it('puts per-object check points on a sheet with a row per unit × object, and imports them with the object', async () => {
    const wb = await load(await templateXlsx({ ruleSet: perObject, units, assessor }));
    const ws = wb.getWorksheet('市（州）政府（按对象）') as ExcelJS.Worksheet;
    expect('ABCDEF'.split('').map((c) => plainValue(ws.getCell(`${c}${c < 'E' ? 2 : 3}`).value))).toEqual([
      '单位编号',
      '单位名称',
      '对象编号',
      '对象名称',
      '内容更新（0–10分）',
      '网站无法访问（是/否）',
    ]);
    expect([4, 5, 6].map((r) => plainValue(ws.getCell(`D${r}`).value))).toEqual(['兰州市政府网', '兰州市教育局网站', '嘉峪关市政府网']);
    ws.getCell('E4').value = 8;
    ws.getCell('E5').value = 6;
    ws.getCell('E6').value = 9;
    ws.getCell('F6').value = '是';
    const r = await importTemplate(new Uint8Array(await wb.xlsx.writeBuffer()), { ruleSet: perObject, units, assessorId: 'a1', entries: [] });
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    expect(r.entries.map((e) => [e.id, e.objectId, e.value ?? e.triggered])).toEqual([
      ['u1:sites.content:a1:w1', 'w1', 8],
      ['u1:sites.content:a1:w2', 'w2', 6],
      ['u2:sites.content:a1:w3', 'w3', 9],
      ['u2:siteDown:a1:w3', 'w3', true],
    ]);
    const result = scoreGroup(perObject, units, r.entries, ASSESSORS);
    // 兰州市: the mean of its two sites (8 + 6) / 2; 嘉峪关市: its only site is down, so the part scores 0
    expect(result.units.find((u) => u.unitId === 'u1')?.nodes.sites?.score).toBe(7);
    expect(result.units.find((u) => u.unitId === 'u2')?.nodes.sites?.score).toBe(0);
  });

  it('refuses an object the unit does not have', async () => {
    const wb = await load(await templateXlsx({ ruleSet: perObject, units, assessor }));
    const ws = wb.getWorksheet('市（州）政府（按对象）') as ExcelJS.Worksheet;
    ws.getCell('C6').value = 'w9';
    ws.getCell('E6').value = 9;
    const r = await importTemplate(new Uint8Array(await wb.xlsx.writeBuffer()), { ruleSet: perObject, units, assessorId: 'a1', entries: [] });
    expect(r).toEqual({
      ok: false,
      errors: [{ path: '工作表「市（州）政府（按对象）」第6行第C列', message: '单位「嘉峪关市」没有编号为「w9」的对象：应为 w3 之一' }],
    });
  });
});

describe('templates for unit classes', () => {
  const withClass = makeRuleSet({ unitClasses: [{ key: 'small', name: '无预算单位', excludes: ['budget'] }] });
  const units = [makeUnit({ id: 'u1', name: '兰州市' }), makeUnit({ id: 'u2', name: '兰州新区', unitClass: 'small' })];

  it('greys out what a unit’s class excludes and refuses a value typed there', async () => {
    const wb = await load(await templateXlsx({ ruleSet: withClass, units, assessor }));
    const ws = wb.getWorksheet(SHEET) as ExcelJS.Worksheet;
    expect(ws.getCell('D5').fill).toMatchObject({ type: 'pattern', fgColor: { argb: 'FFD9D9D9' } });
    expect(ws.getCell('D5').dataValidation).toBeUndefined();
    expect(ws.getCell('D4').dataValidation).toMatchObject({ type: 'decimal' });
    ws.getCell('D5').value = 1;
    ws.getCell('E5').value = '未公开';
    const r = await importTemplate(new Uint8Array(await wb.xlsx.writeBuffer()), { ruleSet: withClass, units, assessorId: 'a1', entries: [] });
    expect(r).toEqual({
      ok: false,
      errors: [
        {
          path: '工作表「市（州）政府」第5行第D列',
          message: '“预决算公开”：指标 "预决算公开" 不适用于单位类别 "无预算单位"（该类别排除了 "budget" 或其上级）',
        },
      ],
    });
  });
});
