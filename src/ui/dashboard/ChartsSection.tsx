/**
 * 图表分析 under the ranking: per-indicator full-score and loss rates beside the circular's sentences,
 * tier distribution, score spread, one unit against the group, and year over year.
 *
 * Each card is drawn again only when its own data changes: the year-over-year comparison changes on its
 * own (another year's file opened or scored), and redrawing every chart with it took the page's main
 * thread for hundreds of milliseconds.
 */
import { memo, useMemo, useState } from 'react';
import { useI18n } from '../useT';
import type { AssessmentView, GroupView } from '../useAssessment';
import { binWidthFor, histogram, indicatorRates, radarData, scoredTotals, tierDistribution, tierSwatches, type IndicatorRateRow, type TierDistribution } from './chartData';
import { CircularPanel } from './CircularPanel';
import { ChartSlot, HistogramChart, IndicatorChart, RadarView, TierChart } from './lazyCharts';
import type { YearOverYear } from './yearOverYear';
import { YoySection } from './YoySection';
import { incompleteCount } from '../../report/provisional';

export function ChartsSection({ view, g, yoy }: { view: AssessmentView; g: GroupView; yoy: YearOverYear | null }) {
  const { t } = useI18n();
  const results = useMemo(() => view.groups.map((x) => x.result), [view.groups]);
  const rates = useMemo(() => indicatorRates(results), [results]);
  const groups = useMemo(() => view.groups.map((x) => ({ key: x.group.key, name: x.group.name })), [view.groups]);
  const open = incompleteCount(results);
  const provisional = open > 0 ? t('cycle.provisional', { n: open }) : null;
  const dist = useMemo(() => tierDistribution(view.groups.map((x) => ({ result: x.result, ruleSet: x.ruleSet }))), [view.groups]);

  return (
    <div className="dash-charts" data-testid="charts">
      <div className="dash-indicators">
        <IndicatorCard rates={rates} groups={groups} />
        <CircularPanel circular={view.circular} provisional={provisional} />
      </div>
      <div className="dash-grid">
        <TierCard dist={dist} />
        <HistogramCard g={g} />
        <RadarCard g={g} />
      </div>
      <YoySection g={g} yoy={yoy} />
    </div>
  );
}

const HistogramCard = memo(function HistogramCard({ g }: { g: GroupView }) {
  const { t } = useI18n();
  const totals = scoredTotals(g.result);
  const bins = useMemo(() => histogram(scoredTotals(g.result), binWidthFor(Math.max(...g.result.units.map((u) => u.maxScore), 100))), [g.result]);
  const tiers = tierSwatches(g.ruleSet);
  const unscored = g.result.units.length - totals.length;
  return (
    <section className="card dash-card" data-testid="histogram-card">
      <h3>{t('dashboard.histogramTitle', { group: g.group.name })}</h3>
      {bins.length === 0 ? (
        <p className="muted">{t('rankings.empty')}</p>
      ) : (
        <ChartSlot height={340}>
          <HistogramChart bins={bins} tiers={tiers} />
        </ChartSlot>
      )}
      {unscored > 0 && <p className="muted chart-note">{t('dashboard.histogramUnscored', { n: unscored })}</p>}
    </section>
  );
});

const RadarCard = memo(function RadarCard({ g }: { g: GroupView }) {
  const { t } = useI18n();
  const [picked, setPicked] = useState<string | null>(null);
  const unit = g.result.units.find((u) => u.unitId === picked) ?? g.result.units[0];
  const points = useMemo(() => (unit ? radarData(g.result, unit.unitId) : []), [g.result, unit]);
  return (
    <section className="card dash-card" data-testid="radar-card">
      <div className="card-head">
        <h3>{t('dashboard.radarTitle')}</h3>
        {unit && (
          <select data-testid="radar-unit" title={unit.unitName} value={unit.unitId} onChange={(e) => setPicked(e.target.value)} aria-label={t('rankings.unit')}>
            {g.result.units.map((u) => (
              <option key={u.unitId} value={u.unitId}>
                {u.rank}. {u.unitName}
              </option>
            ))}
          </select>
        )}
      </div>
      {unit && (
        <ChartSlot height={380}>
          <RadarView points={points} unitName={unit.unitName} />
        </ChartSlot>
      )}
      <p className="muted chart-note">{t('dashboard.radarNote')}</p>
    </section>
  );
});

const IndicatorCard = memo(function IndicatorCard({ rates, groups }: { rates: IndicatorRateRow[]; groups: { key: string; name: string }[] }) {
  const { t } = useI18n();
  return (
    <section className="card dash-card" data-testid="indicator-charts">
      <h3>{t('dashboard.indicatorTitle')}</h3>
      <div className="dash-pair">
        {(['full', 'loss'] as const).map((measure) => (
          <div key={measure}>
            <h4>{t(measure === 'full' ? 'dashboard.fullRate' : 'dashboard.lossRate')}</h4>
            <ChartSlot height={420}>
              <IndicatorChart rows={rates} groups={groups} measure={measure} />
            </ChartSlot>
          </div>
        ))}
      </div>
      <p className="muted chart-note">{t('dashboard.rateNote')}</p>
    </section>
  );
});

const TierCard = memo(function TierCard({ dist }: { dist: TierDistribution }) {
  const { t } = useI18n();
  return (
    <section className="card dash-card" data-testid="tier-chart">
      <h3>{t('dashboard.tierTitle')}</h3>
      <ChartSlot height={260}>
        <TierChart dist={dist} />
      </ChartSlot>
    </section>
  );
});
