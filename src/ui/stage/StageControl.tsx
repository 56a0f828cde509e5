/**
 * The year's stage in the masthead: where the assessment stands, how many appeals wait, the step to
 * the next stage and, behind "退回…", the way back with a reason. 定稿 refused lists what blocks it.
 */
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { changeStage, currentStage, nextStage, STAGES, type Stage, type StageBlocker } from '../../app/stage';
import { listAppeals } from '../../app/appeals';
import { useApp } from '../appContext';
import { useI18n } from '../useT';
import { useJob } from '../useJob';
import { useLive } from '../useLive';
import { STAGE_KEYS } from './stageWords';
import { BlockerList } from './BlockerList';
import './stage.css';

type Outcome = { kind: 'ok'; text: string } | { kind: 'error'; text: string } | { kind: 'blocked'; blockers: StageBlocker[] };

const failed = (text: string): Outcome => ({ kind: 'error', text });

export function StageControl() {
  const { t } = useI18n();
  const { db, assessment, who } = useApp();
  const stage = currentStage(assessment);
  const next = nextStage(stage);
  const appeals = useLive(() => listAppeals(db, assessment.id), [db, assessment.id]);
  const open = appeals.status === 'ready' ? appeals.value.filter((a) => a.decision === undefined) : [];
  const [back, setBack] = useState(false);
  const earlier = STAGES.slice(0, STAGES.indexOf(stage));
  const [backTo, setBackTo] = useState<Stage>(earlier[earlier.length - 1] ?? 'entry');
  const [reason, setReason] = useState('');
  const { busy, outcome, run, show } = useJob<Outcome>(failed);

  const go = (to: Stage, why?: string) =>
    run(async () => {
      const r = await changeStage(db, assessment, to, who, why);
      if (!r.ok) return { kind: 'blocked', blockers: r.blockers };
      setBack(false);
      setReason('');
      return { kind: 'ok', text: t('stage.changed', { stage: t(STAGE_KEYS[to]) }) };
    });

  return (
    <div className="stage-control">
      <span className={`stage-badge stage-${stage}`} data-testid="stage-badge" data-stage={stage} title={t('stage.title')}>
        {t('stage.label', { stage: t(STAGE_KEYS[stage]) })}
      </span>
      {open.length > 0 && (
        <Link
          className="open-appeals"
          data-testid="open-appeals"
          data-count={open.length}
          title={t('stage.openAppealsTitle')}
          to={`/entry/unit/${encodeURIComponent(open[0]!.unitId)}#appeals`}
        >
          {t('stage.openAppeals', { n: open.length })}
        </Link>
      )}
      {next && (
        <button type="button" className="secondary stage-advance" data-testid="stage-advance" data-to={next} disabled={busy !== null} title={t('stage.advanceTitle')} onClick={() => void go(next)}>
          {t('stage.advance', { stage: t(STAGE_KEYS[next]) })}
        </button>
      )}
      {earlier.length > 0 && (
        <button type="button" className="link stage-back" data-testid="stage-back" title={t('stage.backTitle')} onClick={() => { show(null); setBackTo(earlier[earlier.length - 1]!); setBack((b) => !b); }}>
          {t('stage.back')}
        </button>
      )}
      {(back || outcome) && (
        <div className="stage-panel card" data-testid="stage-panel" role={outcome?.kind === 'ok' ? 'status' : 'alert'}>
          {back && (
            <div className="stage-back-form">
              <label>
                {t('stage.backTo')}
                <select data-testid="stage-back-to" value={backTo} onChange={(e) => setBackTo(e.target.value as Stage)}>
                  {earlier.map((s) => (
                    <option key={s} value={s}>
                      {t(STAGE_KEYS[s])}
                    </option>
                  ))}
                </select>
              </label>
              <label>
                {t('stage.reason')}
                <input data-testid="stage-reason" value={reason} placeholder={t('stage.reasonPlaceholder')} onChange={(e) => setReason(e.target.value)} />
              </label>
              <button type="button" data-testid="stage-back-confirm" disabled={busy !== null} onClick={() => void go(backTo, reason)}>
                {t('stage.confirmBack')}
              </button>
              <button type="button" className="secondary" onClick={() => setBack(false)}>
                {t('common.cancel')}
              </button>
            </div>
          )}
          {outcome?.kind === 'blocked' && <BlockerList blockers={outcome.blockers} testId="stage-blockers" onFollow={() => show(null)} />}
          {outcome && outcome.kind !== 'blocked' && (
            <p className={outcome.kind === 'ok' ? 'notice ok' : 'field-error'} data-testid="stage-message" data-kind={outcome.kind}>
              {outcome.text}
            </p>
          )}
          {outcome && (
            <button type="button" className="link stage-close" aria-label={t('common.close')} onClick={() => show(null)}>
              ×
            </button>
          )}
        </div>
      )}
    </div>
  );
}
