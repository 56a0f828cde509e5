/**
 * Undo and redo of grid edits. An edit is every cell one action changed (a typed value, a paste, a
 * cleared range), undone or redone as a whole. Undoing writes the "before" side back and redoing the
 * "after" side, each as a new saved and audited edit: history is never rewritten, only added to.
 *
 * Immutable values, so a step is taken only once its write has been committed.
 */
import type { CellChange } from './cellPlan';

export interface Edit {
  changes: readonly CellChange[];
}

export interface History {
  done: readonly Edit[];
  undone: readonly Edit[];
}

export const EMPTY_HISTORY: History = { done: [], undone: [] };

/** How many edits can be undone (older ones drop off, as in a spreadsheet). */
export const HISTORY_LIMIT = 200;

/** A new edit: it can be undone, and whatever had been undone can no longer be redone. */
export function record(h: History, edit: Edit, limit = HISTORY_LIMIT): History {
  if (edit.changes.length === 0) return h;
  const done = [...h.done, edit];
  return { done: done.length > limit ? done.slice(done.length - limit) : done, undone: [] };
}

/** The cells to write to undo the last edit, i.e. each change reversed. */
export function reverse(edit: Edit): Edit {
  return { changes: edit.changes.map((c) => ({ ...c, before: c.after, after: c.before })) };
}

export interface Step {
  /** the edit to write (already reversed for an undo) */
  edit: Edit;
  /** the history once that write has been committed */
  next: History;
}

export function undoStep(h: History): Step | null {
  const last = h.done[h.done.length - 1];
  if (!last) return null;
  return { edit: reverse(last), next: { done: h.done.slice(0, -1), undone: [...h.undone, last] } };
}

export function redoStep(h: History): Step | null {
  const last = h.undone[h.undone.length - 1];
  if (!last) return null;
  return { edit: last, next: { done: [...h.done, last], undone: h.undone.slice(0, -1) } };
}
