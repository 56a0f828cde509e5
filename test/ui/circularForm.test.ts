import { describe, expect, it } from 'vitest';
import { circularContent } from '../../src/formats/docx/circularDocx';
import { EMPTY_FORM, circularOptions, shortNameOf, suggestedShortName, type CircularForm } from '../../src/ui/exchange/circularForm';
import { fileNames } from '../../src/ui/exchange/fileNames';

const GROUPS = [
  { key: 'city', name: '市（州）政府' },
  { key: 'department', name: '省政府部门' },
];

const form = (change: Partial<CircularForm> = {}): CircularForm => ({ ...EMPTY_FORM, ...change });

describe('suggestedShortName', () => {
  it('shortens a group of departments to 部门 and keeps other names whole', () => {
    expect(suggestedShortName('省政府部门')).toBe('部门');
    expect(suggestedShortName('市直部门')).toBe('部门');
    expect(suggestedShortName('市（州）政府')).toBe('市（州）政府');
    expect(suggestedShortName('市（州）政府及兰州新区管委会')).toBe('市（州）政府');
    expect(suggestedShortName('县（市、区）政府')).toBe('县（市、区）政府');
  });
});

describe('shortNameOf', () => {
  it('uses the suggestion until something is typed, what is typed after, and the full name when cleared', () => {
    expect(shortNameOf(form(), GROUPS[1]!)).toBe('部门');
    expect(shortNameOf(form({ shortNames: { department: ' 省直部门 ' } }), GROUPS[1]!)).toBe('省直部门');
    expect(shortNameOf(form({ shortNames: { department: '  ' } }), GROUPS[1]!)).toBe('省政府部门');
  });
});

describe('circularOptions', () => {
  it('leaves every empty particular to the placeholder', () => {
    expect(circularOptions(form({ issuer: ' ', docNumber: '' }), 2024, GROUPS)).toEqual({
      year: 2024,
      shortNames: { city: '市（州）政府', department: '部门' },
    });
  });

  it('passes typed particulars trimmed, and 主送机关 without a colon of its own', () => {
    const c = circularContent(
      [],
      circularOptions(form({ issuer: '示例省人民政府办公厅', docNumber: '示政办发〔2025〕3号 ', recipients: '各市州人民政府：', date: '2025年2月10日' }), 2024, GROUPS),
    );
    expect(c.issuerMark).toBe('示例省人民政府办公厅文件');
    expect(c.docNumber).toBe('示政办发〔2025〕3号');
    expect(c.recipients).toBe('各市州人民政府：');
    expect(c.date).toBe('2025年2月10日');
    expect(c.signature).toBe('示例省人民政府办公厅');
  });

  it('keeps the placeholders in the circular when nothing was typed', () => {
    const c = circularContent([], circularOptions(form(), 2024, GROUPS));
    expect([c.issuerMark, c.docNumber, c.recipients, c.date]).toEqual(['XXXX文件', 'XXXX〔\u3000\u3000〕号', 'XXXX：', 'XXXX年XX月XX日']);
  });

  it('writes the 依据 document and the 整改期限 into the text, brackets and 前 once', () => {
    const c = circularContent([], circularOptions(form({ basis: '《示例省政务公开工作考核方案》', deadline: '2025年6月30日前', issuer: '示例省政务公开办' }), 2024, GROUPS));
    expect(c.intro).toMatch(/^根据《示例省政务公开工作考核方案》有关要求/);
    expect(c.sections[2]!.paragraphs[0]).toContain('于2025年6月30日前将整改情况报送示例省政务公开办。');
    expect(c.intro + c.sections[2]!.paragraphs.join('')).not.toContain('XXXX');
  });

  it('adds a 版记 only when the 印发机关 is given, 抄送 when typed', () => {
    expect(circularContent([], circularOptions(form({ cc: '省委办公厅' }), 2024, GROUPS)).banji).toBeUndefined();
    const c = circularContent([], circularOptions(form({ cc: '省委办公厅，省人大常委会办公厅', printer: '示例省人民政府办公厅', printDate: '2025年2月10日' }), 2024, GROUPS));
    expect(c.banji).toEqual({ cc: '抄送：省委办公厅，省人大常委会办公厅。', printer: '示例省人民政府办公厅', printed: '2025年2月10日印发' });
  });

  it('reads a form saved before the new fields existed as empty fields', () => {
    const old = { docNumber: '', recipients: '', issuer: '', date: '', shortNames: {} } as unknown as CircularForm;
    expect(() => circularOptions({ ...EMPTY_FORM, ...old }, 2024, GROUPS)).not.toThrow();
  });
});

describe('fileNames', () => {
  it('names files in Chinese with the assessment year', () => {
    expect(fileNames.circular(2024)).toBe('2024年度政务公开考核情况通报.docx');
    expect(fileNames.resultsXlsx(2024)).toBe('2024年度政务公开考核结果.xlsx');
    expect(fileNames.resultsCsv(2024)).toBe('2024年度政务公开考核结果.csv');
    expect(fileNames.problemList(2024, '兰州市')).toBe('兰州市2024年度政务公开考核问题清单.docx');
    expect(fileNames.template(2024, '市（州）政府', '张敏', false)).toBe('2024年度市（州）政府离线录入模板（张敏）.xlsx');
    expect(fileNames.template(2024, '市（州）政府', '张敏', true)).toBe('2024年度市（州）政府离线录入模板（张敏，空白）.xlsx');
  });

  it('replaces characters Windows refuses in a unit’s name', () => {
    expect(fileNames.problemList(2024, '省发展改革委/省粮食局')).toBe('省发展改革委_省粮食局2024年度政务公开考核问题清单.docx');
  });
});
