/** The input widgets of a cell, one per kind of leaf: a number, a checklist, a yes/no. */
import { useState } from 'react';
import { useI18n } from '../useT';
import type { ChecklistLeaf, ScoreEntry } from '../../engine';
import { parseTypedNumber } from './cell';
import type { CellSave } from './useCellSave';

interface NumberInputProps {
  testKey: string;
  cell: CellSave;
  disabled: boolean;
  hint: string;
  suffix?: string;
}

/** Points, bonus or a measured percent. Saved on Enter or when the field is left; Esc puts it back. */
export function NumberInput({ testKey, cell, disabled, hint, suffix }: NumberInputProps) {
  const { t } = useI18n();
  const stored = cell.existing?.value;
  const [draft, setDraft] = useState<string | null>(null);
  const shown = draft ?? (stored === undefined ? '' : String(stored));

  const commit = async () => {
    if (draft === null) return;
    const n = parseTypedNumber(draft);
    if (n === undefined) {
      cell.setError(t('entry.notNumber', { text: draft }));
      return;
    }
    if (n === null ? stored === undefined : n === stored) {
      setDraft(null);
      cell.setError(null);
      return;
    }
    const ok = n === null ? await cell.clear() : await cell.save({ value: n });
    if (ok) setDraft(null);
  };

  return (
    <span className="number-input">
      <input
        type="text"
        inputMode="decimal"
        autoComplete="off"
        data-testid={`leaf-input-${testKey}`}
        aria-invalid={cell.error !== null}
        aria-label={hint}
        placeholder={hint}
        value={shown}
        disabled={disabled}
        onChange={(e) => setDraft(e.target.value)}
        onBlur={() => void commit()}
        onKeyDown={(e) => {
          if (e.key === 'Enter') void commit();
          if (e.key === 'Escape') {
            setDraft(null);
            cell.setError(null);
          }
        }}
      />
      {suffix && <span className="suffix">{suffix}</span>}
    </span>
  );
}

export function ChecklistInput({ leaf, testKey, cell, disabled }: { leaf: ChecklistLeaf; testKey: string; cell: CellSave; disabled: boolean }) {
  const { t } = useI18n();
  const checks = cell.existing?.checks ?? {};
  const toggle = (key: string, on: boolean) => {
    const next: Record<string, boolean> = {};
    for (const item of leaf.items) next[item.key] = checks[item.key] ?? false;
    next[key] = on;
    void cell.save({ checks: next });
  };
  return (
    <ul className="checklist">
      {leaf.items.map((item) => (
        <li key={item.key}>
          <label>
            <input
              type="checkbox"
              data-testid={`check-${testKey}-${item.key}`}
              checked={checks[item.key] ?? false}
              disabled={disabled}
              onChange={(e) => toggle(item.key, e.target.checked)}
            />
            {item.name}
            <span className="muted"> {t('common.points', { n: item.points })}</span>
          </label>
        </li>
      ))}
    </ul>
  );
}

export function YesNoInput({ testKey, cell, disabled }: { testKey: string; cell: CellSave; disabled: boolean }) {
  const { t } = useI18n();
  const value: ScoreEntry['triggered'] = cell.existing?.triggered;
  return (
    <span className="yes-no" role="radiogroup">
      {([true, false] as const).map((v) => (
        <label key={String(v)} className={value === v ? 'chosen' : undefined}>
          <input
            type="radio"
            name={`veto-${testKey}`}
            data-testid={`veto-${testKey}-${v ? 'yes' : 'no'}`}
            checked={value === v}
            disabled={disabled}
            onChange={() => void cell.save({ triggered: v })}
          />
          {v ? t('common.yes') : t('common.no')}
        </label>
      ))}
    </span>
  );
}
