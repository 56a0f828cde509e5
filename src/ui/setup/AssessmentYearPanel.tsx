/**
 * The open assessment as a year: correct its name and year, start next year from it, delete it. A name
 * that speaks of another year than the year field is flagged here and while typing.
 */
import { useState, type ReactNode } from 'react';
import { copyAssessmentToYear, deleteAssessment, editAssessment, nameForYear, nameYearMismatch } from '../../app/yearSetup';
import { exportBundleFile } from '../../app/exchange';
import { setCurrentAssessmentId } from '../../app/session';
import { useI18n, type T } from '../useT';
import { useApp } from '../appContext';
import { useAssessment } from '../useAssessment';
import { errorText } from '../errorText';
import { downloadText, fileStamp, safeFileName } from '../download';
import { Modal } from './Modal';

type Open = 'edit' | 'copy' | 'delete' | null;

export function AssessmentYearPanel({ onDone }: { onDone(message: string): void }) {
  const { t } = useI18n();
  const { assessment } = useApp();
  const [open, setOpen] = useState<Open>(null);
  const named = nameYearMismatch(assessment.name, assessment.year);
  const close = () => setOpen(null);
  const done = (message: string) => {
    setOpen(null);
    onDone(message);
  };
  return (
    <>
      <div className="year-actions">
        <button type="button" className="secondary" data-testid="year-edit" onClick={() => setOpen('edit')}>
          {t('year.edit')}
        </button>
        <button type="button" className="secondary" data-testid="year-copy" onClick={() => setOpen('copy')}>
          {t('year.copy')}
        </button>
        <button type="button" className="secondary" data-testid="year-delete" onClick={() => setOpen('delete')}>
          {t('year.delete')}
        </button>
      </div>
      {named !== null && (
        <p className="notice warn year-mismatch" data-testid="year-mismatch">
          {t('year.mismatch', { named, year: assessment.year })}
        </p>
      )}
      {open === 'edit' && <EditDialog onClose={close} onDone={done} />}
      {open === 'copy' && <CopyDialog onClose={close} onDone={done} />}
      {open === 'delete' && <DeleteDialog onClose={close} onDone={done} />}
    </>
  );
}

interface DialogProps {
  onClose(): void;
  onDone(message: string): void;
}

/** The name and year as typed, checked; a message key when they cannot be used. */
function checked(name: string, yearText: string, t: T): { name: string; year: number } | string {
  const year = Number(yearText.trim());
  if (name.trim() === '') return t('year.nameRequired');
  if (!Number.isInteger(year) || year < 2000 || year > 2100) return t('year.yearInvalid');
  return { name: name.trim(), year };
}

function NameYearFields(props: { name: string; year: string; setName(v: string): void; setYear(v: string): void }) {
  const { t } = useI18n();
  const y = Number(props.year);
  const named = Number.isInteger(y) ? nameYearMismatch(props.name, y) : null;
  return (
    <>
      <label className="field">
        <span>{t('setup.newName')}</span>
        <input data-testid="year-name" value={props.name} onChange={(e) => props.setName(e.target.value)} size={34} />
      </label>
      <label className="field">
        <span>{t('setup.newYear')}</span>
        <input data-testid="year-year" value={props.year} onChange={(e) => props.setYear(e.target.value)} size={6} inputMode="numeric" />
      </label>
      {named !== null && (
        <p className="notice warn" data-testid="year-form-mismatch">
          {t('year.mismatch', { named, year: y })}
        </p>
      )}
    </>
  );
}

/** The name-and-year form of the edit and copy dialogs: fields, the refusal, and the two buttons. */
function NameYearForm(props: {
  name: string;
  year: string;
  setName(v: string): void;
  setYear(v: string): void;
  error: string | null;
  submit: { label: string; testId: string; run(): Promise<void> };
  onCancel(): void;
  intro?: ReactNode;
}) {
  const { t } = useI18n();
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void props.submit.run();
      }}
    >
      {props.intro}
      <NameYearFields name={props.name} year={props.year} setName={props.setName} setYear={props.setYear} />
      {props.error && (
        <p className="field-error" role="alert">
          {props.error}
        </p>
      )}
      <div className="actions">
        <button type="submit" data-testid={props.submit.testId}>
          {props.submit.label}
        </button>
        <button type="button" className="secondary" onClick={props.onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}

function EditDialog({ onClose, onDone }: DialogProps) {
  const { t } = useI18n();
  const { db, assessment, who } = useApp();
  const [name, setName] = useState(assessment.name);
  const [year, setYear] = useState(String(assessment.year));
  const [error, setError] = useState<string | null>(null);
  const save = async () => {
    const c = checked(name, year, t);
    if (typeof c === 'string') return setError(c);
    try {
      await editAssessment(db, assessment.id, c, who);
      onDone(t('year.editDone', { name: c.name, year: c.year }));
    } catch (e) {
      setError(errorText(e, t, 'save'));
    }
  };
  return (
    <Modal title={t('year.editTitle')} testId="year-edit-dialog" onClose={onClose}>
      <NameYearForm
        {...{ name, year, setName, setYear, error }}
        submit={{ label: t('common.save'), testId: 'year-edit-save', run: save }}
        onCancel={onClose}
      />
    </Modal>
  );
}

function CopyDialog({ onClose, onDone }: DialogProps) {
  const { t } = useI18n();
  const { db, assessment, assessors, who } = useApp();
  const view = useAssessment();
  const next = assessment.year + 1;
  const [name, setName] = useState(nameForYear(assessment.name, assessment.year, next));
  const [year, setYear] = useState(String(next));
  const [error, setError] = useState<string | null>(null);
  const create = async () => {
    const c = checked(name, year, t);
    if (typeof c === 'string') return setError(c);
    try {
      const id = await copyAssessmentToYear(db, assessment.id, c, who);
      await setCurrentAssessmentId(db, id);
      onDone(t('year.copyDone', { name: c.name }));
    } catch (e) {
      setError(errorText(e, t, 'save'));
    }
  };
  return (
    <Modal title={t('year.copyTitle', { name: assessment.name })} testId="year-copy-dialog" onClose={onClose}>
      <NameYearForm
        {...{ name, year, setName, setYear, error }}
        intro={<p className="muted">{t('year.copyHelp', { units: view.data.units.length, assessors: assessors.length })}</p>}
        submit={{ label: t('year.copyCreate'), testId: 'year-copy-create', run: create }}
        onCancel={onClose}
      />
    </Modal>
  );
}

function DeleteDialog({ onClose, onDone }: DialogProps) {
  const { t } = useI18n();
  const { db, assessment, assessments, assessors, who } = useApp();
  const view = useAssessment();
  const [typed, setTyped] = useState('');
  const [exported, setExported] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const others = assessments.filter((a) => a.id !== assessment.id && !a.pastYear);

  const exportFirst = async () => {
    try {
      const text = await exportBundleFile(db, assessment.id, { kind: 'full' }, who);
      const file = safeFileName(`${assessment.name}-${t('export.fileFull')}-${fileStamp()}`) + '.json';
      downloadText(file, text);
      setExported(file);
    } catch (e) {
      setError(errorText(e, t, 'save'));
    }
  };
  const remove = async () => {
    try {
      const next = others[0];
      await deleteAssessment(db, assessment.id, who);
      if (next) await setCurrentAssessmentId(db, next.id);
      onDone(t('year.deleteDone', { name: assessment.name }));
    } catch (e) {
      setError(errorText(e, t, 'save'));
    }
  };
  return (
    <Modal title={t('year.deleteTitle', { name: assessment.name, year: assessment.year })} testId="year-delete-dialog" onClose={onClose}>
      {others.length === 0 ? (
        <p className="notice warn">{t('year.deleteOnly')}</p>
      ) : (
        <>
          <p>{t('year.deleteWhat', { units: view.data.units.length, assessors: assessors.length, entries: view.data.entries.length })}</p>
          <div className="actions">
            <button type="button" data-testid="year-delete-export" onClick={() => void exportFirst()}>
              {t('year.deleteExportFirst')}
            </button>
          </div>
          {exported && (
            <p className="notice ok" role="status" data-testid="year-delete-exported">
              {t('year.deleteExported', { file: exported })}
            </p>
          )}
          <label className="field">
            <span>{t('year.deleteConfirmLabel')}</span>
            <input data-testid="year-delete-typed" value={typed} onChange={(e) => setTyped(e.target.value)} size={30} />
          </label>
          {error && (
            <p className="field-error" role="alert">
              {error}
            </p>
          )}
          <div className="actions">
            <button type="button" className="danger" data-testid="year-delete-confirm" disabled={typed.trim() !== assessment.name} onClick={() => void remove()}>
              {t('year.deleteConfirm', { name: assessment.name })}
            </button>
            <button type="button" className="secondary" onClick={onClose}>
              {t('common.cancel')}
            </button>
          </div>
        </>
      )}
    </Modal>
  );
}
