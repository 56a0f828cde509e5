/**
 * Start-up and the app shell. First start loads the demo so a newcomer sees rankings at once; after
 * that the assessment and assessor chosen on this machine are opened. Hash routes keep every page
 * reachable from a static server or the service worker's cache without server-side fallbacks.
 */
import { Suspense, lazy, useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { HashRouter, Navigate, Outlet, Route, Routes, useLocation } from 'react-router-dom';
import {
  confirmNoAssessments,
  ensureDemo,
  openDatabase,
  getCurrentAssessmentId,
  getCurrentAssessor,
  listAssessments,
  openDb,
  requestPersistence,
  type KaoheDb,
  type PersistenceState,
} from '../app/session';
import { useI18n } from './useT';
import { AppContext, COORDINATOR, type AppContextValue } from './appContext';
import { errorText } from './errorText';
import { Header } from './Header';
import { RankingsPage } from './pages/RankingsPage';
import { AssessmentContext, useAssessment, useAssessmentLoader } from './useAssessment';
import { EntriesLoadingBanner, EntriesLoadingPage } from './EntriesLoading';
import { useLive } from './useLive';
import { useFirstScreen } from './firstScreen';

// the print view carries the export model and its own stylesheet: loaded when first opened
const PrintView = lazy(() => import('./print/PrintView').then((m) => ({ default: m.PrintView })));
// the score grid (react-table, react-virtual), a unit's detail and the audit log: loaded when first opened
const EntryPage = lazy(() => import('./pages/EntryPage').then((m) => ({ default: m.EntryPage })));
const UnitPage = lazy(() => import('./unit/UnitPage').then((m) => ({ default: m.UnitPage })));
const AuditPage = lazy(() => import('./audit/AuditPage').then((m) => ({ default: m.AuditPage })));
const HelpPage = lazy(() => import('./help/HelpPage').then((m) => ({ default: m.HelpPage })));
const RulesPage = lazy(() => import('./rules/RulesPage').then((m) => ({ default: m.RulesPage })));
// setup, import/export (sync, templates, exporters), a unit's self-assessment copy and the screen of an
// empty machine: none is needed for the ranking, the first screen of a start
const SetupPage = lazy(() => import('./pages/SetupPage').then((m) => ({ default: m.SetupPage })));
const ExportPage = lazy(() => import('./pages/ExportPage').then((m) => ({ default: m.ExportPage })));
const SelfShell = lazy(() => import('./selfAssessment/SelfShell').then((m) => ({ default: m.SelfShell })));
const EmptyShell = lazy(() => import('./setup/EmptyShell').then((m) => ({ default: m.EmptyShell })));

/** What the start waits for: opening the local data, bringing it up from an older release, or loading the demo (first start). */
type Boot = { status: 'starting'; doing: 'open' | 'upgrade' | 'demo' } | { status: 'ready' } | { status: 'error'; error: unknown };

const BOOT_TEXT = { open: 'app.loading', upgrade: 'app.upgrading', demo: 'app.loadingDemo' } as const;

export function App() {
  const { t, lang } = useI18n();
  // the page language picks the Simplified Chinese glyphs of CJK fonts and the screen reader voice
  useEffect(() => {
    document.documentElement.lang = lang;
    document.title = t('app.title');
  }, [lang, t]);
  const [db] = useState(() => openDb());
  const [boot, setBoot] = useState<Boot>({ status: 'starting', doing: 'open' });
  const [persistence, setPersistence] = useState<PersistenceState | null>(null);

  const refreshPersistence = useCallback(() => {
    void requestPersistence().then(setPersistence);
  }, []);

  useEffect(() => {
    // a database of a newer release is refused before anything (the demo included) is written to it
    openDatabase(db, () => setBoot({ status: 'starting', doing: 'upgrade' }))
      // the bundle reader comes with the demo: a start with data already here does not load it
      .then(() =>
        ensureDemo(db, () => {
          setBoot({ status: 'starting', doing: 'demo' });
          return import('../app/demo').then((m) => m.fetchDemo());
        }),
      )
      .then(
      () => {
        setBoot({ status: 'ready' });
        refreshPersistence(); // the demo (if just loaded) now counts in the usage
      },
      (e: unknown) => setBoot({ status: 'error', error: e }),
    );
    refreshPersistence();
    // runs once per database (not again when the language, and so `t`, changes)
  }, [db, refreshPersistence]);

  if (boot.status === 'error') return <Splash text={t('app.bootError', { message: errorText(boot.error, t, 'read') })} error retry />;
  if (boot.status === 'starting') return <Splash text={t(BOOT_TEXT[boot.doing])} />;
  return <Session db={db} persistence={persistence} refreshPersistence={refreshPersistence} />;
}

/** Start-up and failure screen; a failure offers to read again (never to create or reset data). */
/** The print view waits until every entry is read: a circular is never printed from results still loading. */
function PrintRoute() {
  const { t } = useI18n();
  const { loading } = useAssessment();
  if (loading) return <Splash text={t('app.loading')} />;
  return (
    <Suspense fallback={<Splash text={t('app.loading')} />}>
      <PrintView />
    </Suspense>
  );
}

function Splash({ text, error = false, retry = false }: { text: string; error?: boolean; retry?: boolean }) {
  const { t } = useI18n();
  return (
    <>
      {error && <FirstScreen />}
      <div className="splash" data-testid={error ? 'app-error' : 'app-loading'} role={error ? 'alert' : 'status'}>
        <div className="splash-bar" />
        <p>{text}</p>
        {retry && (
          <button type="button" data-testid="read-retry" onClick={() => window.location.reload()}>
            {t('failure.readRetry')}
          </button>
        )}
      </div>
    </>
  );
}

/** A screen the start-up ends on (not a loading one): the service worker may start caching once it is painted. */
function FirstScreen() {
  useFirstScreen();
  return null;
}

interface SessionProps {
  db: KaoheDb;
  persistence: PersistenceState | null;
  refreshPersistence(): void;
}

/** Which assessment and assessor this machine has open (kept in the database, read live). */
function Session({ db, persistence, refreshPersistence }: SessionProps) {
  const { t } = useI18n();
  const session = useLive(async () => {
    const [assessments, currentId, assessorId] = await Promise.all([
      listAssessments(db),
      getCurrentAssessmentId(db),
      getCurrentAssessor(db),
    ]);
    if (assessments.length === 0) await confirmNoAssessments(db);
    const assessment = assessments.find((a) => a.id === currentId) ?? assessments[0] ?? null;
    return { assessments, assessment, assessorId };
  }, [db]);
  const assessmentId = session.status === 'ready' ? (session.value.assessment?.id ?? null) : null;
  const view = useAssessmentLoader(db, assessmentId);

  // what the context is made of outlives a save (a save publishes a new view with the same setup), so
  // that pages reading only the context are not drawn again after every keystroke
  const data = view.status === 'ready' ? view.value?.data : undefined;
  const assessors = data?.assessors;
  const assessment = data?.assessment;
  const firstUnitName = data?.units[0]?.name;
  const ctx = useMemo((): AppContextValue | null => {
    if (session.status !== 'ready' || !assessors || !assessment) return null;
    const assessor = assessors.find((a) => a.id === session.value.assessorId) ?? null;
    return {
      db,
      assessment,
      assessments: session.value.assessments,
      assessors,
      assessor,
      // a unit's self-assessment copy has no assessors: its edits are the unit's own
      who: assessor?.name ?? (assessment.self ? (firstUnitName ?? COORDINATOR) : COORDINATOR),
      persistence,
      refreshPersistence,
    };
  }, [db, session, assessors, assessment, firstUnitName, persistence, refreshPersistence]);
  const selfCopy = Boolean(ctx?.assessment.self);
  // the routes as elements made once: a new view redraws only what reads it (useAssessment), not the shell
  const routes = useMemo(
    () => (
      <HashRouter>
        {selfCopy ? (
          <Suspense fallback={<Splash text={t('app.loading')} />}>
            <SelfShell />
            <FirstScreen />
          </Suspense>
        ) : (
          <Routes>
            {/* the print view is a document of its own: no masthead, no menu */}
            <Route
              path="/print"
              element={<PrintRoute />}
            />
            <Route element={<Shell />}>
              <Route path="/rankings" element={<RankingsPage />} />
              <Route path="/entry" element={<LazyPage page={<EntryPage />} />} />
              <Route path="/entry/unit/:unitId" element={<LazyPage page={<UnitPage />} />} />
              <Route path="/audit" element={<LazyPage page={<AuditPage />} />} />
              <Route path="/setup" element={<LazyPage page={<SetupPage />} />} />
              <Route path="/rules" element={<LazyPage page={<RulesPage />} />} />
              <Route path="/export" element={<LazyPage page={<ExportPage />} />} />
              <Route path="/help" element={<LazyPage page={<HelpPage />} />} />
              <Route path="*" element={<Navigate to="/rankings" replace />} />
            </Route>
          </Routes>
        )}
      </HashRouter>
    ),
    [selfCopy, t],
  );

  if (session.status === 'error') return <Splash text={errorText(session.error, t, 'read')} error retry />;
  if (view.status === 'error') return <Splash text={errorText(view.error, t, 'read')} error retry />;
  if (session.status === 'ready' && session.value.assessment === null)
    return (
      <HashRouter>
        <Suspense fallback={<Splash text={t('app.loading')} />}>
          <EmptyShell db={db} />
          <FirstScreen />
        </Suspense>
      </HashRouter>
    );
  if (!ctx || view.status !== 'ready' || !view.value) return <Splash text={t('app.loading')} />;
  // a unit's self-assessment copy is small and its pages need every entry: it waits for them
  if (view.value.loading && ctx.assessment.self) return <Splash text={t('app.loading')} />;

  return (
    <AppContext.Provider value={ctx}>
      <AssessmentContext.Provider value={view.value}>{routes}</AssessmentContext.Provider>
    </AppContext.Provider>
  );
}

/** A page loaded on first use, with a quiet line while it loads. */
function LazyPage({ page }: { page: ReactNode }) {
  const { t } = useI18n();
  return <Suspense fallback={<p className="muted">{t('app.loading')}</p>}>{page}</Suspense>;
}

/**
 * The app's pages under the masthead and menu. While the entries are still being read only the ranking
 * is drawn (from results scored off the page), marked as loading; other pages wait.
 */
function Shell() {
  const { loading } = useAssessment();
  const { pathname } = useLocation();
  return (
    <div className="app" data-testid="app-ready" data-loading={loading ? 'entries' : undefined}>
      <FirstScreen />
      <Header />
      <main className="page">
        {loading && pathname === '/rankings' && <EntriesLoadingBanner loading={loading} />}
        {loading && pathname !== '/rankings' ? <EntriesLoadingPage loading={loading} /> : <Outlet />}
      </main>
    </div>
  );
}
