/** Where the reading of an imported file stands: a bar with its stage in words, and a button to stop it. */
import { useI18n } from '../useT';
import type { IngestProgress } from '../../app/readBundleInWorker';

/** the stages of reading, then storing once the checks passed */
export type ImportStep = IngestProgress | { stage: 'store' };

interface Props {
  step: ImportStep;
  /** absent once storing has begun: a transaction is not stopped half way */
  onCancel?: () => void;
}

export function IngestProgressBar({ step, onCancel }: Props) {
  const { t, bytes } = useI18n();
  const label =
    step.stage === 'read'
      ? t('ingest.progressRead', { stage: t('ingest.stage.read'), loaded: bytes(step.loaded), total: bytes(step.total) })
      : step.stage === 'parse'
        ? t('ingest.progressParse', { stage: t('ingest.stage.parse') })
        : step.stage === 'check'
          ? t('ingest.progressCheck', { stage: t('ingest.stage.check') })
          : t('ingest.progressStore', { stage: t('ingest.store') });
  // reading has a measure; parsing, checking and storing do not, so the bar runs without a value
  const measured = step.stage === 'read' && step.total > 0;
  return (
    <div className="ingest-progress" data-testid="import-progress" data-stage={step.stage} role="status">
      <label>
        <span data-testid="import-progress-label">{label}</span>
        {measured ? <progress max={step.total} value={step.loaded} /> : <progress />}
      </label>
      {onCancel && (
        <button type="button" className="secondary" data-testid="import-cancel" title={t('ingest.cancelTitle')} onClick={onCancel}>
          {t('ingest.cancel')}
        </button>
      )}
    </div>
  );
}
