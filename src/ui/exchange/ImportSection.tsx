/**
 * 导入合并: a bundle file (JSON, or a zip with its attached files) goes through the bundle door in a
 * worker (JSON, schema, cross-references, every file against its hash); any problem is listed with its
 * place and nothing is imported. A sound file is compared with this assessment and merged in one
 * transaction in the same worker; entries that differ are left as conflicts for the coordinator
 * (ConflictsView). A file scored with another rule set first shows the impact of changing to it
 * (useBundleMerge). Until the merge is written, cancel stops it. 打开为新考核 sits on the same card.
 */
import { useRef, useState } from 'react';
import type { ImportFilesReport } from '../../app/exchange';
import { presentFiles } from '../../app/openBundle';
import { useI18n } from '../useT';
import type { ValidationIssue } from '../../engine';
import { useApp } from '../appContext';
import { IssueList } from '../IssueList';
import { warmBundleWorker } from '../../app/workerJob';
import { FileButton, JSON_FILES } from '../FileButton';
import { useJob } from '../useJob';
import { startBundleSession, type BundleSessionRun } from '../../app/bundleSessionRun';
import { IngestProgressBar, type ImportStep } from './IngestProgressBar';
import { OpenBundlePanel } from './OpenBundlePanel';
import { mergeCounts, useBundleMerge } from './useBundleMerge';

type Outcome =
  | { kind: 'invalid'; file: string; errors: ValidationIssue[] }
  | { kind: 'refused'; file: string; message: string }
  | { kind: 'failed'; message: string }
  | { kind: 'cancelled'; file: string }
  | { kind: 'mergeCancelled' }
  | { kind: 'done'; file: string; report: ImportFilesReport; ruleSetsChanged: number };

const failed = (message: string): Outcome => ({ kind: 'failed', message });

export function ImportSection() {
  const { t } = useI18n();
  const { db, assessment, who } = useApp();
  const { busy: running, outcome, run } = useJob<Outcome>(failed, 'import');
  const busy = running !== null;
  const locked = assessment.status === 'locked';

  const [step, setStep] = useState<ImportStep | null>(null);
  const reading = useRef<BundleSessionRun | null>(null);
  const merging = useBundleMerge(who);

  // read, checked, planned and merged off the page's thread; nothing is stored until the checks have passed
  const importFile = (file: File) =>
    run(async () => {
      const session = startBundleSession(db, file, setStep, await presentFiles(db));
      reading.current = session;
      try {
        const read = await session.read;
        if (!read.ok) return 'cancelled' in read ? { kind: 'cancelled', file: file.name } : { kind: 'invalid', file: file.name, errors: read.errors };
        const out = await merging.merge(assessment.id, session);
        if (out.merged) return { kind: 'done', file: file.name, report: out.report, ruleSetsChanged: out.ruleSetsChanged };
        if (out.reason === 'refused') return { kind: 'refused', file: file.name, message: out.message ?? '' };
        return { kind: 'mergeCancelled' };
      } finally {
        session.close();
        reading.current = null;
        setStep(null);
      }
    });

  return (
    <section className="card" data-testid="import">
      <h3>{t('export.importTitle')}</h3>
      <p className="muted">{t('export.importHelp')}</p>
      <FileButton accept={`${JSON_FILES},.zip,application/zip`} testId="import-file" disabled={locked || busy} onChoosing={warmBundleWorker} onFile={(f) => void importFile(f)}>
        {t('export.importFile')}
      </FileButton>
      {step && !merging.dialog && <IngestProgressBar step={step} {...(step.stage !== 'store' && { onCancel: () => reading.current?.cancel() })} />}
      <div data-testid="import-outcome" data-kind={outcome?.kind ?? 'none'}>
        {outcome?.kind === 'mergeCancelled' && (
          <p className="notice" role="status" data-testid="import-cancelled">
            {t('ingest.mergeCancelled')}
          </p>
        )}
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
              ...mergeCounts(outcome.report),
            })}
            {outcome.ruleSetsChanged > 0 && t('ingest.mergeRulesDone', { n: outcome.ruleSetsChanged })}
          </p>
        )}
        {outcome?.kind === 'done' && <MergedFiles report={outcome.report} />}
      </div>
      {merging.dialog}
      <OpenBundlePanel db={db} who={who} />
    </section>
  );
}

/** What the merge did beyond the entries: appeals, and the attachments with removals not applied. */
function MergedFiles({ report }: { report: ImportFilesReport }) {
  const { t } = useI18n();
  const files = report.attachmentsAdded + report.attachmentsRemoved > 0;
  const conflicts = [...report.appealConflicts.map((id) => t('ingest.appealConflict', { id })), ...report.attachmentConflicts];
  if (!files && report.appealsMerged === 0 && conflicts.length === 0) return null;
  return (
    <div data-testid="import-files">
      {report.appealsMerged > 0 && <p className="muted">{t('ingest.appealsMerged', { n: report.appealsMerged })}</p>}
      {files && <p className="muted">{t('evidence.merged', { added: report.attachmentsAdded, removed: report.attachmentsRemoved })}</p>}
      {conflicts.length > 0 && (
        <ul className="field-error" role="alert">
          {conflicts.map((c) => (
            <li key={c}>{c}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
