/** Above the grid: find a unit, narrow the rows and columns, fold the indicators, and the progress. */
import { useI18n } from '../useT';
import type { GridFilters } from './gridUi';
import { percent, type AssessorProgress, type Progress } from './progress';

interface ToolbarProps {
  filters: GridFilters;
  onFilters(change: Partial<GridFilters>): void;
  shown: number;
  total: number;
  hasOwned: boolean;
  /** some unit has sent back a self-assessment: the 自评差异 filter is offered */
  hasSelf?: boolean;
  onExpandAll(): void;
  onCollapseAll(): void;
}

export function GridToolbar({ filters, onFilters, shown, total, hasOwned, hasSelf = false, onExpandAll, onCollapseAll }: ToolbarProps) {
  const { t } = useI18n();
  const toggle = (key: 'unfilled' | 'vetoed' | 'mine' | 'myColumns' | 'pendingReason' | 'selfDiff', label: string, title: string, disabled = false) => (
    <label className={`chip${filters[key] ? ' on' : ''}${disabled ? ' disabled' : ''}`} title={title}>
      <input type="checkbox" checked={filters[key]} disabled={disabled} onChange={(e) => onFilters({ [key]: e.target.checked })} data-testid={`grid-filter-${key}`} />
      {label}
    </label>
  );
  return (
    <div className="grid-toolbar">
      <input
        type="search"
        className="grid-search"
        placeholder={t('entry.grid.searchPlaceholder')}
        aria-label={t('entry.grid.searchPlaceholder')}
        value={filters.search}
        onChange={(e) => onFilters({ search: e.target.value })}
        data-testid="grid-search"
      />
      {toggle('unfilled', t('entry.grid.filterUnfilled'), t('entry.grid.filterUnfilledTitle'))}
      {toggle('vetoed', t('entry.grid.filterVetoed'), t('entry.grid.filterVetoedTitle'))}
      {toggle('pendingReason', t('paste.filterPending'), t('paste.filterPendingTitle'))}
      {hasSelf && toggle('selfDiff', t('self.filterDiff'), t('self.filterDiffTitle'))}
      {toggle('mine', t('entry.grid.filterMine'), t(hasOwned ? 'entry.grid.filterMineTitle' : 'entry.grid.filterNoOwned'), !hasOwned)}
      {toggle('myColumns', t('entry.grid.filterMyColumns'), t(hasOwned ? 'entry.grid.filterMyColumnsTitle' : 'entry.grid.filterNoOwned'), !hasOwned)}
      <span className="grid-shown" data-testid="grid-shown">
        {shown === total ? t('entry.grid.unitCount', { n: total }) : t('entry.grid.shownOf', { shown, total })}
      </span>
      <span className="toolbar-gap" />
      <button type="button" className="secondary" onClick={onExpandAll} data-testid="grid-expand-all">
        {t('entry.grid.expandAll')}
      </button>
      <button type="button" className="secondary" onClick={onCollapseAll} data-testid="grid-collapse-all">
        {t('entry.grid.collapseAll')}
      </button>
    </div>
  );
}

interface ProgressProps {
  mine: Progress | null;
  unitsDone: number;
  units: number;
  assessors: readonly AssessorProgress[];
  currentId: string | undefined;
}

/** 我的进度 and every assessor's, over the group. */
export function ProgressSummary({ mine, unitsDone, units, assessors, currentId }: ProgressProps) {
  const { t } = useI18n();
  return (
    <div className="progress-summary" data-testid="progress-summary">
      {mine && (
        <span className="progress-mine">
          {t('entry.grid.progressMine', { filled: mine.filled, total: mine.total, pct: percent(mine) })}
          <span className="muted">{t('entry.grid.progressUnits', { done: unitsDone, all: units })}</span>
        </span>
      )}
      <span className="progress-all">
        <span className="muted">{t('entry.grid.progressAssessors')}</span>
        {assessors.map((a) => {
          const pct = percent(a);
          return (
            <span key={a.assessor.id} className={`progress-person${a.assessor.id === currentId ? ' me' : ''}`} title={t('entry.grid.progressTitle', { filled: a.filled, total: a.total })} data-testid="assessor-progress">
              {a.assessor.name}
              <span className="mini-bar" aria-hidden="true">
                <span className={pct === 100 ? 'done' : ''} style={{ width: `${pct}%` }} />
              </span>
              {pct}%
            </span>
          );
        })}
      </span>
    </div>
  );
}
