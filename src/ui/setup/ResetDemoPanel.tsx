/** 重置演示数据: the demo assessment back as shipped, after an explicit confirmation. */
import { useState } from 'react';
import { resetDemo } from '../../app/setup';
import { setCurrentAssessmentId, type KaoheDb } from '../../app/session';
import { useI18n } from '../useT';
import { trackSave } from '../../app/saveStatus';
import { fetchDemo } from '../../app/demo';
import { useJob } from '../useJob';

const asFailure = (text: string) => text;

export function ResetDemoPanel({ db, onDone }: { db: KaoheDb; onDone(message: string): void }) {
  const { t } = useI18n();
  const [confirming, setConfirming] = useState(false);
  // the job's outcome is only ever a failure: success closes the panel
  const { busy: running, outcome: error, run } = useJob<string | null>(asFailure, 'import');
  const busy = running !== null;

  const reset = () =>
    run(async () => {
      const bundle = await fetchDemo();
      const id = await trackSave(() => resetDemo(db, bundle));
      await setCurrentAssessmentId(db, id);
      setConfirming(false);
      onDone(t('setup.resetDone'));
      return null;
    });

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
