/** 导出: the whole assessment, or one assessor's sheets for the coordinator to merge. */
import { useState } from 'react';
import { type ExportScope } from '../../app/exchange';
import { exportBundleWithEvidence } from '../../app/evidenceExchange';
import { useI18n } from '../useT';
import { useApp } from '../appContext';
import { MIME, downloadBytes, downloadText, fileStamp, safeFileName } from '../download';
import { errorText } from '../errorText';

export function ExportSection() {
  const { t } = useI18n();
  const { db, assessment, assessors, assessor, who } = useApp();
  const [assessorId, setAssessorId] = useState(assessor?.id ?? assessors[0]?.id ?? '');
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  const run = async (scope: ExportScope, label: string) => {
    try {
      // with attached files the bundle is a zip of the JSON and the files; without, the plain JSON file
      const out = await exportBundleWithEvidence(db, assessment.id, scope, who);
      const file = safeFileName(`${assessment.name}-${label}-${fileStamp()}`) + (out.kind === 'zip' ? '.zip' : '.json');
      if (out.kind === 'zip') downloadBytes(file, out.bytes, MIME.zip);
      else downloadText(file, out.text);
      setMessage({ ok: true, text: t('export.exported', { file }) });
    } catch (e) {
      setMessage({ ok: false, text: errorText(e, t, 'save') });
    }
  };

  const chosen = assessors.find((a) => a.id === assessorId);
  return (
    <section className="card" data-testid="export">
      <h3>{t('export.exportTitle')}</h3>
      <div className="inline-form">
        <button type="button" data-testid="export-full" onClick={() => void run({ kind: 'full' }, t('export.fileFull'))}>
          {t('export.exportFull')}
        </button>
      </div>
      <div className="inline-form">
        <label>
          {t('export.chooseAssessor')}
          <select data-testid="export-assessor-pick" value={assessorId} onChange={(e) => setAssessorId(e.target.value)}>
            {assessors.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          data-testid="export-assessor"
          disabled={!chosen}
          onClick={() => chosen && void run({ kind: 'assessor', assessorId: chosen.id }, chosen.name)}
        >
          {t('export.exportAssessor')}
        </button>
      </div>
      {message && (
        <p className={message.ok ? 'notice ok' : 'field-error'} role={message.ok ? 'status' : 'alert'} data-testid="export-message">
          {message.text}
        </p>
      )}
    </section>
  );
}
