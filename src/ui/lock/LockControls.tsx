/**
 * 锁定定稿 and 解锁 on the entry page. Locking reads the assessment afresh, scores every group and
 * stores the results with the hash of the inputs (lockAssessment), so a later recomputation can prove
 * nothing changed; the check is one button away. Unlocking needs a reason, which the audit log keeps.
 */
import { useEffect, useState } from 'react';
import { latestSnapshot, loadAssessmentData, lockAssessment, unlockAssessment } from '../../db/repo';
import { useI18n } from '../../i18n/useT';
import { scoreGroup } from '../../scoring';
import { trackSave } from '../../state/saveStatus';
import { useApp } from '../appContext';
import { useLive } from '../useLive';
import { inputsHash, snapshotResults } from './inputsHash';
import './lock.css';
import { failureText } from '../failureText';

type Dialog = 'lock' | 'unlock' | null;

export function LockControls() {
  const { t, dateTime } = useI18n();
  const { db, assessment, who } = useApp();
  const [dialog, setDialog] = useState<Dialog>(null);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const snapshot = useLive(() => latestSnapshot(db, assessment.id), [db, assessment.id, assessment.status]);
  const locked = assessment.status === 'locked';
  const snap = snapshot.status === 'ready' ? snapshot.value : undefined;
  // a confirmation fades after a while; a refusal stays until dismissed
  useEffect(() => {
    if (message?.kind !== 'ok') return;
    const timer = setTimeout(() => setMessage(null), 12_000);
    return () => clearTimeout(timer);
  }, [message]);

  const run = async (job: () => Promise<string>) => {
    setBusy(true);
    try {
      setMessage({ kind: 'ok', text: await job() });
      setDialog(null);
      setReason('');
    } catch (e) {
      setMessage({ kind: 'error', text: failureText(e, t, 'save') });
    } finally {
      setBusy(false);
    }
  };

  const lock = () =>
    run(async () => {
      // the inputs as stored now, not as last drawn on screen
      const data = await loadAssessmentData(db, assessment.id);
      const results = data.groupRuleSets.map(({ group, ruleSet }) => ({
        ...scoreGroup(ruleSet, data.units, data.entries, data.assessors),
        groupName: group.name,
      }));
      const hash = inputsHash({ groups: data.assessment.groups, units: data.units, assessors: data.assessors, entries: data.entries });
      await trackSave(lockAssessment(db, assessment.id, { inputsHash: hash, results: snapshotResults(results) }, who));
      return t('entry.lock.done', { hash: short(hash) });
    });

  const unlock = () => {
    if (reason.trim() === '') {
      setMessage({ kind: 'error', text: t('entry.lock.reasonRequired') });
      return;
    }
    void run(async () => {
      await trackSave(unlockAssessment(db, assessment.id, who, reason));
      return t('entry.lock.unlocked');
    });
  };

  const verify = () =>
    run(async () => {
      const data = await loadAssessmentData(db, assessment.id);
      const now = inputsHash({ groups: data.assessment.groups, units: data.units, assessors: data.assessors, entries: data.entries });
      if (!snap) return t('entry.lock.noSnapshot');
      if (now !== snap.inputsHash) throw new Error(t('entry.lock.verifyChanged', { then: short(snap.inputsHash), now: short(now) }));
      return t('entry.lock.verifySame', { hash: short(now) });
    });

  const note = message && (
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
