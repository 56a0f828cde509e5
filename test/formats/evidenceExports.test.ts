/**
 * Evidence in the office files: every unit's problem list in the all-units zip embeds that unit's
 * images (word/media), and the results workbook's 问题清单 names each finding's files in a 佐证材料
 * column, as they are named in the unit's evidence zip.
 */
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { problemListsZip, type ProblemAttachment } from '../../src/formats/docx/problemListDocx';
import { evidencePathsById, writeEvidenceZip } from '../../src/formats/evidenceZip';
import { plainValue } from '../../src/formats/xlsx/excel';
import { FILES_HEADER, FINDINGS_HEADER, resultsXlsx } from '../../src/formats/xlsx/resultsXlsx';
import { unitProblems } from '../../src/report/reportTables';
import { fileHash } from '../../src/sync/fileHash';
import { ASSESSORS, UNITS, completingEntries, exportEntries, exportResult, exportRuleSet } from './exportFixtures';

/** A PNG header for a 320×200 picture, then `seed`-dependent bytes (the documents never decode it). */
function png(seed: number): Uint8Array {
  const b = new Uint8Array(400);
  b.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 1, 64, 0, 0, 0, 200]);
  for (let i = 24; i < b.length; i++) b[i] = (i * 7 + seed) & 0xff;
  return b;
}

const ruleSet = exportRuleSet();
const result = exportResult();
const entries = [...exportEntries(), ...completingEntries()];

describe('the zip of every unit’s problem list', () => {
  it('embeds each unit’s own images in its document, read one unit at a time', async () => {
    const lists = unitProblems(ruleSet, result, UNITS, entries, ASSESSORS);
    const shot = png(1);
    const asked: string[] = [];
    const evidenceOf = async (unitId: string) => {
      asked.push(unitId);
      // 兰州市's one finding (f1, 决算公开晚于规定时间) has a screenshot and a PDF
      const files: ProblemAttachment[] = [
        { name: '决算页面.png', type: 'image/png', bytes: shot },
        { name: '说明.pdf', type: 'application/pdf', bytes: new Uint8Array([0x25, 0x50, 0x44, 0x46]) },
      ];
      return new Map(unitId === 'u1' ? [['f1', files]] : []);
    };
    const zip = await JSZip.loadAsync(await problemListsZip([{ groupName: '市（州）政府', lists }], { year: 2024, evidenceOf }));
    expect(asked.sort()).toEqual(['u1', 'u2', 'u3']);
    const docs = Object.keys(zip.files).filter((n) => n.endsWith('.docx'));
    const lanzhou = docs.find((n) => n.includes('兰州市'))!;
    const jiayuguan = docs.find((n) => n.includes('嘉峪关市'))!;
    const inner = await JSZip.loadAsync(await zip.file(lanzhou)!.async('uint8array'));
    const media = Object.keys(inner.files).filter((n) => n.startsWith('word/media/'));
    expect(media).toHaveLength(1);
    expect(await inner.file(media[0]!)!.async('uint8array')).toEqual(shot);
    const doc = await inner.file('word/document.xml')!.async('string');
    expect(doc).toContain('附件：说明.pdf');
    // 嘉峪关市 has no files: no picture in its list
    const other = await JSZip.loadAsync(await zip.file(jiayuguan)!.async('uint8array'));
    expect(Object.keys(other.files).filter((n) => n.startsWith('word/media/'))).toEqual([]);
  });
});

describe('the results workbook', () => {
  it('names each finding’s files in a 佐证材料 column, as its unit’s evidence zip names them', async () => {
    // 嘉峪关市's second finding (f2) has two screenshots of the same name
    const attachment = (id: string, seed: number) => ({ id, ownerId: 'f2', hash: fileHash(png(seed)), name: '截图.png', type: 'image/png' as const, size: 400 });
    const items = [attachment('att-1', 1), attachment('att-2', 2)].map((a) => ({ attachment: a, owner: { unitId: 'u2', unitName: '嘉峪关市', node: 'budget', nodeName: '预决算公开', findingNumber: 2 } }));
    const paths = evidencePathsById('嘉峪关市', items);
    const evidenceZip = await JSZip.loadAsync(await writeEvidenceZip(items.map((it, i) => ({ path: paths.get(it.attachment.id)!, bytes: png(i + 1) }))));
    const inZip = Object.keys(evidenceZip.files).filter((n) => !evidenceZip.files[n]!.dir);
    expect(inZip).toEqual(['嘉峪关市/预决算公开/问题2-截图.png', '嘉峪关市/预决算公开/问题2-截图（2）.png']);

    const names = new Map([['f2', [...paths.values()]]]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await resultsXlsx({ groups: [{ ruleSet, result }], sheets: { units: UNITS, entries: exportEntries(), assessors: ASSESSORS }, evidenceNames: names })) as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('问题清单')!;
    const cell = (r: number, c: number) => plainValue(ws.getCell(r, c).value) ?? null;
    expect([1, 2, 3, 4, 5, 6, 7].map((c) => cell(1, c))).toEqual([...FINDINGS_HEADER, FILES_HEADER]);
    const rows = [2, 3, 4, 5, 6].map((r) => [cell(r, 1), cell(r, 4), cell(r, 7)]);
    expect(rows).toEqual([
      ['兰州市', '决算公开晚于规定时间', null],
      ['嘉峪关市', '预算表格不完整', null],
      ['嘉峪关市', '=未公开三公经费说明', inZip.join('\n')],
      ['嘉峪关市', '发生重大舆情未及时回应', null],
      ['金昌市', '门户网站泄露内部文件；一票否决，考核结果为不合格', null],
    ]);
    // the workbook names exactly the zip's files
    expect(String(cell(4, 7)).split('\n').every((n) => inZip.includes(n))).toBe(true);
  });

  it('has no 佐证材料 column when no finding has files', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await resultsXlsx({ groups: [{ ruleSet, result }], sheets: { units: UNITS, entries: exportEntries(), assessors: ASSESSORS }, evidenceNames: new Map() })) as unknown as ArrayBuffer);
    expect(plainValue(wb.getWorksheet('问题清单')!.getCell(1, 7).value) ?? null).toBeNull();
  });
});
