/**
 * 锁定定稿 and 解锁 on the entry page. Locking is the step to 定稿 (app/stage.ts): refused, with the
 * list of what blocks it, while a unit is incomplete or an appeal is open; otherwise it reads the
 * assessment afresh, scores every group and stores the results with the hash of the inputs, so a later
 * recomputation can prove nothing changed; the check is one button away. Unlocking needs a reason,
 * which the audit log keeps.
 */
import { useEffect, useState } from 'react';
import { latestSnapshot, unlockAssessment, verifyLock } from '../../app/lock';
import { changeStage, type StageBlocker } from '../../app/stage';
import { BlockerList } from '../stage/BlockerList';
import { useI18n } from '../useT';
import { useApp } from '../appContext';
import { AppError } from '../../app/appError';
import { useJob } from '../useJob';
import { useLive } from '../useLive';
import './lock.css';

type Dialog = 'lock' | 'unlock' | null;
type Message = { kind: 'ok' | 'error'; text: string } | { kind: 'blocked'; blockers: StageBlocker[] };

const refused = (text: string): Message => ({ kind: 'error', text });

export function LockControls() {
  const { t, dateTime } = useI18n();
  const { db, assessment, who } = useApp();
  const [dialog, setDialog] = useState<Dialog>(null);
  const [reason, setReason] = useState('');
  const { busy: running, outcome: message, run: runJob, show: setMessage } = useJob<Message>(refused);
  const busy = running !== null;
  const snapshot = useLive(() => latestSnapshot(db, assessment.id), [db, assessment.id, assessment.status]);
  const locked = assessment.status === 'locked';
  const snap = snapshot.status === 'ready' ? snapshot.value : undefined;
  // a confirmation fades after a while; a refusal stays until dismissed
  useEffect(() => {
    if (message?.kind !== 'ok') return;
    const timer = setTimeout(() => setMessage(null), 12_000);
    return () => clearTimeout(timer);
  }, [message]);

  const run = (job: () => Promise<string>) =>
    runJob(async () => {
      const text = await job();
      setDialog(null);
      setReason('');
      return { kind: 'ok', text };
    });

  const lock = () =>
    runJob(async (): Promise<Message> => {
      // the inputs as stored now, not as last drawn on screen
      const r = await changeStage(db, assessment, 'final', who);
      if (!r.ok) return { kind: 'blocked', blockers: r.blockers };
      setDialog(null);
      const taken = await latestSnapshot(db, assessment.id);
      return { kind: 'ok', text: t('entry.lock.done', { hash: short(taken?.inputsHash ?? '') }) };
    });

  const unlock = () => {
    if (reason.trim() === '') {
      setMessage({ kind: 'error', text: t('entry.lock.reasonRequired') });
      return;
    }
    void run(async () => {
      await unlockAssessment(db, assessment.id, who, reason);
      return t('entry.lock.unlocked');
    });
  };

  const verify = () =>
    run(async () => {
      const v = await verifyLock(db, assessment.id);
      if (v.kind === 'noSnapshot') return t('entry.lock.noSnapshot');
      if (v.kind === 'changed') throw new AppError('entry.lock.verifyChanged', { then: short(v.then), now: short(v.now) });
      return t('entry.lock.verifySame', { hash: short(v.hash) });
    });

  const note = message?.kind === 'blocked' ? (
    <div className="lock-message error in-dialog" role="alert" data-kind="blocked">
      <BlockerList blockers={message.blockers} testId="lock-blockers" onFollow={() => setDialog(null)} />
    </div>
  ) : message && (
    <p className={`lock-message ${message.kind}${dialog ? ' in-dialog' : ''}`} role={message.kind === 'error' ? 'alert' : 'status'} data-testid="lock-message" data-kind={message.kind}>
      {message.text}
      {snap && locked && message.kind === 'ok' && <span className="muted"> {t('entry.lock.snapshotBy', { who: snap.who, at: dateTime(snap.at) })}</span>}
      <button type="button" className="link" aria-label={t('common.close')} onClick={() => setMessage(null)}>
        ×
      </button>
    </p>
  );

  return (
    <div className="lock-controls" data-testid="lock-controls" data-status={assessment.status}>
      {locked ? (
        <>
          <span className="lock-state locked" data-testid="lock-state">
            {t('entry.lock.lockedAt', { at: assessment.lockedAt ? dateTime(assessment.lockedAt) : '—' })}
          </span>
          <button type="button" className="secondary" disabled={busy} onClick={() => void verify()} data-testid="lock-verify" title={t('entry.lock.verifyTitle')}>
            {t('entry.lock.verify')}
          </button>
          <button type="button" className="secondary" disabled={busy} onClick={() => {
              setMessage(null);
              setDialog(dialog === 'unlock' ? null : 'unlock');
            }} data-testid="unlock-open">
            {t('entry.lock.unlock')}
          </button>
        </>
      ) : (
        <button type="button" className="secondary lock-button" disabled={busy} onClick={() => {
            setMessage(null);
            setDialog(dialog === 'lock' ? null : 'lock');
          }} data-testid="lock-open">
          {t('entry.lock.lock')}
        </button>
      )}

      {dialog === 'lock' && !locked && (
        <div className="lock-dialog" role="dialog" aria-label={t('entry.lock.lock')} data-testid="lock-dialog">
          <h3>{t('entry.lock.lockTitle')}</h3>
          <p>{t('entry.lock.lockExplain')}</p>
          <div className="actions">
            <button type="button" disabled={busy} onClick={() => void lock()} data-testid="lock-confirm">
              {t('entry.lock.lockConfirm')}
            </button>
            <button type="button" className="secondary" onClick={() => setDialog(null)}>
              {t('common.cancel')}
            </button>
          </div>
          {note}
        </div>
      )}
      {dialog === 'unlock' && locked && (
        <div className="lock-dialog" role="dialog" aria-label={t('entry.lock.unlock')} data-testid="unlock-dialog">
          <h3>{t('entry.lock.unlockTitle')}</h3>
          <p>{t('entry.lock.unlockExplain')}</p>
          <label className="lock-reason">
            <span>{t('entry.lock.reason')}</span>
            <textarea rows={3} value={reason} onChange={(e) => setReason(e.target.value)} placeholder={t('entry.lock.reasonPlaceholder')} data-testid="unlock-reason" />
          </label>
          <div className="actions">
            <button type="button" disabled={busy} onClick={unlock} data-testid="unlock-confirm">
              {t('entry.lock.unlockConfirm')}
            </button>
            <button type="button" className="secondary" onClick={() => setDialog(null)}>
              {t('common.cancel')}
            </button>
          </div>
          {note}
        </div>
      )}
      {!dialog && note}
    </div>
  );
}

const short = (hash: string) => `${hash.slice(0, 'sha256:'.length + 12)}…`;
