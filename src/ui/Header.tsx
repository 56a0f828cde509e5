/**
 * The masthead: which assessment is open, who is entering scores (their name goes into every edit),
 * whether every edit is on disk, how much this machine stores, and the language.
 */
import { lazy, memo, Suspense, useEffect } from 'react';
import { NavLink } from 'react-router-dom';
import { setCurrentAssessor } from '../app/session';
import { useI18n } from './useT';
import { useSaveStatus } from '../app/saveStatus';
import { SaveState } from './SaveState';
import { MastheadTitle } from './MastheadTitle';
import { useUi } from './uiStore';
import { useApp } from './appContext';
import { StageControl } from './stage/StageControl';

// replication and its status, with the server client: loaded beside the first draw, not before it
const SyncState = lazy(() => import('./sync/SyncState').then((m) => ({ default: m.SyncState })));

const PAGES = [
  { route: 'rankings', label: 'nav.rankings' },
  { route: 'entry', label: 'nav.entry' },
  { route: 'setup', label: 'nav.setup' },
  { route: 'rules', label: 'nav.rules' },
  { route: 'export', label: 'nav.export' },
  { route: 'audit', label: 'entry.audit.nav' },
  { route: 'help', label: 'nav.help' },
] as const;

/**
 * Drawn again only when what it reads changes (the session's context, the save state, the language),
 * not with the shell on every save: a keystroke's save redrew the whole menu.
 */
export const Header = memo(function Header() {
  const { t, dateTime } = useI18n();
  const { db, assessment, assessors, assessor } = useApp();
  const lang = useUi((s) => s.lang);
  const setLang = useUi((s) => s.setLang);

  return (
    <header className="masthead">
      <MastheadTitle>
        {assessment.status === 'locked' && (
          <span
            className="locked-badge"
            data-testid="locked-badge"
            title={assessment.lockedAt ? t('entry.lock.lockedAt', { at: dateTime(assessment.lockedAt) }) : undefined}
          >
            {t('header.locked')}
          </span>
        )}
      </MastheadTitle>
      <div className="masthead-tools">
        <label className="assessor-picker">
          <span>{t('header.assessor')}</span>
          <select
            data-testid="assessor-picker"
            value={assessor?.id ?? ''}
            onChange={(e) => void setCurrentAssessor(db, e.target.value === '' ? null : e.target.value)}
          >
            <option value="">{t('header.assessorNone')}</option>
            {assessors.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
              </option>
            ))}
          </select>
        </label>
        <SaveState />
        <Suspense fallback={null}>
          <SyncState />
        </Suspense>
        <StorageUse />
        <button
          type="button"
          className="lang-toggle"
          data-testid="lang-toggle"
          title={t('header.langTitle')}
          lang={lang === 'en' ? 'zh-CN' : 'en'}
          onClick={() => setLang(lang === 'en' ? 'zh-CN' : 'en')}
        >
          {t('header.lang')}
        </button>
      </div>
      <nav className="mainnav">
        {PAGES.map((p) => (
          <NavLink key={p.route} to={`/${p.route}`} data-testid={`nav-${p.route}`} className={({ isActive }) => (isActive ? 'active' : '')}>
            {t(p.label)}
          </NavLink>
        ))}
      </nav>
      <StageControl />
    </header>
  );
});

function StorageUse() {
  const { t, bytes } = useI18n();
  const { persistence, refreshPersistence } = useApp();
  const lastSavedAt = useSaveStatus((s) => s.lastSavedAt);
  // usage grows with every save: re-read it now and then, not on every keystroke
  useEffect(() => {
    if (!lastSavedAt) return;
    const timer = setTimeout(refreshPersistence, 3000);
    return () => clearTimeout(timer);
  }, [lastSavedAt, refreshPersistence]);
  const usage = persistence?.usage !== undefined ? bytes(persistence.usage) : '—';
  const text = !persistence
    ? t('storage.unknown')
    : persistence.persisted
      ? t('storage.persisted', { usage })
      : t('storage.notPersisted', { usage });
  return (
    <button
      type="button"
      className={`storage ${persistence?.persisted ? 'persisted' : 'volatile'}`}
      data-testid="storage"
      data-persisted={persistence?.persisted ? 'true' : 'false'}
      title={text}
      onClick={refreshPersistence}
    >
      {t('storage.short', { usage })}
      <span className="storage-state">{persistence?.persisted ? t('storage.shortPersisted') : t('storage.shortVolatile')}</span>
    </button>
  );
}
