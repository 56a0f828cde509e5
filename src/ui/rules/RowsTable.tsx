/**
 * Editable rows of a list inside a node or a setting (check points, checklist items, ratio steps):
 * one line per row, a box per column, add / remove / move up and down. The validator's messages
 * for a row are shown under it.
 */
import { useState } from 'react';
import type { PlacedIssue } from '../../report/ruleDraft/issues';
import { useI18n } from '../useT';
import { Messages } from './fields';
import { parseNumber } from '../whatif/NumberField';

export interface Column {
  field: string;
  label: string;
  kind: 'text' | 'number';
  optional?: boolean;
  width?: string;
}

type Row = Record<string, unknown>;

export interface RowsTableProps {
  rows: readonly Row[];
  columns: readonly Column[];
  /** issues of this list, placed by `<index>.<field>` relative to the list */
  issues: readonly { rel: string; issue: PlacedIssue }[];
  onChange(rows: Row[], mergeKey?: string): void;
  newRow(): Row;
  testId: string;
  addLabel: string;
}

export function RowsTable({ rows, columns, issues, onChange, newRow, testId, addLabel }: RowsTableProps) {
  const { t } = useI18n();
  const set = (i: number, field: string, value: unknown) => {
    const next = rows.map((r) => ({ ...r }));
    if (value === undefined) delete next[i]![field];
    else next[i]![field] = value;
    onChange(next, `${testId}.${i}.${field}`);
  };
  const move = (i: number, d: -1 | 1) => {
    const next = [...rows];
    [next[i], next[i + d]] = [next[i + d]!, next[i]!];
    onChange(next);
  };
  return (
    <div className="rows-table" data-testid={testId}>
      <table className="plain">
        <thead>
          <tr>
            <th className="col-no">#</th>
            {columns.map((c) => (
              <th key={c.field} style={c.width ? { width: c.width } : undefined}>
                {c.label}
              </th>
            ))}
            <th className="col-row-actions" />
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => {
            const mine = issues.filter((x) => x.rel === String(i) || x.rel.startsWith(`${i}.`)).map((x) => x.issue);
            return [
              <tr key={i} data-testid={`${testId}-row`} className={mine.some((m) => m.severity === 'error') ? 'row-bad' : undefined}>
                <td className="col-no">{i + 1}</td>
                {columns.map((c) => (
                  <td key={c.field}>
                    <Cell row={r} column={c} testId={`${testId}-${i}-${c.field}`} onSet={(v) => set(i, c.field, v)} />
                  </td>
                ))}
                <td className="col-row-actions">
                  <button type="button" className="icon" title={t('rules.moveUp')} disabled={i === 0} onClick={() => move(i, -1)}>
                    ↑
                  </button>
                  <button type="button" className="icon" title={t('rules.moveDown')} disabled={i === rows.length - 1} onClick={() => move(i, 1)}>
                    ↓
                  </button>
                  <button type="button" className="icon danger" title={t('common.delete')} data-testid={`${testId}-${i}-delete`} onClick={() => onChange(rows.filter((_, k) => k !== i))}>
                    ×
                  </button>
                </td>
              </tr>,
              mine.length > 0 && (
                <tr key={`${i}-issues`} className="row-issues">
                  <td />
                  <td colSpan={columns.length + 1}>
                    <Messages issues={mine} testId={`${testId}-${i}`} />
                  </td>
                </tr>
              ),
            ];
          })}
        </tbody>
      </table>
      <button type="button" className="link" data-testid={`${testId}-add`} onClick={() => onChange([...rows, newRow()])}>
        ＋ {addLabel}
      </button>
    </div>
  );
}

function Cell({ row, column, testId, onSet }: { row: Row; column: Column; testId: string; onSet(v: unknown): void }) {
  const v = row[column.field];
  if (column.kind === 'text') {
    return <input data-testid={testId} aria-label={column.label} value={typeof v === 'string' ? v : ''} onChange={(e) => onSet(column.optional && e.target.value === '' ? undefined : e.target.value)} />;
  }
  return <NumberCell value={typeof v === 'number' ? v : undefined} label={column.label} testId={testId} onSet={onSet} optional={column.optional} />;
}

function NumberCell({ value, label, testId, onSet, optional }: { value: number | undefined; label: string; testId: string; onSet(v: unknown): void; optional?: boolean | undefined }) {
  const [text, setText] = useState(value === undefined ? '' : String(value));
  const [shown, setShown] = useState(value);
  // the draft changed from outside (undo): show it unless the text already means it
  if (value !== shown) {
    setShown(value);
    if (parseNumber(text) !== value) setText(value === undefined ? '' : String(value));
  }
  const bad = text.trim() !== '' && parseNumber(text) === null;
  return (
    <input
      data-testid={testId}
      aria-label={label}
      inputMode="decimal"
      className={bad ? 'num invalid' : 'num'}
      value={text}
      onChange={(e) => {
        const s = e.target.value;
        setText(s);
        const n = parseNumber(s);
        if (s.trim() === '') {
          setShown(undefined);
          onSet(optional ? undefined : null);
        } else if (n !== null) {
          setShown(n);
          onSet(n);
        }
      }}
    />
  );
}

/** Issues under a node field that is a list, keyed by the rest of their path (`2.deduction`). */
export function listIssues(issues: readonly PlacedIssue[], field: string): { rel: string; issue: PlacedIssue }[] {
  return issues
    .filter((i) => i.place.field.startsWith(`${field}.`))
    .map((issue) => ({ rel: issue.place.field.slice(field.length + 1), issue }));
}
