/** The masthead's left side: the app, the assessment's name and year, then whatever badges the page adds. */
import type { ReactNode } from 'react';
import { useApp } from './appContext';
import { useI18n } from './useT';

export function MastheadTitle({ children }: { children?: ReactNode }) {
  const { t } = useI18n();
  const { assessment } = useApp();
  return (
    <div className="masthead-title">
        <span className="app-name">{t('app.title')}</span>
        <h1 data-testid="assessment-name" title={assessment.name}>
          {assessment.name}
        </h1>
        <span className="year-badge">{t('header.year', { year: assessment.year })}</span>
      {children}
    </div>
  );
}
