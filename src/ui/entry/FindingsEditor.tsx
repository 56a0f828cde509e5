/**
 * Deduction and penalty items: the findings (问题) that deduct points, each with its reason and
 * evidence. A finding without a reason is refused at the field; nothing is saved.
 */
import { useState } from 'react';
import { newId } from '../../app/setup';
import { useI18n } from '../useT';
import { PendingReasonInput } from '../grid/PendingReasonInput';
import { exact as X, isReasonPending, type DeductionLeaf, type Finding, type PenaltyLeaf } from '../../engine';
import { parseTypedNumber } from './cell';
import type { CellSave } from './useCellSave';
import { releaseFindings } from '../../app/evidence';
import { useApp } from '../appContext';
import { AttachmentStrip, EvidenceStatus } from '../evidence/AttachmentStrip';
import { useAttachments, useAttachmentUsage } from '../evidence/useAttachments';
import { useEvidenceAdder } from '../evidence/useEvidenceAdder';

type FindingLeaf = DeductionLeaf | PenaltyLeaf;

/** Points one finding deducts as the rule set reads it (explicit points, check point, or the item's default). */
function findingPoints(leaf: FindingLeaf, f: Finding): X.Q {
  const per = f.points ?? leaf.checkpoints?.find((c) => c.key === f.checkpoint)?.deduction ?? leaf.perFinding ?? 0;
  return X.mul(X.dec(per), X.int(f.count));
}

export function FindingsEditor({ leaf, testKey, cell, disabled }: { leaf: FindingLeaf; testKey: string; cell: CellSave; disabled: boolean }) {
  const { t } = useI18n();
  const { db, assessment, who } = useApp();
  const findings = cell.existing?.findings ?? [];
  const attached = useAttachments(findings.map((f) => f.id));
  const usage = useAttachmentUsage();
  const adder = useEvidenceAdder(cell.existing?.unitId);
  const total = X.sum(findings.map((f) => findingPoints(leaf, f)));
  const checkpoints = leaf.checkpoints ?? [];
  const [checkpoint, setCheckpoint] = useState(checkpoints[0]?.key ?? '');
  const [count, setCount] = useState('1');
  const [points, setPoints] = useState('');
  const [reason, setReason] = useState('');
  const [evidence, setEvidence] = useState('');
  const [localError, setLocalError] = useState<string | null>(null);

  const add = async () => {
    if (reason.trim() === '') {
      setLocalError(t('entry.reasonRequired'));
      return;
    }
    const n = parseTypedNumber(count);
    const p = parseTypedNumber(points);
    if (n === undefined || n === null) {
      setLocalError(t('entry.notNumber', { text: count }));
      return;
    }
    if (p === undefined) {
      setLocalError(t('entry.notNumber', { text: points }));
      return;
    }
    setLocalError(null);
    const finding: Finding = { id: newId('f-'), count: n, reason: reason.trim() };
    if (checkpoint !== '') finding.checkpoint = checkpoint;
    if (p !== null) finding.points = p;
    if (evidence.trim() !== '') finding.evidence = evidence.trim();
    if (await cell.save({ findings: [...findings, finding] })) {
      setReason('');
      setEvidence('');
      setPoints('');
      setCount('1');
    }
  };

  const remove = (id: string) =>
    void cell.save({ findings: findings.filter((f) => f.id !== id) }).then((ok) => (ok ? releaseFindings(db, assessment.id, [id], who) : 0));

  return (
    <div className="findings" data-testid={`findings-${testKey}`} onPaste={disabled ? undefined : adder.onPaste(findings.at(-1)?.id)}>
      <div className="findings-sum">
        {findings.length > 0
          ? t('entry.findings', { n: findings.length, points: X.formatShort(total) })
          : cell.existing?.findings !== undefined
            ? t('cycle.confirmedNone')
            : t('entry.noFindings')}
        {/* nothing recorded is not "no problems": the assessor says so explicitly, which completes the cell */}
        {cell.existing?.findings === undefined && !disabled && (
          <button type="button" className="link" title={t('cycle.noProblemsTitle')} data-testid={`no-findings-${testKey}`} onClick={() => void cell.save({ findings: [] })}>
            {t('cycle.noProblems')} ✓
          </button>
        )}
      </div>
      {findings.length > 0 && (
        <ol className="finding-list">
          {findings.map((f) => (
            <li key={f.id} data-testid="finding">
              <span className={`finding-reason${isReasonPending(f) ? ' pending' : ''}`}>{f.reason}</span>
              {f.checkpoint && <span className="muted">〔{checkpoints.find((c) => c.key === f.checkpoint)?.name ?? f.checkpoint}〕</span>}
              <span className="finding-points">−{X.formatShort(findingPoints(leaf, f))}</span>
              {f.evidence && (
                <span className="finding-evidence" title={f.evidence}>
                  {f.evidence}
                </span>
              )}
              <AttachmentStrip ownerId={f.id} rows={attached.get(f.id) ?? []} {...(!disabled && { adder })} />
              {!disabled && (
                <button type="button" className="link danger" onClick={() => remove(f.id)}>
                  {t('common.delete')}
                </button>
              )}
              {!disabled && isReasonPending(f) && (
                <PendingReasonInput finding={f} onSave={(next) => cell.save({ findings: findings.map((x) => (x.id === f.id ? next : x)) })} />
              )}
            </li>
          ))}
        </ol>
      )}
      {!disabled && (
        <div className="finding-form">
          {checkpoints.length > 0 && (
            <select aria-label={t('entry.findingCheckpoint')} value={checkpoint} onChange={(e) => setCheckpoint(e.target.value)}>
              {checkpoints.map((c) => (
                <option key={c.key} value={c.key}>
                  {c.name}（−{c.deduction}）
                </option>
              ))}
              {leaf.perFinding !== undefined && <option value="">{t('entry.findingCheckpointNone')}</option>}
            </select>
          )}
          <input
            className="short"
            aria-label={t('entry.findingCount')}
            title={t('entry.findingCount')}
            value={count}
            onChange={(e) => setCount(e.target.value)}
          />
          {checkpoint === '' && (
            <input
              className="short"
              aria-label={t('entry.findingPoints')}
              placeholder={leaf.perFinding !== undefined ? String(leaf.perFinding) : t('entry.findingPoints')}
              value={points}
              onChange={(e) => setPoints(e.target.value)}
            />
          )}
          <input
            className="wide"
            data-testid={`finding-reason-${testKey}`}
            placeholder={t('entry.findingReason')}
            aria-invalid={localError !== null}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            onKeyDown={(e) => e.key === 'Enter' && void add()}
          />
          <input
            className="wide"
            placeholder={t('entry.findingEvidence')}
            value={evidence}
            onChange={(e) => setEvidence(e.target.value)}
            onKeyDown={(e) => e.key === 'Enter' && void add()}
          />
          <button type="button" className="secondary" data-testid={`finding-add-${testKey}`} onClick={() => void add()}>
            {t('entry.addFinding')}
          </button>
        </div>
      )}
      {!disabled && (adder.busy || adder.message) && <EvidenceStatus adder={adder} usage={usage} />}
      {localError && (
        <p className="field-error" role="alert" data-testid={`finding-error-${testKey}`}>
          {localError}
        </p>
      )}
    </div>
  );
}
