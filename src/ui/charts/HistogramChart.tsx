/**
 * How the totals of a group spread: units per 5-point band, each band split by tier. Where the bands
 * are too narrow for their labels (100–105) side by side, the labels slant.
 */
import { useState } from 'react';
import { Bar, BarChart, CartesianGrid, LabelList, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useI18n } from '../useT';
import type { Bin } from '../dashboard/chartData';
import { GRID, INK, themeOf } from './theme';
import { legendProps } from './legend';

export interface HistogramChartProps {
  bins: Bin[];
  tiers: { key: string; name: string; color: string }[];
  large?: boolean;
  height?: number;
}

export function HistogramChart({ bins, tiers, large, height }: HistogramChartProps) {
  const { t, num } = useI18n();
  const theme = themeOf(large);
  const [width, setWidth] = useState(0);
  const data = bins.map((b, i) => ({
    band: t(i === bins.length - 1 ? 'dashboard.bandLast' : 'dashboard.band', { from: num(b.from), to: num(b.to) }),
    ...b.byTier,
  }));
  const fontSize = theme.tick - 2;
  // digits and the dash are about 0.6 em wide; the plot is the chart less the y axis and margins
  const labelWidth = Math.max(...data.map((d) => d.band.length)) * fontSize * 0.6 + 8;
  const slant = width > 0 && (width - 56) / Math.max(1, bins.length) < labelWidth;
  return (
    <div className="chart" data-testid="chart-histogram">
      <ResponsiveContainer width="100%" height={height ?? 340} onResize={(w) => setWidth(w)}>
        <BarChart data={data} margin={{ top: 8, right: 16, bottom: 8, left: 0 }} barCategoryGap="12%">
          <CartesianGrid vertical={false} stroke={GRID} />
          <XAxis
            dataKey="band"
            tick={{ fontSize, fill: INK }}
            interval={0}
            {...(slant && { angle: -40, textAnchor: 'end', height: Math.ceil(labelWidth * 0.7) + 10 })}
          />
          <YAxis allowDecimals={false} tick={{ fontSize: theme.tick, fill: INK }} width={40} />
          <Tooltip />
          <Legend {...legendProps(theme)} />
          {tiers.map((tier) => (
            <Bar key={tier.key} dataKey={tier.key} name={tier.name} stackId="bins" fill={tier.color} isAnimationActive={false}>
              <LabelList
                dataKey={tier.key}
                position="center"
                formatter={(v) => (typeof v === 'number' && v > 0 ? String(v) : '')}
                style={{ fontSize: theme.label, fill: '#fff', fontWeight: 700 }}
              />
            </Bar>
          ))}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
