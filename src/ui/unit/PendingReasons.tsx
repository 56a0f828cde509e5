/**
 * 理由待补充 on a unit's page: every deduction recorded from a bare score whose reason nobody has
 * written yet, by indicator and assessor, each with a way to its row below where the reason is written.
 * While any is listed the unit is 未完成 (docs/rules.md, "Complete or provisional").
 */
import { exact as X, findingDeduction, isReasonPending, type CompiledRuleSet, type ScoreEntry, type Unit } from '../../engine';
import { useApp } from '../appContext';
import { useI18n } from '../useT';
import './pendingReasons.css';

export function PendingReasons({ compiled, unit, entries }: { compiled: CompiledRuleSet; unit: Unit; entries: readonly ScoreEntry[] }) {
  const { t } = useI18n();
  const { assessors } = useApp();
  const rows = entries.flatMap((e) => {
    const leaf = compiled.byKey.get(e.node);
    if (!leaf || (leaf.type !== 'deduction' && leaf.type !== 'penalty')) return [];
    return (e.findings ?? []).filter(isReasonPending).map((f) => ({ entry: e, finding: f, leaf, points: X.formatShort(findingDeduction(leaf, f)) }));
  });
  if (rows.length === 0) return null;
  const go = (node: string, objectId: string | undefined) => {
    const key = objectId ? `${node}--${objectId}` : node;
    const row = document.querySelector<HTMLElement>(`[data-testid="leaf-row-${CSS.escape(key)}"]`);
    if (!row) return;
    row.scrollIntoView({ block: 'center' });
    row.querySelector<HTMLElement>('[data-testid="pending-reason-input"]')?.focus({ preventScroll: true });
  };
  const objectName = (id: string | undefined) => (id === undefined ? '' : `〔${unit.objects.find((o) => o.id === id)?.name ?? id}〕`);
  return (
    <div className="pending-reasons" data-testid="pending-reasons" data-count={rows.length}>
      <p>
        <strong>{t('paste.unitTitle', { n: rows.length })}</strong> <span className="muted">{t('paste.unitHint')}</span>
      </p>
      <ul>
        {rows.map(({ entry, finding, leaf, points }) => (
          <li key={`${entry.id}/${finding.id}`} data-testid="pending-reason-item">
            {t('paste.unitItem', { leaf: `${leaf.name}${objectName(entry.objectId)}`, points })}
            {t('paste.unitBy', { assessor: assessors.find((a) => a.id === entry.assessorId)?.name ?? entry.assessorId })}
            <button type="button" className="link" onClick={() => go(entry.node, entry.objectId)}>
              {t('paste.unitGo')}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
