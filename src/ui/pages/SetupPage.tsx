/** 考核设置: the open assessment, switching and creating assessments, the demo, rule sets, units, assessors. */
import { useMemo, useState } from 'react';
import { setCurrentAssessmentId } from '../../app/session';
import { useI18n } from '../useT';
import { useApp } from '../appContext';
import { AssessmentYearPanel } from '../setup/AssessmentYearPanel';
import { AssessorsSection } from '../setup/AssessorsSection';
import { PastYearsSection } from '../setup/PastYearsSection';
import { NewAssessmentPanel } from '../setup/NewAssessmentPanel';
import { ResetDemoPanel } from '../setup/ResetDemoPanel';
import { RuleSetsSection } from '../setup/RuleSetsSection';
import { UnitsSection } from '../setup/UnitsSection';
import { OpenBundlePanel } from '../exchange/OpenBundlePanel';
import { JoinServerPanel } from '../sync/JoinServerPanel';

export function SetupPage() {
  const { t } = useI18n();
  const { db, assessment, assessments, who } = useApp();
  const [message, setMessage] = useState<string | null>(null);
  const groupKeys = useMemo(() => assessment.groups.map((g) => g.key), [assessment.groups]);

  return (
    <section data-testid="page-setup">
      <div className="page-head">
        <h2>{t('setup.title')}</h2>
      </div>
      <section className="card" data-testid="assessment-info">
        <h3>{t('setup.assessment')}</h3>
        <dl className="facts">
          <dt>{t('setup.current')}</dt>
          <dd>
            <select data-testid="assessment-picker" value={assessment.id} onChange={(e) => void setCurrentAssessmentId(db, e.target.value)}>
              {assessments.filter((a) => !a.pastYear).map((a) => (
                <option key={a.id} value={a.id}>
                  {a.name}（{a.year}）
                </option>
              ))}
            </select>
          </dd>
          <dt>{t('setup.year')}</dt>
          <dd>{assessment.year}</dd>
          <dt>{t('setup.status')}</dt>
          <dd>{assessment.status === 'locked' ? t('setup.statusLocked') : t('setup.statusOpen')}</dd>
        </dl>
        <div className="panel-row">
          <NewAssessmentPanel db={db} who={who} groups={groupKeys} onDone={setMessage} />
          <OpenBundlePanel db={db} who={who} compact />
          <JoinServerPanel db={db} who={who} onDone={setMessage} />
          <ResetDemoPanel db={db} onDone={setMessage} />
        </div>
        <AssessmentYearPanel onDone={setMessage} />
        {message && (
          <p className="notice ok" role="status" data-testid="setup-message">
            {message}
          </p>
        )}
        {assessment.status === 'locked' && <p className="notice warn">{t('setup.lockedHint')}</p>}
      </section>
      <RuleSetsSection />
      <div className="two-columns">
        <UnitsSection />
        <AssessorsSection />
      </div>
      <PastYearsSection />
    </section>
  );
}
