/**
 * What a grid cell shows and what typed or pasted text means, per kind of column. One parser serves
 * typing and pasting, and copying writes text this parser reads back, so a block copied out of the grid
 * (or out of the Excel workbook with the same columns) pastes in unchanged.
 *
 * Deduction cells show the score left after the findings; a number typed into one is read as the score
 * wanted (cellPlan.ts decides what that means against the findings already recorded).
 */
import { exact as X, type DeductionLeaf, type Finding, type Leaf, type PenaltyLeaf, type ScoreEntry } from '../../engine';
import type { T } from '../useT';
import { parseTypedNumber } from '../entry/cell';
import { checksForPoints } from '../../app/cellInput/checklistPoints';
import { fractionReading, type RatioReading } from '../../app/cellInput/ratioScale';
import type { EditableColumn } from './columns';

export type EntryFields = Pick<ScoreEntry, 'value' | 'checks' | 'findings' | 'triggered' | 'notApplicable'>;

export type CellInput =
  | { type: 'clear' }
  | { type: 'set'; fields: EntryFields }
  /** a deduction item's score (a penalty's points off) as typed: what it means depends on the findings already there */
  | { type: 'score'; value: number }
  /** a ratio given as 0.9: 90% or 0.9%? */
  | { type: 'ratio'; reading: RatioReading }
  /** a checklist given as points that several combinations of items reach: which items? */
  | { type: 'chooseChecks'; points: number; matches: Record<string, boolean>[] }
  | { type: 'error'; message: string };

const YES = new Set(['1', '是', '√', '✓', '✔', 'y', 'yes', '对', '有', 't', 'true', '触发']);
const NO = new Set(['0', '否', '×', '✗', '✘', 'x', 'no', 'n', '无', 'f', 'false', '未触发']);
const NOT_APPLICABLE = new Set(['不适用', 'n/a', 'na']);

/** Full-width letters, digits and punctuation from a Chinese input method become their ASCII forms. */
const normal = (text: string) => text.normalize('NFKC').trim();

function yesNo(text: string): boolean | undefined {
  const w = normal(text).toLowerCase();
  return YES.has(w) ? true : NO.has(w) ? false : undefined;
}

type FindingLeaf = DeductionLeaf | PenaltyLeaf;

/** Points one finding deducts: explicit points, else its check point's, else the item's default. */
export function findingPoints(leaf: FindingLeaf, f: Finding): X.Q {
  const per = f.points ?? leaf.checkpoints?.find((c) => c.key === f.checkpoint)?.deduction ?? leaf.perFinding ?? 0;
  return X.mul(X.dec(per), X.int(f.count ?? 1));
}

/** One assessor's score of a deduction leaf from their findings (扣完为止 unless the item says otherwise). */
export function deductionScore(leaf: DeductionLeaf, findings: readonly Finding[]): X.Q {
  const max = X.dec(leaf.max);
  const d = X.sum(findings.map((f) => findingPoints(leaf, f)));
  return leaf.floor === false ? X.sub(max, d) : X.sub(max, X.min(max, d));
}

/** Points a penalty item takes off for one assessor's findings, at most its cap. */
export function penaltyPoints(leaf: PenaltyLeaf, findings: readonly Finding[]): X.Q {
  const d = X.sum(findings.map((f) => findingPoints(leaf, f)));
  return leaf.cap === null ? d : X.min(d, X.dec(leaf.cap));
}

export function parseCellText(col: EditableColumn, text: string, t: T): CellInput {
  const trimmed = normal(text);
  if (trimmed === '') return { type: 'clear' };
  if (NOT_APPLICABLE.has(trimmed.toLowerCase())) return { type: 'set', fields: { notApplicable: true } };
  if (col.kind === 'veto') {
    const v = yesNo(trimmed);
    return v === undefined ? { type: 'error', message: t('entry.grid.vetoFormat', { text: trimmed }) } : { type: 'set', fields: { triggered: v } };
  }
  return parseLeafText(col.leaf, text, t);
}

function parseLeafText(leaf: Leaf, text: string, t: T): CellInput {
  switch (leaf.type) {
    case 'points':
    case 'bonus':
    case 'ratio': {
      const n = parseTypedNumber(text);
      if (n === undefined) return { type: 'error', message: t('entry.notNumber', { text: text.trim() }) };
      if (n === null) return { type: 'clear' };
      const reading = leaf.type === 'ratio' ? fractionReading(normal(text), n) : null;
      return reading ? { type: 'ratio', reading } : { type: 'set', fields: { value: n } };
    }
    case 'checklist': {
      const marks = parseChecklist(leaf.items.map((i) => i.key), text, t);
      const n = marks.type === 'error' ? parseTypedNumber(text) : undefined;
      if (n === undefined || n === null) return marks;
      const read = checksForPoints(leaf, n);
      if (read.type === 'checks') return { type: 'set', fields: { checks: read.checks } };
      if (read.type === 'choose') return { type: 'chooseChecks', points: n, matches: read.matches };
      return { type: 'error', message: t('paste.checklistUnreachable', { points: n, total: read.total, n: leaf.items.length }) };
    }
    case 'deduction': {
      const n = parseTypedNumber(text);
      if (n === undefined) return { type: 'error', message: t('entry.notNumber', { text: text.trim() }) };
      if (n === null) return { type: 'clear' };
      if (n < 0 || n > leaf.max) return { type: 'error', message: t('entry.grid.deductionRange', { value: n, max: leaf.max }) };
      return { type: 'score', value: n };
    }
    case 'penalty': {
      // shown as −2: a typed "−2" or "2" both mean two points off
      const n = parseTypedNumber(text.replace(/^\s*[−-]/, ''));
      if (n === undefined) return { type: 'error', message: t('entry.notNumber', { text: text.trim() }) };
      if (n === null) return { type: 'clear' };
      if (n < 0) return { type: 'error', message: t('entry.notNumber', { text: text.trim() }) };
      if (leaf.cap !== null && n > leaf.cap) return { type: 'error', message: t('entry.grid.penaltyRange', { value: n, cap: leaf.cap }) };
      return { type: 'score', value: n };
    }
  }
}

/** "1101", "是是否是", "√ √ × √": one mark per item, in the rule file's order (a number of points is read by the caller). */
function parseChecklist(keys: readonly string[], text: string, t: T): CellInput {
  const compact = normal(text).replace(/[\s,，、;；/|]+/g, '');
  const marks = [...compact].map((ch) => yesNo(ch));
  if (marks.length !== keys.length || marks.some((m) => m === undefined)) {
    const example = keys.map((_, i) => (i === keys.length - 1 && keys.length > 1 ? '0' : '1')).join('');
    return { type: 'error', message: t('entry.grid.checklistFormat', { text: text.trim(), n: keys.length, example }) };
  }
  const checks: Record<string, boolean> = {};
  keys.forEach((k, i) => (checks[k] = marks[i] === true));
  return { type: 'set', fields: { checks } };
}

export interface CellView {
  text: string;
  /** a small note beside the value: the number of findings */
  badge?: string;
}

/** What a cell shows for one assessor's entry. */
export function cellView(col: EditableColumn, entry: ScoreEntry | undefined, t: T): CellView {
  if (!entry) return { text: '' };
  if (entry.notApplicable) return { text: t('value.notApplicable') };
  if (col.kind === 'veto') return { text: entry.triggered === undefined ? '' : t(entry.triggered ? 'common.yes' : 'common.no') };
  const leaf = col.leaf;
  const badge = (f: readonly Finding[]) => (f.length > 0 ? { badge: t('entry.grid.findingsBadge', { n: f.length }) } : {});
  switch (leaf.type) {
    case 'points':
    case 'bonus':
      return { text: entry.value === undefined ? '' : String(entry.value) };
    case 'ratio':
      return { text: entry.value === undefined ? '' : `${entry.value}%` };
    case 'checklist': {
      if (!entry.checks) return { text: '' };
      const done = leaf.items.filter((i) => entry.checks?.[i.key] === true).length;
      return { text: `${done}/${leaf.items.length}` };
    }
    case 'deduction': {
      if (!entry.findings) return { text: '' };
      return { text: X.formatShort(deductionScore(leaf, entry.findings)), ...badge(entry.findings) };
    }
    case 'penalty': {
      if (!entry.findings) return { text: '' };
      const d = penaltyPoints(leaf, entry.findings);
      return { text: X.eq(d, X.ZERO) ? '0' : `−${X.formatShort(d)}`, ...badge(entry.findings) };
    }
  }
}

/** Text for the clipboard, in the form parseCellText reads back. */
export function copyText(col: EditableColumn, entry: ScoreEntry | undefined, t: T): string {
  if (!entry) return '';
  if (entry.notApplicable) return t('value.notApplicable');
  if (col.kind === 'veto') return entry.triggered === undefined ? '' : t(entry.triggered ? 'common.yes' : 'common.no');
  const leaf = col.leaf;
  switch (leaf.type) {
    case 'points':
    case 'bonus':
    case 'ratio':
      return entry.value === undefined ? '' : String(entry.value);
    case 'checklist':
      return entry.checks ? leaf.items.map((i) => (entry.checks?.[i.key] ? '1' : '0')).join('') : '';
    case 'deduction':
      return entry.findings ? X.formatShort(deductionScore(leaf, entry.findings)) : '';
    case 'penalty':
      return entry.findings ? X.formatShort(penaltyPoints(leaf, entry.findings)) : '';
  }
}

/** The text an editor starts from when a cell is opened with F2 (its current value, as typed). */
export const editText = copyText;
