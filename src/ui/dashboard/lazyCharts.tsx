/**
 * The charts behind React.lazy: recharts is a large library, so it stays out of the first download
 * and arrives (once, as one chunk) when the first chart is shown.
 */
import { lazy, Suspense, type ReactNode } from 'react';
import { useI18n } from '../useT';

const load = () => import('../charts');

export const TotalsChart = lazy(() => load().then((m) => ({ default: m.TotalsChart })));
export const IndicatorChart = lazy(() => load().then((m) => ({ default: m.IndicatorChart })));
export const TierChart = lazy(() => load().then((m) => ({ default: m.TierChart })));
export const HistogramChart = lazy(() => load().then((m) => ({ default: m.HistogramChart })));
export const RadarView = lazy(() => load().then((m) => ({ default: m.RadarView })));
export const YoyChart = lazy(() => load().then((m) => ({ default: m.YoyChart })));

/** Keeps the chart's place while its chunk loads, so the page does not jump. */
export function ChartSlot({ height, children }: { height: number; children: ReactNode }) {
  const { t } = useI18n();
  return (
    <Suspense
      fallback={
        <div className="chart-loading" style={{ height }} role="status">
          {t('dashboard.chartLoading')}
        </div>
      }
    >
      {children}
    </Suspense>
  );
}
