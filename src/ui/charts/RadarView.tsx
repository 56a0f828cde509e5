/** One unit against its group's mean, per first-level indicator, in % of each indicator's maximum. */
import { Legend, PolarAngleAxis, PolarGrid, PolarRadiusAxis, Radar, RadarChart, ResponsiveContainer, Tooltip } from 'recharts';
import { useI18n } from '../useT';
import type { RadarPoint } from '../dashboard/chartData';
import { INK, themeOf } from './theme';
import { legendProps } from './legend';

export interface RadarViewProps {
  points: RadarPoint[];
  unitName: string;
  large?: boolean;
  height?: number;
}

export function RadarView({ points, unitName, large, height }: RadarViewProps) {
  const { t, num } = useI18n();
  const theme = themeOf(large);
  return (
    <div className="chart" data-testid="chart-radar">
      <ResponsiveContainer width="100%" height={height ?? 380}>
        <RadarChart data={points} outerRadius="70%" margin={{ top: 8, right: 40, bottom: 8, left: 40 }}>
          <PolarGrid />
          <PolarAngleAxis dataKey="name" tick={{ fontSize: theme.tick - 1, fill: INK }} />
          <PolarRadiusAxis domain={[0, 100]} tickCount={3} angle={60} axisLine={false} tick={{ fontSize: theme.tick - 4, fill: '#6b7280' }} />
          <Radar name={t('dashboard.groupMean')} dataKey="mean" stroke="#b07d1a" strokeWidth={2} strokeDasharray="6 4" fill="#b07d1a" fillOpacity={0.08} isAnimationActive={false} />
          <Radar name={unitName} dataKey="unit" stroke="#1f3a68" strokeWidth={3} fill="#1f3a68" fillOpacity={0.25} isAnimationActive={false} />
          <Tooltip formatter={(v) => (typeof v === 'number' ? `${num(v, 1)}%` : '—')} />
          <Legend {...legendProps(theme)} />
        </RadarChart>
      </ResponsiveContainer>
    </div>
  );
}
