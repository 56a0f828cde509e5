/**
 * Results as CSV: one row per unit across all groups, with a 分组 column and the union of the groups'
 * indicator columns (blank where a group has no such indicator). UTF-8 with a byte-order mark and CRLF
 * line ends, which is what Excel and WPS need to open Chinese text correctly by double-click.
 */
import { csvCell } from './csv';
import { resultsTitle } from '../report/provisional';
import { NO_SCORE, flatColumns, flatText, type FlatColumn, type GroupTable } from '../report/reportTables';

export const BOM = '\uFEFF';

interface UnionColumn {
  header: string;
  /** indicator key, or the flat column kind for the shared columns */
  id: string;
}

const columnId = (c: FlatColumn): string => (c.kind === 'indicator' ? `indicator:${c.key ?? ''}` : c.kind);

export function resultsCsv(tables: readonly GroupTable[]): string {
  // shared columns keep their places; indicators in first-seen order between 单位 and 加分
  const indicators: UnionColumn[] = [];
  for (const t of tables) {
    for (const c of flatColumns(t)) {
      const id = columnId(c);
      if (c.kind === 'indicator' && !indicators.some((u) => u.id === id)) indicators.push({ header: c.name, id });
    }
  }
  const lead: UnionColumn[] = [
    { header: '序号', id: 'index' },
    { header: '单位', id: 'unit' },
  ];
  const hasKind = (k: string) => tables.some((t) => flatColumns(t).some((c) => c.kind === k));
  const tail: UnionColumn[] = [
    ...(hasKind('bonus') ? [{ header: '加分', id: 'bonus' }] : []),
    ...(hasKind('penalty') ? [{ header: '扣分', id: 'penalty' }] : []),
    { header: '总分', id: 'total' },
    { header: '排名', id: 'rank' },
    { header: '等次', id: 'tier' },
    // only while provisional: a final table has nothing to say per row
    ...(tables.some((t) => !t.complete) ? [{ header: '状态', id: 'status' }] : []),
    ...(hasKind('note') ? [{ header: '备注', id: 'note' }] : []),
  ];
  const columns = [...lead, ...indicators, ...tail];

  // the first line says whether the numbers below are final, before anyone reads a row
  const title = csvCell(resultsTitle(tables.map((t) => ({ units: t.rows }))));
  const lines = [title, ['分组', ...columns.map((c) => c.header)].map(csvCell).join(',')];
  for (const t of tables) {
    const own = new Map(flatColumns(t).map((c) => [columnId(c), c]));
    for (const row of t.rows) {
      const cells = columns.map((u) => {
        if (u.id === 'status') return csvCell(row.status);
        const c = own.get(u.id);
        if (!c) return '';
        const text = flatText(t, row, c);
        // scores as numbers with the table's decimals; "—" stays text
        return c.isScore && text !== NO_SCORE ? text : csvCell(text);
      });
      lines.push([csvCell(t.groupName), ...cells].join(','));
    }
  }
  return `${BOM}${lines.join('\r\n')}\r\n`;
}
