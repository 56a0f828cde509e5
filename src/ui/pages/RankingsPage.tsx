/**
 * 排名: the leadership dashboard of one group at a time — the ranking table beside the totals chart,
 * then indicator charts with the circular's sentences, tiers, score spread, a unit against its group
 * and year over year. 模拟测算 recomputes the ranking on a draft copy of the rule set; 演示模式 shows
 * one chart per screen for a meeting.
 */
import { lazy, memo, Suspense, useCallback, useMemo, useState } from 'react';
import { useI18n } from '../useT';
import type { RuleSet } from '../../engine';
import { useApp } from '../appContext';
import { tierLines, tierSwatches, totalBars } from '../dashboard/chartData';
import { ChartSlot, TotalsChart } from '../dashboard/lazyCharts';
import { RankTable, TierSummary } from '../dashboard/RankTable';
import { useYearLabels, useYearOverYear } from '../dashboard/useYearOverYear';
import '../dashboard/dashboard.css';
import { GroupTabs, useSelectedGroup } from '../GroupTabs';
import { useAssessment, type GroupView } from '../useAssessment';
import { startDraft } from '../whatif/draft';
import { ProvisionalBanner } from '../ProvisionalBanner';
import { incompleteCount } from '../../report/provisional';
import { useAfterFirstPaint } from '../useAfterFirstPaint';

// below the fold, or opened on demand: loaded after the ranking's first draw (the charts once it is painted)
const ChartsSection = lazy(() => import('../dashboard/ChartsSection').then((m) => ({ default: m.ChartsSection })));
const WhatIfView = lazy(() => import('../whatif/WhatIfView').then((m) => ({ default: m.WhatIfView })));
const RankingPresentation = lazy(() => import('../present/RankingPresentation').then((m) => ({ default: m.RankingPresentation })));

export function RankingsPage() {
  const i18n = useI18n();
  const { t } = i18n;
  const { assessment } = useApp();
  const view = useAssessment();
  const current = useSelectedGroup(view.groups);
  const [whatIf, setWhatIf] = useState(false);
  const [presenting, setPresenting] = useState(false);
  // one draft per group, tied to the rule set it started from
  const [drafts, setDrafts] = useState<Record<string, RuleSet>>({});
  const draftKey = current ? `${current.group.key}@${current.group.ruleSetHash}` : '';
  const savedCopy = useMemo(() => (current ? startDraft(current.ruleSet) : null), [current]);
  const draft = drafts[draftKey] ?? savedCopy;
  const setDraft = useCallback((d: RuleSet) => setDrafts((all) => ({ ...all, [draftKey]: d })), [draftKey]);
  const resetDraft = useCallback(
    () =>
      setDrafts((all) => {
        const rest = { ...all };
        delete rest[draftKey];
        return rest;
      }),
    [draftKey],
  );

  const yoy = useYearOverYear(view.groups, current?.group.key);
  const openUnits = incompleteCount(view.groups.map((g) => g.result));
  const yearLabels = useYearLabels(yoy);
  const closePresentation = useCallback(() => setPresenting(false), []);
  // the charts lie below the fold: the ranking is painted before they are built
  const chartsNow = useAfterFirstPaint();
  const chartsPending = (
    <p className="muted" role="status" data-testid="charts-pending">
      {t('dashboard.chartLoading')}
    </p>
  );

  return (
    <section data-testid="page-rankings" className="dash">
      <div className="page-head">
        <h2>{t('rankings.title')}</h2>
        <GroupTabs groups={view.groups} current={current} />
        <div className="dash-actions">
          <button
            type="button"
            className={whatIf ? 'active-toggle' : 'secondary'}
            aria-pressed={whatIf}
            data-testid="whatif-toggle"
            // the draft is scored from every entry, which may still be loading
            disabled={view.loading !== undefined}
            title={view.loading ? t('cycle.whatIfLoading') : undefined}
            onClick={() => setWhatIf((w) => !w)}
          >
            {whatIf ? t('dashboard.whatIfClose') : t('dashboard.whatIfOpen')}
          </button>
          <button type="button" data-testid="present-open" onClick={() => setPresenting(true)} disabled={view.groups.length === 0}>
            {t('dashboard.present')}
          </button>
        </div>
      </div>
      <ProvisionalBanner groups={view.groups.map((g) => g.result)} />
      {current && whatIf && draft && !view.loading && (
        <Suspense fallback={<p className="muted">{t('app.loading')}</p>}>
          <WhatIfView g={current} data={view.data} draft={draft} onChange={setDraft} onReset={resetDraft} />
        </Suspense>
      )}
      {current && !whatIf && (
        <>
          <TierSummary g={current} />
          <div className="dash-main">
            <RankTable g={current} />
            {current.result.units.length > 0 && <TotalsCard g={current} />}
          </div>
          {current.result.units.length > 0 &&
            (chartsNow ? (
              <Suspense fallback={chartsPending}>
                <ChartsSection view={view} g={current} yoy={yoy} />
              </Suspense>
            ) : (
              chartsPending
            ))}
        </>
      )}
      {presenting && (
        <Suspense fallback={null}>
          <RankingPresentation
            view={view}
            current={current}
            yoy={yoy}
            yearLabels={yearLabels}
            heading={assessment.name}
            note={openUnits > 0 ? t('cycle.presentProvisional', { n: openUnits }) : null}
            onClose={closePresentation}
          />
        </Suspense>
      )}
    </section>
  );
}

// drawn again only when its group changes (a chart of every unit: the page changes more often than that)
const TotalsCard = memo(function TotalsCard({ g }: { g: GroupView }) {
  const { t } = useI18n();
  const bars = useMemo(() => totalBars(g.result, g.ruleSet), [g]);
  const lines = useMemo(() => tierLines(g.ruleSet), [g]);
  return (
    <section className="card dash-card dash-totals" data-testid="totals-card">
      <h3>{t('dashboard.totalsTitle', { group: g.group.name })}</h3>
      <ChartSlot height={bars.shown.length * 30 + 102}>
        <TotalsChart bars={bars} lines={lines} tiers={tierSwatches(g.ruleSet)} decimals={g.ruleSet.precision.display} />
      </ChartSlot>
    </section>
  );
});
