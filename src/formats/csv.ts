/**
 * CSV cells for spreadsheets. Text that begins with =, +, -, @ (or a tab/CR) would be run as a formula
 * by Excel/WPS, so it is neutralised with a leading apostrophe; numbers are written as numbers.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export function neutralise(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

export function csvCell(value: string | number): string {
  if (typeof value === 'number') return String(value);
  const t = neutralise(value);
  return /[",\r\n]/.test(t) ? `"${t.replace(/"/g, '""')}"` : t;
}
