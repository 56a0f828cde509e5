/**
 * 自评模式: the app as a unit sees it after opening its package. One page, one unit: no rankings, no
 * grid, no exchange, no other unit anywhere; every other route leads back to the form.
 */
import { Navigate, Route, Routes } from 'react-router-dom';
import { setCurrentAssessmentId } from '../../app/session';
import { useApp } from '../appContext';
import { SaveState } from '../SaveState';
import { SyncState } from '../sync/SyncState';
import { MastheadTitle } from '../MastheadTitle';
import { useI18n } from '../useT';
import { SelfPage } from './SelfPage';
import './self.css';

export function SelfShell() {
  return (
    <div className="app self-mode" data-testid="app-ready" data-mode="self">
      <SelfHeader />
      <main className="page">
        <Routes>
          <Route path="/self" element={<SelfPage />} />
          <Route path="*" element={<Navigate to="/self" replace />} />
        </Routes>
      </main>
    </div>
  );
}

function SelfHeader() {
  const { t } = useI18n();
  const { db, assessment, assessments } = useApp();
  const others = assessments.filter((a) => a.id !== assessment.id);
  return (
    <header className="masthead self-masthead">
      <MastheadTitle>
        <span className="self-badge" data-testid="self-badge">
          {t('self.modeBadge')}
        </span>
      </MastheadTitle>
      <div className="masthead-tools">
        <SyncState />
        <SaveState />
        {others.length > 0 && (
          <label className="assessor-picker">
            <span>{t('self.leave')}</span>
            <select data-testid="self-leave" value="" onChange={(e) => e.target.value && void setCurrentAssessmentId(db, e.target.value)}>
              <option value="">—</option>
              {others.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.self ? `${a.name}（${t('self.modeBadge')}）` : a.name}
                </option>
              ))}
            </select>
          </label>
        )}
      </div>
    </header>
  );
}

