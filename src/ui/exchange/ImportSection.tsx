/**
 * 导入合并: a bundle file goes through the bundle door (JSON, schema, cross-references); any problem is
 * listed with its place and nothing is imported. A sound file is merged in one transaction; entries
 * that differ are left as conflicts for the coordinator (ConflictsView).
 */
import { useState } from 'react';
import { importBundle, type ImportReport } from '../../db/repo';
import { parseBundle } from '../../io/bundle';
import { useI18n } from '../../i18n/useT';
import type { ValidationIssue } from '../../scoring';
import { trackSave } from '../../state/saveStatus';
import { useApp } from '../appContext';
import { IssueList } from '../IssueList';
import { FileButton, JSON_FILES } from '../FileButton';
import { failureText } from '../failureText';
import { readTextFile } from '../readTextFile';

type Outcome =
  | { kind: 'invalid'; file: string; errors: ValidationIssue[] }
  | { kind: 'refused'; file: string; message: string }
  | { kind: 'failed'; file: string; message: string }
  | { kind: 'done'; file: string; report: ImportReport };

export function ImportSection() {
  const { t } = useI18n();
  const { db, assessment, who } = useApp();
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [busy, setBusy] = useState(false);
  const locked = assessment.status === 'locked';

  const importFile = async (file: File) => {
    setBusy(true);
    setOutcome(null);
    try {
      const read = await readTextFile(file);
      const parsed = read.ok ? parseBundle(read.text, file.name) : read;
      if (!parsed.ok) {
        setOutcome({ kind: 'invalid', file: file.name, errors: parsed.errors });
        return;
      }
      const report = await trackSave(() => importBundle(db, assessment.id, parsed.bundle, who));
      setOutcome(report.refused ? { kind: 'refused', file: file.name, message: report.refused.message } : { kind: 'done', file: file.name, report });
    } catch (e) {
      setOutcome({ kind: 'failed', file: file.name, message: failureText(e, t, 'import') });
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card" data-testid="import">
      <h3>{t('export.importTitle')}</h3>
      <p className="muted">{t('export.importHelp')}</p>
      <FileButton accept={JSON_FILES} testId="import-file" disabled={locked || busy} onFile={(f) => void importFile(f)}>
        {t('export.importFile')}
      </FileButton>
      <div data-testid="import-outcome" data-kind={outcome?.kind ?? 'none'}>
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
      </div>
    </section>
  );
}
