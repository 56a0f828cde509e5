/**
 * Small editors that open at a cell: a checklist's items one by one (是 / 否 each), and a veto's
 * 是 / 否 with what triggering it does. Keyboard first: digits or Y/N answer, Enter saves, Esc cancels;
 * the change is saved as one undoable edit of the cell.
 */
import { useEffect, useRef, useState, type FocusEvent, type KeyboardEvent } from 'react';
import { useI18n } from '../useT';
import type { ChecklistLeaf, CompiledRuleSet, ScoreEntry, Unit, Veto } from '../../engine';
import { effectText } from '../entry/VetoRow';
import type { ChecksHint } from './useGridEditor';

const YES_KEYS = new Set(['1', 'y', 'Y']);

/** Focus leaving the popover (a click on the grid, the toolbar) closes it without saving. */
const closeOnLeave = (onClose: () => void) => (e: FocusEvent<HTMLDivElement>) => {
  if (!e.currentTarget.contains(e.relatedTarget as Node | null)) onClose();
};
const NO_KEYS = new Set(['0', 'n', 'N']);

interface ChecklistProps {
  leaf: ChecklistLeaf;
  unit: Unit;
  entry: ScoreEntry | undefined;
  /** opened by typing points: which items is asked, with the combinations worth them offered */
  hint?: ChecksHint | null;
  /** resolves to a message when refused, null when saved */
  onSave(checks: Record<string, boolean>): Promise<string | null>;
  onClose(): void;
}

export function ChecklistPopover({ leaf, unit, entry, hint, onSave, onClose }: ChecklistProps) {
  const { t } = useI18n();
  const [checks, setChecks] = useState<Record<string, boolean>>(() =>
    hint?.matches.length === 1 ? { ...hint.matches[0]! } : Object.fromEntries(leaf.items.map((i) => [i.key, hint ? false : (entry?.checks?.[i.key] ?? false)])),
  );
  const [at, setAt] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => box.current?.focus(), []);

  const set = (i: number, v: boolean) => {
    setChecks((c) => ({ ...c, [leaf.items[i]!.key]: v }));
    setAt(Math.min(leaf.items.length - 1, i + 1));
  };
  const save = async () => {
    const message = await onSave(checks);
    if (message) setError(message);
    else onClose();
  };
  const onKey = (e: KeyboardEvent) => {
    e.stopPropagation();
    if (YES_KEYS.has(e.key)) set(at, true);
    else if (NO_KEYS.has(e.key)) set(at, false);
    else if (e.key === ' ') setChecks((c) => ({ ...c, [leaf.items[at]!.key]: !c[leaf.items[at]!.key] }));
    else if (e.key === 'ArrowDown' || (e.key === 'Tab' && !e.shiftKey)) setAt((i) => Math.min(leaf.items.length - 1, i + 1));
    else if (e.key === 'ArrowUp' || (e.key === 'Tab' && e.shiftKey)) setAt((i) => Math.max(0, i - 1));
    else if (e.key === 'Enter') void save();
    else if (e.key === 'Escape') onClose();
    else return;
    e.preventDefault();
  };
  const done = leaf.items.filter((i) => checks[i.key]).length;

  return (
    <div className="grid-popover" role="dialog" aria-label={`${unit.name} / ${leaf.name}`} tabIndex={-1} ref={box} onKeyDown={onKey} onBlur={closeOnLeave(onClose)} data-testid="checklist-popover">
      <div className="popover-title">
        {unit.name} / {leaf.name}
        <span className="muted"> {t('entry.grid.checklistDone', { done, all: leaf.items.length })}</span>
      </div>
      {hint && <ChecksHintLine leaf={leaf} hint={hint} checks={checks} onPick={setChecks} />}
      <ol className="popover-items">
        {leaf.items.map((item, i) => (
          <li key={item.key} className={i === at ? 'current' : undefined} onMouseDown={() => setAt(i)}>
            <span className="item-name">
              {item.name}
              <span className="muted"> {t('common.points', { n: item.points })}</span>
            </span>
            <span className="yes-no-buttons">
              {([true, false] as const).map((v) => (
                <button
                  key={String(v)}
                  type="button"
                  tabIndex={-1}
                  className={checks[item.key] === v ? 'chosen' : ''}
                  aria-pressed={checks[item.key] === v}
                  data-testid={`check-item-${item.key}-${v ? 'yes' : 'no'}`}
                  onClick={() => set(i, v)}
                >
                  {t(v ? 'common.yes' : 'common.no')}
                </button>
              ))}
            </span>
          </li>
        ))}
      </ol>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      <div className="popover-actions">
        <span className="muted">{t('entry.grid.checklistKeys')}</span>
        <button type="button" className="secondary" tabIndex={-1} onClick={onClose}>
          {t('common.cancel')}
        </button>
        <button type="button" tabIndex={-1} data-testid="checklist-save" onClick={() => void save()}>
          {t('common.save')}
        </button>
      </div>
    </div>
  );
}

/** "输入了 3 分：请选择…" and one button per combination of items worth the points. */
function ChecksHintLine({ leaf, hint, checks, onPick }: { leaf: ChecklistLeaf; hint: ChecksHint; checks: Record<string, boolean>; onPick(c: Record<string, boolean>): void }) {
  const { t } = useI18n();
  const sum = leaf.items.reduce((s, i) => (checks[i.key] ? s + i.points : s), 0);
  return (
    <div className="popover-hint" data-testid="checklist-hint">
      <p>{t('paste.checklistHint', { points: hint.points })}</p>
      {hint.matches.length > 1 ? (
        <p>
          {t('paste.checklistMatches', { points: hint.points })}
          {hint.matches.map((m, i) => (
            <button key={i} type="button" className="link" tabIndex={-1} onClick={() => onPick({ ...m })} data-testid="checklist-match">
              {leaf.items.filter((it) => m[it.key]).map((it) => it.name).join('＋')}
            </button>
          ))}
        </p>
      ) : hint.matches.length === 0 ? (
        <p className="muted">{t('paste.checklistMatchesNone', { points: hint.points })}</p>
      ) : null}
      <p className="muted">{t('paste.checklistSum', { sum: Math.round(sum * 100) / 100 })}</p>
    </div>
  );
}

interface VetoProps {
  veto: Veto;
  compiled: CompiledRuleSet;
  unit: Unit;
  entry: ScoreEntry | undefined;
  onSave(triggered: boolean | null): Promise<string | null>;
  onClose(): void;
}

export function VetoPopover({ veto, compiled, unit, entry, onSave, onClose }: VetoProps) {
  const { t } = useI18n();
  const [choice, setChoice] = useState<boolean>(entry?.triggered ?? false);
  const [error, setError] = useState<string | null>(null);
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => box.current?.focus(), []);

  const save = async (v: boolean | null) => {
    const message = await onSave(v);
    if (message) setError(message);
    else onClose();
  };
  const onKey = (e: KeyboardEvent) => {
    e.stopPropagation();
    if (YES_KEYS.has(e.key) || e.key === '是') void save(true);
    else if (NO_KEYS.has(e.key) || e.key === '否') void save(false);
    else if (e.key === 'ArrowLeft' || e.key === 'ArrowRight' || e.key === ' ' || e.key === 'Tab') setChoice((c) => !c);
    else if (e.key === 'Enter') void save(choice);
    else if (e.key === 'Delete') void save(null);
    else if (e.key === 'Escape') onClose();
    else return;
    e.preventDefault();
  };

  return (
    <div className="grid-popover veto" role="dialog" aria-label={`${unit.name} / ${veto.name}`} tabIndex={-1} ref={box} onKeyDown={onKey} onBlur={closeOnLeave(onClose)} data-testid="veto-popover">
      <div className="popover-title">
        {unit.name} / {veto.name}
      </div>
      <p className="popover-effect">{t('entry.grid.vetoEffect', { effect: effectText(veto, compiled, t) })}</p>
      <div className="yes-no-buttons big">
        {([true, false] as const).map((v) => (
          <button
            key={String(v)}
            type="button"
            tabIndex={-1}
            className={`${choice === v ? 'chosen' : ''}${v ? ' danger-choice' : ''}`}
            aria-pressed={choice === v}
            data-testid={`veto-${v ? 'yes' : 'no'}`}
            onClick={() => void save(v)}
          >
            {t(v ? 'entry.grid.vetoYes' : 'entry.grid.vetoNo')}
          </button>
        ))}
      </div>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      <div className="popover-actions">
        <span className="muted">{t('entry.grid.vetoKeys')}</span>
        <button type="button" className="secondary" tabIndex={-1} onClick={onClose}>
          {t('common.cancel')}
        </button>
      </div>
    </div>
  );
}
