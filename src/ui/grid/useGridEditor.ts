/**
 * The grid's keyboard and editing behaviour, as in a spreadsheet: one active cell (and a selected
 * range), typing overwrites, F2 edits, Enter / Tab commit and move, Esc cancels, Delete clears,
 * Ctrl+Z / Ctrl+Y undo and redo, paste and copy of rectangular blocks. Every change is planned and
 * validated before it is written; a refused change leaves a message at the cell and writes nothing.
 */
import { useCallback, useMemo, useState } from 'react';
import { useI18n } from '../useT';
import type { ScoreEntry, Unit } from '../../engine';
import { useApp } from '../appContext';
import { changedElsewhere } from './changedElsewhere';
import { cellKey } from './progress';
import { cellMessage, planFields, planText, readOnlyReason, type CellChange, type CellContext, type CellQuestion } from './cellPlan';
import { hasPendingReason } from '../../engine';
import { copyText, editText, type EntryFields } from './cellText';
import { isEditable, nodeOf, type EditableColumn, type GridColumn } from './columns';
import { useGridUi, useGroupUi, type CellAddress } from './gridUi';
import { pasteChanges, planPaste, type PastePlan } from './pastePlan';
import { parseTsv, toTsv } from './tsv';
import { useCellWrites } from './useCellWrites';
import type { GridData } from './useGridData';
import { WHY_PASTE } from './writeCells';

export interface GridMessage {
  kind: 'error' | 'info';
  text: string;
  /** every problem, when there are several (a refused paste) */
  details?: string[];
  /** a save failed: offer to write the unsaved cells again */
  retry?: boolean;
}

export interface Editing {
  /** "enter": started by typing, arrows commit and move; "edit": F2 / double-click, arrows move the caret */
  mode: 'enter' | 'edit';
  draft: string;
  /** the stored entry when the editor opened: a different one at commit was saved elsewhere */
  opened: ScoreEntry | undefined;
}

/** A typed value whose cell another tab changed meanwhile: written only if the user says so. */
export interface EditConflict {
  change: CellChange;
  col: EditableColumn;
  theirs: ScoreEntry | undefined;
  mine: string;
}

export type Popover = 'checklist' | 'veto' | null;

/** A ratio typed as a fraction, waiting for the assessor's reading. */
export interface RatioAsk {
  unit: Unit;
  col: GridColumn;
  question: Extract<CellQuestion, { kind: 'ratio' }>;
}

/** A checklist typed as points: the chooser opens with this hint and the combinations worth them. */
export interface ChecksHint {
  points: number;
  matches: Record<string, boolean>[];
}

/** A paste with bad cells or fractions, shown for review before anything is written. */
export interface ReviewedPaste {
  plan: Extract<PastePlan, { ok: true }>;
  /** where the pasted range starts on screen */
  r0: number;
  c0: number;
}

export interface FindingsTarget {
  unitId: string;
  colId: string;
  /** a score typed below full marks: the deduction the new finding starts with */
  deduction?: number;
}

export interface Rect {
  r0: number;
  r1: number;
  c0: number;
  c1: number;
}

export interface GridEditorOptions {
  data: GridData;
  rows: readonly Unit[];
  columns: readonly GridColumn[];
  locked: boolean;
  /** bring a cell into view */
  reveal(row: number, col: number): void;
  openUnit(unitId: string): void;
  expand(indicator: string): void;
}

export function useGridEditor({ data, rows, columns, locked, reveal, openUnit, expand }: GridEditorOptions) {
  const { t } = useI18n();
  const { assessor } = useApp();
  const groupKey = data.g.group.key;
  const ui = useGroupUi(groupKey);
  const update = useGridUi((s) => s.update);
  const [anchor, setAnchor] = useState<CellAddress | null>(null);
  const [editing, setEditing] = useState<Editing | null>(null);
  const [editError, setEditError] = useState<string | null>(null);
  const [popover, setPopover] = useState<Popover>(null);
  const [findings, setFindings] = useState<FindingsTarget | null>(null);
  const [message, setMessage] = useState<GridMessage | null>(null);
  const [conflict, setConflict] = useState<EditConflict | null>(null);
  const [ratioAsk, setRatioAsk] = useState<RatioAsk | null>(null);
  const [checksHint, setChecksHint] = useState<ChecksHint | null>(null);
  const [review, setReview] = useState<ReviewedPaste | null>(null);
  const writes = useCellWrites(data, (m) => setMessage({ kind: 'error', text: t('failure.cellKept', { message: m }), retry: true }));

  const rowIndex = useMemo(() => new Map(rows.map((u, i) => [u.id, i])), [rows]);
  const colIndex = useMemo(() => new Map(columns.map((c, i) => [c.id, i])), [columns]);

  // the active cell, kept by unit and column so that filtering or collapsing does not move it
  const pos = (a: CellAddress | null) => {
    if (!a) return null;
    const r = rowIndex.get(a.unitId);
    const c = colIndex.get(a.colId);
    return r === undefined || c === undefined ? null : { r, c };
  };
  const activePos = pos(ui.active) ?? (rows.length > 0 && columns.length > 0 ? { r: 0, c: 0 } : null);
  const activeUnit = activePos ? rows[activePos.r] : undefined;
  const activeCol = activePos ? columns[activePos.c] : undefined;
  const anchorPos = pos(anchor);
  const rect: Rect | null = activePos
    ? anchorPos
      ? { r0: Math.min(anchorPos.r, activePos.r), r1: Math.max(anchorPos.r, activePos.r), c0: Math.min(anchorPos.c, activePos.c), c1: Math.max(anchorPos.c, activePos.c) }
      : { r0: activePos.r, r1: activePos.r, c0: activePos.c, c1: activePos.c }
    : null;

  const ctx: CellContext = {
    compiled: data.compiled,
    assessorId: assessor?.id ?? '',
    entryOf: writes.displayed,
    excluded: data.excluded,
    t,
  };

  const address = (r: number, c: number): CellAddress => ({ unitId: rows[r]!.id, colId: columns[c]!.id });

  const moveTo = useCallback(
    (r: number, c: number, extend = false) => {
      if (rows.length === 0 || columns.length === 0) return;
      const rr = Math.max(0, Math.min(rows.length - 1, r));
      const cc = Math.max(0, Math.min(columns.length - 1, c));
      if (extend) setAnchor((a) => a ?? (activePos ? address(activePos.r, activePos.c) : null));
      else setAnchor(null);
      update(groupKey, () => ({ active: address(rr, cc) }));
      setEditError(null);
      reveal(rr, cc);
    },
    // address reads rows/columns
    [rows, columns, activePos?.r, activePos?.c, groupKey, update, reveal],
  );

  /** Can anything be written now? Says why not at the grid when it cannot. */
  const writable = (): boolean => {
    if (locked) {
      setMessage({ kind: 'error', text: t('entry.grid.locked') });
      return false;
    }
    if (!assessor) {
      setMessage({ kind: 'error', text: t('entry.needAssessor') });
      return false;
    }
    return true;
  };

  const refuse = (unit: Unit, col: GridColumn, text: string) => setMessage({ kind: 'error', text: cellMessage(t, unit, col, text) });

  /** Starts editing the active cell: with typed text (overwrite) or its current value (F2). */
  const startEdit = (mode: Editing['mode'], draft?: string): boolean => {
    if (!activeUnit || !activeCol) return false;
    if (!writable()) return false;
    const why = readOnlyReason(ctx, activeUnit, activeCol);
    if (why !== null) {
      refuse(activeUnit, activeCol, why);
      return false;
    }
    const col = activeCol as EditableColumn;
    const text = draft ?? editText(col, writes.displayed(activeUnit.id, nodeOf(col)), t);
    setMessage(null);
    setEditError(mode === 'enter' ? liveError(text) : null);
    setEditing({ mode, draft: text, opened: data.stored.get(cellKey(activeUnit.id, nodeOf(col))) });
    return true;
  };

  /** What is wrong with the text typed so far (shown at once, refused only on Enter). */
  const liveError = (draft: string): string | null => {
    if (!activeUnit || !activeCol || draft.trim() === '') return null;
    const plan = planText(ctx, activeUnit, activeCol, draft, 'type');
    return plan.type === 'error' ? plan.message : null;
  };

  /** The editor used for a cell that is not a plain number: F2, Enter, double-click. */
  const openEditor = (): void => {
    if (!activeUnit || !activeCol) return;
    if (activeCol.kind === 'subtotal') {
      expand(activeCol.indicator);
      return;
    }
    if (activeCol.perObject) {
      openUnit(activeUnit.id);
      return;
    }
    if (!writable()) return;
    const why = readOnlyReason(ctx, activeUnit, activeCol);
    if (why !== null) {
      refuse(activeUnit, activeCol, why);
      return;
    }
    setMessage(null);
    if (activeCol.kind === 'veto') setPopover('veto');
    else if (activeCol.leaf.type === 'checklist') setPopover('checklist');
    else if (activeCol.leaf.type === 'deduction' || activeCol.leaf.type === 'penalty') setFindings({ unitId: activeUnit.id, colId: activeCol.id });
    else startEdit('edit');
  };

  const needsEditor = (col: GridColumn | undefined) =>
    col !== undefined && (col.kind !== 'leaf' || col.perObject || ['checklist', 'deduction', 'penalty'].includes(col.leaf.type));

  /**
   * Commits the text being edited; false means stay on this cell: the text was refused (the editor stays
   * open), or a question about it was asked (the checklist chooser opens on the active cell, so Enter
   * must not move on to the next row first).
   */
  const commitEdit = (): boolean => {
    if (!editing || !activeUnit || !activeCol) return true;
    const plan = planText(ctx, activeUnit, activeCol, editing.draft, 'type');
    switch (plan.type) {
      case 'error':
        setEditError(plan.message);
        return false;
      case 'ask':
        setEditing(null);
        if (plan.question.kind === 'ratio') setRatioAsk({ unit: activeUnit, col: activeCol, question: plan.question });
        else {
          setChecksHint({ points: plan.question.points, matches: plan.question.matches });
          setPopover('checklist');
        }
        return false;
      case 'none':
        setEditing(null);
        return true;
      case 'change': {
        setEditing(null);
        const col = activeCol as EditableColumn;
        const now = data.stored.get(cellKey(activeUnit.id, nodeOf(col)));
        if (changedElsewhere(editing.opened, now, writes.ownRevisions())) {
          setConflict({ change: plan.change, col, theirs: now, mine: editing.draft });
          return true;
        }
        void writes.edit([plan.change]);
        if (plan.change.after && hasPendingReason(plan.change.after) && !(plan.change.before && hasPendingReason(plan.change.before))) {
          setMessage({ kind: 'info', text: t('paste.pendingSaved') });
        }
        return true;
      }
    }
  };

  const cancelEdit = () => {
    setEditing(null);
    setEditError(null);
  };

  /** A popover or the findings editor sets a cell's fields (null clears it). */
  const commitFields = async (unitId: string, colId: string, fields: EntryFields | null): Promise<string | null> => {
    const unit = data.units.find((u) => u.id === unitId);
    const col = columns.find((c) => c.id === colId);
    if (!unit || !col || !isEditable(col)) return null;
    if (!writable()) return t('entry.grid.locked');
    const plan = planFields(ctx, unit, col, fields);
    if (plan.type === 'error') return plan.message;
    if (plan.type === 'change') {
      const ok = await writes.edit([plan.change]);
      if (!ok) return t('entry.grid.saveFailedShort');
    }
    return null;
  };

  const cellsOf = (r: Rect) => {
    const out: { unit: Unit; col: GridColumn }[] = [];
    for (let i = r.r0; i <= r.r1; i++) for (let j = r.c0; j <= r.c1; j++) out.push({ unit: rows[i]!, col: columns[j]! });
    return out;
  };

  /** Delete: the selected cells become empty, as one undoable edit; read-only cells are skipped. */
  const clearSelection = () => {
    if (!rect || !writable()) return;
    const changes: CellChange[] = [];
    for (const { unit, col } of cellsOf(rect)) {
      if (readOnlyReason(ctx, unit, col) !== null) continue;
      const plan = planFields(ctx, unit, col as EditableColumn, null);
      if (plan.type === 'change') changes.push(plan.change);
    }
    if (changes.length === 0) {
      if (rect.r0 === rect.r1 && rect.c0 === rect.c1 && activeUnit && activeCol) {
        const why = readOnlyReason(ctx, activeUnit, activeCol);
        if (why !== null) refuse(activeUnit, activeCol, why);
      }
      return;
    }
    setMessage(null);
    void writes.edit(changes);
  };

  /**
   * Ctrl+Enter: the selected deduction and penalty cells this assessor has not decided become
   * 本项无问题 (an empty findings list) as one undoable edit — a whole unit row or item column at once.
   * An empty cell scores full marks either way; confirming is what makes it count as assessed.
   */
  const confirmSelection = () => {
    if (!rect || !writable()) return;
    const changes: CellChange[] = [];
    for (const { unit, col } of cellsOf(rect)) {
      if (col.kind !== 'leaf' || (col.leaf.type !== 'deduction' && col.leaf.type !== 'penalty')) continue;
      if (readOnlyReason(ctx, unit, col) !== null || ctx.entryOf(unit.id, col.leaf.key)?.findings !== undefined) continue;
      const plan = planFields(ctx, unit, col as EditableColumn, { findings: [] });
      if (plan.type === 'change') changes.push(plan.change);
    }
    if (changes.length === 0) return;
    setMessage(null);
    void writes.edit(changes);
  };

  const paste = (text: string) => {
    if (!activePos || !rect || !writable()) return;
    const block = parseTsv(text);
    const selected = rect.r1 > rect.r0 || rect.c1 > rect.c0;
    const plan = planPaste(ctx, block, {
      rows,
      columns,
      row: rect.r0,
      col: rect.c0,
      selection: selected ? { rows: rect.r1 - rect.r0 + 1, cols: rect.c1 - rect.c0 + 1 } : undefined,
    });
    if (!plan.ok) {
      const [first, ...rest] = plan.errors;
      setMessage({
        kind: 'error',
        text: rest.length === 0 ? t('entry.grid.pasteRefused', { message: first ?? '' }) : t('entry.grid.pasteRefusedMany', { n: plan.errors.length, message: first ?? '' }),
        details: plan.errors,
      });
      return;
    }
    if (plan.bad.length > 0 || plan.fractions.length > 0) {
      setMessage(null);
      setReview({ plan, r0: rect.r0, c0: rect.c0 });
      return;
    }
    writePaste(plan, rect.r0, rect.c0, plan.changes, 0);
  };

  /** Writes the cells of a paste as one undoable edit and selects the pasted range. */
  const writePaste = (plan: Extract<PastePlan, { ok: true }>, r0: number, c0: number, changes: CellChange[], left: number) => {
    setAnchor(address(r0 + plan.rows - 1, c0 + plan.cols - 1));
    update(groupKey, () => ({ active: address(r0, c0) }));
    if (changes.length === 0) setMessage({ kind: 'info', text: t(left > 0 ? 'paste.cancelled' : 'entry.grid.pasteUnchanged') });
    else if (left > 0) setMessage({ kind: 'info', text: t('paste.applied', { n: changes.length, bad: left }) });
    else setMessage({ kind: 'info', text: t('entry.grid.pasted', { n: changes.length }) });
    if (changes.length > 0) void writes.edit(changes, WHY_PASTE);
  };

  /** The reviewed paste: write its valid cells (fractions read as chosen), or nothing. */
  const finishReview = (apply: boolean, fractionsAsPercent: boolean) => {
    const r = review;
    setReview(null);
    if (!r) return;
    if (!apply) {
      setMessage({ kind: 'info', text: t('paste.cancelled') });
      return;
    }
    if (!writable()) return;
    writePaste(r.plan, r.r0, r.c0, pasteChanges(r.plan, fractionsAsPercent), r.plan.bad.length);
  };

  const copy = (): string => {
    if (!rect) return '';
    const lines: string[][] = [];
    for (let i = rect.r0; i <= rect.r1; i++) {
      const line: string[] = [];
      for (let j = rect.c0; j <= rect.c1; j++) {
        const col = columns[j]!;
        const unit = rows[i]!;
        if (col.kind === 'subtotal') {
          const score = data.resultOf.get(unit.id)?.nodes[col.indicator]?.score;
          line.push(score === undefined ? '' : String(score));
        } else line.push(copyText(col, writes.displayed(unit.id, nodeOf(col)), t));
      }
      lines.push(line);
    }
    return toTsv(lines);
  };

  const undoRedo = async (kind: 'undo' | 'redo') => {
    if (!writable()) return;
    if (kind === 'undo' ? !writes.canUndo : !writes.canRedo) {
      setMessage({ kind: 'info', text: t(kind === 'undo' ? 'entry.grid.nothingToUndo' : 'entry.grid.nothingToRedo') });
      return;
    }
    setEditing(null);
    const done = await writes.step(kind);
    if (!done || done.length === 0) return;
    setMessage({ kind: 'info', text: t(kind === 'undo' ? 'entry.grid.undone' : 'entry.grid.redone', { n: done.length }) });
    // the cells of the step are shown selected, where they are on screen
    const first = done[0]!;
    const r = rowIndex.get(first.unitId);
    const c = columns.findIndex((col) => isEditable(col) && nodeOf(col) === first.node);
    if (r !== undefined && c >= 0) moveTo(r, c);
  };

  return {
    t,
    rows,
    columns,
    activePos,
    activeUnit,
    activeCol,
    rect,
    editing,
    setDraft: (draft: string) => {
      setEditing((e) => (e ? { ...e, draft } : e));
      setEditError(liveError(draft));
    },
    editError,
    popover,
    closePopover: () => {
      setPopover(null);
      setChecksHint(null);
    },
    findings,
    closeFindings: () => setFindings(null),
    message,
    setMessage,
    conflict,
    /** overwrite: the typed value replaces theirs; otherwise theirs stays */
    ratioAsk,
    /** the typed fraction's answer: true 90%, false 0.9%, null cancel */
    answerRatio: (asPercent: boolean | null) => {
      const ask = ratioAsk;
      setRatioAsk(null);
      if (!ask || asPercent === null) return;
      const plan = asPercent ? ask.question.asPercent : ask.question.asTyped;
      if (plan.type === 'error') refuse(ask.unit, ask.col, plan.message);
      else if (plan.type === 'change') void writes.edit([plan.change]);
    },
    checksHint,
    review,
    finishReview,
    resolveConflict: (overwrite: boolean) => {
      if (conflict && overwrite) void writes.edit([conflict.change]);
      setConflict(null);
    },
    writes,
    ctx,
    moveTo,
    startEdit,
    openEditor,
    needsEditor,
    commitEdit,
    cancelEdit,
    commitFields,
    clearSelection,
    confirmSelection,
    paste,
    copy,
    undo: () => void undoRedo('undo'),
    redo: () => void undoRedo('redo'),
    selectAll: () => {
      if (rows.length === 0 || columns.length === 0) return;
      setAnchor(address(0, 0));
      update(groupKey, () => ({ active: address(rows.length - 1, columns.length - 1) }));
    },
    collapseSelection: () => setAnchor(null),
  };
}

export type GridEditor = ReturnType<typeof useGridEditor>;
