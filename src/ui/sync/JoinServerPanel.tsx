/**
 * 从服务器加入考核: a browser without the assessment logs in to the office's sync server and downloads
 * the whole assessment as a new local one with sync on (app/sync.ts joinFromServer), which then opens.
 * The password is sent once to log in and never stored; a wrong address, login or database is said in
 * words and stores nothing.
 */
import { useState } from 'react';
import { joinFromServer, type JoinStep, type ServerLogin } from '../../app/syncLogin';
import type { KaoheDb } from '../../app/session';
import { Modal } from '../setup/Modal';
import { useI18n } from '../useT';
import './sync.css';

interface Props {
  db: KaoheDb;
  who: string;
  /** told when the joined assessment is stored and opened */
  onDone(message: string): void;
}

export function JoinServerPanel({ db, who, onDone }: Props) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const [form, setForm] = useState<ServerLogin>({ server: '', db: '', user: '', password: '' });
  const [step, setStep] = useState<JoinStep | null>(null);
  const [message, setMessage] = useState<string | null>(null);

  const submit = async () => {
    setMessage(null);
    setStep({ stage: 'reading', docs: 0 });
    try {
      const outcome = await joinFromServer(db, form, who, setStep);
      if (!outcome.ok) {
        setMessage(outcome.message);
        return;
      }
      setForm((f) => ({ ...f, password: '' }));
      setOpen(false);
      onDone(
        [
          t('sync.join.done', { name: outcome.name, units: outcome.units, entries: outcome.entries }),
          outcome.conflicts > 0 ? t('sync.join.doneConflicts', { n: outcome.conflicts }) : '',
          outcome.unreadable.length > 0 ? t('sync.join.unreadable', { n: outcome.unreadable.length, first: outcome.unreadable[0]! }) : '',
        ].join(''),
      );
    } catch (e) {
      setMessage(e instanceof Error ? e.message : String(e));
    } finally {
      setStep(null);
    }
  };

  const field = (key: keyof ServerLogin, label: string, type = 'text', placeholder?: string) => (
    <label className="sync-field">
      <span>{label}</span>
      <input
        type={type}
        data-testid={`join-${key}`}
        value={form[key]}
        placeholder={placeholder}
        autoComplete={key === 'password' ? 'current-password' : 'off'}
        disabled={step !== null}
        onChange={(e) => setForm({ ...form, [key]: e.target.value })}
      />
    </label>
  );

  return (
    <div className="join-server" data-testid="join-panel">
      <button type="button" className="secondary" data-testid="join-server-open" title={t('sync.join.help')} onClick={() => setOpen(true)}>
        {t('sync.join.open')}
      </button>
      {open && (
        <Modal title={t('sync.join.title')} testId="join-dialog" onClose={() => step === null && setOpen(false)}>
          <p className="hint">{t('sync.join.help')}</p>
          <form
            className="sync-form"
            onSubmit={(e) => {
              e.preventDefault();
              void submit();
            }}
          >
            {field('server', t('sync.server'), 'url', t('sync.serverHint'))}
            {field('db', t('sync.db'))}
            {field('user', t('sync.user'))}
            {field('password', t('sync.password'), 'password')}
            {step && (
              <p className="hint" role="status" data-testid="join-progress">
                {step.stage === 'reading' ? t('sync.join.reading', { n: step.docs }) : t('sync.join.storing')}
              </p>
            )}
            {message && (
              <p className="field-error" role="alert" data-testid="join-error">
                {t('sync.join.failed', { message })}
              </p>
            )}
            <button type="submit" className="primary" data-testid="join-submit" disabled={step !== null}>
              {t('sync.join.submit')}
            </button>
          </form>
        </Modal>
      )}
    </div>
  );
}
