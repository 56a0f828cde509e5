/**
 * While an opened assessment's entries are still being read: the ranking shows results scored off the
 * page from what is stored, and says so; pages that need the entries wait, saying what they wait for.
 */
import { useEffect, useState } from 'react';
import type { EntriesLoading } from '../app/assessmentView';
import { useI18n } from './useT';

/** How far the reading is, asked again every half second (the reading itself does not draw the page). */
function usePercent(loading: EntriesLoading): number {
  const of = () => {
    const { read, total } = loading.progress();
    return total > 0 ? Math.min(99, Math.floor((read / total) * 100)) : 0;
  };
  const [percent, setPercent] = useState(of);
  useEffect(() => {
    const timer = setInterval(() => setPercent(of), 500);
    return () => clearInterval(timer);
  });
  return percent;
}

export function EntriesLoadingBanner({ loading }: { loading: EntriesLoading }) {
  const { t } = useI18n();
  const percent = usePercent(loading);
  return (
    <p className={loading.outdated ? 'notice warn' : 'notice'} role="status" data-testid="entries-loading" data-outdated={loading.outdated || undefined} data-from={loading.fromSnapshot ? 'snapshot' : 'scored'}>
      <strong>{t('cycle.entriesLoading', { percent })}</strong>{' '}
      <span className="muted">{t(loading.outdated ? 'cycle.entriesLoadingOutdated' : 'cycle.entriesLoadingHint')}</span>
    </p>
  );
}

/** In place of a page that needs every entry. */
export function EntriesLoadingPage({ loading }: { loading: EntriesLoading }) {
  const { t } = useI18n();
  const percent = usePercent(loading);
  return (
    <p className="notice" role="status" data-testid="entries-loading-page">
      {t('cycle.entriesLoadingPage', { percent })}
    </p>
  );
}
