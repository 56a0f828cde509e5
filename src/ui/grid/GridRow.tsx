/**
 * One unit's row: the frozen unit name (a link to its detail page), the rendered cells, then the
 * frozen progress, total, rank and tier. A cell shows the current assessor's entry, or the
 * engine's score where nothing is entered by hand (subtotals, per-object items) or no assessor is chosen.
 */
import { memo, type MouseEvent } from 'react';
import type { I18n } from '../useT';
import type { RuleSet, ScoreEntry, Unit, UnitResult } from '../../engine';
import { TierBadge } from '../TierBadge';
import { cellView } from './cellText';
import { nodeOf, type GridColumn } from './columns';
import { LEFT_W, RIGHT_COLUMNS, ROW_H } from './layout';
import { cellKey, percent, type Progress } from './progress';
import type { PendingCell } from './useCellWrites';
import { SelfMark, selfCellClass } from '../selfAssessment/SelfMark';

export interface RowSelection {
  /** column index of the active cell when this row has it */
  active: number | null;
  /** selected columns of this row */
  c0: number;
  c1: number;
}

interface Props {
  i18n: I18n;
  ruleSet: RuleSet;
  unit: Unit;
  index: number;
  result: UnitResult | undefined;
  progress: Progress;
  columns: readonly GridColumn[];
  visible: readonly number[];
  offsets: readonly number[];
  widths: readonly number[];
  centreWidth: number;
  selection: RowSelection | null;
  /** the current assessor's entry of a cell (pending writes included), or null without an assessor */
  entryOf: ((unitId: string, node: string) => ScoreEntry | undefined) | null;
  /** the unit's stored entries: a new list when they change, which draws the row again (entryOf is stable) */
  entries: readonly ScoreEntry[] | undefined;
  /** writes not yet on disk, or refused, by cell key */
  overlay: ReadonlyMap<string, PendingCell>;
  /** cells of the last committed action */
  recent: ReadonlySet<string>;
  excluded: ReadonlySet<string>;
  scope: ReadonlySet<string> | null;
  /** the total while a value of this row is being typed */
  preview: string | null;
  /** the unit's self scores by leaf, when it sent its self-assessment back */
  self?: ReadonlyMap<string, number> | undefined;
  onCell(e: MouseEvent, row: number, col: number, kind: 'down' | 'enter' | 'double'): void;
}

/** Drawn again only when something of its own changes (the props are kept stable by the grid). */
export const GridRow = memo(function GridRow(p: Props) {
  const { i18n, unit, result, index } = p;
  const { t, num } = i18n;
  const vetoed = (result?.vetoes.length ?? 0) > 0;
  const pct = percent(p.progress);
  return (
    <div
      role="row"
      aria-rowindex={index + 2}
      className={`grid-row${index % 2 === 1 ? ' odd' : ''}${p.selection ? ' has-active' : ''}`}
      style={{ top: index * ROW_H, height: ROW_H }}
      data-testid="grid-row"
      data-unit-id={unit.id}
      data-unit-name={unit.name}
    >
      <div className="grid-unit" role="rowheader" style={{ width: LEFT_W }}>
        <span className="row-no">{index + 1}</span>
        <a href={`#/entry/unit/${encodeURIComponent(unit.id)}`} className="unit-link" data-testid="unit-link" title={t('entry.grid.openUnit', { unit: unit.name })}>
          {unit.name}
        </a>
        {vetoed && (
          <span className="veto-flag" title={result!.vetoes.map((v) => v.name).join('；')}>
            {t('entry.grid.vetoFlag')}
          </span>
        )}
      </div>
      <RowCells {...cellProps(p)} nodes={result?.nodes} vetoes={result?.vetoes} />
      <div className="grid-row-right">
        <div className="grid-right progress" style={{ width: RIGHT_COLUMNS[0].width }} data-testid="row-progress" title={t('entry.grid.progressTitle', { filled: p.progress.filled, total: p.progress.total })}>
          <span className="mini-bar" aria-hidden="true">
            <span className={pct === 100 ? 'done' : ''} style={{ width: `${pct}%` }} />
          </span>
          <span className="mini-text">
            {p.progress.filled}/{p.progress.total}
          </span>
        </div>
        <div className={`grid-right total${p.preview !== null ? ' preview' : ''}`} style={{ width: RIGHT_COLUMNS[1].width }} data-testid="row-total" title={p.preview !== null ? t('entry.grid.previewTitle') : undefined}>
          {p.preview ?? (result ? (result.unscored ? t('rankings.unscored') : result.display) : '')}
        </div>
        <div className="grid-right rank" style={{ width: RIGHT_COLUMNS[2].width }} data-testid="row-rank">
          {result ? num(result.rank) : ''}
        </div>
        <div className="grid-right tier" style={{ width: RIGHT_COLUMNS[3].width }} data-testid="row-tier">
          {result && <TierBadge ruleSet={p.ruleSet} tier={result.tier} name={result.tierName} />}
        </div>
      </div>
    </div>
  );
});

/** What the cells read: not the rank, tier or progress, so a row whose rank alone moved keeps its cells. */
type CellsProps = Omit<Props, 'result' | 'progress' | 'preview'> & {
  nodes: UnitResult['nodes'] | undefined;
  vetoes: UnitResult['vetoes'] | undefined;
};

function cellProps(p: Props): Omit<CellsProps, 'nodes' | 'vetoes'> {
  const { result: _result, progress: _progress, preview: _preview, ...rest } = p;
  return rest;
}

/**
 * The cells on screen side by side after the columns scrolled past (the padding), not each placed on its
 * own: a placed cell is a layer of its own to the browser, and a frame after a keystroke painted the
 * thousand cells on screen again one by one (about 3 ms against 0.2 ms in a test page of that size).
 */
const RowCells = memo(function RowCells(p: CellsProps) {
  return (
    <div className="grid-row-centre" style={{ width: p.centreWidth, paddingLeft: p.offsets[p.visible[0] ?? 0] ?? 0 }}>
      {p.visible.map((c) => (
        <Cell key={p.columns[c]!.id} {...p} c={c} />
      ))}
    </div>
  );
});

function Cell(p: CellsProps & { c: number }) {
  const { i18n, unit, nodes, vetoes, c } = p;
  const { t, num } = i18n;
  const col = p.columns[c]!;
  const sel = p.selection;
  const active = sel?.active === c;
  const selected = sel !== null && c >= sel.c0 && c <= sel.c1;
  let text: string;
  let badge: string | undefined;
  let kind = 'value';
  let state = '';
  let title: string | undefined;
  const display = p.ruleSet.precision.display;

  if (col.kind === 'subtotal') {
    kind = 'computed';
    const n = nodes?.[col.indicator];
    text = n && n.applicable ? num(n.score, display) : '—';
  } else if (col.kind === 'leaf' && p.excluded.has(col.leaf.key)) {
    kind = 'excluded';
    text = '—';
  } else if (col.perObject || !p.entryOf) {
    kind = 'computed';
    if (col.kind === 'leaf') {
      const n = nodes?.[col.leaf.key];
      text = n ? (n.applicable ? num(n.score, display) : t('value.notApplicable')) : '';
    } else {
      text = vetoes?.some((v) => v.key === col.veto.key) ? t('common.yes') : '';
    }
  } else {
    const node = nodeOf(col);
    const entry = p.entryOf(unit.id, node);
    const view = cellView(col, entry, t);
    text = view.text;
    badge = view.badge;
    const key = cellKey(unit.id, node);
    const pending = p.overlay.get(key);
    if (pending?.state === 'pending') state = 'pending';
    else if (pending?.state === 'error') {
      state = 'error';
      title = pending.message;
    } else if (p.recent.has(key)) state = 'saved';
    if (entry?.findings && entry.findings.length > 0 && !title) title = entry.findings.map((f, i) => `${i + 1}. ${f.reason}`).join('\n');
    if (col.kind === 'veto' && entry?.triggered) kind = 'value vetoed';
    if (p.scope && col.kind === 'leaf' && !p.scope.has(col.leaf.key)) kind += ' outside';
  }

  const selfMark = col.kind === 'leaf' && p.self?.get(col.leaf.key) !== undefined;
  // a mark in a corner is placed in its cell: only such cells are positioned (see RowCells)
  const marked = state !== '' || selfMark;
  return (
    <div
      role="gridcell"
      aria-colindex={c + 2}
      aria-selected={selected}
      className={`grid-cell ${kind}${col.kind === 'veto' ? ' veto-col' : ''}${selected ? ' selected' : ''}${active ? ' active' : ''}${marked ? ' marked' : ''}${selfCellClass(p.self, col, nodes)}`}
      style={{ width: p.widths[c] }}
      data-testid="grid-cell"
      data-col={col.id}
      data-state={state}
      title={title}
      onMouseDown={(e) => p.onCell(e, p.index, c, 'down')}
      onMouseEnter={(e) => p.onCell(e, p.index, c, 'enter')}
      onDoubleClick={(e) => p.onCell(e, p.index, c, 'double')}
    >
      <span className="cell-text">{text}</span>
      {badge && <span className="cell-badge">{badge}</span>}
      {p.self && col.kind === 'leaf' && <SelfMark self={p.self.get(col.leaf.key)} node={nodes?.[col.leaf.key]} display={display} />}
      {state === 'pending' && <span className="cell-pending" aria-label={t('save.saving')} />}
      {state === 'saved' && <span className="cell-saved" aria-label={t('save.saved')} />}
      {state === 'error' && (
        <span className="cell-unsaved" data-testid="cell-unsaved">
          {t('failure.unsaved')}
        </span>
      )}
    </div>
  );
}
