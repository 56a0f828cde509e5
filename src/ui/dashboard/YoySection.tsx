/**
 * 历年对比: units of this group found in other assessments on this machine, with their rank and total
 * each year. An earlier year's bundle can be opened here as its own assessment (the open assessment
 * is not touched).
 */
import { IncompleteMark } from '../ProvisionalBanner';
import { useRef, useState } from 'react';
import { openBundleInWorker, type BundleOpening, type OpenStep } from '../../app/readBundleInWorker';
import { warmBundleWorker } from '../../app/workerJob';
import { trackSave } from '../../app/saveStatus';
import { IngestProgressBar } from '../exchange/IngestProgressBar';
import { useI18n } from '../useT';
import type { ValidationIssue } from '../../engine';
import { useApp } from '../appContext';
import { IssueList } from '../IssueList';
import { FileButton, JSON_FILES } from '../FileButton';
import type { GroupView } from '../useAssessment';
import { moveText } from '../whatif/diff';
import { ChartSlot, YoyChart } from './lazyCharts';
import { YoyIndicators } from './YoyIndicators';
import type { YearOverYear } from './yearOverYear';
import { useYearLabels } from './useYearOverYear';
import { useJob } from '../useJob';

export function YoySection({ g, yoy }: { g: GroupView; yoy: YearOverYear | null }) {
  const { t, num } = useI18n();
  const labels = useYearLabels(yoy);
  const decimals = g.ruleSet.precision.display;
  // this year's units still open: their rank change is as provisional as their rank
  const incomplete = new Map(g.result.units.filter((u) => !u.complete).map((u) => [u.unitId, u.missing.length]));
  return (
    <section className="card dash-card dash-wide" data-testid="yoy">
      <div className="card-head">
        <h3>{t('dashboard.yoyTitle', { group: g.group.name })}</h3>
        <YoyLoader />
      </div>
      {!yoy ? (
        <p className="muted">{t('dashboard.chartLoading')}</p>
      ) : yoy.rows.length === 0 ? (
        <p className="notice" data-testid="yoy-empty">
          {t('dashboard.yoyEmpty')}
        </p>
      ) : (
        <div className="yoy-body">
          {!g.result.complete && (
            <p className="notice warn" data-testid="yoy-provisional">
              {t('cycle.yoyProvisional')}
            </p>
          )}
          <div className="table-wrap short">
            <table className="dash-table yoy-table" data-testid="yoy-table">
              <thead>
                <tr>
                  <th>{t('rankings.unit')}</th>
                  {labels.map((l, i) => (
                    <th key={i} className="col-num">
                      {l}
                      <span className="ind-max">{t('dashboard.yoyRankTotal')}</span>
                    </th>
                  ))}
                  <th className="col-num">{t('dashboard.yoyChange')}</th>
                </tr>
              </thead>
              <tbody>
                {yoy.rows.map((r) => (
                  <tr key={r.unitId} data-testid="yoy-row" data-unit-id={r.unitId}>
                    <td className="col-unit">
                      <span className="unit-name" title={r.unitName}>
                        {r.unitName}
                      </span>
                      {incomplete.has(r.unitId) && <IncompleteMark missing={incomplete.get(r.unitId)!} />}
                    </td>
                    {r.points.map((p, i) => (
                      <td key={i} className="col-num" data-testid="yoy-point" data-rank={p?.rank ?? ''}>
                        {p ? (
                          <>
                            <strong>{t('dashboard.rankN', { n: p.rank })}</strong>
                            <span className="yoy-total">{p.unscored ? t('rankings.unscored') : p.display}</span>
                          </>
                        ) : (
                          '—'
                        )}
                      </td>
                    ))}
                    <td className="col-num">
                      <span className={`move ${r.rankChange && r.rankChange > 0 ? 'up' : r.rankChange ? 'down' : ''}`} data-testid="yoy-move">
                        {r.rankChange === null ? '—' : moveText(r.rankChange) || t('dashboard.noMove')}
                      </span>
                      {r.totalChange !== null && (
                        <span className="yoy-delta">
                          {r.totalChange > 0 ? '+' : ''}
                          {num(r.totalChange, decimals)}
                        </span>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <YoyIndicators yoy={yoy} labels={labels} decimals={decimals} />
          <ChartSlot height={400}>
            <YoyChart yoy={yoy} labels={labels} />
          </ChartSlot>
        </div>
      )}
    </section>
  );
}

type LoadOutcome =
  | { kind: 'invalid'; file: string; errors: ValidationIssue[] }
  | { kind: 'failed'; message: string }
  | { kind: 'cancelled'; file: string }
  | { kind: 'done'; name: string; year: number };

const loadFailed = (message: string): LoadOutcome => ({ kind: 'failed', message });

/**
 * Opens another year's bundle (as exported from that year's assessment) as an assessment of this machine:
 * read, checked and stored in a worker, with its progress shown and a cancel until storing begins.
 */
function YoyLoader() {
  const { t } = useI18n();
  const { db, who } = useApp();
  const { busy: running, outcome, run } = useJob<LoadOutcome>(loadFailed, 'import');
  const busy = running !== null;
  const [step, setStep] = useState<OpenStep | null>(null);
  const opening = useRef<BundleOpening | null>(null);

  const open = (file: File) =>
    run(async () => {
      try {
        const o = openBundleInWorker(db, file, who, setStep);
        opening.current = o;
        const opened = await trackSave(o.done);
        if (opened.ok) return { kind: 'done', name: opened.name, year: opened.year };
        return 'cancelled' in opened ? { kind: 'cancelled', file: file.name } : { kind: 'invalid', file: file.name, errors: opened.errors };
      } finally {
        opening.current = null;
        setStep(null);
      }
    });

  return (
    <div className="yoy-loader">
      <FileButton accept={JSON_FILES} testId="yoy-load-file" disabled={busy} title={t('dashboard.yoyLoadHelp')} onChoosing={warmBundleWorker} onFile={(f) => void open(f)}>
        {t('dashboard.yoyLoad')}
      </FileButton>
      {step && <IngestProgressBar step={step} {...(step.stage !== 'store' && { onCancel: () => opening.current?.cancel() })} />}
      <div data-testid="yoy-load-outcome" data-kind={outcome?.kind ?? 'none'}>
        {outcome?.kind === 'cancelled' && (
          <p className="notice" role="status">
            {t('ingest.cancelled', { file: outcome.file })}
          </p>
        )}
        {outcome?.kind === 'done' && (
          <p className="notice ok" role="status">
            {t('dashboard.yoyLoaded', { name: outcome.name, year: outcome.year })}
          </p>
        )}
        {outcome?.kind === 'failed' && (
          <p className="field-error" role="alert">
            {t('dashboard.yoyLoadFailed', { message: outcome.message })}
          </p>
        )}
        {outcome?.kind === 'invalid' && (
          <IssueList title={t('export.importErrors', { file: outcome.file, n: outcome.errors.length })} issues={outcome.errors} testId="yoy-load-errors" />
        )}
      </div>
    </div>
  );
}
