/**
 * A number box for what-if values: the draft follows every keystroke that forms a number; while the
 * text is not a number the box is marked and the draft keeps its last value.
 */
import { useState } from 'react';
import { useI18n } from '../useT';

export function parseNumber(text: string): number | null {
  const s = text.trim().replace(/，/g, '.').replace(/．/g, '.');
  if (s === '' || !/^-?(\d+\.?\d*|\.\d+)$/.test(s)) return null;
  const n = Number(s);
  return Number.isFinite(n) ? n : null;
}

export interface NumberFieldProps {
  value: number;
  onChange(value: number): void;
  testId: string;
  label: string;
  /** step of the ▲▼ buttons; none when absent */
  step?: number;
  suffix?: string;
}

export function NumberField({ value, onChange, testId, label, step, suffix }: NumberFieldProps) {
  const { t } = useI18n();
  const [text, setText] = useState(String(value));
  const [shown, setShown] = useState(value);
  // the value changed from outside (reset, ▲▼): show it unless the text already means it
  if (value !== shown) {
    setShown(value);
    if (parseNumber(text) !== value) setText(String(value));
  }
  const invalid = parseNumber(text) === null;
  const bump = (by: number) => {
    const next = Math.round((value + by) * 1e6) / 1e6;
    if (next > 0) onChange(next);
  };
  return (
    <span className="number-field">
      {step !== undefined && (
        <button type="button" className="secondary bump" aria-label={t('dashboard.decrease', { what: label })} onClick={() => bump(-step)} data-testid={`${testId}-down`}>
          −
        </button>
      )}
      <input
        type="text"
        inputMode="decimal"
        value={text}
        aria-label={label}
        aria-invalid={invalid}
        data-testid={testId}
        onChange={(e) => {
          setText(e.target.value);
          const n = parseNumber(e.target.value);
          if (n !== null) {
            setShown(n);
            onChange(n);
          }
        }}
      />
      {step !== undefined && (
        <button type="button" className="secondary bump" aria-label={t('dashboard.increase', { what: label })} onClick={() => bump(step)} data-testid={`${testId}-up`}>
          +
        </button>
      )}
      {suffix && <span className="suffix">{suffix}</span>}
    </span>
  );
}
