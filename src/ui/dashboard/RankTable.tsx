/**
 * The ranking table of one group: rank, unit, each indicator and the bonus/penalty parts, total, tier.
 * Any column sorts (the rank column always shows the engine's rank); a row's left edge carries its
 * tier colour so the tiers read at a glance from the back of a room. Rank and unit stick to the left,
 * total and tier to the right: when the indicator columns do not fit, only they scroll sideways. Long
 * groups are virtualised.
 */
import { memo, useMemo, useRef, useState, type ReactNode } from 'react';
import { useI18n } from '../useT';
import type { UnitResult } from '../../engine';
import { TierBadge } from '../TierBadge';
import { IncompleteMark } from '../ProvisionalBanner';
import type { GroupView } from '../useAssessment';
import { tierColor } from './chartData';
import { indicatorCell, rankColumns } from './columns';
import { DEFAULT_SORT, nextSort, sortUnits, type SortState } from './sortRows';
import { useVirtualRows } from './useVirtualRows';

const ROW_HEIGHT = 44;

// drawn again only when its group changes, not with the rest of the page (year over year, sync status)
export const RankTable = memo(function RankTable({ g }: { g: GroupView }) {
  const { t, num } = useI18n();
  const { result, compiled, ruleSet } = g;
  const decimals = ruleSet.precision.display;
  const columns = useMemo(() => rankColumns(compiled, t, num), [compiled, t, num]);
  const [sort, setSort] = useState<SortState>(DEFAULT_SORT);
  const tierOrder = useMemo(() => ruleSet.tiers.map((x) => x.key), [ruleSet]);
  const rows = useMemo(() => sortUnits(result.units, sort, tierOrder), [result.units, sort, tierOrder]);
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtual = useVirtualRows(rows.length, scrollRef, ROW_HEIGHT);

  if (result.units.length === 0) return <p className="notice">{t('rankings.empty')}</p>;

  const header = (column: string, label: ReactNode, className: string) => (
    <HeaderCell column={column} sort={sort} onSort={setSort} className={className}>
      {label}
    </HeaderCell>
  );

  const row = (u: UnitResult) => (
    <tr
      key={u.unitId}
      data-testid="rank-row"
      data-unit-id={u.unitId}
      data-rank={u.rank}
      data-tier={u.tier}
      data-complete={u.complete}
      className={[u.unscored ? 'unscored' : '', u.complete ? '' : 'incomplete'].join(' ').trim() || undefined}
    >
      <td className="col-rank" style={{ boxShadow: `inset 6px 0 0 ${tierColor(ruleSet, u.tier)}` }}>
        {u.rank}
      </td>
      <td className="col-unit">
        <span className="unit-name" title={u.unitName}>
          {u.unitName}
        </span>
        {u.vetoes.length > 0 && (
          <span className="veto-mark" title={u.vetoes.map((v) => v.name).join('；')}>
            {t('rankings.veto')}
          </span>
        )}
        {!u.complete && <IncompleteMark missing={u.missing.length} />}
      </td>
      {columns.map((col) => (
        <td key={col.key} className="col-num col-ind">
          {indicatorCell(u, col.key, decimals, num)}
        </td>
      ))}
      <td className="col-num col-total">{u.unscored ? t('rankings.unscored') : u.display}</td>
      <td className="col-tier" title={u.tierReason}>
        <TierBadge ruleSet={ruleSet} tier={u.tier} name={u.tierName} />
        {!u.complete && <span className="tier-provisional">{t('cycle.tierProvisional')}</span>}
      </td>
    </tr>
  );

  const shown = virtual.indices ? virtual.indices.map((i) => rows[i]!) : rows;
  const span = columns.length + 4;
  return (
    <div className={`table-wrap${virtual.indices ? ' virtual' : ''}`} ref={scrollRef} data-testid="rank-table-wrap">
      <table className="rank-table dash-table" data-testid={`rank-table-${g.group.key}`} data-rows={rows.length}>
        <thead>
          <tr>
            {header('rank', t('rankings.rank'), 'col-rank')}
            {header('unit', t('rankings.unit'), 'col-unit')}
            {columns.map((col) => (
              <HeaderCell key={col.key} column={col.key} sort={sort} onSort={setSort} className="col-num col-ind" sub={col.sub}>
                {col.name}
              </HeaderCell>
            ))}
            {header('total', t('rankings.total'), 'col-num col-total')}
            {header('tier', t('rankings.tier'), 'col-tier')}
          </tr>
        </thead>
        <tbody>
          {virtual.padTop > 0 && (
            <tr className="spacer" aria-hidden="true">
              <td colSpan={span} style={{ height: virtual.padTop }} />
            </tr>
          )}
          {shown.map(row)}
          {virtual.padBottom > 0 && (
            <tr className="spacer" aria-hidden="true">
              <td colSpan={span} style={{ height: virtual.padBottom }} />
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
});

interface HeaderCellProps {
  column: string;
  sort: SortState;
  onSort(sort: SortState): void;
  className: string;
  children: ReactNode;
  /** second line under the name (满分20); the sort mark goes at its end */
  sub?: string;
}

/** A column header that sorts on click; the mark shows the direction (↕ when not sorted by it). */
function HeaderCell({ column, sort, onSort, className, children, sub }: HeaderCellProps) {
  const { t } = useI18n();
  const active = sort.column === column;
  const mark = (
    <span className="sort-mark" aria-hidden="true">
      {active ? (sort.dir === 'asc' ? '▲' : '▼') : '↕'}
    </span>
  );
  return (
    <th
      className={`${className} sortable${active ? ' sorted' : ''}`}
      aria-sort={active ? (sort.dir === 'asc' ? 'ascending' : 'descending') : 'none'}
      data-testid={`sort-${column}`}
    >
      <button type="button" className="sort-button" onClick={() => onSort(nextSort(sort, column))} title={t('dashboard.sortBy')}>
        {sub === undefined ? (
          <>
            {children}
            {mark}
          </>
        ) : (
          <>
            <span className="ind-name">{children}</span>
            <span className="ind-max">
              {sub}
              {mark}
            </span>
          </>
        )}
      </button>
    </th>
  );
}

export function TierSummary({ g }: { g: GroupView }) {
  const { t } = useI18n();
  return (
    <p className="tier-summary" data-testid="tier-summary">
      <span className="label">{g.result.complete ? t('rankings.tierCounts') : t('cycle.tierCountsProvisional')}</span>
      {g.result.tierCounts.map((c) => (
        <span key={c.key} className="tier-count">
          <TierBadge ruleSet={g.ruleSet} tier={c.key} name={c.name} /> <strong>{c.count}</strong>
        </span>
      ))}
      <span className="muted">{t('rankings.units', { n: g.result.units.length })}</span>
    </p>
  );
}
