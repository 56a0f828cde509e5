/**
 * The column mapping of a past year's results table: which sheet, which header row, which column is
 * the unit, total, tier, rank and each first-level indicator. Preselected from the mapping used last
 * time (or the header wording); a preview shows what will be imported and which units did not match.
 */
import { useMemo, useState } from 'react';
import {
  guessHeaderRow,
  guessMapping,
  headersOf,
  importPastYear,
  letter,
  matchPastRows,
  readPastRows,
  rememberMapping,
  type Grid,
  type PastMapping,
  type RememberedMapping,
} from '../../app/pastYear';
import { yearsInName } from '../../app/yearSetup';
import { useI18n } from '../useT';
import { useApp } from '../appContext';
import { useAssessment } from '../useAssessment';
import { IssueList } from '../IssueList';
import { errorText } from '../errorText';
import { Modal } from './Modal';

interface Props {
  fileName: string;
  sheets: Grid[];
  remembered: RememberedMapping | undefined;
  onClose(): void;
  onDone(message: string): void;
}

const PREVIEW_ROWS = 8;

export function PastYearDialog({ fileName, sheets, remembered, onClose, onDone }: Props) {
  const { t } = useI18n();
  const { db, assessment, who } = useApp();
  const view = useAssessment();
  const indicators = useMemo(() => {
    const seen = new Map<string, string>();
    for (const g of view.groups) for (const i of g.compiled.indicators) if (!seen.has(i.key)) seen.set(i.key, i.name);
    return [...seen].map(([key, name]) => ({ key, name }));
  }, [view.groups]);

  const firstFilled = Math.max(0, sheets.findIndex((s) => s.rows.length > 0));
  const [sheetIndex, setSheetIndex] = useState(firstFilled);
  const grid = sheets[sheetIndex]!;
  const initial = (g: Grid) => {
    const row = guessHeaderRow(g);
    return guessMapping(headersOf(g, row), indicators, row, remembered);
  };
  const [mapping, setMapping] = useState<PastMapping>(() => initial(grid));
  const headers = useMemo(() => headersOf(grid, mapping.headerRow), [grid, mapping.headerRow]);
  const fromMemory = remembered !== undefined && mapping.unit !== null && headers.some((h) => h.column === mapping.unit && h.text === remembered.unit);

  // the year the file speaks of (its name or title rows), else last year
  const spoken = yearsInName(`${fileName} ${grid.rows.slice(0, 3).flat().join(' ')}`)[0];
  const [year, setYear] = useState(String(spoken ?? assessment.year - 1));
  const [name, setName] = useState(t('past.defaultName', { year: spoken ?? assessment.year - 1 }));
  const [error, setError] = useState<string | null>(null);

  const read = useMemo(() => readPastRows(grid, mapping), [grid, mapping]);
  const match = useMemo(
    () =>
      matchPastRows(
        read.rows,
        view.data.units.map((u) => ({ id: u.id, name: u.name, group: u.group })),
        view.groups.map((g) => ({ key: g.group.key, name: g.group.name, indicators: g.compiled.indicators })),
        { file: fileName, sheet: grid.name },
        Object.keys(mapping.indicators),
      ),
    [read.rows, view.data.units, view.groups, fileName, grid.name, mapping.indicators],
  );
  const unmatched = new Set(match.unmatched.map((r) => r.row));

  const set = (change: Partial<PastMapping>) => setMapping((m) => ({ ...m, ...change }));
  const setIndicator = (key: string, column: number | null) =>
    setMapping((m) => {
      const { [key]: _old, ...rest } = m.indicators;
      return { ...m, indicators: column === null ? rest : { ...rest, [key]: column } };
    });

  const save = async () => {
    const y = Number(year);
    if (name.trim() === '') return setError(t('year.nameRequired'));
    if (!Number.isInteger(y) || y < 2000 || y > 2100) return setError(t('year.yearInvalid'));
    try {
      await importPastYear(db, { name: name.trim(), year: y, groups: assessment.groups, results: match.results }, rememberMapping(headers, mapping), who);
      onDone(t('past.done', { name: name.trim(), year: y, n: match.matched }));
    } catch (e) {
      setError(errorText(e, t, 'import'));
    }
  };

  const columnSelect = (value: number | null, onChange: (v: number | null) => void, testId: string, none = t('past.colNone')) => (
    <select data-testid={testId} value={value ?? ''} onChange={(e) => onChange(e.target.value === '' ? null : Number(e.target.value))}>
      <option value="">{none}</option>
      {headers.map((h) => (
        <option key={h.column} value={h.column}>
          {letter(h.column)} · {h.text}
        </option>
      ))}
    </select>
  );

  const cell = (r: number, c: number | null) => (c === null ? '' : String(grid.rows[r - 1]?.[c - 1] ?? ''));
  const previewRows = read.rows.slice(0, PREVIEW_ROWS);
  const indicatorCols = indicators.filter((i) => mapping.indicators[i.key] !== undefined);

  return (
    <Modal title={t('past.dialogTitle', { file: fileName })} testId="past-dialog" onClose={onClose} wide>
      <div className="past-mapping">
        <label className="field">
          <span>{t('past.sheet')}</span>
          <select
            data-testid="past-sheet"
            value={sheetIndex}
            onChange={(e) => {
              const i = Number(e.target.value);
              setSheetIndex(i);
              setMapping(initial(sheets[i]!));
            }}
          >
            {sheets.map((s, i) => (
              <option key={i} value={i}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t('past.headerRow')}</span>
          <input
            data-testid="past-header-row"
            type="number"
            min={1}
            max={Math.max(1, grid.rows.length)}
            value={mapping.headerRow}
            onChange={(e) => {
              const row = Math.max(1, Math.min(grid.rows.length, Number(e.target.value) || 1));
              setMapping(guessMapping(headersOf(grid, row), indicators, row, remembered));
            }}
            style={{ width: '5em' }}
          />
        </label>
        <label className="field">
          <span>{t('past.name')}</span>
          <input data-testid="past-name" value={name} onChange={(e) => setName(e.target.value)} size={22} />
        </label>
        <label className="field">
          <span>{t('past.year')}</span>
          <input data-testid="past-year" value={year} onChange={(e) => setYear(e.target.value)} size={6} inputMode="numeric" />
        </label>
      </div>
      <h4>{t('past.columns')}</h4>
      {fromMemory && (
        <p className="muted" data-testid="past-remembered">
          {t('past.remembered')}
        </p>
      )}
      <div className="past-mapping">
        <label className="field">
          <span>{t('past.colUnit')}</span>
          {columnSelect(mapping.unit, (v) => set({ unit: v }), 'past-col-unit')}
        </label>
        <label className="field">
          <span>{t('past.colTotal')}</span>
          {columnSelect(mapping.total, (v) => set({ total: v }), 'past-col-total')}
        </label>
        <label className="field">
          <span>{t('past.colTier')}</span>
          {columnSelect(mapping.tier, (v) => set({ tier: v }), 'past-col-tier')}
        </label>
        <label className="field">
          <span>{t('past.colRank')}</span>
          {columnSelect(mapping.rank, (v) => set({ rank: v }), 'past-col-rank', t('past.rankComputed'))}
        </label>
      </div>
      <details open={indicatorCols.length > 0}>
        <summary>{t('past.indicators')}</summary>
        <div className="past-mapping">
          {indicators.map((i) => (
            <label key={i.key} className="field">
              <span>{i.name}</span>
              {columnSelect(mapping.indicators[i.key] ?? null, (v) => setIndicator(i.key, v), `past-col-ind-${i.key}`)}
            </label>
          ))}
        </div>
      </details>

      {read.errors.length > 0 ? (
        <IssueList title={t('past.errorsTitle', { n: read.errors.length })} issues={read.errors} testId="past-errors" />
      ) : (
        <>
          <h4>{t('past.preview', { n: Math.min(PREVIEW_ROWS, read.rows.length) })}</h4>
          <div className="past-preview">
            <table className="plain" data-testid="past-preview">
              <thead>
                <tr>
                  <th>#</th>
                  <th>{t('past.colUnit')}</th>
                  {indicatorCols.map((i) => (
                    <th key={i.key} className="col-num">
                      {i.name}
                    </th>
                  ))}
                  <th className="col-num">{t('past.colTotal')}</th>
                  <th>{t('past.colTier')}</th>
                  <th className="col-num">{t('past.colRank')}</th>
                </tr>
              </thead>
              <tbody>
                {previewRows.map((r) => (
                  <tr key={r.row} className={unmatched.has(r.row) ? 'unmatched' : ''}>
                    <td className="muted">{r.row}</td>
                    <td>{r.unitName}</td>
                    {indicatorCols.map((i) => (
                      <td key={i.key} className="col-num">
                        {r.scores[i.key] ?? ''}
                      </td>
                    ))}
                    <td className="col-num">{r.display}</td>
                    <td>{r.tierName}</td>
                    <td className="col-num">{r.rank ?? cell(r.row, mapping.rank)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p className="notice ok" data-testid="past-matched">
            {t('past.matched', { n: match.matched })}
          </p>
          {match.unmatched.length > 0 && (
            <p className="notice warn" data-testid="past-unmatched">
              {t('past.unmatched', { n: match.unmatched.length, names: match.unmatched.map((r) => t('past.unmatchedRow', { name: r.unitName, row: r.row })).join('、') })}
            </p>
          )}
          {match.missing.length > 0 && (
            <p className="muted" data-testid="past-missing">
              {t('past.missing', { n: match.missing.length })}
            </p>
          )}
        </>
      )}
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      <div className="actions">
        <button type="button" data-testid="past-import" disabled={read.errors.length > 0 || match.matched === 0} onClick={() => void save()}>
          {t('past.importButton', { n: match.matched })}
        </button>
        <button type="button" className="secondary" onClick={onClose}>
          {t('common.cancel')}
        </button>
      </div>
    </Modal>
  );
}
