/**
 * Chart sizes for the page and for presentation mode, and the colours of groups and years. Type is
 * large even on the page: these charts are shown on meeting-room projectors.
 */
export interface ChartTheme {
  tick: number;
  label: number;
  legend: number;
  /** height of one bar row in horizontal bar charts */
  row: number;
}

export const PAGE: ChartTheme = { tick: 16, label: 15, legend: 16, row: 30 };
export const LARGE: ChartTheme = { tick: 24, label: 22, legend: 24, row: 44 };

export const themeOf = (large: boolean | undefined): ChartTheme => (large ? LARGE : PAGE);

export const INK = '#1f2329';
export const GRID = '#e3e6ea';

/** Groups in charts that compare groups: navy, teal, ochre, plum (none of them a tier colour). */
export const GROUP_COLORS = ['#1f3a68', '#2a8c82', '#b07d1a', '#7b4f9d', '#5f6368'];

/** Years from old to new: the current one darkest. */
export function yearColors(n: number): string[] {
  const palette = ['#c9d3e3', '#9fb0cc', '#6f87ad', '#1f3a68'];
  return Array.from({ length: n }, (_, i) => palette[Math.max(0, palette.length - n + i)] ?? palette[0]!);
}

/** Width of a category axis for names of CJK characters, up to the 14 that NameTick keeps. */
export function nameAxisWidth(names: readonly string[], fontSize: number): number {
  const chars = Math.max(2, ...names.map((n) => [...n].length));
  return Math.min(chars, 14) * fontSize + 14;
}

/** Rounded-up end of a score axis: 100 stays 100, 102 becomes 110. */
export function niceMax(value: number, step = 10): number {
  return Math.max(step, Math.ceil(value / step) * step);
}

/** Ticks every 5, 10, 20, 25, 50… so that at most six numbers stand on a score axis ending at `end`. */
export function scoreTicks(end: number): number[] {
  const step = [5, 10, 20, 25, 50, 100, 200, 250, 500].find((s) => end / s <= 6) ?? Math.ceil(end / 6);
  const ticks: number[] = [];
  for (let v = 0; v <= end + 1e-9; v += step) ticks.push(v);
  return ticks;
}
