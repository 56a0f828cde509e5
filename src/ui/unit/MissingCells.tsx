/**
 * What a unit still lacks before its result is more than preliminary: each missing cell as a button that
 * goes to its row below, and one action confirming every missing deduction and penalty cell as
 * 本项无问题 for the current assessor (values for other cells cannot be guessed, so they stay missing).
 */
import { useState } from 'react';
import { confirmableCells, confirmationEntries, confirmNoProblems } from '../../app/confirmCells';
import type { CompiledRuleSet, ScoreEntry, Unit, UnitResult } from '../../engine';
import { trackSave } from '../../app/saveStatus';
import { useApp } from '../appContext';
import { errorText } from '../errorText';
import { IncompleteMark } from '../ProvisionalBanner';
import { useI18n } from '../useT';

export function MissingCells({ compiled, unit, result, entries, readOnly }: {
  compiled: CompiledRuleSet;
  unit: Unit;
  result: UnitResult;
  entries: readonly ScoreEntry[];
  readOnly: boolean;
}) {
  const { t } = useI18n();
  const { db, assessment, assessor, who } = useApp();
  const [error, setError] = useState<string | null>(null);
  if (result.complete) {
    return (
      <p className="muted" data-testid="missing-none">
        {t('cycle.missingNone')}
      </p>
    );
  }
  const vetoKeys = new Set(compiled.ruleSet.vetoes.map((v) => v.key));
  const nameOf = (key: string) => compiled.byKey.get(key)?.name ?? compiled.ruleSet.vetoes.find((v) => v.key === key)?.name ?? key;
  const objectName = (id: string | undefined) => (id === undefined ? '' : `〔${unit.objects.find((o) => o.id === id)?.name ?? id}〕`);
  const go = (node: string, objectId: string | undefined) => {
    const key = objectId ? `${node}--${objectId}` : node;
    const row = document.querySelector<HTMLElement>(`[data-testid="${vetoKeys.has(node) ? 'veto' : 'leaf'}-row-${CSS.escape(key)}"]`);
    if (!row) return;
    row.scrollIntoView({ block: 'center' });
    row.querySelector<HTMLElement>('input, select, textarea, button')?.focus({ preventScroll: true });
  };
  const confirmable = confirmableCells(compiled, result.missing).length;
  const confirmAll = async () => {
    if (!assessor) return;
    try {
      // counted by the header's save state like any edit: 已保存 only once it is on disk
      await trackSave(() => confirmNoProblems(db, assessment.id, confirmationEntries(compiled, unit.id, result.missing, assessor.id, entries), who));
      setError(null);
    } catch (e) {
      setError(errorText(e, t));
    }
  };
  return (
    <div className="missing-cells" data-testid="missing-cells" data-count={result.missing.length}>
      <p>
        <IncompleteMark missing={result.missing.length} /> {t('cycle.missingTitle', { n: result.missing.length })}
        {!readOnly && assessor && confirmable > 0 && (
          <button type="button" className="secondary" title={t('cycle.confirmUnitTitle')} data-testid="confirm-unit" onClick={() => void confirmAll()}>
            {t('cycle.confirmUnit', { n: confirmable })}
          </button>
        )}
      </p>
      <ul className="missing-list">
        {result.missing.map((m) => (
          <li key={`${m.node}--${m.objectId ?? ''}`}>
            <button type="button" className="link" data-testid="missing-cell" onClick={() => go(m.node, m.objectId)}>
              {vetoKeys.has(m.node) ? `${t('cycle.missingVeto')}：` : ''}
              {m.reasonPending ? t('paste.missingPending', { name: nameOf(m.node) + objectName(m.objectId) }) : nameOf(m.node) + objectName(m.objectId)}
            </button>
          </li>
        ))}
      </ul>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
