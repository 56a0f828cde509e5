/**
 * The circular's standard sentences (考核情况通报的规范表述), ready to paste into the notice. Copying
 * uses the clipboard where the browser allows it; otherwise the text is selected for Ctrl+C.
 */
import { useRef, useState } from 'react';
import { useI18n } from '../useT';

export interface CircularText {
  overall: string[];
  indicators: string[];
}

type CopyState = 'idle' | 'copied' | 'selected';

export function circularPlainText(c: CircularText): string {
  return [...c.overall, ...c.indicators].join('\n');
}

/** @param provisional the 初步结果 note while units are incomplete: it heads the text and goes with every copy */
export function CircularPanel({ circular, provisional }: { circular: CircularText; provisional?: string | null }) {
  const { t } = useI18n();
  const textRef = useRef<HTMLDivElement>(null);
  const [state, setState] = useState<CopyState>('idle');
  if (circular.overall.length + circular.indicators.length === 0) return null;

  const selectText = () => {
    const el = textRef.current;
    const selection = window.getSelection();
    if (!el || !selection) return;
    selection.removeAllRanges();
    const range = document.createRange();
    range.selectNodeContents(el);
    selection.addRange(range);
    setState('selected');
  };

  const copy = async () => {
    try {
      if (!navigator.clipboard) throw new Error('no clipboard');
      await navigator.clipboard.writeText([provisional, circularPlainText(circular)].filter(Boolean).join('\n'));
      setState('copied');
    } catch {
      // not a secure context, or permission refused: the user copies the selected text themselves
      selectText();
    }
  };

  return (
    <section className="circular dash-circular" data-testid="circular">
      <div className="circular-head">
        <h3>{t('rankings.circular')}</h3>
        <button type="button" className="secondary" data-testid="circular-copy" onClick={() => void copy()}>
          {t('dashboard.copy')}
        </button>
        <span className="copy-state" role="status" data-testid="circular-copy-state" data-state={state}>
          {state === 'copied' ? t('dashboard.copied') : state === 'selected' ? t('dashboard.selected') : ''}
        </span>
      </div>
      <div ref={textRef} data-testid="circular-text">
        {provisional && (
          <p className="provisional-line" data-testid="circular-provisional">
            <strong>{provisional}</strong>
          </p>
        )}
        {circular.overall.length > 0 && <h4>{t('rankings.circularOverall')}</h4>}
        {circular.overall.map((s, i) => (
          <p key={`o${i}`}>{s}</p>
        ))}
        {circular.indicators.length > 0 && <h4>{t('rankings.circularIndicators')}</h4>}
        {circular.indicators.map((s, i) => (
          <p key={`i${i}`}>{s}</p>
        ))}
      </div>
    </section>
  );
}
