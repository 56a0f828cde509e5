/**
 * Pasting a block copied from Excel/WPS: every cell of the block is planned and validated first; one
 * problem refuses the whole paste (the messages name each bad cell by unit and column), otherwise the
 * changes are written as one transaction. A block copied as a single cell fills a selected range, and
 * a block fills a selection that is a whole multiple of it, as in a spreadsheet.
 */
import type { Unit } from '../../engine';
import { cellMessage, planText, type CellChange, type CellContext } from './cellPlan';
import { columnName, type GridColumn } from './columns';

export interface PasteTarget {
  rows: readonly Unit[];
  columns: readonly GridColumn[];
  /** top-left cell of the paste (row and column index on screen) */
  row: number;
  col: number;
  /** size of the selected range, when more than one cell is selected */
  selection?: { rows: number; cols: number } | undefined;
}

export type PastePlan =
  | { ok: true; changes: CellChange[]; rows: number; cols: number }
  | { ok: false; errors: string[] };

const MAX_ERRORS = 50;

export function planPaste(ctx: CellContext, block: readonly (readonly string[])[], target: PasteTarget): PastePlan {
  const { t } = ctx;
  if (block.length === 0 || block[0]!.length === 0) return { ok: false, errors: [t('entry.grid.pasteEmpty')] };
  const width = block[0]!.length;
  const ragged = block.findIndex((r) => r.length !== width);
  if (ragged >= 0) {
    return { ok: false, errors: [t('entry.grid.pasteRagged', { line: ragged + 1, n: block[ragged]!.length, first: width })] };
  }

  const sel = target.selection;
  const tiles = sel !== undefined && (sel.rows > block.length || sel.cols > width) && sel.rows % block.length === 0 && sel.cols % width === 0;
  const rows = tiles ? sel.rows : block.length;
  const cols = tiles ? sel.cols : width;

  const startUnit = target.rows[target.row];
  const startCol = target.columns[target.col];
  if (!startUnit || !startCol) return { ok: false, errors: [t('entry.grid.pasteNoCell')] };
  const rowsLeft = target.rows.length - target.row;
  const colsLeft = target.columns.length - target.col;
  if (rows > rowsLeft || cols > colsLeft) {
    return {
      ok: false,
      errors: [
        t('entry.grid.pasteTooBig', { rows, cols, unit: startUnit.name, column: columnName(startCol), rowsLeft, colsLeft }),
      ],
    };
  }

  const changes: CellChange[] = [];
  const errors: string[] = [];
  for (let r = 0; r < rows && errors.length < MAX_ERRORS; r++) {
    const unit = target.rows[target.row + r]!;
    for (let c = 0; c < cols && errors.length < MAX_ERRORS; c++) {
      const col = target.columns[target.col + c]!;
      const text = block[r % block.length]![c % width]!;
      const plan = planText(ctx, unit, col, text, 'paste');
      if (plan.type === 'error') errors.push(cellMessage(t, unit, col, plan.message));
      else if (plan.type === 'change') changes.push(plan.change);
    }
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, changes, rows, cols };
}
