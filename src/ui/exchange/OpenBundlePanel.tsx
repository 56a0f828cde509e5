/**
 * 打开为新考核: a full score file (JSON, or a zip with its attached files) read, checked and stored as an
 * assessment of its own in a worker with progress (bundleSessionRun.ts), then opened. When this browser
 * already has the file's assessment (a fresh browser has the demo), the user chooses a copy under a new
 * id or a merge into it; nothing is stored before that choice, and nothing at all when the file has a problem.
 */
import { useRef, useState } from 'react';
import { presentFiles, type OpenedBundle } from '../../app/openBundle';
import { startBundleSession, type BundleSessionRun, type BundleSummary } from '../../app/bundleSessionRun';
import { trackSave } from '../../app/saveStatus';
import { setCurrentAssessmentId, type AssessmentRow, type KaoheDb } from '../../app/session';
import type { ImportReport } from '../../app/exchange';
import type { ValidationIssue } from '../../engine';
import { warmBundleWorker } from '../../app/workerJob';
import { FileButton, JSON_FILES } from '../FileButton';
import { IssueList } from '../IssueList';
import { Modal } from '../setup/Modal';
import { useJob } from '../useJob';
import { useI18n } from '../useT';
import { IngestProgressBar, type ImportStep } from './IngestProgressBar';
import { mergeCounts, useBundleMerge } from './useBundleMerge';
import './openBundle.css';

type Choice = 'copy' | 'merge' | 'cancel';

type Outcome =
  | { kind: 'invalid'; file: string; errors: ValidationIssue[] }
  | { kind: 'cancelled'; file: string }
  | { kind: 'failed'; message: string }
  | { kind: 'refused'; message: string }
  | { kind: 'opened'; name: string; year: number; units: number; entries: number; opened: OpenedBundle }
  | { kind: 'merged'; name: string; report: ImportReport; ruleSetsChanged: number };

const failed = (message: string): Outcome => ({ kind: 'failed', message });

interface Asking {
  file: string;
  read: BundleSummary;
  local: AssessmentRow;
  answer(choice: Choice): void;
}

interface Props {
  db: KaoheDb;
  who: string;
  /** only the button (its help as a tooltip), for a row of buttons such as 考核设置's */
  compact?: boolean;
}

export function OpenBundlePanel({ db, who, compact = false }: Props) {
  const { t } = useI18n();
  const { busy, outcome, run } = useJob<Outcome>(failed, 'import');
  const [step, setStep] = useState<ImportStep | null>(null);
  const [asking, setAsking] = useState<Asking | null>(null);
  const reading = useRef<BundleSessionRun | null>(null);
  const merging = useBundleMerge(who);

  const ask = (file: string, read: BundleSummary, local: AssessmentRow) =>
    new Promise<Choice>((answer) =>
      setAsking({
        file,
        read,
        local,
        answer: (c) => {
          setAsking(null);
          answer(c);
        },
      }),
    );

  const open = (file: File) =>
    run(async () => {
      const session = startBundleSession(db, file, setStep, await presentFiles(db));
      reading.current = session;
      try {
        const read = await session.read;
        if (!read.ok) return 'cancelled' in read ? { kind: 'cancelled', file: file.name } : { kind: 'invalid', file: file.name, errors: read.errors };
        const { summary } = read;
        const { local } = summary;
        if (local) setStep(null);
        const choice = local ? await ask(file.name, summary, local) : 'new';
        if (choice === 'cancel') return { kind: 'cancelled', file: file.name };
        if (choice === 'merge' && local) {
          const out = await merging.merge(local.id, session);
          if (!out.merged) return out.reason === 'refused' ? { kind: 'refused', message: out.message ?? '' } : { kind: 'cancelled', file: file.name };
          await setCurrentAssessmentId(db, local.id);
          return { kind: 'merged', name: local.name, report: out.report, ruleSetsChanged: out.ruleSetsChanged };
        }
        const opened = await trackSave(session.open(choice === 'copy', who));
        // made the open one where it was stored; said again here, where this page's reads hear it at once
        await setCurrentAssessmentId(db, opened.id);
        const name = choice === 'copy' ? `${summary.assessment.name}（副本）` : summary.assessment.name;
        return { kind: 'opened', name, year: summary.assessment.year, units: summary.units, entries: summary.entries, opened };
      } finally {
        session.close();
        reading.current = null;
        setStep(null);
      }
    }, 'open');

  return (
    <div className={`open-bundle${compact ? ' compact' : ''}`} data-testid="open-bundle">
      {!compact && <h4>{t('ingest.openTitle')}</h4>}
      {!compact && <p className="muted">{t('ingest.openHelp')}</p>}
      <FileButton
        accept={`${JSON_FILES},.zip,application/zip`}
        testId="open-bundle-file"
        disabled={busy !== null}
        {...(compact && { title: t('ingest.openHelp') })}
        onChoosing={warmBundleWorker}
        onFile={(f) => void open(f)}
      >
        {t('ingest.openFile')}
      </FileButton>
      {step && <IngestProgressBar step={step} {...(step.stage !== 'store' && { onCancel: () => reading.current?.cancel() })} />}
      <div data-testid="open-bundle-outcome" data-kind={outcome?.kind ?? 'none'}>
        {outcome?.kind === 'invalid' && (
          <IssueList title={t('ingest.openErrors', { file: outcome.file, n: outcome.errors.length })} issues={outcome.errors} testId="open-bundle-errors" />
        )}
        {outcome?.kind === 'cancelled' && (
          <p className="notice" role="status">
            {t('ingest.openCancelled', { file: outcome.file })}
          </p>
        )}
        {(outcome?.kind === 'failed' || outcome?.kind === 'refused') && (
          <p className="field-error" role="alert" data-testid="open-bundle-refused">
            {t('export.importRefused', { message: outcome.message })}
          </p>
        )}
        {outcome?.kind === 'opened' && (
          <p className="notice ok" role="status" data-testid="open-bundle-done">
            {t('ingest.openDone', { name: outcome.name, year: outcome.year, units: outcome.units, entries: outcome.entries, attachments: outcome.opened.attachments })}
            {outcome.opened.locked && t('ingest.openDoneLocked')}
          </p>
        )}
        {outcome?.kind === 'merged' && (
          <p className="notice ok" role="status" data-testid="open-bundle-merged">
            {t('ingest.mergeDone', {
              name: outcome.name,
              ...mergeCounts(outcome.report),
            })}
            {outcome.ruleSetsChanged > 0 && t('ingest.mergeRulesDone', { n: outcome.ruleSetsChanged })}
          </p>
        )}
      </div>
      {asking && <ExistsDialog asking={asking} />}
      {merging.dialog}
    </div>
  );
}

function ExistsDialog({ asking }: { asking: Asking }) {
  const { t } = useI18n();
  const bundle = asking.read;
  const locked = asking.local.status === 'locked';
  return (
    <Modal title={t('ingest.exists.title')} testId="open-exists" onClose={() => asking.answer('cancel')}>
      <p>
        {t(asking.local.name === bundle.assessment.name ? 'ingest.exists.body' : 'ingest.exists.bodyRenamed', {
          file: asking.file,
          name: bundle.assessment.name,
          id: bundle.assessment.id,
          local: asking.local.name,
        })}
      </p>
      <div className="open-choices">
        <div className="open-choice">
          <button type="button" data-testid="open-exists-copy" onClick={() => asking.answer('copy')}>
            {t('ingest.exists.copy')}
          </button>
          <p className="muted">{t('ingest.exists.copyHint', { name: bundle.assessment.name })}</p>
        </div>
        <div className="open-choice">
          <button type="button" className="secondary" data-testid="open-exists-merge" disabled={locked} onClick={() => asking.answer('merge')}>
            {t('ingest.exists.merge')}
          </button>
          <p className="muted">{locked ? t('ingest.exists.mergeLocked') : t('ingest.exists.mergeHint')}</p>
        </div>
      </div>
      <div className="actions">
        <button type="button" className="secondary" data-testid="open-exists-cancel" onClick={() => asking.answer('cancel')}>
          {t('common.cancel')}
        </button>
      </div>
    </Modal>
  );
}
