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
  type ScoreEntry,
  type Unit,
} from '../../engine';
import type { T } from '../useT';
import { entryFor } from '../entry/cell';
import { parseCellText, type EntryFields } from './cellText';
import { findingsForScore, findingsResult, type FindingLeaf } from '../../app/cellInput/scoreAsFinding';
import type { RatioReading } from '../../app/cellInput/ratioScale';
import { newId } from '../../app/setup';
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
  | { type: 'ask'; question: CellQuestion }
  | { type: 'error'; message: string };

/** What the assessor is asked before a cell is written. */
export type CellQuestion =
  /** 0.9 in a ratio cell: 90% or 0.9%? each reading planned */
  | { kind: 'ratio'; reading: RatioReading; asPercent: CellPlan; asTyped: CellPlan }
  /** points in a checklist cell: which items? `matches` add up to the points */
  | { kind: 'checks'; points: number; matches: Record<string, boolean>[] };

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
 * A score typed or pasted into a deduction cell (points off into a penalty cell): the same score
 * changes nothing; otherwise the findings with written reasons stay and the difference becomes one
 * finding marked 理由待补充 ("full marks" on an empty cell records "no problem found"). A score better
 * than the written findings allow is refused: those are removed in the findings editor.
 */
function planScore(ctx: CellContext, unit: Unit, col: EditableColumn, leaf: FindingLeaf, typed: number): CellPlan {
  const { t } = ctx;
  const entry = ctx.entryOf(unit.id, leaf.key);
  const findings = entry?.findings;
  if (findings !== undefined && X.eq(X.dec(typed), findingsResult(leaf, findings))) return { type: 'none' };
  const next = findingsForScore(leaf, findings, typed, newId('f-'));
  if (!next.ok) {
    return {
      type: 'error',
      message: leaf.type === 'deduction' ? t('paste.aboveRecorded', { score: next.recorded }) : t('paste.aboveRecordedPenalty', { points: next.recorded }),
    };
  }
  return planFields(ctx, unit, col, { findings: next.findings });
}

/**
 * Text typed or pasted into a cell. A blank pasted over a deduction cell leaves its findings alone
 * rather than erasing them. A ratio given as a fraction and a checklist given as points that several
 * combinations reach come back as questions for the assessor.
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
      return planScore(ctx, unit, editable, (editable as { leaf: FindingLeaf }).leaf, input.value);
    case 'clear':
      return planFields(ctx, unit, editable, null);
    case 'set':
      return planFields(ctx, unit, editable, input.fields);
    case 'ratio':
      return {
        type: 'ask',
        question: {
          kind: 'ratio',
          reading: input.reading,
          asPercent: planFields(ctx, unit, editable, { value: input.reading.percent }),
          asTyped: planFields(ctx, unit, editable, { value: input.reading.typed }),
        },
      };
    case 'chooseChecks':
      return { type: 'ask', question: { kind: 'checks', points: input.points, matches: input.matches } };
  }
}

/** "兰州市 / 政策解读：…" — the message of a cell names the unit and the column. */
export function cellMessage(t: T, unit: Unit, col: GridColumn, message: string): string {
  return t('entry.grid.cellError', { unit: unit.name, column: columnName(col), message });
}
