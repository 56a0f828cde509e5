/** 征求意见: every unit's preliminary result and problem list (Word, 征求意见稿) and its own bundle, in one zip. */
import { listAppeals } from '../../app/appeals';
import { useApp } from '../appContext';
import { useAssessment } from '../useAssessment';
import { useI18n } from '../useT';
import { useJob } from '../useJob';
import { MIME, downloadBytes, safeFileName } from '../download';

type Msg = { ok: boolean; text: string };
const failed = (text: string): Msg => ({ ok: false, text });

export function FeedbackSection() {
  const { t } = useI18n();
  const { db, assessment, who } = useApp();
  const view = useAssessment();
  const { busy, outcome, run } = useJob<Msg>(failed);
  const make = () =>
    run(async () => {
      const { makeFeedbackZip } = await import('../../app/unitFeedback');
      const bytes = await makeFeedbackZip(db, view, await listAppeals(db, assessment.id), { year: assessment.year }, who);
      const file = `${safeFileName(`${assessment.name}-初步结果征求意见`)}.zip`;
      downloadBytes(file, bytes, MIME.zip);
      return { ok: true, text: t('appeal.exported', { file }) };
    });
  return (
    <section className="card" data-testid="feedback-section">
      <h3>{t('appeal.exportAllTitle')}</h3>
      <p className="muted">{t('appeal.exportAllHint')}</p>
      <button type="button" data-testid="feedback-zip" disabled={busy !== null} onClick={() => void make()}>
        {t('appeal.exportAll')}
      </button>
      {outcome && (
        <p className={outcome.ok ? 'notice ok' : 'field-error'} role={outcome.ok ? 'status' : 'alert'} data-testid="feedback-message">
          {outcome.text}
        </p>
      )}
    </section>
  );
}
