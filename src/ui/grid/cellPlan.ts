/**
 * From text to a change of one cell, checked the same way for typing and pasting: is the cell
 * enterable, what does the text mean for its kind, and does the resulting entry pass validateEntry
 * (range, step, items) — before anything is written.
 */
import { canonicalJson } from '../../sync/contentHash';
import {
  exact as X,
  validateEntry,
  type CompiledRuleSet,
  type DeductionLeaf,
  type PenaltyLeaf,
  type ScoreEntry,
  type Unit,
} from '../../engine';
import type { T } from '../useT';
import { entryFor } from '../entry/cell';
import { deductionScore, parseCellText, penaltyPoints, type EntryFields } from './cellText';
import { columnName, nodeOf, type EditableColumn, type GridColumn } from './columns';

/** One cell before and after an edit; `undefined` is an empty cell (no entry by this assessor). */
export interface CellChange {
  unitId: string;
  node: string;
  before: ScoreEntry | undefined;
  after: ScoreEntry | undefined;
}

export interface CellContext {
  compiled: CompiledRuleSet;
  assessorId: string;
  /** the current assessor's entry shown in the cell */
  entryOf(unitId: string, node: string): ScoreEntry | undefined;
  /** leaf keys the unit's class removes */
  excluded(unit: Unit): ReadonlySet<string>;
  t: T;
}

export type CellPlan =
  | { type: 'none' }
  | { type: 'change'; change: CellChange }
  | { type: 'findings'; deduction: number }
  | { type: 'error'; message: string };

/** Why a cell cannot be entered in the grid, or null when it can. */
export function readOnlyReason(ctx: CellContext, unit: Unit, col: GridColumn): string | null {
  const { t } = ctx;
  if (col.kind === 'subtotal') return t('entry.grid.readOnlySubtotal');
  if (col.perObject) return t('entry.grid.perObject');
  if (col.kind === 'leaf' && ctx.excluded(unit).has(col.leaf.key)) {
    const cls = ctx.compiled.ruleSet.unitClasses.find((k) => k.key === unit.unitClass);
    return t('entry.grid.excluded', { cls: cls?.name ?? unit.unitClass ?? '' });
  }
  return null;
}

const content = (e: ScoreEntry | undefined) =>
  e === undefined ? 'null' : canonicalJson([e.value, e.checks, e.findings, e.triggered, e.notApplicable]);

export const sameCellContent = (a: ScoreEntry | undefined, b: ScoreEntry | undefined) => content(a) === content(b);

/** A cell set to `fields` (null: cleared), validated; unchanged content plans nothing. */
export function planFields(ctx: CellContext, unit: Unit, col: EditableColumn, fields: EntryFields | null): CellPlan {
  const node = nodeOf(col);
  const before = ctx.entryOf(unit.id, node);
  if (fields === null) return before ? { type: 'change', change: { unitId: unit.id, node, before, after: undefined } } : { type: 'none' };
  const after = entryFor({ unitId: unit.id, node, assessorId: ctx.assessorId }, before, fields);
  const problems = validateEntry(ctx.compiled, unit, after);
  if (problems.length > 0) return { type: 'error', message: problems.map((p) => p.message).join('；') };
  if (sameCellContent(before, after)) return { type: 'none' };
  return { type: 'change', change: { unitId: unit.id, node, before, after } };
}

/**
 * A score typed into a deduction cell (points off typed into a penalty cell), against the findings it
 * has: the same score changes nothing; "full marks" on an empty cell records "no problem found"; a
 * lower score needs findings worth the difference, each with a reason, so the findings editor opens
 * prefilled with it; a higher score can only come from removing findings, which the editor does.
 */
function planScore(ctx: CellContext, unit: Unit, col: EditableColumn, leaf: DeductionLeaf | PenaltyLeaf, typed: number, mode: 'type' | 'paste'): CellPlan {
  const { t } = ctx;
  const entry = ctx.entryOf(unit.id, leaf.key);
  const findings = entry?.findings;
  const v = X.dec(typed);
  // score for a deduction item, points off for a penalty; both "better" when the findings go
  const full = leaf.type === 'deduction' ? X.dec(leaf.max) : X.ZERO;
  const now = findings === undefined ? full : leaf.type === 'deduction' ? deductionScore(leaf, findings) : penaltyPoints(leaf, findings);
  if (findings !== undefined && X.eq(v, now)) return { type: 'none' };
  if (findings === undefined && X.eq(v, full)) return planFields(ctx, unit, col, { findings: [] });
  const worse = leaf.type === 'deduction' ? X.lt(v, now) : X.gt(v, now);
  if (!worse) return { type: 'error', message: t('entry.grid.deductionRaise', { now: X.formatShort(now) }) };
  if (mode === 'paste') return { type: 'error', message: t('entry.grid.pasteNeedsFindings') };
  return { type: 'findings', deduction: X.toNumber(leaf.type === 'deduction' ? X.sub(now, v) : X.sub(v, now)) };
}

/**
 * Text typed or pasted into a cell. A paste never creates findings (they need reasons), and a blank
 * pasted over a deduction cell leaves its findings alone rather than erasing them.
 */
export function planText(ctx: CellContext, unit: Unit, col: GridColumn, text: string, mode: 'type' | 'paste'): CellPlan {
  const locked = readOnlyReason(ctx, unit, col);
  if (locked !== null) return { type: 'error', message: locked };
  const editable = col as EditableColumn;
  const findingKind = editable.kind === 'leaf' && (editable.leaf.type === 'deduction' || editable.leaf.type === 'penalty');
  if (mode === 'paste' && findingKind && text.trim() === '') return { type: 'none' };
  const input = parseCellText(editable, text, ctx.t);
  switch (input.type) {
    case 'error':
      return input;
    case 'score':
      return planScore(ctx, unit, editable, (editable as { leaf: DeductionLeaf | PenaltyLeaf }).leaf, input.value, mode);
    case 'clear':
      return planFields(ctx, unit, editable, null);
    case 'set':
      return planFields(ctx, unit, editable, input.fields);
  }
}

/** "兰州市 / 政策解读：…" — the message of a cell names the unit and the column. */
export function cellMessage(t: T, unit: Unit, col: GridColumn, message: string): string {
  return t('entry.grid.cellError', { unit: unit.name, column: columnName(col), message });
}
