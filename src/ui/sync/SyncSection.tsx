/**
 * 服务器同步 on 导入导出: the open assessment's server, database and login; on and off. The password is
 * sent once to log in (CouchDB session cookie) and never stored.
 */
import { useEffect, useState } from 'react';
import { disableSync, enableSync, getSyncSettings, type SyncSettings } from '../../app/syncLogin';
import { useSyncStatus } from '../../app/syncStatus';
import { useApp } from '../appContext';
import { useI18n } from '../useT';

/** `intro` replaces the office's wording (a unit's self-assessment copy syncs with its own database). */
export function SyncSection({ intro }: { intro?: string } = {}) {
  const { t } = useI18n();
  const { db, assessment } = useApp();
  const status = useSyncStatus();
  const [settings, setSettings] = useState<SyncSettings | null>(null);
  const [form, setForm] = useState({ server: '', db: '', user: '', password: '' });
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    void getSyncSettings(db, assessment.id).then((s) => {
      setSettings(s);
      if (s) setForm((f) => ({ ...f, server: s.server, db: s.db, user: s.user }));
    });
  }, [db, assessment.id, status.phase]);

  const on = settings?.enabled === true && status.phase !== 'off';
  const submit = async () => {
    setBusy(true);
    setMessage(null);
    const outcome = await enableSync(db, assessment.id, form);
    setBusy(false);
    if (!outcome.ok) setMessage(outcome.message);
    else setForm((f) => ({ ...f, password: '' }));
    setSettings(await getSyncSettings(db, assessment.id));
  };
  const field = (key: 'server' | 'db' | 'user' | 'password', label: string, type = 'text', placeholder?: string) => (
    <label className="sync-field">
      <span>{label}</span>
      <input
        type={type}
        data-testid={`sync-${key}`}
        value={form[key]}
        placeholder={placeholder}
        autoComplete={key === 'password' ? 'current-password' : 'off'}
        onChange={(e) => setForm({ ...form, [key]: e.target.value })}
      />
    </label>
  );

  return (
    <section className="card sync-section" data-testid="sync-section">
      <h3>{t('sync.title')}</h3>
      <p className="hint">{intro ?? t('sync.intro')}</p>
      {on && settings ? (
        <>
          <p data-testid="sync-on">{t('sync.onAs', { user: settings.user, server: settings.server, db: settings.db })}</p>
          {!intro && <p className="hint">{t('sync.conflictsHint')}</p>}
          {status.refused.length > 0 && <p className="warning">{t('sync.refused', { n: status.refused.length, first: status.refused[0]! })}</p>}
          {status.problem && status.phase !== 'synced' && <p className="warning">{t('sync.problem', { message: status.problem })}</p>}
          <button type="button" data-testid="sync-disable" onClick={() => void disableSync(db, assessment.id).then(() => getSyncSettings(db, assessment.id)).then(setSettings)}>
            {t('sync.disable')}
          </button>
        </>
      ) : (
        <form
          className="sync-form"
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
        >
          {settings && !settings.enabled && <p className="hint" data-testid="sync-off-note">{t('sync.disabledNote')}</p>}
          {status.phase === 'login' && status.problem && <p className="warning">{status.problem}</p>}
          {field('server', t('sync.server'), 'url', t('sync.serverHint'))}
          {field('db', t('sync.db'))}
          {field('user', t('sync.user'))}
          {field('password', t('sync.password'), 'password')}
          {message && (
            <p className="error" role="alert" data-testid="sync-error">
              {message}
            </p>
          )}
          <button type="submit" className="primary" data-testid="sync-enable" disabled={busy}>
            {t('sync.enable')}
          </button>
        </form>
      )}
    </section>
  );
}
