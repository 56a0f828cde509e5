/**
 * Pasting a block copied from Excel/WPS: every cell of the block is planned and validated first. A
 * block that does not fit (ragged, off the grid) is refused as a whole; otherwise the valid cells are
 * kept apart from the bad ones (each named by its row and column on screen, unit and indicator) and
 * from ratio cells given as fractions (0.9: 90%?), so the assessor can write the valid ones — still one
 * transaction, one undo step — and correct the rest. A block copied as a single cell fills a selected
 * range, and a block fills a selection that is a whole multiple of it, as in a spreadsheet.
 */
import type { Unit } from '../../engine';
import { planText, type CellChange, type CellContext } from './cellPlan';
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

/** A cell of the paste as the assessor finds it on screen: row and column numbers from 1. */
export interface PastePlace {
  row: number;
  col: number;
  unit: string;
  column: string;
}

export interface BadCell extends PastePlace {
  message: string;
}

/** A ratio cell given as a fraction: the change for each reading (null: that reading changes nothing). */
export interface FractionCell extends PastePlace {
  asPercent: CellChange | null;
  asTyped: CellChange | null;
  typed: number;
  percent: number;
}

export type PastePlan =
  | { ok: true; changes: CellChange[]; bad: BadCell[]; fractions: FractionCell[]; rows: number; cols: number }
  | { ok: false; errors: string[] };

/** The changes a reviewed paste writes: the valid cells and the fractions read the chosen way. */
export function pasteChanges(plan: Extract<PastePlan, { ok: true }>, fractionsAsPercent: boolean): CellChange[] {
  const chosen = plan.fractions.flatMap((f) => {
    const c = fractionsAsPercent ? f.asPercent : f.asTyped;
    return c ? [c] : [];
  });
  return [...plan.changes, ...chosen];
}

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
  const bad: BadCell[] = [];
  const fractions: FractionCell[] = [];
  for (let r = 0; r < rows; r++) {
    const unit = target.rows[target.row + r]!;
    for (let c = 0; c < cols; c++) {
      const col = target.columns[target.col + c]!;
      const place: PastePlace = { row: target.row + r + 1, col: target.col + c + 1, unit: unit.name, column: columnName(col) };
      const text = block[r % block.length]![c % width]!;
      const plan = planText(ctx, unit, col, text, 'paste');
      if (plan.type === 'error') bad.push({ ...place, message: plan.message });
      else if (plan.type === 'change') changes.push(plan.change);
      else if (plan.type === 'ask') {
        const q = plan.question;
        if (q.kind === 'checks') bad.push({ ...place, message: t('paste.checklistChoose', { points: q.points }) });
        else if (q.asPercent.type === 'error') bad.push({ ...place, message: q.asPercent.message });
        else {
          const changeOf = (p: typeof q.asTyped) => (p.type === 'change' ? p.change : null);
          if (q.asTyped.type === 'error') bad.push({ ...place, message: q.asTyped.message });
          else fractions.push({ ...place, asPercent: changeOf(q.asPercent), asTyped: changeOf(q.asTyped), typed: q.reading.typed, percent: q.reading.percent });
        }
      }
    }
  }
  return { ok: true, changes, bad, fractions, rows, cols };
}
