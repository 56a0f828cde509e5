import { describe, expect, it } from 'vitest';
import type { ScoreEntry } from '../../src/engine';
import type { CellChange } from '../../src/ui/grid/cellPlan';
import { EMPTY_HISTORY, record, redoStep, undoStep, type History } from '../../src/ui/grid/history';

const entry = (value: number): ScoreEntry => ({ id: 'u1:policy:a1', unitId: 'u1', node: 'policy', assessorId: 'a1', value, rev: 1 });
const change = (before: number | undefined, after: number | undefined): CellChange => ({
  unitId: 'u1',
  node: 'policy',
  before: before === undefined ? undefined : entry(before),
  after: after === undefined ? undefined : entry(after),
});
const values = (edit: { changes: readonly CellChange[] }) => edit.changes.map((c) => [c.before?.value, c.after?.value]);

/** Applies undo (or redo) and returns the written edit's [before, after] values and the new history. */
function step(h: History, which: 'undo' | 'redo') {
  const s = which === 'undo' ? undoStep(h) : redoStep(h);
  if (!s) throw new Error(`nothing to ${which}`);
  return { written: values(s.edit), h: s.next };
}

describe('edit history', () => {
  it('undoes by writing the before side back and redoes by writing the after side again', () => {
    let h = record(EMPTY_HISTORY, { changes: [change(undefined, 3)] });
    h = record(h, { changes: [change(3, 4.5)] });
    const u1 = step(h, 'undo');
    expect(u1.written).toEqual([[4.5, 3]]);
    const u2 = step(u1.h, 'undo');
    expect(u2.written).toEqual([[3, undefined]]); // the cell was empty: undo clears it
    expect(undoStep(u2.h)).toBeNull();
    const r1 = step(u2.h, 'redo');
    expect(r1.written).toEqual([[undefined, 3]]);
    const r2 = step(r1.h, 'redo');
    expect(r2.written).toEqual([[3, 4.5]]);
    expect(redoStep(r2.h)).toBeNull();
  });

  it('treats all cells of one action (a paste) as one step', () => {
    const h = record(EMPTY_HISTORY, { changes: [change(1, 2), change(undefined, 5), change(4, undefined)] });
    expect(step(h, 'undo').written).toEqual([
      [2, 1],
      [5, undefined],
      [undefined, 4],
    ]);
  });

  it('forgets what was undone once a new edit is made', () => {
    let h = record(EMPTY_HISTORY, { changes: [change(undefined, 1)] });
    h = step(h, 'undo').h;
    expect(redoStep(h)).not.toBeNull();
    h = record(h, { changes: [change(undefined, 2)] });
    expect(redoStep(h)).toBeNull();
    expect(h.done).toHaveLength(1);
  });

  it('ignores an edit that changed nothing and keeps at most the last `limit` edits', () => {
    expect(record(EMPTY_HISTORY, { changes: [] })).toBe(EMPTY_HISTORY);
    let h = EMPTY_HISTORY;
    for (let v = 1; v <= 5; v++) h = record(h, { changes: [change(v - 1, v)] }, 3);
    expect(h.done.map((e) => e.changes[0]!.after?.value)).toEqual([3, 4, 5]);
  });

  it('does not change the history it is given', () => {
    const h = record(EMPTY_HISTORY, { changes: [change(undefined, 1)] });
    const copy = JSON.parse(JSON.stringify(h));
    undoStep(h);
    expect(JSON.parse(JSON.stringify(h))).toEqual(copy);
  });
});
