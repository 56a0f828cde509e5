/**
 * The frozen header: first-level indicators (click to collapse to their subtotal or expand to their
 * check points), then a row with each visible column's name, maximum and kind. The corner and the
 * totals' headers stay put while the middle scrolls.
 */
import type { T } from '../useT';
import type { CompiledRuleSet } from '../../engine';
import type { GridColumn } from './columns';
import { columnHint, columnMeta } from './columnText';
import { HEAD_GROUP_H, HEAD_LEAF_H, LEFT_W, RIGHT_COLUMNS } from './layout';

export interface HeaderSpan {
  key: string;
  name: string;
  max: number;
  collapsible: boolean;
  collapsed: boolean;
  /** index of the first and last visible column of the span */
  first: number;
  last: number;
  veto: boolean;
}

interface Props {
  t: T;
  compiled: CompiledRuleSet;
  columns: readonly GridColumn[];
  offsets: readonly number[];
  widths: readonly number[];
  centreWidth: number;
  spans: readonly HeaderSpan[];
  /** indexes of the columns currently rendered */
  visible: readonly number[];
  unitCount: number;
  owned: ReadonlySet<string>;
  onToggle(indicator: string): void;
}

export function GridHeader({ t, compiled, columns, offsets, widths, centreWidth, spans, visible, unitCount, owned, onToggle }: Props) {
  const lo = visible[0] ?? 0;
  const hi = visible[visible.length - 1] ?? -1;
  return (
    <div className="grid-head" role="rowgroup">
      <div className="grid-corner" role="columnheader" style={{ width: LEFT_W }}>
        <span>{t('entry.unit')}</span>
        <span className="grid-corner-count">{t('entry.grid.unitCount', { n: unitCount })}</span>
      </div>
      <div className="grid-head-centre" style={{ width: centreWidth }}>
        {spans
          .filter((s) => s.last >= lo && s.first <= hi)
          .map((s) => {
            const left = offsets[s.first]!;
            const width = offsets[s.last]! + widths[s.last]! - left;
            const label = (
              <span className="span-label" style={{ left: LEFT_W }}>
                {s.collapsible && <span className="span-toggle" aria-hidden="true">{s.collapsed ? '▸' : '▾'}</span>}
                <span className="span-name">{s.name}</span>
                {!s.veto && <span className="span-max">{t('entry.grid.maxShort', { n: s.max })}</span>}
              </span>
            );
            return s.collapsible ? (
              <button
                key={s.key}
                type="button"
                className={`grid-span${s.collapsed ? ' collapsed' : ''}`}
                style={{ left, width, height: HEAD_GROUP_H }}
                data-testid={`toggle-${s.key}`}
                aria-expanded={!s.collapsed}
                title={t(s.collapsed ? 'entry.grid.expandHint' : 'entry.grid.collapseHint', { name: s.name })}
                onClick={() => onToggle(s.key)}
              >
                {label}
              </button>
            ) : (
              <div key={s.key} className={`grid-span${s.veto ? ' veto' : ''}`} style={{ left, width, height: HEAD_GROUP_H }}>
                {label}
              </div>
            );
          })}
        {visible.map((i) => {
          const col = columns[i]!;
          const node = col.kind === 'leaf' ? col.leaf.key : col.kind === 'veto' ? col.veto.key : col.indicator;
          const mine = col.kind !== 'subtotal' && owned.has(node);
          return (
            <div
              key={col.id}
              role="columnheader"
              aria-colindex={i + 2}
              className={`grid-colhead ${col.kind}${mine ? ' mine' : ''}`}
              style={{ left: offsets[i], width: widths[i], top: HEAD_GROUP_H, height: HEAD_LEAF_H }}
              title={columnHint(t, compiled, col)}
              data-col={col.id}
            >
              <span className="colhead-name">{col.kind === 'subtotal' ? t('entry.grid.subtotal') : col.kind === 'leaf' ? col.leaf.name : col.veto.name}</span>
              <span className="colhead-meta">{columnMeta(t, compiled, col)}</span>
            </div>
          );
        })}
      </div>
      <div className="grid-head-right" role="presentation">
        {RIGHT_COLUMNS.map((c) => (
          <div key={c.id} role="columnheader" className={`grid-righthead ${c.id}`} style={{ width: c.width }}>
            {t(`entry.grid.col.${c.id}`)}
          </div>
        ))}
      </div>
    </div>
  );
}
