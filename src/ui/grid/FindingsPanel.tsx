/**
 * The findings (问题) of a deduction or penalty cell, in a side panel: each finding names its check
 * point (or its own deduction), how many times, the reason — required — and evidence (a URL or a
 * note). Adding or deleting a finding saves the cell at once as one undoable edit. A finding recorded
 * from a bare score (理由待补充) takes its reason here.
 */
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { newId } from '../../app/setup';
import { useI18n } from '../useT';
import { PendingReasonInput } from './PendingReasonInput';
import { exact as X, isReasonPending, type DeductionLeaf, type Finding, type PenaltyLeaf, type ScoreEntry } from '../../engine';
import { useSaveStatus } from '../../app/saveStatus';
import { useApp } from '../appContext';
import { parseTypedNumber } from '../entry/cell';
import { deductionScore, findingPoints, penaltyPoints } from './cellText';
import type { GridColumn } from './columns';
import type { GridData } from './useGridData';
import type { FindingsTarget } from './useGridEditor';
import { releaseFindings } from '../../app/evidence';
import { AttachmentStrip, EvidenceStatus } from '../evidence/AttachmentStrip';
import { useAttachments, useAttachmentUsage } from '../evidence/useAttachments';
import { useEvidenceAdder } from '../evidence/useEvidenceAdder';

type FindingLeaf = DeductionLeaf | PenaltyLeaf;

interface Props {
  data: GridData;
  target: FindingsTarget;
  column: GridColumn | undefined;
  entry(unitId: string, node: string): ScoreEntry | undefined;
  /** saves the cell's findings (null clears the cell); resolves to a message when refused */
  onSave(findings: Finding[] | null): Promise<string | null>;
  onClose(): void;
}

export function FindingsPanel({ data, target, column, entry, onSave, onClose }: Props) {
  const { t } = useI18n();
  const { assessors, assessor, db, assessment, who } = useApp();
  const attached = useAttachments();
  const usage = useAttachmentUsage();
  const adder = useEvidenceAdder(target.unitId);
  const saving = useSaveStatus((s) => s.pending > 0);
  const unit = data.units.find((u) => u.id === target.unitId);
  const leaf = column?.kind === 'leaf' && (column.leaf.type === 'deduction' || column.leaf.type === 'penalty') ? (column.leaf as FindingLeaf) : null;
  const checkpoints = leaf?.checkpoints ?? [];
  // a typed score: start with the check point that deducts exactly the difference, else that amount
  const prefill = target.deduction;
  const exactCheckpoint = prefill === undefined ? undefined : checkpoints.filter((c) => c.deduction === prefill);
  const [checkpoint, setCheckpoint] = useState(
    exactCheckpoint && exactCheckpoint.length === 1 ? exactCheckpoint[0]!.key : prefill !== undefined ? '' : (checkpoints[0]?.key ?? ''),
  );
  const [count, setCount] = useState('1');
  const [points, setPoints] = useState(prefill !== undefined && checkpoint === '' ? String(prefill) : '');
  const [reason, setReason] = useState('');
  const [evidence, setEvidence] = useState('');
  const [error, setError] = useState<string | null>(null);
  const reasonRef = useRef<HTMLInputElement>(null);
  // a reason to be supplied is what the editor was most likely opened for: it gets the keyboard
  const opened = column?.kind === 'leaf' ? entry(target.unitId, column.leaf.key) : undefined;
  const firstPending = opened?.findings?.find(isReasonPending)?.id;
  useEffect(() => {
    if (firstPending === undefined) reasonRef.current?.focus();
    // only when the editor opens
  }, []);

  if (!unit || !leaf) return null;
  const current = entry(unit.id, leaf.key);
  const findings = current?.findings ?? [];
  const others = (data.entriesByUnit.get(unit.id) ?? []).filter((e) => e.node === leaf.key && e.assessorId !== assessor?.id && e.objectId === undefined);

  const scoreText = () => {
    if (!current?.findings) return t('entry.grid.findingsNone');
    if (leaf.type === 'deduction') {
      const s = deductionScore(leaf, current.findings);
      return t('entry.grid.findingsScore', { score: X.formatShort(s), deducted: X.formatShort(X.sub(X.dec(leaf.max), s)) });
    }
    return t('entry.grid.findingsPenalty', { deducted: X.formatShort(penaltyPoints(leaf, current.findings)) });
  };

  const save = async (next: Finding[] | null) => {
    const message = await onSave(next);
    setError(message);
    return message === null;
  };

  const add = async () => {
    if (reason.trim() === '') {
      setError(t('entry.reasonRequired'));
      reasonRef.current?.focus();
      return;
    }
    const n = parseTypedNumber(count);
    if (n === undefined || n === null || !Number.isInteger(n) || n < 1) {
      setError(t('entry.grid.countInvalid', { text: count }));
      return;
    }
    const p = checkpoint === '' ? parseTypedNumber(points) : null;
    if (checkpoint === '' && (p === undefined || (p === null && leaf.perFinding === undefined) || (p !== null && p <= 0))) {
      setError(t('entry.grid.pointsInvalid', { text: points }));
      return;
    }
    const f: Finding = { id: newId('f-'), count: n, reason: reason.trim() };
    if (checkpoint !== '') f.checkpoint = checkpoint;
    if (p !== null && p !== undefined) f.points = p;
    if (evidence.trim() !== '') f.evidence = evidence.trim();
    if (await save([...findings, f])) {
      setCheckpoint(checkpoints[0]?.key ?? '');
      setReason('');
      setEvidence('');
      setPoints('');
      setCount('1');
      reasonRef.current?.focus();
    }
  };

  const onKey = (e: KeyboardEvent) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      onClose();
    } else if (e.key === 'Enter' && (e.target as HTMLElement).tagName === 'INPUT') {
      e.preventDefault();
      void add();
    }
  };

  const editable = assessment.status !== 'locked';
  const perText = (f: Finding) => X.formatShort(findingPoints(leaf, f));
  const cpName = (key: string | undefined) => checkpoints.find((c) => c.key === key)?.name;

  return (
    <aside
      className="findings-panel"
      role="dialog"
      aria-label={t('entry.grid.findingsTitle', { unit: unit.name, leaf: leaf.name })}
      onKeyDown={onKey}
      onPaste={editable ? adder.onPaste(findings.at(-1)?.id) : undefined}
      data-testid="findings-panel"
    >
      <header>
        <h3>{t('entry.grid.findingsTitle', { unit: unit.name, leaf: leaf.name })}</h3>
        <button type="button" className="link" onClick={onClose} aria-label={t('common.close')} data-testid="findings-close">
          ×
        </button>
      </header>
      <p className="findings-facts">
        {leaf.type === 'deduction' ? t('entry.grid.findingsMax', { max: leaf.max }) : leaf.cap === null ? t('entry.grid.metaPenaltyUncapped') : t('entry.grid.metaPenalty', { cap: leaf.cap })}
        {leaf.perFinding !== undefined && <> · {t('entry.grid.findingsPer', { n: leaf.perFinding })}</>}
        <br />
        <strong data-testid="findings-score">{scoreText()}</strong>
        <span className={`panel-save ${saving ? 'saving' : 'saved'}`}>{t(saving ? 'save.saving' : 'save.saved')}</span>
      </p>
      {prefill !== undefined && findings.length === 0 && (
        <p className="notice" data-testid="findings-prefill">
          {leaf.type === 'deduction'
            ? t('entry.grid.findingsPrefill', { score: X.formatShort(X.sub(X.dec(leaf.max), X.dec(prefill))), deduction: prefill })
            : t('entry.grid.findingsPrefillPenalty', { deduction: prefill })}
        </p>
      )}

      {findings.length > 0 ? (
        <ol className="finding-list panel">
          {findings.map((f) => (
            <li key={f.id} data-testid="finding">
              <div>
                <span className={`finding-reason${isReasonPending(f) ? ' pending' : ''}`}>{f.reason}</span>
                <span className="finding-points">−{perText(f)}</span>
              </div>
              <div className="muted small">
                {cpName(f.checkpoint) ?? t('entry.grid.findingOwnPoints')}
                {f.count > 1 && ` × ${f.count}`}
                {f.evidence && <> · <span className="finding-evidence" title={f.evidence}>{f.evidence}</span></>}
              </div>
              <AttachmentStrip ownerId={f.id} rows={attached.get(f.id) ?? []} {...(editable && { adder })} />
              {isReasonPending(f) && (
                <PendingReasonInput finding={f} onSave={(next) => save(findings.map((x) => (x.id === f.id ? next : x)))} onSaved={() => reasonRef.current?.focus()} autoFocus={f.id === firstPending} />
              )}
              <button
                type="button"
                className="link danger"
                onClick={() => void save(findings.filter((x) => x.id !== f.id)).then((ok) => (ok ? releaseFindings(db, assessment.id, [f.id], who) : 0))}
                data-testid="finding-delete"
              >
                {t('common.delete')}
              </button>
            </li>
          ))}
        </ol>
      ) : (
        <p className="muted">{current?.findings ? t('entry.noFindings') : t('entry.grid.findingsEmpty')}</p>
      )}
      {editable && <EvidenceStatus adder={adder} usage={usage} />}
      {!current?.findings && (
        <button type="button" className="secondary" data-testid="findings-none" onClick={() => void save([]).then((ok) => ok && onClose())}>
          {leaf.type === 'deduction' ? t('entry.grid.findingsNoneFull', { max: leaf.max }) : t('entry.grid.findingsNonePenalty')}
        </button>
      )}

      <fieldset className="finding-add">
        <legend>{t('entry.addFinding')}</legend>
        {checkpoints.length > 0 && (
          <label className="field">
            <span>{t('entry.findingCheckpoint')}</span>
            <select value={checkpoint} onChange={(e) => setCheckpoint(e.target.value)} data-testid="finding-checkpoint">
              {checkpoints.map((c) => (
                <option key={c.key} value={c.key}>
                  {c.name}（−{c.deduction}）
                </option>
              ))}
              <option value="">{t('entry.grid.findingOwnPoints')}</option>
            </select>
          </label>
        )}
        <label className="field">
          <span>{t('entry.findingCount')}</span>
          <input className="short" value={count} onChange={(e) => setCount(e.target.value)} inputMode="numeric" data-testid="finding-count" />
          {checkpoint === '' && (
            <>
              <span className="inline-label">{t('entry.grid.findingPointsEach')}</span>
              <input
                className="short"
                value={points}
                placeholder={leaf.perFinding !== undefined ? String(leaf.perFinding) : ''}
                onChange={(e) => setPoints(e.target.value)}
                inputMode="decimal"
                data-testid="finding-points"
              />
            </>
          )}
        </label>
        <label className="field">
          <span>{t('entry.grid.findingReasonLabel')}</span>
          <input ref={reasonRef} className="wide" value={reason} placeholder={t('entry.findingReason')} onChange={(e) => setReason(e.target.value)} aria-invalid={error !== null && reason.trim() === ''} data-testid="finding-reason" />
        </label>
        <label className="field">
          <span>{t('entry.grid.findingEvidenceLabel')}</span>
          <input className="wide" value={evidence} placeholder={t('entry.findingEvidence')} onChange={(e) => setEvidence(e.target.value)} data-testid="finding-evidence" />
        </label>
        {error && (
          <p className="field-error" role="alert" data-testid="finding-error">
            {error}
          </p>
        )}
        <div className="actions">
          <button type="button" onClick={() => void add()} data-testid="finding-add">
            {t('entry.addFinding')}
          </button>
          <span className="muted">{t('entry.grid.findingsKeys')}</span>
        </div>
      </fieldset>

      {others.length > 0 && (
        <section className="findings-others">
          <h4>{t('entry.grid.findingsOthers')}</h4>
          {others.map((e) => (
            <div key={e.id}>
              <strong>{assessors.find((a) => a.id === e.assessorId)?.name ?? e.assessorId}</strong>：
              {e.findings && e.findings.length > 0 ? e.findings.map((f) => `${f.reason}（−${perText(f)}）`).join('；') : t('entry.noFindings')}
            </div>
          ))}
        </section>
      )}
    </aside>
  );
}
