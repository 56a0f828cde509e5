/**
 * No assessment on this machine (the demo was deleted): only setup can help. Loaded only then, so a
 * start with an assessment does not wait for the setup panels.
 */
import { useState } from 'react';
import type { KaoheDb } from '../../app/session';
import { useI18n } from '../useT';
import { COORDINATOR } from '../appContext';
import { NewAssessmentPanel } from './NewAssessmentPanel';
import { ResetDemoPanel } from './ResetDemoPanel';
import { OpenBundlePanel } from '../exchange/OpenBundlePanel';
import { JoinServerPanel } from '../sync/JoinServerPanel';

export function EmptyShell({ db }: { db: KaoheDb }) {
  const { t } = useI18n();
  const [message, setMessage] = useState<string | null>(null);
  return (
    <div className="app" data-testid="app-empty">
      <header className="masthead">
        <div className="masthead-title">
          <h1>{t('app.title')}</h1>
        </div>
      </header>
      <main className="page">
        <p className="notice">{t('app.noAssessment')}</p>
        <div className="panel-row">
          <NewAssessmentPanel db={db} who={COORDINATOR} onDone={setMessage} />
          <OpenBundlePanel db={db} who={COORDINATOR} compact />
          <JoinServerPanel db={db} who={COORDINATOR} onDone={setMessage} />
          <ResetDemoPanel db={db} onDone={setMessage} />
        </div>
        {message && <p className="notice ok">{message}</p>}
      </main>
    </div>
  );
}
