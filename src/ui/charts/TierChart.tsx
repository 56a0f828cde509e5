/** How many units of each group are in each tier: one stacked bar per group. */
import { Bar, BarChart, CartesianGrid, LabelList, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { NameTick } from './nameTick';
import type { TierDistribution } from '../dashboard/chartData';
import { GRID, INK, nameAxisWidth, themeOf } from './theme';
import { legendProps } from './legend';

export interface TierChartProps {
  dist: TierDistribution;
  large?: boolean;
  height?: number;
}

export function TierChart({ dist, large, height }: TierChartProps) {
  const theme = themeOf(large);
  const data = dist.rows.map((r) => ({ name: r.groupName, ...r.counts }));
  const h = height ?? dist.rows.length * theme.row * 2 + 110;
  return (
    <div className="chart" data-testid="chart-tiers">
      <ResponsiveContainer width="100%" height={h}>
        <BarChart data={data} layout="vertical" margin={{ top: 4, right: 24, bottom: 4, left: 4 }} barCategoryGap="25%">
          <CartesianGrid horizontal={false} stroke={GRID} />
          <XAxis type="number" allowDecimals={false} tick={{ fontSize: theme.tick, fill: INK }} />
          <YAxis
            type="category"
            dataKey="name"
            width={nameAxisWidth(data.map((d) => d.name), theme.tick)}
            tick={<NameTick fontSize={theme.tick} />}
            interval={0}
          />
          <Tooltip />
          <Legend {...legendProps(theme)} />
          {dist.series.map((s) => (
            <Bar key={s.name} dataKey={s.name} stackId="tiers" fill={s.color} isAnimationActive={false}>
              <LabelList
                dataKey={s.name}
                position="center"
                formatter={(v) => (typeof v === 'number' && v > 0 ? String(v) : '')}
                style={{ fontSize: theme.label + 2, fill: '#fff', fontWeight: 700 }}
              />
            </Bar>
          ))}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
