/**
 * A finding recorded from a bare score says 理由待补充 until someone writes why: this line takes the
 * reason and saves the finding with it (same points, same id), ending the unit's 未完成 for it.
 */
import { useState, type KeyboardEvent } from 'react';
import type { Finding } from '../../engine';
import { useI18n } from '../useT';

export function PendingReasonInput({ finding, onSave, onSaved, autoFocus }: { finding: Finding; onSave(f: Finding): Promise<boolean>; onSaved?(): void; autoFocus?: boolean }) {
  const { t } = useI18n();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const save = async () => {
    if (reason.trim() === '') {
      setError(t('paste.reasonEmpty'));
      return;
    }
    if (await onSave({ ...finding, reason: reason.trim() })) {
      setError(null);
      // this line goes with the saved reason: the keyboard stays in the editor around it
      onSaved?.();
    }
  };
  const onKey = (e: KeyboardEvent) => {
    if (e.key !== 'Enter') return;
    e.preventDefault();
    e.stopPropagation();
    void save();
  };
  return (
    <div className="pending-reason" data-testid="pending-reason">
      <input
        className="wide"
        value={reason}
        placeholder={t('paste.reasonPlaceholder')}
        aria-label={t('paste.writeReason')}
        onChange={(e) => setReason(e.target.value)}
        onKeyDown={onKey}
        autoFocus={autoFocus}
        data-testid="pending-reason-input"
      />
      <button type="button" onClick={() => void save()} data-testid="pending-reason-save">
        {t('paste.reasonSave')}
      </button>
      {error && (
        <span className="field-error" role="alert">
          {error}
        </span>
      )}
    </div>
  );
}
