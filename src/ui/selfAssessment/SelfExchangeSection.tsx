/**
 * 自评 on the exchange page. The office: every unit's package as one zip, and a unit's returned result
 * imported (any problem is listed with its place and nothing is stored). A unit: open the package
 * it received, which switches this machine to its self-assessment copy.
 */
import { exportAllSelfPackages, importSelfResultFile, openSelfPackageFile } from '../../app/selfAssessment';
import type { ValidationIssue } from '../../engine';
import { useApp } from '../appContext';
import { downloadBytes, MIME } from '../download';
import { FileButton, JSON_FILES } from '../FileButton';
import { IssueList } from '../IssueList';
import { useJob } from '../useJob';
import { useI18n } from '../useT';
import './self.css';

type Outcome = { kind: 'invalid'; errors: ValidationIssue[] } | { kind: 'ok'; text: string } | { kind: 'failed'; text: string };
const failed = (text: string): Outcome => ({ kind: 'failed', text });

export function SelfExchangeSection() {
  const { t } = useI18n();
  const { db, assessment, who } = useApp();
  const job = useJob<Outcome>(failed, 'import');
  const busy = job.busy !== null;

  const exportAll = () =>
    job.run(async () => {
      const out = await exportAllSelfPackages(db, assessment.id, who);
      downloadBytes(out.fileName, out.bytes, MIME.zip);
      return { kind: 'ok', text: t('export.exported', { file: out.fileName }) };
    }, 'exportAll');
  const importResult = (file: File) =>
    job.run(async () => {
      const out = await importSelfResultFile(db, assessment.id, new Uint8Array(await file.arrayBuffer()), file.name, who);
      if (!out.ok) return { kind: 'invalid', errors: out.errors };
      return { kind: 'ok', text: t('self.imported', { unit: out.unitName, items: out.items, files: out.files }) };
    }, 'import');

  return (
    <section className="card" data-testid="self-exchange">
      <h3>{t('self.title')}</h3>
      <div className="toolbar">
        <button type="button" className="secondary" disabled={busy} title={t('self.exportAllHint')} data-testid="self-export-all" onClick={() => void exportAll()}>
          {t('self.exportAll')}
        </button>
        <FileButton accept=".json,.zip,application/json,application/zip" testId="self-import" disabled={busy} title={t('self.importHint')} onFile={(f) => void importResult(f)}>
          {t('self.import')}
        </FileButton>
        <OpenSelfPackageButton />
      </div>
      <p className="muted">{t('self.importHint')}</p>
      <JobOutcome outcome={job.outcome} />
    </section>
  );
}

function JobOutcome({ outcome }: { outcome: Outcome | null }) {
  const { t } = useI18n();
  if (!outcome) return null;
  if (outcome.kind === 'invalid') return <IssueList title={t('common.errorsTitle', { n: outcome.errors.length })} issues={outcome.errors} testId="self-issues" />;
  return (
    <p className={`notice ${outcome.kind === 'ok' ? 'ok' : 'warn'}`} role="status" data-testid="self-outcome">
      {outcome.text}
    </p>
  );
}

/** 打开自评包: on a unit's machine; the app switches to the copy once it is stored. */
export function OpenSelfPackageButton() {
  const { t } = useI18n();
  const { db, who } = useApp();
  const job = useJob<Outcome>(failed, 'import');
  const open = (file: File) =>
    job.run(async () => {
      const out = await openSelfPackageFile(db, await file.text(), file.name, who);
      if (!out.ok) return { kind: 'invalid', errors: out.errors };
      return { kind: 'ok', text: t(out.existed ? 'self.reopened' : 'self.opened', { unit: out.unitName }) };
    });
  return (
    <>
      <FileButton accept={JSON_FILES} testId="self-open" disabled={job.busy !== null} title={t('self.openHint')} onFile={(f) => void open(f)}>
        {t('self.open')}
      </FileButton>
      <JobOutcome outcome={job.outcome} />
    </>
  );
}
