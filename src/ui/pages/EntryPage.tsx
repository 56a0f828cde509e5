/**
 * 评分录入: one grid per group — units down, check points across — driven from the keyboard like the
 * workbook it replaces, with live totals, ranks and tiers, progress, filters, and locking. A unit's
 * name opens its detail page (every leaf, findings, each assessor's value and the explanation).
 */
import { useMemo, useRef } from 'react';
import type { Unit } from '../../engine';
import { useI18n } from '../useT';
import { useApp } from '../appContext';
import { visibleColumns } from '../grid/columns';
import { filterUnits, filtering, ownedKeys } from '../grid/filters';
import { GridToolbar, ProgressSummary } from '../grid/GridToolbar';
import { NO_FILTERS, useGridUi, useGroupUi } from '../grid/gridUi';
import { ScoreGrid } from '../grid/ScoreGrid';
import { useGridData } from '../grid/useGridData';
import { GroupTabs, useSelectedGroup } from '../GroupTabs';
import { LockControls } from '../lock/LockControls';
import { useAssessment, type GroupView } from '../useAssessment';
import { selfDiffers } from '../../app/selfAssessment';
import { useSelfScores } from '../selfAssessment/useSelfScores';

export function EntryPage() {
  const { t } = useI18n();
  const view = useAssessment();
  const current = useSelectedGroup(view.groups);
  return (
    <section data-testid="page-entry" className="entry-page">
      <div className="page-head">
        <h2>{t('entry.title')}</h2>
        <GroupTabs groups={view.groups} current={current} />
        <span className="toolbar-gap" />
        <LockControls />
      </div>
      {current && <GroupEntry key={current.group.key} g={current} />}
    </section>
  );
}

function GroupEntry({ g }: { g: GroupView }) {
  const { t } = useI18n();
  const { assessment, assessor } = useApp();
  const data = useGridData(g);
  const groupKey = g.group.key;
  const ui = useGroupUi(groupKey);
  const update = useGridUi((s) => s.update);
  const locked = assessment.status === 'locked';
  const filters = ui.filters ?? NO_FILTERS;

  const selfScores = useSelfScores();
  const owned = useMemo(() => ownedKeys(data.compiled, assessor?.owns ?? []), [data.compiled, assessor]);
  const collapsed = useMemo(() => new Set(ui.collapsed), [ui.collapsed]);
  const shown = useMemo(
    () => visibleColumns(data.compiled, data.layout, { collapsed, only: filters.myColumns && owned.size > 0 ? owned : undefined }),
    [data.compiled, data.layout, collapsed, filters.myColumns, owned],
  );
  const lastRows = useRef<readonly Unit[]>([]);
  const rows = useMemo(() => {
    // nothing filtered: the group's units as they are, without a pass over them per save
    if (!filtering(filters)) return (lastRows.current = data.units);
    const next = filterUnits(data.units, filters, {
      progressOf: data.progressOf,
      resultOf: data.resultOf,
      owned,
      excluded: data.excluded,
      selfDiffers: (id) => selfDiffers(selfScores.get(id), data.resultOf.get(id)),
    });
    // the same rows as before keep their array: the grid's table model is then not built again after a save
    const same = next.length === lastRows.current.length && next.every((u, i) => u === lastRows.current[i]);
    return same ? lastRows.current : (lastRows.current = next);
  }, [data, filters, owned, selfScores]);
  const unitsDone = data.unitsDone;
  const hasSelf = useMemo(() => selfScores.size > 0 && data.units.some((u) => selfScores.has(u.id)), [data.units, selfScores]);

  const toggle = (key: string) =>
    update(groupKey, (s) => ({ collapsed: s.collapsed.includes(key) ? s.collapsed.filter((k) => k !== key) : [...s.collapsed, key] }));

  return (
    <>
      {locked && (
        <p className="notice warn" data-testid="entry-locked">
          {t('entry.grid.lockedNotice')}
        </p>
      )}
      {!locked && !assessor && (
        <p className="notice warn" data-testid="need-assessor">
          {t('entry.grid.needAssessor')}
        </p>
      )}
      <GridToolbar
        filters={filters}
        onFilters={(change) => update(groupKey, (s) => ({ filters: { ...s.filters, ...change } }))}
        shown={rows.length}
        total={data.units.length}
        hasOwned={owned.size > 0}
        hasSelf={hasSelf}
        onExpandAll={() => update(groupKey, () => ({ collapsed: [] }))}
        onCollapseAll={() => update(groupKey, () => ({ collapsed: data.layout.groups.filter((x) => x.collapsible).map((x) => x.key) }))}
      />
      <ProgressSummary
        mine={assessor ? data.total : null}
        unitsDone={unitsDone}
        units={data.units.length}
        assessors={data.assessors}
        currentId={assessor?.id}
      />
      {data.units.length === 0 ? (
        <p className="notice">{t('rankings.empty')}</p>
      ) : (
        <ScoreGrid data={data} rows={rows} shown={shown} collapsed={collapsed} owned={owned} locked={locked} onToggle={toggle} selfScores={selfScores} />
      )}
    </>
  );
}
