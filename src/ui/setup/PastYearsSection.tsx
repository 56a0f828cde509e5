/**
 * 往年成绩（导入）: past years' results brought in from their spreadsheets, for year-over-year from the
 * first year of use. Lists what was imported; a file opens the column-mapping dialog.
 */
import { useState } from 'react';
import { readPastWorkbook, rememberedMapping, type Grid, type RememberedMapping } from '../../app/pastYear';
import { deleteAssessment } from '../../app/yearSetup';
import type { ValidationIssue } from '../../engine';
import { useI18n } from '../useT';
import { useApp } from '../appContext';
import { FileButton, XLSX_FILES } from '../FileButton';
import { IssueList } from '../IssueList';
import { errorText } from '../errorText';
import { PastYearDialog } from './PastYearDialog';

interface Opened {
  fileName: string;
  sheets: Grid[];
  remembered: RememberedMapping | undefined;
}

export function PastYearsSection() {
  const { t } = useI18n();
  const { db, assessments, who } = useApp();
  const past = assessments.filter((a) => a.pastYear);
  const [opened, setOpened] = useState<Opened | null>(null);
  const [issues, setIssues] = useState<{ file: string; errors: ValidationIssue[] } | null>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  const open = async (file: File) => {
    setIssues(null);
    setMessage(null);
    try {
      const read = await readPastWorkbook(new Uint8Array(await file.arrayBuffer()), file.name);
      if (!read.ok) return setIssues({ file: file.name, errors: read.errors });
      setOpened({ fileName: file.name, sheets: read.sheets, remembered: await rememberedMapping(db) });
    } catch (e) {
      setMessage({ ok: false, text: errorText(e, t, 'import') });
    }
  };

  const remove = async (id: string, name: string) => {
    if (!window.confirm(t('year.deleteTitle', { name, year: past.find((a) => a.id === id)?.year ?? '' }) + '？')) return;
    try {
      await deleteAssessment(db, id, who);
      setMessage({ ok: true, text: t('year.deleteDone', { name }) });
    } catch (e) {
      setMessage({ ok: false, text: errorText(e, t, 'save') });
    }
  };

  return (
    <section className="card" data-testid="past-years">
      <h3>{t('past.title')}</h3>
      <p className="muted">{t('past.help')}</p>
      {past.length === 0 ? (
        <p className="muted">{t('past.none')}</p>
      ) : (
        <table className="plain">
          <tbody>
            {past.map((a) => (
              <tr key={a.id} data-testid="past-year-row">
                <td>{a.name}</td>
                <td>{t('header.year', { year: a.year })}</td>
                <td>
                  <span className="past-tag">{t('past.label')}</span>
                </td>
                <td className="muted">{a.pastYear && t('past.from', { file: a.pastYear.file, sheet: a.pastYear.sheet })}</td>
                <td>
                  <button type="button" className="link" data-testid="past-year-delete" onClick={() => void remove(a.id, a.name)}>
                    {t('common.delete')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div className="inline-form">
        <FileButton accept={XLSX_FILES} testId="past-year-file" onFile={(f) => void open(f)}>
          {t('past.import')}
        </FileButton>
      </div>
      {issues && <IssueList title={t('export.importErrors', { file: issues.file, n: issues.errors.length })} issues={issues.errors} testId="past-file-errors" />}
      {message && (
        <p className={message.ok ? 'notice ok' : 'field-error'} role={message.ok ? 'status' : 'alert'} data-testid="past-message">
          {message.text}
        </p>
      )}
      {opened && (
        <PastYearDialog
          {...opened}
          onClose={() => setOpened(null)}
          onDone={(text) => {
            setOpened(null);
            setMessage({ ok: true, text });
          }}
        />
      )}
    </section>
  );
}
