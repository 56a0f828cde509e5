/**
 * 分项对比: each unit's first-level indicator scores this year against the edition it is compared with
 * (the latest earlier one that has it), indicators matched by name — an imported past table only has
 * the columns that were mapped, so only those are shown.
 */
import { useI18n } from '../useT';
import { useApp } from '../appContext';
import type { IndicatorChange, YearOverYear } from './yearOverYear';

export function IndicatorDelta({ c, decimals }: { c: IndicatorChange; decimals: number }) {
  const { t, num } = useI18n();
  if (c.now === null || c.before === null) return <span className="muted">—</span>;
  const d = Math.round((c.now - c.before) * 100) / 100;
  return (
    <span title={t('dashboard.yoyIndicatorTitle', { before: num(c.before, decimals), now: num(c.now, decimals) })}>
      {num(c.now, decimals)}
      <span className={`yoy-delta ${d > 0 ? 'up' : d < 0 ? 'down' : ''}`} data-testid="yoy-ind-delta">
        {d > 0 ? '+' : ''}
        {num(d, decimals)}
      </span>
    </span>
  );
}

export function YoyIndicators({ yoy, labels, decimals }: { yoy: YearOverYear; labels: readonly string[]; decimals: number }) {
  const { t } = useI18n();
  const { assessment } = useApp();
  const current = yoy.editions.findIndex((e) => e.assessmentId === assessment.id);
  if (yoy.indicatorNames.length === 0) return null;
  return (
    <div className="table-wrap short">
      <table className="dash-table yoy-table" data-testid="yoy-indicators">
        <caption>{t('dashboard.yoyIndicators', { now: labels[current] ?? '' })}</caption>
        <thead>
          <tr>
            <th>{t('rankings.unit')}</th>
            <th>{t('dashboard.yoyComparedWith')}</th>
            {yoy.indicatorNames.map((n) => (
              <th key={n} className="col-num">
                {n}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {yoy.rows.map((r) => (
            <tr key={r.unitId} data-testid="yoy-ind-row" data-unit-name={r.unitName}>
              <td className="col-unit">
                <span className="unit-name" title={r.unitName}>
                  {r.unitName}
                </span>
              </td>
              <td>{r.previous === null ? '—' : labels[r.previous]}</td>
              {yoy.indicatorNames.map((n) => {
                const c = r.indicators.find((i) => i.name === n);
                return (
                  <td key={n} className="col-num" data-testid="yoy-ind-cell" data-indicator={n}>
                    {c ? <IndicatorDelta c={c} decimals={decimals} /> : '—'}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
