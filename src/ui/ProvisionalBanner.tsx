/**
 * Says, above any result, that it is preliminary: while a unit has a required cell not yet entered its
 * total, rank and tier can still change (an unentered deduction counts full marks only for now).
 */
import { incompleteCount } from '../report/provisional';
import { useI18n } from './useT';

export function ProvisionalBanner({ groups }: { groups: readonly { units: readonly { complete: boolean }[] }[] }) {
  const { t } = useI18n();
  const n = incompleteCount(groups);
  if (n === 0) return null;
  return (
    <p className="notice warn provisional-banner" role="status" data-testid="provisional-banner" data-incomplete={n}>
      <strong>{t('cycle.provisional', { n })}</strong> <span className="muted">{t('cycle.provisionalHint')}</span>
    </p>
  );
}

/** The 未完成 badge beside a unit whose result is provisional. */
export function IncompleteMark({ missing }: { missing: number }) {
  const { t } = useI18n();
  return (
    <span className="incomplete-mark" data-testid="incomplete-mark" title={t('cycle.incompleteTitle', { n: missing })}>
      {t('cycle.incomplete')}
    </span>
  );
}
