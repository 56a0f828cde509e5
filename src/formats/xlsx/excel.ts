/**
 * Shared bits of the .xlsx exports: loading exceljs on demand (it is large and only needed when a file
 * is written or read), sheet names Excel accepts, cell styles, and reading cells back as plain values.
 */
import type * as ExcelJS from 'exceljs';

export type ExcelLib = typeof ExcelJS;

/** exceljs is CommonJS (Node) or UMD (browser build): its API is the module or its default export. */
export async function loadExcel(): Promise<ExcelLib> {
  const m: ExcelLib & { default?: ExcelLib } = await import('exceljs');
  return m.default ?? m;
}

/** Excel forbids []:*?/\ in sheet names and allows 31 characters. */
export function sheetName(name: string, taken: ReadonlySet<string> = new Set()): string {
  const base = name.replace(/[[\]:*?/\\]/g, '_').slice(0, 31) || 'Sheet';
  let candidate = base;
  for (let i = 2; taken.has(candidate); i++) candidate = `${base.slice(0, 31 - String(i).length - 1)}_${i}`;
  return candidate;
}

/** Column number (1-based) to letters: 1 → A, 27 → AA. */
export function columnLetter(n: number): string {
  let s = '';
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
}

/**
 * A text value for a cell. It is written as a string cell, which no spreadsheet evaluates, so it keeps
 * its text as written ("=1+1" shows as =1+1); the apostrophe CSV needs (formats/csv.ts) would show here.
 */
export const safeText = (text: string): string => text;

/** Undo `safeText` on import: "'=x" was written for "=x". */
export const unneutralise = (text: string): string => (/^'[=+\-@\t\r]/.test(text) ? text.slice(1) : text);

export const THIN: Partial<ExcelJS.Borders> = {
  top: { style: 'thin' },
  left: { style: 'thin' },
  bottom: { style: 'thin' },
  right: { style: 'thin' },
};

export const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF2F2F2' } };

export const FONT = { name: '宋体', size: 11 } as const;

export function styleHeader(cell: ExcelJS.Cell): void {
  cell.font = { ...FONT, bold: true };
  cell.fill = HEADER_FILL;
  cell.border = THIN;
  cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
}

/** A1-style print margins in inches, narrow enough for wide tables. */
export const PRINT_MARGINS = { left: 0.4, right: 0.4, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 };

/** A cell's value as a plain string, number, boolean or undefined (rich text joined, formulas by result). */
export function plainValue(value: ExcelJS.CellValue): string | number | boolean | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('formula' in value || 'sharedFormula' in value) {
      const r = (value as { result?: unknown }).result;
      return typeof r === 'string' || typeof r === 'number' || typeof r === 'boolean' ? r : undefined;
    }
    if ('text' in value && typeof value.text === 'string') return value.text;
    if ('error' in value) return String(value.error);
  }
  return undefined;
}

/** The bytes of a written workbook (exceljs gives a Buffer in Node and an ArrayBuffer in browsers). */
export async function workbookBytes(wb: ExcelJS.Workbook): Promise<Uint8Array> {
  const buf = await wb.xlsx.writeBuffer({ zip: { compression: 'DEFLATE', compressionOptions: { level: 1 } } } as never);
  return buf instanceof Uint8Array ? new Uint8Array(buf) : new Uint8Array(buf as ArrayBuffer);
}
