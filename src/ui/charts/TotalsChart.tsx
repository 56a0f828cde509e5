/**
 * Totals as horizontal bars in ranking order, coloured by tier, with the tiers' score lines. Each
 * name on a slide carries its rank, so a speaker can say "第五名白银市" while pointing at the screen.
 */
import { Bar, BarChart, CartesianGrid, LabelList, Rectangle, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { NameTick } from './nameTick';
import { useI18n } from '../useT';
import type { TierLine, TopN, TotalBar } from '../dashboard/chartData';
import { GRID, INK, nameAxisWidth, niceMax, scoreTicks, themeOf } from './theme';

export interface TotalsChartProps {
  bars: TopN<TotalBar>;
  lines: TierLine[];
  /** the tiers for the colour key, best first */
  tiers: { key: string; name: string; color: string }[];
  decimals: number;
  large?: boolean;
  /** fixed height (presentation); otherwise one row per bar */
  height?: number;
  /** the score axis' end, shared by the slides of one ranking */
  domainMax?: number;
}

const RANK_GAP = '\u3000';
const HATCH = 'hatch-incomplete';

/** A bar in its tier colour; a provisional (incomplete) unit's bar is hatched over the colour. */
function TotalRect(props: object & { payload?: unknown }) {
  const bar = props.payload as TotalBar;
  if (bar.complete) return <Rectangle {...props} fill={bar.color} />;
  return (
    <g data-testid="bar-incomplete">
      <Rectangle {...props} fill={bar.color} />
      <Rectangle {...props} fill={`url(#${HATCH})`} />
    </g>
  );
}

const HALO = { stroke: '#fff', strokeWidth: 6, strokeLinejoin: 'round', paintOrder: 'stroke' } as const;

export function TotalsChart({ bars, lines, tiers, decimals, large, height, domainMax }: TotalsChartProps) {
  const { t, num } = useI18n();
  const theme = themeOf(large);
  const data = bars.shown.map((b) => ({
    ...b,
    // on a slide the rank stands before the name; on the page the table beside the chart has it
    axis: large ? `${b.rank}${RANK_GAP}${b.name}` : b.name,
    label: b.unscored
      ? t('rankings.unscored')
      : b.vetoed
        ? t('dashboard.vetoed', { total: b.display })
        : b.complete
          ? b.display
          : t('cycle.barIncomplete', { total: b.display }),
  }));
  const anyIncomplete = data.some((d) => !d.complete);
  // room right of the longest bar for its label: "96.00（未完成）" is about 8 ems, "96.00（否决）" 7, "96.00" 4
  const labelRoom = anyIncomplete ? 8.5 : data.some((d) => d.vetoed) ? 7 : 4;
  const end = niceMax(domainMax ?? Math.max(0, ...data.map((d) => d.total), ...lines.map((l) => l.value)));
  const legendHeight = theme.legend * 2;
  const h = (height ?? data.length * theme.row + 70 + legendHeight) - legendHeight;
  return (
    <div className="chart" data-testid="chart-totals">
      <div className="tier-legend" style={{ fontSize: theme.legend, minHeight: legendHeight }}>
        {tiers.map((x) => (
          <span key={x.key}>
            <i style={{ backgroundColor: x.color }} />
            {x.name}
          </span>
        ))}
        {lines.map((l) => (
          <span key={`line-${l.key}`} className="line-key" style={{ color: l.color }}>
            <i className="dashed" style={{ borderColor: l.color }} />
            {t(l.inclusive ? 'dashboard.lineAtLeast' : 'dashboard.lineAbove', { tier: l.name, n: num(l.value) })}
          </span>
        ))}
        {anyIncomplete && (
          <span className="line-key" data-testid="legend-incomplete">
            <i style={{ background: `repeating-linear-gradient(135deg, ${INK}88 0 2px, transparent 2px 6px)` }} />
            {t('cycle.legendIncomplete')}
          </span>
        )}
      </div>
      <ResponsiveContainer width="100%" height={h}>
        <BarChart data={data} layout="vertical" margin={{ top: theme.label + 8, right: theme.label * labelRoom, bottom: 4, left: 4 }} barCategoryGap="22%">
          <CartesianGrid horizontal={false} stroke={GRID} />
          <XAxis type="number" domain={[0, end]} ticks={scoreTicks(end)} tick={{ fontSize: theme.tick, fill: INK }} />
          <YAxis
            type="category"
            dataKey="axis"
            width={nameAxisWidth(data.map((d) => d.axis), theme.tick)}
            tick={<NameTick fontSize={theme.tick} />}
            interval={0}
          />
          <Tooltip formatter={(_v, _n, item) => [(item.payload as { label: string }).label, t('rankings.total')]} />
          <defs>
            <pattern id={HATCH} width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
              <rect width="6" height="6" fill="#ffffff" fillOpacity="0.55" />
              <line x1="0" y1="0" x2="0" y2="6" stroke={INK} strokeWidth="2" strokeOpacity="0.5" />
            </pattern>
          </defs>
          <Bar dataKey="total" isAnimationActive={false} shape={(props) => <TotalRect {...props} />}>
            {/* a white halo keeps a total readable where a tier line runs through it */}
            <LabelList dataKey="label" position="right" style={{ fontSize: theme.label, fill: INK, fontWeight: 600, ...HALO }} />
          </Bar>
          {lines.map((l) => (
            <ReferenceLine
              key={l.key}
              x={l.value}
              stroke={l.color}
              strokeWidth={2}
              strokeDasharray="8 5"
              label={{
                value: num(l.value),
                position: 'top',
                fill: l.color,
                fontSize: theme.label,
                fontWeight: 700,
              }}
            />
          ))}
        </BarChart>
      </ResponsiveContainer>
      {bars.rest && (
        <p className="chart-rest" data-testid="chart-rest">
          {bars.rest.mean === null
            ? t('dashboard.restUnscored', { n: bars.rest.count })
            : t('dashboard.rest', { n: bars.rest.count, mean: num(bars.rest.mean, decimals) })}
        </p>
      )}
    </div>
  );
}
