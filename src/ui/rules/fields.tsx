/**
 * The boxes of the rule editor's forms. Each writes straight into the draft (saved as typed) and shows
 * the validator's messages for its field underneath. A number box keeps text that is not a number yet
 * to itself (marked), so the draft only ever holds numbers.
 */
import { useId, useState, type ReactNode } from 'react';
import type { PlacedIssue } from '../../report/ruleDraft/issues';
import { parseNumber } from '../whatif/NumberField';
import { useI18n } from '../useT';

export type Edit = (value: unknown, mergeKey?: string) => void;

interface FieldProps {
  label: string;
  issues?: readonly PlacedIssue[];
  hint?: string;
  testId: string;
  wide?: boolean;
}

export function FieldShell({ label, issues = [], hint, testId, wide, htmlFor, children }: FieldProps & { htmlFor: string; children: ReactNode }) {
  const bad = issues.some((i) => i.severity === 'error');
  return (
    <div className={`rf${wide ? ' rf-wide' : ''}${bad ? ' rf-bad' : ''}`} data-testid={`${testId}-field`}>
      <label htmlFor={htmlFor}>{label}</label>
      <div className="rf-control">
        {children}
        {hint && <span className="rf-hint">{hint}</span>}
        <Messages issues={issues} testId={testId} />
      </div>
    </div>
  );
}

export function Messages({ issues, testId }: { issues: readonly PlacedIssue[]; testId: string }) {
  if (issues.length === 0) return null;
  return (
    <ul className="rf-messages" data-testid={`${testId}-issues`}>
      {issues.map((i, k) => (
        <li key={k} className={i.severity === 'error' ? 'rf-error' : 'rf-warning'} role={i.severity === 'error' ? 'alert' : undefined}>
          {i.message}
        </li>
      ))}
    </ul>
  );
}

export function TextField({
  value,
  onEdit,
  optional,
  multiline,
  ...p
}: FieldProps & { value: string | undefined; onEdit: Edit; optional?: boolean; multiline?: boolean }) {
  const id = useId();
  const change = (s: string) => onEdit(optional && s === '' ? undefined : s, `${p.testId}`);
  return (
    <FieldShell {...p} htmlFor={id}>
      {multiline ? (
        <textarea id={id} data-testid={p.testId} value={value ?? ''} rows={2} onChange={(e) => change(e.target.value)} />
      ) : (
        <input id={id} data-testid={p.testId} value={value ?? ''} onChange={(e) => change(e.target.value)} />
      )}
    </FieldShell>
  );
}

export function NumField({
  value,
  onEdit,
  optional,
  suffix,
  ...p
}: FieldProps & { value: number | null | undefined; onEdit: Edit; optional?: boolean; suffix?: string }) {
  const { t } = useI18n();
  const id = useId();
  const [text, setText] = useState(value === undefined || value === null ? '' : String(value));
  const [shown, setShown] = useState(value);
  // the draft changed from outside (undo, another box): show it unless the text already means it
  if (value !== shown) {
    setShown(value);
    const current = parseNumber(text);
    if (current !== value) setText(value === undefined || value === null ? '' : String(value));
  }
  const n = parseNumber(text);
  const notNumber = text.trim() !== '' && n === null;
  return (
    <FieldShell {...p} htmlFor={id}>
      <span className="rf-num">
        <input
          id={id}
          data-testid={p.testId}
          inputMode="decimal"
          className={notNumber ? 'invalid' : undefined}
          value={text}
          aria-invalid={notNumber || undefined}
          onChange={(e) => {
            const s = e.target.value;
            setText(s);
            const v = parseNumber(s);
            if (s.trim() === '') {
              setShown(undefined);
              onEdit(optional ? undefined : null, p.testId);
            } else if (v !== null) {
              setShown(v);
              onEdit(v, p.testId);
            }
          }}
        />
        {suffix && <span className="rf-suffix">{suffix}</span>}
      </span>
      {notNumber && <span className="rf-error">{t('rules.notNumber')}</span>}
    </FieldShell>
  );
}

export function SelectField<V extends string>({
  value,
  options,
  onEdit,
  ...p
}: FieldProps & { value: V | undefined; options: readonly { value: V | ''; label: string }[]; onEdit: Edit }) {
  const id = useId();
  return (
    <FieldShell {...p} htmlFor={id}>
      <select id={id} data-testid={p.testId} value={value ?? ''} onChange={(e) => onEdit(e.target.value === '' ? undefined : e.target.value)}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </FieldShell>
  );
}

/** A yes/no that may also be left unset (the rule file's default applies). */
export function TriField({ value, onEdit, defaultLabel, ...p }: FieldProps & { value: boolean | undefined; onEdit: Edit; defaultLabel: string }) {
  const { t } = useI18n();
  return (
    <SelectField
      {...p}
      value={value === undefined ? undefined : value ? 'yes' : 'no'}
      options={[
        { value: '', label: defaultLabel },
        { value: 'yes', label: t('common.yes') },
        { value: 'no', label: t('common.no') },
      ]}
      onEdit={(v) => onEdit(v === undefined ? undefined : v === 'yes')}
    />
  );
}

/** The issues of one field out of a node's or row's issues: the field itself and anything inside it. */
export function issuesFor(issues: readonly PlacedIssue[], field: string): PlacedIssue[] {
  return issues.filter((i) => {
    const f = i.place.field;
    return f === field || f.startsWith(`${field}.`);
  });
}
