/** The charts: one lazy chunk holding recharts, loaded when a chart is first shown. */
export { TotalsChart } from './TotalsChart';
export { IndicatorChart } from './IndicatorChart';
export { TierChart } from './TierChart';
export { HistogramChart } from './HistogramChart';
export { RadarView } from './RadarView';
export { YoyChart } from './YoyChart';
