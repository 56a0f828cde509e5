/**
 * The slides of presentation mode, in the order a report to leadership runs: each group's ranking
 * (split over several slides rather than squeezed), tiers, indicators, score spread, year over
 * year, and the circular's sentences.
 */
import { incompleteCount } from '../../report/provisional';
import type { I18n } from '../useT';
import {
  binWidthFor,
  histogram,
  indicatorRates,
  scoredTotals,
  tierDistribution,
  tierLines,
  tierSwatches,
  totalBars,
  type TotalBar,
} from '../dashboard/chartData';
import { ChartSlot, HistogramChart, IndicatorChart, TierChart, TotalsChart, YoyChart } from '../dashboard/lazyCharts';
import type { YearOverYear } from '../dashboard/yearOverYear';
import type { AssessmentView } from '../useAssessment';
import { LARGE } from '../charts/theme';
import { evenPages } from './evenPages';
import type { Slide } from './Presentation';

/** Bars per ranking slide: a row of large type needs this many pixels to stay apart. */
const ROW = LARGE.row;

export function buildSlides(
  view: AssessmentView,
  { t }: I18n,
  bodyHeight: number,
  yoy: { groupKey: string; groupName: string; data: YearOverYear; labels: string[] } | null,
): Slide[] {
  const slides: Slide[] = [];
  const perSlide = Math.max(5, Math.floor((bodyHeight - 60) / ROW));

  for (const g of view.groups) {
    const all = totalBars(g.result, g.ruleSet, Number.MAX_SAFE_INTEGER).shown;
    const lines = tierLines(g.ruleSet);
    const domainMax = Math.max(0, ...all.map((b) => b.total), ...lines.map((l) => l.value));
    const pages = evenPages<TotalBar>(all, perSlide);
    pages.forEach((page, i) => {
      const first = page[0]!;
      const last = page[page.length - 1]!;
      slides.push({
        key: `rank-${g.group.key}-${i}`,
        title: t('dashboard.slideRanking', { group: g.group.name }),
        ...(pages.length > 1 && { subtitle: t('dashboard.slidePart', { from: first.rank, to: last.rank }) }),
        render: (size) => (
          <ChartSlot height={size.height}>
            <TotalsChart bars={{ shown: page, rest: null }} lines={lines} tiers={tierSwatches(g.ruleSet)} decimals={g.ruleSet.precision.display} large height={size.height} domainMax={domainMax} />
          </ChartSlot>
        ),
      });
    });
  }

  const dist = tierDistribution(view.groups.map((g) => ({ result: g.result, ruleSet: g.ruleSet })));
  slides.push({
    key: 'tiers',
    title: t('dashboard.tierTitle'),
    render: (size) => (
      <ChartSlot height={size.height}>
        <TierChart dist={dist} large height={Math.min(size.height, 200 + dist.rows.length * 140)} />
      </ChartSlot>
    ),
  });

  const rates = indicatorRates(view.groups.map((g) => g.result));
  const groups = view.groups.map((g) => ({ key: g.group.key, name: g.group.name }));
  for (const measure of ['full', 'loss'] as const) {
    slides.push({
      key: `indicator-${measure}`,
      title: t(measure === 'full' ? 'dashboard.slideFullRate' : 'dashboard.slideLossRate'),
      subtitle: t(measure === 'full' ? 'dashboard.slideFullRateNote' : 'dashboard.slideLossRateNote'),
      render: (size) => (
        <ChartSlot height={size.height}>
          <IndicatorChart rows={rates} groups={groups} measure={measure} large height={size.height} />
        </ChartSlot>
      ),
    });
  }

  for (const g of view.groups) {
    const bins = histogram(scoredTotals(g.result), binWidthFor(Math.max(100, ...g.result.units.map((u) => u.maxScore))));
    if (bins.length === 0) continue;
    const tiers = tierSwatches(g.ruleSet);
    slides.push({
      key: `histogram-${g.group.key}`,
      title: t('dashboard.histogramTitle', { group: g.group.name }),
      render: (size) => (
        <ChartSlot height={size.height}>
          <HistogramChart bins={bins} tiers={tiers} large height={size.height} />
        </ChartSlot>
      ),
    });
  }

  if (yoy && yoy.data.rows.length > 0) {
    const limit = Math.max(5, Math.floor((bodyHeight - 80) / (ROW * 0.55 * yoy.data.editions.length + 10)));
    slides.push({
      key: 'yoy',
      title: t('dashboard.yoyTitle', { group: yoy.groupName }),
      ...(yoy.data.rows.length > limit && { subtitle: t('dashboard.slideTop', { n: limit }) }),
      render: (size) => (
        <ChartSlot height={size.height}>
          <YoyChart yoy={yoy.data} labels={yoy.labels} large height={size.height} limit={limit} />
        </ChartSlot>
      ),
    });
  }

  const { overall, indicators } = view.circular;
  if (overall.length + indicators.length > 0) {
    const open = incompleteCount(view.groups.map((g) => g.result));
    slides.push({
      key: 'circular',
      title: t('rankings.circular'),
      ...(open > 0 && { subtitle: t('cycle.provisional', { n: open }) }),
      render: () => (
        <div className="present-text" data-testid="present-circular">
          {overall.map((s, i) => (
            <p key={`o${i}`}>{s}</p>
          ))}
          {indicators.map((s, i) => (
            <p key={`i${i}`} className="minor">
              {s}
            </p>
          ))}
        </div>
      ),
    });
  }
  return slides;
}
