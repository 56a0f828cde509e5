/**
 * The workbooks keep to the spreadsheet features listed in docs/deploy.md (Excel 与 WPS 表格), which WPS
 * and Excel render alike. A new feature (conditional formatting, an Excel table, a formula, a chart, a
 * comment) fails here, so that it is looked at in WPS and added to that list before it ships.
 */
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { resultsXlsx } from '../../src/formats/xlsx/resultsXlsx';
import { templateXlsx } from '../../src/formats/xlsx/templateXlsx';
import { ASSESSORS, UNITS, exportEntries, exportResult, exportRuleSet } from './exportFixtures';

/** Elements of a worksheet part that docs/deploy.md lists as checked. */
const SHEET_ELEMENTS = new Set([
  'worksheet', 'sheetPr', 'pageSetUpPr', 'dimension', 'sheetViews', 'sheetView', 'pane', 'selection', 'sheetFormatPr',
  'cols', 'col', 'sheetData', 'row', 'c', 'v', 'mergeCells', 'mergeCell', 'autoFilter', 'dataValidations',
  'dataValidation', 'formula1', 'formula2', 'sheetProtection', 'printOptions', 'pageMargins', 'pageSetup',
  'headerFooter', 'oddFooter',
]);

async function parts(bytes: Uint8Array): Promise<Map<string, string>> {
  const zip = await JSZip.loadAsync(bytes);
  const out = new Map<string, string>();
  for (const name of Object.keys(zip.files).filter((n) => n.endsWith('.xml'))) out.set(name, await zip.file(name)!.async('string'));
  return out;
}

const elements = (xml: string): string[] => [...new Set([...xml.matchAll(/<([A-Za-z][\w:]*)/g)].map((m) => m[1]!))].sort();

async function workbooks(): Promise<[string, Map<string, string>][]> {
  const ruleSet = exportRuleSet();
  const results = await resultsXlsx({ groups: [{ ruleSet, result: exportResult(ruleSet) }], sheets: { units: UNITS, entries: exportEntries(), assessors: ASSESSORS } });
  const template = await templateXlsx({ ruleSet, units: UNITS, assessor: ASSESSORS[0]!, entries: exportEntries() });
  return [
    ['results', await parts(results)],
    ['template', await parts(template)],
  ];
}

describe('xlsx features kept to what WPS renders like Excel', () => {
  it('worksheets use only the checked elements: no formulas, conditional formats, tables, drawings or comments', async () => {
    for (const [book, files] of await workbooks()) {
      const sheets = [...files.keys()].filter((n) => n.startsWith('xl/worksheets/'));
      expect(sheets.length).toBeGreaterThan(1);
      for (const name of sheets) {
        const extra = elements(files.get(name)!).filter((e) => !SHEET_ELEMENTS.has(e));
        expect(extra, `${book} ${name}`).toEqual([]);
      }
      // nothing besides sheets, shared strings, styles and the theme: no drawings, charts, tables or comments
      expect([...files.keys()].filter((n) => /^xl\/(drawings|charts|tables|comments|pivot|media)/.test(n))).toEqual([]);
    }
  });

  it('cell text is in 宋体, numbers in plain fixed-decimal formats', async () => {
    for (const [, files] of await workbooks()) {
      const styles = files.get('xl/styles.xml')!;
      // font 0 is the workbook default (left on empty, unstyled cells); every font a cell is given is 宋体
      const fonts = [...styles.matchAll(/<font>[\s\S]*?<name val="([^"]+)"\/>[\s\S]*?<\/font>/g)].map((m) => m[1]);
      expect(fonts.slice(1).every((f) => f === '宋体')).toBe(true);
      expect(fonts.length).toBeGreaterThan(1);
      // only "0", "0.0", "0.00"…: no locale, colour or condition sections for WPS to read its own way
      const codes = [...styles.matchAll(/formatCode="([^"]*)"/g)].map((m) => m[1]!);
      expect(codes.filter((c) => !/^0(\.0+)?$/.test(c))).toEqual([]);
    }
  });
});
