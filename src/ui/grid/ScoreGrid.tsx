/**
 * The score grid of one group: units × check points, built on @tanstack/react-table (column groups per
 * first-level indicator, visibility for collapsing, the unit column pinned left and the totals right)
 * and @tanstack/react-virtual for rows and columns, so that only the cells on screen are rendered —
 * 3,000 units × 150 check points scroll like 15 × 25.
 *
 * One text field follows the active cell and takes every key: when it is not editing it is
 * invisible and typing into it starts an edit (Chinese input methods work as in any text field);
 * paste and copy events arrive there too.
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent, type MouseEvent } from 'react';
import { useNavigate } from 'react-router-dom';
import { useI18n } from '../useT';
import { evaluateUnit, type Unit } from '../../engine';
import { useApp } from '../appContext';
import { useAssessment } from '../useAssessment';
import { planText } from './cellPlan';
import { columnWidth, type GridColumn } from './columns';
import { ChecklistPopover, VetoPopover } from './CellPopovers';
import { FindingsPanel } from './FindingsPanel';
import { gridKey } from './gridKeys';
import { GridHeader } from './GridHeader';
import { GridRow } from './GridRow';
import { HEADER_H, LEFT_W, RIGHT_COLUMNS, RIGHT_W, ROW_H, offsetsOf } from './layout';
import type { GridData } from './useGridData';
import { GridStatus } from './GridStatus';
import { PasteReviewDialog, RatioQuestionDialog } from './PasteDialogs';
import { useGridEditor } from './useGridEditor';
import { useGridTable } from './useGridTable';
import { cellOfKey } from './progress';
import type { PendingCell } from './useCellWrites';
import './grid.css';

interface Props {
  data: GridData;
  rows: readonly Unit[];
  /** the columns to show (collapsed indicators as subtotals), in order */
  shown: readonly GridColumn[];
  collapsed: ReadonlySet<string>;
  /** leaf and veto keys the current assessor owns (marked in the header) */
  owned: ReadonlySet<string>;
  locked: boolean;
  onToggle(indicator: string): void;
  /** self scores units sent back, by unit and leaf (shown small in their cells) */
  selfScores?: ReadonlyMap<string, ReadonlyMap<string, number>>;
}

export function ScoreGrid({ data, rows, shown, collapsed, owned, locked, onToggle, selfScores }: Props) {
  const i18n = useI18n();
  const { t } = i18n;
  const { assessor, assessors } = useApp();
  // the self scores that count toward the total (where the rule set weights them): the preview counts them too
  const countingSelf = useAssessment().data.selfScores;
  const navigate = useNavigate();
  const scrollRef = useRef<HTMLDivElement>(null);
  const sinkRef = useRef<HTMLInputElement>(null);
  const [height, setHeight] = useState(480);

  const { columns, units, spans } = useGridTable(data, rows, shown, collapsed);

  const widths = useMemo(() => columns.map(columnWidth), [columns]);
  const { offsets, width: centreWidth } = useMemo(() => offsetsOf(widths), [widths]);

  // ----- virtualisation -----
  const rowV = useVirtualizer({
    count: units.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_H,
    overscan: 10,
    scrollMargin: HEADER_H,
  });
  const colKey = useCallback((i: number) => columns[i]?.id ?? i, [columns]);
  const colV = useVirtualizer({
    horizontal: true,
    count: columns.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: (i) => widths[i] ?? 100,
    getItemKey: colKey,
    overscan: 3,
    scrollMargin: LEFT_W,
  });
  const virtualCols = colV.getVirtualItems();
  const firstCol = virtualCols[0]?.index ?? 0;
  const lastCol = virtualCols[virtualCols.length - 1]?.index ?? -1;
  // one array per range on screen, so that rows are drawn again only when it moves
  const visibleCols = useMemo(() => Array.from({ length: lastCol - firstCol + 1 }, (_, i) => firstCol + i), [firstCol, lastCol]);

  // the grid fills the window below its top edge
  useLayoutEffect(() => {
    const fit = () => {
      const el = scrollRef.current;
      if (el) setHeight(Math.max(260, window.innerHeight - el.getBoundingClientRect().top - 12));
    };
    fit();
    window.addEventListener('resize', fit);
    return () => window.removeEventListener('resize', fit);
  }, []);

  const reveal = useCallback(
    (r: number, c: number) => {
      const el = scrollRef.current;
      if (!el) return;
      const top = HEADER_H + r * ROW_H;
      if (top < el.scrollTop + HEADER_H) el.scrollTop = top - HEADER_H;
      else if (top + ROW_H > el.scrollTop + el.clientHeight) el.scrollTop = top + ROW_H - el.clientHeight;
      const left = LEFT_W + (offsets[c] ?? 0);
      const w = widths[c] ?? 0;
      if (left < el.scrollLeft + LEFT_W) el.scrollLeft = left - LEFT_W;
      else if (left + w > el.scrollLeft + el.clientWidth - RIGHT_W) el.scrollLeft = left + w - el.clientWidth + RIGHT_W;
    },
    [offsets, widths],
  );

  const openUnit = useCallback((unitId: string) => navigate(`/entry/unit/${encodeURIComponent(unitId)}`), [navigate]);
  const ed = useGridEditor({ data, rows: units, columns, locked, reveal, openUnit, expand: onToggle });

  const focusGrid = () => sinkRef.current?.focus({ preventScroll: true });
  // keyboard first: on arriving at the page the keys go to the grid, unless something else has focus
  useEffect(() => {
    if (!document.activeElement || document.activeElement === document.body) sinkRef.current?.focus({ preventScroll: true });
  }, []);

  // ----- the total as it would be with the value being typed -----
  const preview = useMemo(() => {
    if (!ed.editing || !ed.activeUnit || !ed.activeCol || !assessor) return null;
    const plan = planText(ed.ctx, ed.activeUnit, ed.activeCol, ed.editing.draft, 'type');
    if (plan.type !== 'change') return null;
    const { change } = plan;
    const own = (data.entriesByUnit.get(change.unitId) ?? []).filter(
      (e) => !(e.assessorId === assessor.id && e.node === change.node && e.objectId === undefined),
    );
    const r = evaluateUnit(data.compiled, ed.activeUnit, change.after ? [...own, change.after] : own, assessors, { selfScores: countingSelf });
    return r.unscored ? t('rankings.unscored') : r.display;
    // ed.ctx changes every render; the draft and the cell decide the preview
  }, [ed.editing?.draft, ed.activeUnit, ed.activeCol, data, assessor, assessors, countingSelf, t]);

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => gridKey(e, ed, { rows: units.length, cols: columns.length, page: Math.max(1, Math.floor((height - HEADER_H) / ROW_H) - 1) });

  const onCellNow = (e: MouseEvent, r: number, c: number, kind: 'down' | 'enter' | 'double') => {
    if (kind === 'enter') {
      if (e.buttons === 1 && dragging.current) ed.moveTo(r, c, true);
      return;
    }
    if (kind === 'double') {
      ed.openEditor();
      return;
    }
    if (e.button !== 0) return;
    e.preventDefault();
    if (ed.editing && !ed.commitEdit()) {
      focusGrid();
      return;
    }
    dragging.current = true;
    ed.moveTo(r, c, e.shiftKey);
    focusGrid();
  };
  // rows get one handler for their lifetime; it calls the current one
  // Each row gets what is its own: its unit's pending and recent cells, and its unit's entry list (which
  // the live assessment replaces only for a unit an edit touched); entryOf reads the latest through a
  // ref. A save then redraws the edited row, not every row on screen.
  const displayedRef = useRef(ed.writes.displayed);
  displayedRef.current = ed.writes.displayed;
  // a new function for another assessor draws every row again
  const entryOf = useCallback((unitId: string, node: string) => displayedRef.current(unitId, node), [assessor?.id]);
  const overlayByUnit = useMemo(() => byUnitOf(ed.writes.overlay), [ed.writes.overlay]);
  const recentByUnit = useMemo(() => {
    const m = new Map<string, Set<string>>();
    for (const k of ed.writes.recent) {
      const u = cellOfKey(k).unitId;
      let set = m.get(u);
      if (!set) m.set(u, (set = new Set()));
      set.add(k);
    }
    return m;
  }, [ed.writes.recent]);

  const onCellRef = useRef(onCellNow);
  onCellRef.current = onCellNow;
  const onCell = useCallback((e: MouseEvent, r: number, c: number, kind: 'down' | 'enter' | 'double') => onCellRef.current(e, r, c, kind), []);
  const dragging = useRef(false);
  useEffect(() => {
    const up = () => (dragging.current = false);
    window.addEventListener('mouseup', up);
    return () => window.removeEventListener('mouseup', up);
  }, []);

  const { activePos, rect } = ed;
  // small editors open under the cell, or above it near the bottom and leftwards near the right edge
  const popoverAt = (() => {
    if (!activePos) return { top: 0, left: 0, above: false, right: false };
    const el = scrollRef.current;
    const cellLeft = LEFT_W + (offsets[activePos.c] ?? 0);
    const cellTop = activePos.r * ROW_H;
    const above = el ? HEADER_H + cellTop + ROW_H + 260 > el.scrollTop + el.clientHeight && cellTop - el.scrollTop > 260 : false;
    const right = el ? cellLeft + 360 > el.scrollLeft + el.clientWidth - RIGHT_W : false;
    return { top: above ? cellTop : cellTop + ROW_H, left: right ? cellLeft + (widths[activePos.c] ?? 0) : cellLeft, above, right };
  })();
  const sinkStyle = activePos
    ? { top: activePos.r * ROW_H, left: LEFT_W + (offsets[activePos.c] ?? 0), width: Math.max(widths[activePos.c] ?? 100, ed.editing ? 140 : 0), height: ROW_H }
    : { top: 0, left: LEFT_W, width: 100, height: ROW_H };
  const scopeShown = owned.size > 0 ? data.scope : null;

  const cellLabel = ed.activeUnit && ed.activeCol ? `${ed.activeUnit.name} / ${ed.activeCol.kind === 'subtotal' ? ed.activeCol.name : ed.activeCol.kind === 'leaf' ? ed.activeCol.leaf.name : ed.activeCol.veto.name}` : '';

  return (
    <>
    <GridStatus editor={ed} locked={locked} onFocusGrid={focusGrid} />
    <PasteReviewDialog editor={ed} onDone={focusGrid} />
    <RatioQuestionDialog editor={ed} onDone={focusGrid} />
    <div
      className={`score-grid${locked ? ' locked' : ''}`}
      ref={scrollRef}
      style={{ height }}
      role="grid"
      aria-rowcount={units.length + 1}
      aria-colcount={columns.length + 1 + RIGHT_COLUMNS.length}
      aria-readonly={locked || !assessor}
      data-testid="score-grid"
      data-group={data.g.group.key}
    >
      <div className="grid-canvas" style={{ width: LEFT_W + centreWidth + RIGHT_W, height: HEADER_H + units.length * ROW_H }}>
        <GridHeader
          t={t}
          compiled={data.compiled}
          columns={columns}
          offsets={offsets}
          widths={widths}
          centreWidth={centreWidth}
          spans={spans}
          visible={visibleCols}
          unitCount={units.length}
          owned={owned}
          onToggle={onToggle}
        />
        <div className="grid-body" role="rowgroup" style={{ height: units.length * ROW_H, width: LEFT_W + centreWidth + RIGHT_W }}>
          {rowV.getVirtualItems().map((vr) => {
            const unit = units[vr.index]!;
            const inRect = rect && vr.index >= rect.r0 && vr.index <= rect.r1;
            return (
              <GridRow
                key={unit.id}
                i18n={i18n}
                ruleSet={data.g.ruleSet}
                unit={unit}
                index={vr.index}
                result={data.resultOf.get(unit.id)}
                progress={data.progressOf(unit.id)}
                columns={columns}
                visible={visibleCols}
                offsets={offsets}
                widths={widths}
                centreWidth={centreWidth}
                selection={inRect ? { active: activePos?.r === vr.index ? activePos.c : null, c0: rect.c0, c1: rect.c1 } : null}
                entryOf={assessor ? entryOf : null}
                entries={data.entriesByUnit.get(unit.id)}
                overlay={overlayByUnit.get(unit.id) ?? NO_OVERLAY}
                recent={recentByUnit.get(unit.id) ?? NO_RECENT}
                excluded={data.excluded(unit)}
                scope={scopeShown}
                preview={activePos?.r === vr.index ? preview : null}
                self={selfScores?.get(unit.id)}
                onCell={onCell}
              />
            );
          })}
          <input
            ref={sinkRef}
            className={`grid-editor${ed.editing ? ' editing' : ''}${ed.editError ? ' invalid' : ''}`}
            style={sinkStyle}
            value={ed.editing?.draft ?? ''}
            onChange={(e) => {
              if (ed.editing) ed.setDraft(e.target.value);
              else ed.startEdit('enter', e.target.value);
            }}
            onKeyDown={onKeyDown}
            onPaste={(e) => {
              const text = e.clipboardData.getData('text/plain');
              if (ed.editing && !/[\t\r\n]/.test(text.replace(/(\r\n|\n|\r)$/, ''))) return;
              e.preventDefault();
              ed.cancelEdit();
              ed.paste(text);
            }}
            onCopy={(e) => {
              if (ed.editing) return;
              e.preventDefault();
              e.clipboardData.setData('text/plain', ed.copy());
            }}
            onBlur={() => {
              if (ed.editing) ed.commitEdit();
            }}
            aria-label={t('entry.grid.editorLabel', { cell: cellLabel })}
            aria-invalid={ed.editError !== null}
            autoComplete="off"
            spellCheck={false}
            data-testid="grid-editor"
          />
          {ed.editError && activePos && (
            <div
              className={`grid-edit-error${popoverAt.right ? ' right' : ''}`}
              role="alert"
              data-testid="grid-edit-error"
              style={{ top: (activePos.r + 1) * ROW_H + 2, left: popoverAt.left }}
            >
              {ed.editError}
              <span className="muted">{t('entry.grid.editErrorHint')}</span>
            </div>
          )}
          {ed.popover && activePos && ed.activeUnit && ed.activeCol && ed.activeCol.kind !== 'subtotal' && (
            <div className={`grid-popover-anchor${popoverAt.above ? ' above' : ''}${popoverAt.right ? ' right' : ''}`} style={{ top: popoverAt.top, left: popoverAt.left }}>
              {ed.popover === 'checklist' && ed.activeCol.kind === 'leaf' && ed.activeCol.leaf.type === 'checklist' ? (
                <ChecklistPopover
                  leaf={ed.activeCol.leaf}
                  unit={ed.activeUnit}
                  entry={ed.writes.displayed(ed.activeUnit.id, ed.activeCol.leaf.key)}
                  hint={ed.checksHint}
                  onSave={async (checks) => ed.commitFields(ed.activeUnit!.id, ed.activeCol!.id, { checks })}
                  onClose={() => {
                    ed.closePopover();
                    focusGrid();
                  }}
                />
              ) : ed.popover === 'veto' && ed.activeCol.kind === 'veto' ? (
                <VetoPopover
                  veto={ed.activeCol.veto}
                  compiled={data.compiled}
                  unit={ed.activeUnit}
                  entry={ed.writes.displayed(ed.activeUnit.id, ed.activeCol.veto.key)}
                  onSave={async (triggered) => ed.commitFields(ed.activeUnit!.id, ed.activeCol!.id, triggered === null ? null : { triggered })}
                  onClose={() => {
                    ed.closePopover();
                    focusGrid();
                  }}
                />
              ) : null}
            </div>
          )}
        </div>
      </div>
      {ed.findings && (
        <FindingsPanel
          key={`${ed.findings.unitId}|${ed.findings.colId}|${ed.findings.deduction ?? ''}`}
          data={data}
          target={ed.findings}
          column={columns.find((c) => c.id === ed.findings!.colId)}
          entry={(u, n) => ed.writes.displayed(u, n)}
          onSave={(findings) => ed.commitFields(ed.findings!.unitId, ed.findings!.colId, findings === null ? null : { findings })}
          onClose={() => {
            ed.closeFindings();
            focusGrid();
          }}
        />
      )}
    </div>
    </>
  );
}

const NO_OVERLAY: ReadonlyMap<string, PendingCell> = new Map();
const NO_RECENT: ReadonlySet<string> = new Set();

function byUnitOf(overlay: ReadonlyMap<string, PendingCell>): Map<string, Map<string, PendingCell>> {
  const m = new Map<string, Map<string, PendingCell>>();
  for (const [k, o] of overlay) {
    const u = cellOfKey(k).unitId;
    let sub = m.get(u);
    if (!sub) m.set(u, (sub = new Map()));
    sub.set(k, o);
  }
  return m;
}
