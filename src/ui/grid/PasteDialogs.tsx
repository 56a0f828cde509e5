/**
 * The grid's two questions about entering by number: a pasted block with bad cells or fractions
 * (write the valid cells — one undoable edit — or nothing; the bad ones listed by row, column, unit
 * and indicator), and a ratio typed as a fraction (90% or 0.9%?). Both are modal: Esc is "nothing".
 */
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useI18n } from '../useT';
import type { GridEditor } from './useGridEditor';
import './pasteDialogs.css';

const SHOWN_BAD = 30;

function Modal({ label, testId, onEscape, children }: { label: string; testId: string; onEscape(): void; children: React.ReactNode }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => box.current?.querySelector<HTMLElement>('button.primary-choice')?.focus(), []);
  const onKey = (e: KeyboardEvent) => {
    e.stopPropagation();
    if (e.key === 'Escape') {
      e.preventDefault();
      onEscape();
    }
  };
  return (
    <div className="paste-backdrop">
      <div className="paste-dialog" role="dialog" aria-modal="true" aria-label={label} ref={box} onKeyDown={onKey} data-testid={testId}>
        {children}
      </div>
    </div>
  );
}

export function PasteReviewDialog({ editor, onDone }: { editor: GridEditor; onDone(): void }) {
  const { t } = useI18n();
  const [asPercent, setAsPercent] = useState(true);
  const r = editor.review;
  if (!r) return null;
  const { plan } = r;
  const ok = plan.changes.length + plan.fractions.filter((f) => (asPercent ? f.asPercent : f.asTyped) !== null).length;
  const finish = (apply: boolean) => {
    editor.finishReview(apply, asPercent);
    onDone();
  };
  const title = ok > 0 ? t('paste.reviewTitle', { ok, bad: plan.bad.length }) : t('paste.reviewNone');
  const fractionCells = plan.fractions.map((f) => `${f.unit} / ${f.column}：${f.typed}`);
  return (
    <Modal label={title} testId="paste-review" onEscape={() => finish(false)}>
      <h3>{title}</h3>
      <p className="muted">{t('paste.reviewIntro')}</p>
      {plan.fractions.length > 0 && (
        <fieldset className="paste-fractions" data-testid="paste-fractions">
          <legend>{t('paste.ratioGroup', { n: plan.fractions.length, cells: fractionCells.slice(0, 3).join('；') + (fractionCells.length > 3 ? '…' : '') })}</legend>
          <label>
            <input type="radio" name="fraction" checked={asPercent} onChange={() => setAsPercent(true)} data-testid="paste-fractions-percent" />
            {t('paste.ratioGroupPercent')}
          </label>
          <label>
            <input type="radio" name="fraction" checked={!asPercent} onChange={() => setAsPercent(false)} data-testid="paste-fractions-typed" />
            {t('paste.ratioGroupTyped')}
          </label>
        </fieldset>
      )}
      {plan.bad.length > 0 && (
        <>
          <p className="paste-bad-title">{t('paste.badTitle', { n: plan.bad.length })}</p>
          <ol className="paste-bad" data-testid="paste-bad">
            {plan.bad.slice(0, SHOWN_BAD).map((b) => (
              <li key={`${b.row}:${b.col}`} data-testid="paste-bad-cell">
                {t('paste.badCell', { row: b.row, col: b.col, unit: b.unit, column: b.column, message: b.message })}
              </li>
            ))}
            {plan.bad.length > SHOWN_BAD && <li className="muted">{t('paste.badMore', { n: plan.bad.length - SHOWN_BAD })}</li>}
          </ol>
        </>
      )}
      <div className="paste-actions">
        <button type="button" className="secondary" onClick={() => finish(false)} data-testid="paste-cancel">
          {t('paste.cancel')}
        </button>
        <button type="button" className="primary-choice" disabled={ok === 0} onClick={() => finish(true)} data-testid="paste-apply">
          {t('paste.apply', { n: ok })}
        </button>
      </div>
    </Modal>
  );
}

export function RatioQuestionDialog({ editor, onDone }: { editor: GridEditor; onDone(): void }) {
  const { t } = useI18n();
  const ask = editor.ratioAsk;
  if (!ask || ask.col.kind !== 'leaf') return null;
  const { typed, percent } = ask.question.reading;
  const leaf = ask.col.leaf;
  const answer = (v: boolean | null) => {
    editor.answerRatio(v);
    onDone();
  };
  const title = t('paste.ratioTitle', { unit: ask.unit.name, leaf: leaf.name });
  return (
    <Modal label={title} testId="ratio-question" onEscape={() => answer(null)}>
      <h3>{title}</h3>
      <p className="paste-question">{t('paste.ratioQuestion', { typed, percent })}</p>
      <p className="muted">{t('paste.ratioWhy', { measure: (leaf.type === 'ratio' ? leaf.measure : undefined) ?? leaf.name })}</p>
      <div className="paste-actions">
        <button type="button" className="secondary" onClick={() => answer(null)} data-testid="ratio-cancel">
          {t('common.cancel')}
        </button>
        <button type="button" className="secondary" onClick={() => answer(false)} data-testid="ratio-as-typed">
          {t('paste.ratioAsTyped', { typed })}
        </button>
        <button type="button" className="primary-choice" onClick={() => answer(true)} data-testid="ratio-as-percent">
          {t('paste.ratioAsPercent', { percent })}
        </button>
      </div>
    </Modal>
  );
}
