/** Year over year: each unit's total in every assessment it appears in, current ranking order. */
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { NameTick } from './nameTick';
import { useI18n } from '../useT';
import { topN } from '../dashboard/chartData';
import type { YearOverYear } from '../dashboard/yearOverYear';
import { GRID, INK, nameAxisWidth, niceMax, themeOf, yearColors } from './theme';
import { legendProps } from './legend';

export interface YoyChartProps {
  yoy: YearOverYear;
  /** year labels, aligned with yoy.editions */
  labels: string[];
  large?: boolean;
  height?: number;
  limit?: number;
}

export function YoyChart({ yoy, labels, large, height, limit = 30 }: YoyChartProps) {
  const { num } = useI18n();
  const theme = themeOf(large);
  const current = yoy.editions.length - 1;
  const rows = topN(
    yoy.rows.map((r) => ({ r, total: r.points[current]?.total ?? 0, unscored: false })),
    limit,
    large ? 0 : undefined,
  ).shown.map(({ r }) => {
    const row: Record<string, string | number | null> = { name: r.unitName };
    r.points.forEach((p, i) => (row[`e${i}`] = p && !p.unscored ? p.total : null));
    return row;
  });
  const colors = yearColors(yoy.editions.length);
  const top = niceMax(Math.max(0, ...yoy.rows.flatMap((r) => r.points.map((p) => p?.total ?? 0))));
  const h = height ?? rows.length * (theme.row * 0.55 * yoy.editions.length + 10) + 80;
  return (
    <div className="chart" data-testid="chart-yoy">
      <ResponsiveContainer width="100%" height={h}>
        <BarChart data={rows} layout="vertical" margin={{ top: 4, right: 24, bottom: 4, left: 4 }} barCategoryGap="16%" barGap={1}>
          <CartesianGrid horizontal={false} stroke={GRID} />
          <XAxis type="number" domain={[0, top]} tick={{ fontSize: theme.tick, fill: INK }} />
          <YAxis
            type="category"
            dataKey="name"
            width={nameAxisWidth(rows.map((r) => String(r.name)), theme.tick)}
            tick={<NameTick fontSize={theme.tick} />}
            interval={0}
          />
          <Tooltip formatter={(v) => (typeof v === 'number' ? num(v, 2) : '—')} />
          <Legend {...legendProps(theme)} />
          {yoy.editions.map((e, i) => (
            <Bar key={e.assessmentId} dataKey={`e${i}`} name={labels[i]} fill={colors[i]} isAnimationActive={false} />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
