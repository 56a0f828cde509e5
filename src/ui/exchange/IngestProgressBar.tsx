/** Where the reading of an imported file stands: a bar with its stage in words, and a button to stop it. */
import { useI18n } from '../useT';
import type { OpenStep } from '../../app/bundleOpen';

/** the stages of reading, then storing once the checks passed (how far, when the store tells it) */
export type ImportStep = OpenStep;

interface Props {
  step: ImportStep;
  /** absent once storing alone has begun: a transaction is not stopped half way (while reading and writing at once, stopping undoes it) */
  onCancel?: () => void;
}

export function IngestProgressBar({ step, onCancel }: Props) {
  const { t, bytes, num } = useI18n();
  const storing = step.stage === 'store' && step.total !== undefined && step.total > 0 ? { stored: step.stored ?? 0, total: step.total } : undefined;
  const label =
    step.stage === 'read'
      ? t('ingest.progressRead', { stage: t('ingest.stage.read'), loaded: bytes(step.loaded), total: bytes(step.total) })
      : step.stage === 'parse'
        ? t('ingest.progressParse', { stage: t('ingest.stage.parse') })
        : step.stage === 'check'
          ? t('ingest.progressCheck', { stage: t('ingest.stage.check') })
          : step.stage === 'load'
            ? t('ingest.progressLoad', { done: num(step.done), total: num(step.total) })
            : storing
              ? t('ingest.progressStoreCount', { stage: t('ingest.store'), stored: num(storing.stored), total: num(storing.total) })
              : t('ingest.progressStore', { stage: t('ingest.store') });
  // reading has a measure, and storing a new assessment; parsing and checking do not, so the bar runs without a value
  const measure =
    step.stage === 'read' && step.total > 0
      ? { max: step.total, value: step.loaded }
      : step.stage === 'load' && step.total > 0
        ? { max: step.total, value: step.done }
        : storing && { max: storing.total, value: storing.stored };
  return (
    <div className="ingest-progress" data-testid="import-progress" data-stage={step.stage} role="status">
      <label>
        <span data-testid="import-progress-label">{label}</span>
        {measure ? <progress max={measure.max} value={measure.value} /> : <progress />}
      </label>
      {onCancel && (
        <button type="button" className="secondary" data-testid="import-cancel" title={t('ingest.cancelTitle')} onClick={onCancel}>
          {t('ingest.cancel')}
        </button>
      )}
    </div>
  );
}
