/** 重置演示数据: the demo assessment back as shipped, after an explicit confirmation. */
import { useState } from 'react';
import { resetDemo, setCurrentAssessmentId, type KaoheDb } from '../../db/repo';
import { useI18n } from '../../i18n/useT';
import { trackSave } from '../../state/saveStatus';
import { fetchDemo } from '../demo';
import { failureText } from '../failureText';

export function ResetDemoPanel({ db, onDone }: { db: KaoheDb; onDone(message: string): void }) {
  const { t } = useI18n();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const reset = async () => {
    setBusy(true);
    try {
      const bundle = await fetchDemo(t);
      const id = await trackSave(() => resetDemo(db, bundle));
      await setCurrentAssessmentId(db, id);
      setConfirming(false);
      setError(null);
      onDone(t('setup.resetDone'));
    } catch (e) {
      setError(failureText(e, t, 'import'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="reset-demo">
      {!confirming ? (
        <button type="button" className="secondary" data-testid="reset-demo" onClick={() => setConfirming(true)}>
          {t('setup.resetDemo')}
        </button>
      ) : (
        <div className="confirm" role="alertdialog" aria-label={t('setup.resetDemo')}>
          <p>{t('setup.resetDemoConfirm')}</p>
          <button type="button" className="danger" data-testid="reset-demo-confirm" disabled={busy} onClick={() => void reset()}>
            {t('setup.resetDemo')}
          </button>
          <button type="button" className="secondary" disabled={busy} onClick={() => setConfirming(false)}>
            {t('common.cancel')}
          </button>
        </div>
      )}
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
