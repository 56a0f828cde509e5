/**
 * Per first-level indicator, one bar per group: the full-score rate (how many units got full marks,
 * as the circular counts them) or the loss rate 失分率 (1 − Σscore / Σmax), both from the engine's
 * statistics.
 */
import { Bar, BarChart, CartesianGrid, LabelList, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { NameTick } from './nameTick';
import { useI18n } from '../useT';
import type { IndicatorRateRow } from '../dashboard/chartData';
import { GRID, GROUP_COLORS, INK, nameAxisWidth, niceMax, scoreTicks, themeOf } from './theme';
import { legendProps } from './legend';

export interface IndicatorChartProps {
  rows: IndicatorRateRow[];
  groups: { key: string; name: string }[];
  measure: 'full' | 'loss';
  large?: boolean;
  height?: number;
}

export function IndicatorChart({ rows, groups, measure, large, height }: IndicatorChartProps) {
  const { t, num } = useI18n();
  const theme = themeOf(large);
  const data = rows.map((r) => {
    const row: Record<string, string | number | null> = { name: r.name };
    for (const g of groups) {
      const rate = r.byGroup[g.key];
      row[g.key] = rate ? (measure === 'full' ? rate.fullRate : rate.lossRate) : null;
      row[`${g.key}.label`] = !rate
        ? ''
        : measure === 'full'
          ? t('dashboard.fullLabel', { n: rate.fullCount, rate: num(rate.fullRate, 0) })
          : t('dashboard.percent', { rate: num(rate.lossRate, 1) });
    }
    return row;
  });
  // the axis ends a little above the highest rate: low rates still read as bars, not slivers
  const highest = Math.max(0, ...rows.flatMap((r) => Object.values(r.byGroup).map((x) => (measure === 'full' ? x.fullRate : x.lossRate))));
  const top = Math.min(100, niceMax(highest, measure === 'full' ? 10 : 5));
  const h = height ?? rows.length * groups.length * theme.row + rows.length * 14 + 90;
  return (
    <div className="chart" data-testid={`chart-indicator-${measure}`}>
      <ResponsiveContainer width="100%" height={h}>
        <BarChart data={data} layout="vertical" margin={{ top: 4, right: 120, bottom: 4, left: 4 }} barCategoryGap="18%" barGap={2}>
          <CartesianGrid horizontal={false} stroke={GRID} />
          <XAxis
            type="number"
            domain={[0, top]}
            tick={{ fontSize: theme.tick, fill: INK }}
            tickFormatter={(v: number) => `${v}%`}
            ticks={scoreTicks(top)}
          />
          <YAxis
            type="category"
            dataKey="name"
            width={nameAxisWidth(rows.map((r) => r.name), theme.tick)}
            tick={<NameTick fontSize={theme.tick} />}
            interval={0}
          />
          <Tooltip formatter={(v) => (typeof v === 'number' ? `${num(v, 1)}%` : '—')} />
          <Legend {...legendProps(theme)} />
          {groups.map((g, i) => (
            <Bar key={g.key} dataKey={g.key} name={g.name} fill={GROUP_COLORS[i % GROUP_COLORS.length]} isAnimationActive={false}>
              <LabelList dataKey={`${g.key}.label`} position="right" style={{ fontSize: theme.label, fill: INK }} />
            </Bar>
          ))}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
