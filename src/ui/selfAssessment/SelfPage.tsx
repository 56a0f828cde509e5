/**
 * The unit's self-assessment form: per item its points, a self score, an explanation and material
 * (files, as on findings). Every field is saved as it is left; the result is exported for the office.
 */
import { useEffect, useMemo, useState } from 'react';
import { exportSelfResult, getSelfAssessment, saveSelfAssessmentItem, selfIndicators, selfOwnerId, takenFromServer, type SelfIndicator, type SelfItem } from '../../app/selfAssessment';
import { useApp } from '../appContext';
import { useAssessment } from '../useAssessment';
import { useI18n } from '../useT';
import { useLive } from '../useLive';
import { useAttachments } from '../evidence/useAttachments';
import { useEvidenceAdder, type EvidenceAdder } from '../evidence/useEvidenceAdder';
import { AttachmentStrip } from '../evidence/AttachmentStrip';
import { downloadBytes, MIME } from '../download';
import { errorText } from '../errorText';
import type { AttachmentRow } from '../../app/evidence';
import { SyncSection } from '../sync/SyncSection';

export function SelfPage() {
  const { t, num, dateTime } = useI18n();
  const { db, assessment, who } = useApp();
  const view = useAssessment();
  const unit = view.data.units[0];
  const g = view.groups[0];
  const indicators = useMemo(() => (g && unit ? selfIndicators(g.compiled, unit) : []), [g, unit]);
  const unitId = unit?.id ?? '';
  const live = useLive(() => getSelfAssessment(db, assessment.id, unitId), [db, assessment.id, unitId]);
  const row = live.status === 'ready' ? live.value : undefined;
  const taken = useLive(() => takenFromServer(db, assessment), [db, assessment]);
  const owners = useMemo(() => indicators.map((i) => selfOwnerId(unitId, i.key)), [indicators, unitId]);
  const attached = useAttachments(owners);
  const adder = useEvidenceAdder(unitId);
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  // taking the other machine's version: what this form last said of its own saves and files (已添加附件…)
  // no longer describes the table
  const takenAt = taken.status === 'ready' && taken.value && row ? row.updatedAt : undefined;
  const clearAdded = adder.clear;
  useEffect(() => {
    if (takenAt === undefined) return;
    clearAdded();
    setMessage(null);
  }, [takenAt, clearAdded]);

  if (!unit || !g) return <p className="notice warn">{t('app.loading')}</p>;
  const items = new Map((row?.items ?? []).map((i) => [i.node, i]));
  const filled = indicators.filter((i) => items.get(i.key)?.score !== undefined);
  const sum = filled.reduce((s, i) => s + (items.get(i.key)!.score ?? 0), 0);
  const max = indicators.reduce((s, i) => s + i.max, 0);
  const weight = g.ruleSet.selfAssessment?.weight;

  const save = (item: SelfItem) =>
    saveSelfAssessmentItem(db, assessment, item, who).then(
      () => setMessage(null),
      (e: unknown) => setMessage({ kind: 'error', text: errorText(e, t) }),
    );
  const exportFile = async () => {
    try {
      const out = await exportSelfResult(db, assessment, who);
      downloadBytes(out.fileName, out.bytes, out.fileName.endsWith('.zip') ? MIME.zip : 'application/json');
      setMessage({ kind: 'ok', text: t('self.exported', { file: out.fileName }) });
    } catch (e) {
      setMessage({ kind: 'error', text: errorText(e, t) });
    }
  };

  return (
    <section data-testid="page-self" className="self-page">
      <div className="page-head">
        <h2 data-testid="self-unit">{t('self.pageTitle', { unit: unit.name })}</h2>
        <span className="muted">{g.group.name}</span>
      </div>
      <p className="notice">{t('self.modeHint', { unit: unit.name })}</p>
      {taken.status === 'ready' && taken.value && row && (
        <p className="notice warn" role="status" data-testid="self-taken">
          {t('self.takenFromServer', { at: dateTime(row.updatedAt) })}
        </p>
      )}
      <p className="muted">{weight !== undefined ? t('self.counts', { weight: num(weight * 100) }) : t('self.notCounted')}</p>
      <div className="toolbar self-toolbar">
        <span data-testid="self-progress">{t('self.progress', { filled: filled.length, total: indicators.length, sum: num(sum, 2), max: num(max) })}</span>
        <span className="toolbar-gap" />
        <button type="button" data-testid="self-export" title={t('self.exportHint')} onClick={() => void exportFile()}>
          {t('self.export')}
        </button>
      </div>
      {message && (
        <p className={`notice ${message.kind === 'ok' ? 'ok' : 'warn'}`} role="status" data-testid="self-message">
          {message.text}
        </p>
      )}
      {adder.message && (
        <p className={adder.message.kind === 'error' ? 'notice warn' : 'muted'} role="status" data-testid="self-evidence-message">
          {adder.message.text}
        </p>
      )}
      <table className="self-table" data-testid="self-table">
        <thead>
          <tr>
            <th>{t('self.indicator')}</th>
            <th className="num">{t('self.max')}</th>
            <th className="num">{t('self.score')}</th>
            <th>{t('self.explanation')}</th>
            <th>{t('self.material')}</th>
          </tr>
        </thead>
        <tbody>
          {indicators.map((ind) => (
            // keyed by item only: a save must not reset a field the user is still typing in
            <SelfRow
              key={ind.key}
              ind={ind}
              item={items.get(ind.key)}
              ownerId={selfOwnerId(unitId, ind.key)}
              attached={attached.get(selfOwnerId(unitId, ind.key)) ?? []}
              adder={adder}
              onSave={save}
            />
          ))}
        </tbody>
      </table>
      <p className="muted">{t('self.exportHint')}</p>
      <SyncSection intro={t('self.syncIntro')} />
    </section>
  );
}

interface RowProps {
  ind: SelfIndicator;
  item: SelfItem | undefined;
  ownerId: string;
  attached: readonly AttachmentRow[];
  adder: EvidenceAdder;
  onSave(item: SelfItem): Promise<void>;
}

/** One item; saved when a field is left and its value changed. */
function SelfRow({ ind, item, ownerId, attached, adder, onSave }: RowProps) {
  const { t, num } = useI18n();
  const stored = { score: item?.score !== undefined ? String(item.score) : '', explanation: item?.explanation ?? '' };
  const [score, setScore] = useState(stored.score);
  const [explanation, setExplanation] = useState(stored.explanation);
  const [error, setError] = useState<string | null>(null);
  // the stored item changed (saved here, or the unit's other machine's version taken through the
  // server): a field not touched since follows it, so leaving it later cannot write the old value back
  const [base, setBase] = useState(stored);
  if (stored.score !== base.score || stored.explanation !== base.explanation) {
    if (score === base.score) setScore(stored.score);
    if (explanation === base.explanation) setExplanation(stored.explanation);
    setBase(stored);
  }

  const commit = (nextScore: string, nextExplanation: string) => {
    const text = nextScore.trim();
    const n = text === '' ? undefined : Number(text);
    if (n !== undefined && (!Number.isFinite(n) || n < 0)) return setError(t('self.badNumber', { max: num(ind.max) }));
    if (n !== undefined && n > ind.max) return setError(t('self.tooHigh', { max: num(ind.max) }));
    setError(null);
    const exp = nextExplanation.trim();
    if (n === item?.score && exp === (item?.explanation ?? '')) return;
    void onSave({ node: ind.key, ...(n !== undefined && { score: n }), ...(exp !== '' && { explanation: exp }) });
  };

  return (
    <tr data-testid="self-row" data-node={ind.key} onPaste={adder.onPaste(ownerId)}>
      <td className="self-name">
        {ind.path.length > 0 && <span className="muted self-path">{ind.path.join(' › ')}</span>}
        {ind.name}
      </td>
      <td className="num">{num(ind.max)}</td>
      <td className="num">
        <input
          className={`self-score${error ? ' invalid' : ''}`}
          inputMode="decimal"
          aria-label={`${ind.name} ${t('self.score')}`}
          data-testid="self-score"
          value={score}
          onChange={(e) => setScore(e.target.value)}
          onBlur={() => commit(score, explanation)}
          onKeyDown={(e) => e.key === 'Enter' && commit(score, explanation)}
        />
        {error && (
          <span className="field-error" role="alert" data-testid="self-error">
            {error}
          </span>
        )}
      </td>
      <td>
        <textarea
          className="self-explanation"
          rows={2}
          aria-label={`${ind.name} ${t('self.explanation')}`}
          placeholder={t('self.explanationPlaceholder')}
          data-testid="self-explanation"
          value={explanation}
          onChange={(e) => setExplanation(e.target.value)}
          onBlur={() => commit(score, explanation)}
        />
      </td>
      <td className="self-material">
        <AttachmentStrip ownerId={ownerId} rows={attached} adder={adder} />
      </td>
    </tr>
  );
}
