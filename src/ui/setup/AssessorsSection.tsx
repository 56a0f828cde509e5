/** The assessors of the assessment: who may enter scores, and which indicators each owns. */
import { useState } from 'react';
import { newId, upsertAssessor } from '../../app/setup';
import { useI18n } from '../useT';
import { trackSave } from '../../app/saveStatus';
import { useApp } from '../appContext';
import { useAssessment } from '../useAssessment';
import { errorText } from '../errorText';
import { OwnsChooser } from './OwnsChooser';

export function AssessorsSection() {
  const { t } = useI18n();
  const { db, assessment, assessors, who } = useApp();
  const view = useAssessment();
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [choosing, setChoosing] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const locked = assessment.status === 'locked';

  const nodeName = (key: string) => {
    for (const g of view.groups) {
      const n = g.compiled.byKey.get(key);
      if (n) return n.name;
    }
    return key;
  };

  const add = async () => {
    const n = name.trim();
    if (n === '') return setError(t('setup.assessorNameRequired'));
    if (assessors.some((a) => a.name === n)) return setError(t('setup.assessorExists', { name: n }));
    try {
      await trackSave(() => upsertAssessor(db, assessment.id, { id: newId('p-'), name: n, owns: [] }, who));
      setName('');
      setError(null);
    } catch (e) {
      setError(errorText(e, t, 'save'));
    }
  };

  return (
    <section className="card" data-testid="assessors">
      <h3>{t('setup.assessors')}</h3>
      <table className="plain">
        <thead>
          <tr>
            <th>{t('setup.assessorName')}</th>
            <th>{t('setup.assessorOwns')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {assessors.map((a) => (
            <tr key={a.id} data-testid="assessor-row">
              <td>{a.name}</td>
              <td data-testid="assessor-owns">{a.owns.length === 0 ? <span className="muted">{t('common.none')}</span> : a.owns.map(nodeName).join('、')}</td>
              <td>
                {!locked && (
                  <button type="button" className="link" data-testid="assessor-owns-edit" onClick={() => setChoosing(a.id)}>
                    {t('year.owns')}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {choosing !== null && assessors.some((a) => a.id === choosing) && (
        <OwnsChooser
          assessor={assessors.find((a) => a.id === choosing)!}
          onClose={() => setChoosing(null)}
          onSaved={(message) => {
            setChoosing(null);
            setSaved(message);
          }}
        />
      )}
      {saved && (
        <p className="notice ok" role="status" data-testid="assessors-message">
          {saved}
        </p>
      )}
      {!locked && (
        <div className="inline-form">
          <input
            data-testid="assessor-add-name"
            placeholder={t('setup.assessorName')}
            value={name}
            onChange={(e) => setName(e.target.value)}
            onKeyDown={(e) => e.key === 'Enter' && void add()}
          />
          <button type="button" data-testid="assessor-add" onClick={() => void add()}>
            {t('setup.assessorAdd')}
          </button>
          {error && (
            <span className="field-error" role="alert">
              {error}
            </span>
          )}
        </div>
      )}
    </section>
  );
}
