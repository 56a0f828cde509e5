/**
 * 导入合并: a bundle file goes through the bundle door (JSON, schema, cross-references); any problem is
 * listed with its place and nothing is imported. A sound file is merged in one transaction; entries
 * that differ are left as conflicts for the coordinator (ConflictsView).
 */
import { useRef, useState } from 'react';
import { mergeBundle, type ImportReport } from '../../app/exchange';
import { useI18n } from '../useT';
import type { ValidationIssue } from '../../engine';
import { useApp } from '../appContext';
import { IssueList } from '../IssueList';
import { FileButton, JSON_FILES } from '../FileButton';
import { useJob } from '../useJob';
import { importBundleZip, isZip, type ImportFilesReport } from '../../app/evidenceExchange';
import { readBundleFile, type BundleReading } from '../../app/readBundleInWorker';
import { IngestProgressBar, type ImportStep } from './IngestProgressBar';

type Outcome =
  | { kind: 'invalid'; file: string; errors: ValidationIssue[] }
  | { kind: 'refused'; file: string; message: string }
  | { kind: 'failed'; message: string }
  | { kind: 'cancelled'; file: string }
  | { kind: 'done'; file: string; report: ImportReport | ImportFilesReport };

const failed = (message: string): Outcome => ({ kind: 'failed', message });

export function ImportSection() {
  const { t } = useI18n();
  const { db, assessment, who } = useApp();
  const { busy: running, outcome, run } = useJob<Outcome>(failed, 'import');
  const busy = running !== null;
  const locked = assessment.status === 'locked';

  const [step, setStep] = useState<ImportStep | null>(null);
  const reading = useRef<BundleReading | null>(null);

  // read and checked off the page's thread; nothing is stored until the checks have passed
  const importFile = (file: File) =>
    run(async () => {
      // a zip carries files beside the bundle: told by its first bytes, read whole on the page
      if (isZip(new Uint8Array(await file.slice(0, 4).arrayBuffer()))) {
        const imported = await importBundleZip(db, assessment.id, new Uint8Array(await file.arrayBuffer()), file.name, who);
        if (!imported.ok) return { kind: 'invalid', file: file.name, errors: imported.errors };
        const { report } = imported;
        return report.refused ? { kind: 'refused', file: file.name, message: report.refused.message } : { kind: 'done', file: file.name, report };
      }
      try {
        const r = readBundleFile(file, setStep);
        reading.current = r;
        const read = await r.done;
        reading.current = null;
        if (!read.ok) return 'cancelled' in read ? { kind: 'cancelled', file: file.name } : { kind: 'invalid', file: file.name, errors: read.errors };
        setStep({ stage: 'store' });
        const report = await mergeBundle(db, assessment.id, read.bundle, who);
        return report.refused ? { kind: 'refused', file: file.name, message: report.refused.message } : { kind: 'done', file: file.name, report };
      } finally {
        reading.current = null;
        setStep(null);
      }
    });

  return (
    <section className="card" data-testid="import">
      <h3>{t('export.importTitle')}</h3>
      <p className="muted">{t('export.importHelp')}</p>
      <FileButton accept={`${JSON_FILES},.zip,application/zip`} testId="import-file" disabled={locked || busy} onFile={(f) => void importFile(f)}>
        {t('export.importFile')}
      </FileButton>
      {step && <IngestProgressBar step={step} {...(step.stage !== 'store' && { onCancel: () => reading.current?.cancel() })} />}
      <div data-testid="import-outcome" data-kind={outcome?.kind ?? 'none'}>
        {outcome?.kind === 'cancelled' && (
          <p className="notice" role="status" data-testid="import-cancelled">
            {t('ingest.cancelled', { file: outcome.file })}
          </p>
        )}
        {outcome?.kind === 'invalid' && (
          <IssueList title={t('export.importErrors', { file: outcome.file, n: outcome.errors.length })} issues={outcome.errors} testId="import-errors" />
        )}
        {(outcome?.kind === 'refused' || outcome?.kind === 'failed') && (
          <p className="field-error" role="alert" data-testid="import-refused">
            {t('export.importRefused', { message: outcome.message })}
          </p>
        )}
        {outcome?.kind === 'done' && (
          <p className="notice ok" role="status" data-testid="import-done">
            {t('export.importDone', {
              file: outcome.file,
              added: outcome.report.added,
              updated: outcome.report.updated,
              removed: outcome.report.removed,
              unchanged: outcome.report.unchanged,
              conflicts: outcome.report.conflicts.length,
            })}
          </p>
        )}
        {outcome?.kind === 'done' && 'attachmentsRemoved' in outcome.report && <MergedFiles report={outcome.report} />}
      </div>
    </section>
  );
}

/** What a bundle zip did to the attachments: added, removed, and removals not applied. */
function MergedFiles({ report }: { report: ImportFilesReport }) {
  const { t } = useI18n();
  return (
    <div data-testid="import-files">
      <p className="muted">{t('evidence.merged', { added: report.attachmentsAdded, removed: report.attachmentsRemoved })}</p>
      {report.attachmentConflicts.length > 0 && (
        <ul className="field-error" role="alert">
          {report.attachmentConflicts.map((c) => (
            <li key={c}>{c}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
