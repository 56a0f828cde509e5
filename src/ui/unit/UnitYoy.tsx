/**
 * 与往年对比 on a unit's page: its total and rank against the latest earlier edition that has it (a
 * year scored here or a past year imported from its spreadsheet), and each first-level indicator
 * matched by name. Nothing is shown when no earlier edition has the unit.
 */
import { useI18n } from '../useT';
import { useYearLabels, useYearOverYear } from '../dashboard/useYearOverYear';
import { IndicatorDelta } from '../dashboard/YoyIndicators';
import { useAssessment, type GroupView } from '../useAssessment';
import { useApp } from '../appContext';

export function UnitYoy({ g, unitId }: { g: GroupView; unitId: string }) {
  const { t, num } = useI18n();
  const view = useAssessment();
  const { assessment } = useApp();
  const yoy = useYearOverYear(view.groups, g.group.key);
  const labels = useYearLabels(yoy);
  const row = yoy?.rows.find((r) => r.unitId === unitId);
  if (!yoy || !row || row.previous === null) return null;
  const decimals = g.ruleSet.precision.display;
  const before = row.points[row.previous]!;
  const now = row.points.find((_, i) => yoy.editions[i]?.assessmentId === assessment.id);
  const shown = row.indicators.filter((c) => c.before !== null);
  return (
    <>
      <dt>{t('entry.unit.yoy', { edition: labels[row.previous] ?? '' })}</dt>
      <dd className="indicator-line" data-testid="unit-yoy">
        <span data-testid="unit-yoy-total">
          {t('entry.unit.yoyTotal', { before: before.unscored ? t('rankings.unscored') : before.display, now: now?.unscored ? t('rankings.unscored') : (now?.display ?? '—'), rankBefore: before.rank, rankNow: now?.rank ?? '—' })}
          {row.totalChange !== null && (
            <span className={`yoy-delta ${row.totalChange > 0 ? 'up' : row.totalChange < 0 ? 'down' : ''}`}>
              {row.totalChange > 0 ? '+' : ''}
              {num(row.totalChange, decimals)}
            </span>
          )}
        </span>
        {shown.map((c) => (
          <span key={c.name} data-testid="unit-yoy-indicator" data-indicator={c.name}>
            {c.name} <IndicatorDelta c={c} decimals={decimals} />
          </span>
        ))}
      </dd>
    </>
  );
}
