/**
 * The line above the grid: undo / redo, the last message (a refused paste names every bad cell), and
 * the keys, so that nobody has to guess how the grid is driven.
 */
import { useState } from 'react';
import { useI18n } from '../useT';
import { cellView } from './cellText';
import type { GridEditor } from './useGridEditor';

export function GridStatus({ editor, locked, onFocusGrid }: { editor: GridEditor; locked: boolean; onFocusGrid(): void }) {
  const { t, dateTime } = useI18n();
  const [open, setOpen] = useState(false);
  const m = editor.message;
  const c = editor.conflict;
  return (
    <div className="grid-status">
      <div className="grid-undo">
        <button
          type="button"
          className="secondary"
          data-testid="grid-undo"
          disabled={locked || !editor.writes.canUndo}
          title={t('entry.grid.undoTitle')}
          onClick={() => {
            editor.undo();
            onFocusGrid();
          }}
        >
          ↶ {t('entry.grid.undo')}
        </button>
        <button
          type="button"
          className="secondary"
          data-testid="grid-redo"
          disabled={locked || !editor.writes.canRedo}
          title={t('entry.grid.redoTitle')}
          onClick={() => {
            editor.redo();
            onFocusGrid();
          }}
        >
          ↷ {t('entry.grid.redo')}
        </button>
        <button
          type="button"
          className="secondary"
          data-testid="grid-confirm-selection"
          disabled={locked}
          title={t('grid.confirmSelectionTitle')}
          // keeps the grid's selection: the click must not move focus before the confirmation reads it
          onMouseDown={(e) => e.preventDefault()}
          onClick={() => {
            editor.confirmSelection();
            onFocusGrid();
          }}
        >
          ✓ {t('grid.confirmSelection')}
        </button>
      </div>
      {c ? (
        <div className="grid-message error" role="alertdialog" data-testid="grid-conflict">
          <span className="grid-message-text">
            {t('failure.changedElsewhere', {
              value: c.theirs ? cellView(c.col, c.theirs, t).text || t('failure.emptyValue') : t('failure.emptyValue'),
              who: c.theirs?.updatedBy ?? '—',
              at: c.theirs?.updatedAt ? dateTime(c.theirs.updatedAt) : '—',
              mine: c.mine,
            })}
          </span>
          <button type="button" data-testid="grid-overwrite" onClick={() => editor.resolveConflict(true)}>
            {t('failure.overwrite')}
          </button>
          <button type="button" className="secondary" data-testid="grid-keep-theirs" onClick={() => editor.resolveConflict(false)}>
            {t('failure.keepTheirs')}
          </button>
        </div>
      ) : m ? (
        <div className={`grid-message ${m.kind}`} role={m.kind === 'error' ? 'alert' : 'status'} data-testid="grid-message" data-kind={m.kind}>
          <span className="grid-message-text">{m.text}</span>
          {m.retry && editor.writes.unsaved > 0 && (
            <button
              type="button"
              data-testid="grid-retry"
              onClick={() => {
                editor.setMessage(null);
                void editor.writes.retry();
              }}
            >
              {t('failure.retry')}
            </button>
          )}
          {m.details && m.details.length > 1 && (
            <button type="button" className="link" onClick={() => setOpen((o) => !o)}>
              {open ? t('entry.grid.hideDetails') : t('entry.grid.showDetails', { n: m.details.length })}
            </button>
          )}
          <button type="button" className="link" aria-label={t('common.close')} onClick={() => editor.setMessage(null)}>
            ×
          </button>
          {open && m.details && (
            <ol className="grid-message-details" data-testid="grid-message-details">
              {m.details.map((d, i) => (
                <li key={i}>{d}</li>
              ))}
            </ol>
          )}
        </div>
      ) : (
        <div className="grid-keys" data-testid="grid-keys">
          {t('entry.grid.keys')}
        </div>
      )}
    </div>
  );
}
