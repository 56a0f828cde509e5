/**
 * 离线录入模板: an Excel sheet per group and assessor to fill away from the app (blank, or with the
 * scores already entered), and the way back in — checked cell by cell, shown as a list of changes,
 * and applied only when confirmed, in one transaction.
 */
import { useState } from 'react';
import { useI18n } from '../useT';
import { useApp } from '../appContext';
import { MIME, downloadBytes } from '../download';
import { useAssessment } from '../useAssessment';
import { fileNames } from './fileNames';
import { TaskButton, TaskResult } from './TaskButton';
import { TemplateImport } from './TemplateImport';
import { useTask } from './useTask';
import { AppError } from '../../app/appError';

export function TemplateSection() {
  const { t } = useI18n();
  const { assessment, assessors, assessor: current } = useApp();
  const view = useAssessment();
  const task = useTask();
  const [groupKey, setGroupKey] = useState('');
  const [assessorId, setAssessorId] = useState('');
  const [prefilled, setPrefilled] = useState(true);
  const g = view.groups.find((x) => x.group.key === groupKey) ?? view.groups[0];
  const who = assessors.find((a) => a.id === assessorId) ?? current ?? assessors[0];

  return (
    <section className="card" data-testid="templates">
      <h3>{t('export.templateTitle')}</h3>
      <p className="muted">{t('export.templateHelp')}</p>
      <div className="two-columns template-columns">
        <div className="template-download">
          <h4>{t('export.templateDownloadTitle')}</h4>
          <label className="field">
            <span>{t('export.templateGroup')}</span>
            <select data-testid="template-group" value={g?.group.key ?? ''} onChange={(e) => setGroupKey(e.target.value)}>
              {view.groups.map((x) => (
                <option key={x.group.key} value={x.group.key}>
                  {x.group.name}
                </option>
              ))}
            </select>
          </label>
          {g && (
            <p className="muted rule-set-note" data-testid="template-rule-set">
              {t('export.templateRuleSet', { name: g.ruleSet.name, version: g.ruleSet.version })}
            </p>
          )}
          <label className="field">
            <span>{t('export.templateAssessor')}</span>
            <select data-testid="template-assessor" value={who?.id ?? ''} onChange={(e) => setAssessorId(e.target.value)}>
              {assessors.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.name}
                  {a.id === current?.id ? t('export.currentMark') : ''}
                </option>
              ))}
            </select>
          </label>
          <div className="field" role="radiogroup" aria-label={t('export.templateContent')}>
            <span>{t('export.templateContent')}</span>
            <label className="radio">
              <input type="radio" name="template-fill" data-testid="template-prefilled" checked={prefilled} onChange={() => setPrefilled(true)} />
              {t('export.templatePrefilled')}
            </label>
            <label className="radio">
              <input type="radio" name="template-fill" data-testid="template-blank" checked={!prefilled} onChange={() => setPrefilled(false)} />
              {t('export.templateBlank')}
            </label>
          </div>
          <div className="actions">
            <TaskButton
              task={task}
              id="template"
              testId="download-template"
              disabled={!g || !who}
              onRun={async () => {
                if (!g || !who) throw new AppError('export.templateNoTarget');
                const { makeTemplate } = await import('../../app/exportFiles');
                const file = fileNames.template(assessment.year, g.group.name, who.name, !prefilled);
                downloadBytes(file, await makeTemplate(view, g, who, prefilled), MIME.xlsx);
                return t('export.saved', { file });
              }}
            >
              {t('export.downloadTemplate')}
            </TaskButton>
          </div>
          <TaskResult message={task.message} testId="template-download-message" />
        </div>
        <TemplateImport defaultGroup={g?.group.key ?? ''} defaultAssessor={who?.id ?? ''} />
      </div>
    </section>
  );
}
