/**
 * 导入录入模板: the file is read against the group and assessor it was made for. Any problem is listed
 * with its sheet, row and column and nothing changes; otherwise the changes are listed for review and
 * written, when confirmed, in one transaction with the file name as the reason in the audit log.
 */
import { useState } from 'react';
import { saveEntries } from '../../app/editEntries';
import type { EntryDiff } from '../../app/templateRead';
import { useI18n } from '../useT';
import type { ScoreEntry, ValidationIssue } from '../../engine';
import { trackSave } from '../../app/saveStatus';
import { useApp } from '../appContext';
import { IssueList } from '../IssueList';
import { FileButton, XLSX_FILES } from '../FileButton';
import { useAssessment } from '../useAssessment';
import type { ChangeRow } from './templateChanges';
import { errorText } from '../errorText';

/** The reason every imported change carries in the audit log. */
export const importWhy = (fileName: string): string => `导入录入模板 ${fileName}`;

/** Entries to write: the new ones and the changed ones (unchanged entries are left alone). */
const entriesToSave = (diff: EntryDiff): ScoreEntry[] => [...diff.added, ...diff.changed.map((c) => c.after)];

const SHOWN = 300;

interface Target {
  file: string;
  groupName: string;
  assessorName: string;
}

type Step =
  | { kind: 'none' }
  | { kind: 'reading'; file: string }
  | { kind: 'invalid'; file: string; errors: ValidationIssue[] }
  | ({ kind: 'same'; unchanged: number } & Target)
  | ({ kind: 'review' | 'saving'; diff: EntryDiff; rows: ChangeRow[] } & Target)
  | ({ kind: 'done'; added: number; changed: number } & Target)
  | { kind: 'failed'; file: string; message: string };

export function TemplateImport({ defaultGroup, defaultAssessor }: { defaultGroup: string; defaultAssessor: string }) {
  const { t } = useI18n();
  const { db, assessment, assessors, who } = useApp();
  const view = useAssessment();
  const [step, setStep] = useState<Step>({ kind: 'none' });
  const locked = assessment.status === 'locked';
  const busy = step.kind === 'reading' || step.kind === 'saving';

  const read = async (file: File) => {
    setStep({ kind: 'reading', file: file.name });
    try {
      const bytes = new Uint8Array(await file.arrayBuffer());
      // the xlsx reader and the change list load on first use
      const [{ readTemplate }, { changeRows }] = await Promise.all([import('../../app/templateRead'), import('./templateChanges')]);
      const r = await readTemplate(bytes, view, assessors, { group: defaultGroup, assessorId: defaultAssessor });
      if (r.kind === 'invalid') {
        setStep({ kind: 'invalid', file: file.name, errors: r.errors });
        return;
      }
      const about: Target = { file: file.name, groupName: r.groupName, assessorName: r.assessorName };
      if (r.diff.added.length + r.diff.changed.length === 0) setStep({ kind: 'same', unchanged: r.diff.unchanged.length, ...about });
      else setStep({ kind: 'review', diff: r.diff, rows: changeRows(r.diff, view, r.group, t), ...about });
    } catch (e) {
      setStep({ kind: 'failed', file: file.name, message: errorText(e, t, 'import') });
    }
  };

  const apply = async () => {
    if (step.kind !== 'review') return;
    setStep({ ...step, kind: 'saving' });
    try {
      await trackSave(() => saveEntries(db, assessment.id, entriesToSave(step.diff), who, importWhy(step.file)));
      setStep({ kind: 'done', file: step.file, groupName: step.groupName, assessorName: step.assessorName, added: step.diff.added.length, changed: step.diff.changed.length });
    } catch (e) {
      setStep({ kind: 'failed', file: step.file, message: errorText(e, t, 'import') });
    }
  };

  return (
    <div className="template-import" data-testid="template-import" data-step={step.kind}>
      <h4>{t('export.templateImportTitle')}</h4>
      <p className="muted">{t('export.templateImportHelp')}</p>
      {locked && <p className="notice warn">{t('export.templateLocked')}</p>}
      <FileButton accept={XLSX_FILES} testId="template-file" disabled={locked || busy} onFile={(f) => void read(f)}>
        {step.kind === 'reading' ? t('export.templateReading') : t('export.templateFile')}
      </FileButton>

      {step.kind === 'invalid' && (
        <IssueList title={t('export.templateErrors', { file: step.file, n: step.errors.length })} issues={step.errors} testId="template-errors" />
      )}
      {step.kind === 'failed' && (
        <p className="field-error" role="alert" data-testid="template-failed">
          {t('export.templateFailed', { file: step.file, message: step.message })}
        </p>
      )}
      {step.kind === 'same' && (
        <p className="notice" role="status" data-testid="template-nochange">
          {t('export.templateNoChange', { file: step.file, group: step.groupName, assessor: step.assessorName, n: step.unchanged })}
        </p>
      )}
      {step.kind === 'done' && (
        <p className="notice ok" role="status" data-testid="template-done">
          {t('export.templateDone', { file: step.file, added: step.added, changed: step.changed })}
        </p>
      )}
      {(step.kind === 'review' || step.kind === 'saving') && (
        <div className="template-review" data-testid="template-diff" data-added={step.diff.added.length} data-changed={step.diff.changed.length} data-unchanged={step.diff.unchanged.length}>
          <p className="review-summary" data-testid="template-summary">
            {t('export.templateSummary', {
              file: step.file,
              group: step.groupName,
              assessor: step.assessorName,
              added: step.diff.added.length,
              changed: step.diff.changed.length,
              unchanged: step.diff.unchanged.length,
            })}
          </p>
          <ChangeTable rows={step.rows} />
          <div className="actions">
            <button type="button" data-testid="template-confirm" disabled={step.kind === 'saving'} onClick={() => void apply()}>
              {step.kind === 'saving' ? t('export.templateSaving') : t('export.templateConfirm', { n: step.rows.length })}
            </button>
            <button type="button" className="secondary" data-testid="template-cancel" disabled={step.kind === 'saving'} onClick={() => setStep({ kind: 'none' })}>
              {t('common.cancel')}
            </button>
          </div>
        </div>
      )}
    </div>
  );
}

function ChangeTable({ rows }: { rows: readonly ChangeRow[] }) {
  const { t } = useI18n();
  const withObjects = rows.some((r) => r.object !== '');
  return (
    <div className="table-wrap short">
      <table className="plain change-table">
        <thead>
          <tr>
            <th>{t('export.changeUnit')}</th>
            {withObjects && <th>{t('export.changeObject')}</th>}
            <th>{t('export.changeItem')}</th>
            <th>{t('export.changeBefore')}</th>
            <th>{t('export.changeAfter')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.slice(0, SHOWN).map((r) => (
            <tr key={r.id} data-testid="template-change" data-kind={r.kind} data-entry-id={r.id}>
              <td className="nowrap">{r.unit}</td>
              {withObjects && <td>{r.object}</td>}
              <td>
                {r.section !== '' && r.section !== r.item && <span className="change-section">{r.section} › </span>}
                {r.item}
              </td>
              <td className="change-before">{r.kind === 'added' ? t('export.changeNew') : r.before}</td>
              <td className="change-after">
                {r.deduction && (
                  <strong className="change-deduction" data-testid="template-change-deduction">
                    {r.deduction}
                  </strong>
                )}
                {r.deduction && ' '}
                {r.after}
                {r.checkpoint && <span className="muted"> · {r.checkpoint}</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {rows.length > SHOWN && <p className="muted">{t('export.changeMore', { shown: SHOWN, total: rows.length })}</p>}
    </div>
  );
}
