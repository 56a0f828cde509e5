/**
 * Text copied from a block of Excel/WPS cells: cells separated by tabs, rows by CRLF (LF and CR are
 * accepted too), a cell holding a tab, a line break or a quote written as "…" with inner quotes doubled,
 * and one line break after the last row. Copying out of the grid writes the same format back.
 */

/** Rows of cells; one trailing line break is not an extra empty row. */
export function parseTsv(text: string): string[][] {
  let s = text.startsWith('\uFEFF') ? text.slice(1) : text;
  if (s.endsWith('\r\n')) s = s.slice(0, -2);
  else if (s.endsWith('\n') || s.endsWith('\r')) s = s.slice(0, -1);

  const rows: string[][] = [];
  let row: string[] = [];
  let i = 0;
  const n = s.length;
  const endRow = () => {
    rows.push(row);
    row = [];
  };

  for (;;) {
    let cell: string;
    const quoted = s[i] === '"' ? closingQuote(s, i) : -1;
    if (quoted >= 0) {
      cell = s.slice(i + 1, quoted).replace(/""/g, '"');
      i = quoted + 1;
    } else {
      // an unquoted cell, or a lone quote that never closes: Excel writes `"abc` as it is
      let j = i;
      while (j < n && s[j] !== '\t' && s[j] !== '\n' && s[j] !== '\r') j++;
      cell = s.slice(i, j);
      i = j;
    }
    row.push(cell);
    if (i >= n) {
      endRow();
      return rows;
    }
    const c = s[i];
    if (c === '\t') {
      i++;
    } else if (c === '\r' || c === '\n') {
      i += c === '\r' && s[i + 1] === '\n' ? 2 : 1;
      endRow();
    } else {
      // text after a closing quote (`"a"b`): keep it as part of the cell, as spreadsheets do
      let j = i;
      while (j < n && s[j] !== '\t' && s[j] !== '\n' && s[j] !== '\r') j++;
      row[row.length - 1] += s.slice(i, j);
      i = j;
      if (i >= n) {
        endRow();
        return rows;
      }
      if (s[i] === '\t') i++;
      else {
        i += s[i] === '\r' && s[i + 1] === '\n' ? 2 : 1;
        endRow();
      }
    }
  }
}

/** Index of the quote closing the quoted cell opened at `open`, or -1 when it never closes. */
function closingQuote(s: string, open: number): number {
  for (let j = open + 1; j < s.length; j++) {
    if (s[j] !== '"') continue;
    if (s[j + 1] === '"') {
      j++;
      continue;
    }
    return j;
  }
  return -1;
}

/** Cells back to text for the clipboard, quoting what needs it, CRLF line ends as Excel writes them. */
export function toTsv(rows: readonly (readonly string[])[]): string {
  const cell = (v: string) => (/[\t\r\n"]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  return rows.map((r) => r.map(cell).join('\t')).join('\r\n') + '\r\n';
}
