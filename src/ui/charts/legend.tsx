/**
 * Legends in declaration order (recharts sorts them by name otherwise) with dark, readable text; a long
 * name is shortened, its full text the title.
 */
import type { LegendProps } from 'recharts';
import { shorten } from './nameTick';
import { INK, type ChartTheme } from './theme';

export function legendProps(theme: ChartTheme): LegendProps {
  return {
    verticalAlign: 'top',
    height: theme.legend + 20,
    itemSorter: null,
    iconSize: Math.round(theme.legend * 0.8),
    wrapperStyle: { fontSize: theme.legend },
    formatter: (value) => (
      <span style={{ color: INK, marginRight: '0.75em' }} title={String(value)}>
        {shorten(String(value), 24)}
      </span>
    ),
  };
}
