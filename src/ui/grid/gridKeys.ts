/**
 * The grid's keys, as in a spreadsheet. While editing: Enter / Tab commit and move, arrows commit and
 * move when the edit was started by typing, Esc cancels. Otherwise: arrows (Shift extends the
 * selection, Ctrl jumps to the edge), Tab runs along the row, Enter moves down or opens the cell's
 * editor, F2 edits, Delete clears, Backspace starts an empty edit, Ctrl+Z / Ctrl+Y undo and redo.
 * Ctrl+Enter confirms the selected empty deduction cells as 本项无问题.
 * Ctrl+C and Ctrl+V are left to the copy and paste events.
 */
import type { KeyboardEvent } from 'react';
import type { GridEditor } from './useGridEditor';

export interface GridSize {
  rows: number;
  cols: number;
  /** rows in one screen, for PageUp / PageDown */
  page: number;
}

const ARROWS: Record<string, [number, number]> = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] };

export function gridKey(e: KeyboardEvent<HTMLInputElement>, ed: GridEditor, size: GridSize): void {
  if (e.nativeEvent.isComposing || e.key === 'Process') return;
  const p = ed.activePos;
  if (!p) return;
  const last = { r: size.rows - 1, c: size.cols - 1 };
  const d = ARROWS[e.key];

  if (ed.editing) {
    if (e.key === 'Enter' || e.key === 'Tab' || (d && ed.editing.mode === 'enter')) {
      e.preventDefault();
      if (!ed.commitEdit()) return;
      if (e.key === 'Enter') ed.moveTo(p.r + (e.shiftKey ? -1 : 1), p.c);
      else if (e.key === 'Tab') ed.moveTo(p.r, p.c + (e.shiftKey ? -1 : 1));
      else ed.moveTo(p.r + d![0], p.c + d![1]);
    } else if (e.key === 'Escape') {
      e.preventDefault();
      ed.cancelEdit();
    }
    return;
  }

  if (e.ctrlKey || e.metaKey) {
    const k = e.key.toLowerCase();
    if (k === 'z' && !e.shiftKey) ed.undo();
    else if (k === 'y' || (k === 'z' && e.shiftKey)) ed.redo();
    else if (k === 'a') ed.selectAll();
    else if (e.key === 'Enter') ed.confirmSelection();
    else if (d) ed.moveTo(d[0] === 0 ? p.r : d[0] < 0 ? 0 : last.r, d[1] === 0 ? p.c : d[1] < 0 ? 0 : last.c, e.shiftKey);
    else if (e.key === 'Home') ed.moveTo(0, 0, e.shiftKey);
    else if (e.key === 'End') ed.moveTo(last.r, last.c, e.shiftKey);
    else return;
    e.preventDefault();
    return;
  }

  if (d) ed.moveTo(p.r + d[0], p.c + d[1], e.shiftKey);
  else if (e.key === 'Tab') {
    // Tab runs along the row and on to the next one
    const next = p.c + (e.shiftKey ? -1 : 1);
    if (next > last.c && p.r < last.r) ed.moveTo(p.r + 1, 0);
    else if (next < 0 && p.r > 0) ed.moveTo(p.r - 1, last.c);
    else ed.moveTo(p.r, next);
  } else if (e.key === 'Enter') {
    if (ed.needsEditor(ed.activeCol)) ed.openEditor();
    else ed.moveTo(p.r + (e.shiftKey ? -1 : 1), p.c);
  } else if (e.key === 'F2') ed.openEditor();
  else if (e.key === 'Delete') ed.clearSelection();
  else if (e.key === 'Backspace') ed.startEdit('enter', '');
  else if (e.key === 'Escape') {
    ed.collapseSelection();
    ed.setMessage(null);
  } else if (e.key === 'Home') ed.moveTo(p.r, 0, e.shiftKey);
  else if (e.key === 'End') ed.moveTo(p.r, last.c, e.shiftKey);
  else if (e.key === 'PageDown') ed.moveTo(p.r + size.page, p.c, e.shiftKey);
  else if (e.key === 'PageUp') ed.moveTo(p.r - size.page, p.c, e.shiftKey);
  else if (e.key === ' ') {
    // a space opens a checklist or veto; on a number it would start an edit that clears the cell
    if (ed.needsEditor(ed.activeCol)) ed.openEditor();
  } else return;
  e.preventDefault();
}
