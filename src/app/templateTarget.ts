/**
 * Whose template a file is: the group and assessor written into its hidden 模板信息 sheet, read only to
 * choose what to check the file against. The import itself checks the same sheet again, with the rule
 * set's content hash, so a wrong or edited value here ends in a located error, never in wrong data.
 */
import { loadExcel, plainValue } from '../formats/xlsx/excel';
import { META_SHEET } from '../formats/xlsx/templateLayout';

export interface TemplateTarget {
  group?: string;
  assessorId?: string;
}

export async function templateTarget(bytes: Uint8Array): Promise<TemplateTarget> {
  const Excel = await loadExcel();
  const wb = new Excel.Workbook();
  try {
    await wb.xlsx.load(new Uint8Array(bytes).buffer);
  } catch {
    return {}; // not a workbook: the import says so, with its own message
  }
  const meta = wb.getWorksheet(META_SHEET);
  if (!meta) return {};
  const found: TemplateTarget = {};
  for (let r = 1; r <= Math.min(meta.rowCount, 20); r++) {
    const key = plainValue(meta.getCell(r, 1).value);
    const value = plainValue(meta.getCell(r, 2).value);
    if (typeof value !== 'string') continue;
    if (key === 'group') found.group = value;
    if (key === 'assessorId') found.assessorId = value;
  }
  return found;
}
