/** The review step of 导入考核细则: the imported tree with points, per-level totals, and what is not in the table. */
import type { RuleSet } from '../../engine';
import { reviewOf } from '../../app/ruleTable';
import { useI18n } from '../useT';

interface Props {
  ruleSet: RuleSet;
  groupName: string;
  withParams: boolean;
  outsideTable: readonly string[];
  busy: boolean;
  onUse(): void;
  onCancel(): void;
}

export function RuleTableReview({ ruleSet, groupName, withParams, outsideTable, busy, onUse, onCancel }: Props) {
  const { t } = useI18n();
  const review = reviewOf(ruleSet);
  return (
    <div className="rule-review card" data-testid="rule-table-review">
      <h4>{t('ruleTable.reviewTitle', { name: ruleSet.name })}</h4>
      <p>{t('ruleTable.reviewHint', { group: groupName })}</p>
      <ul className="level-totals" data-testid="level-totals">
        {review.levelTotals.map((l) => (
          <li key={l.level}>{t('ruleTable.levelTotal', { level: l.level, points: l.points })}</li>
        ))}
      </ul>
      <table className="plain review-tree">
        <thead>
          <tr>
            <th>{t('ruleTable.indicator')}</th>
            <th>{t('ruleTable.type')}</th>
            <th>{t('ruleTable.points')}</th>
            <th>{t('ruleTable.method')}</th>
          </tr>
        </thead>
        <tbody>
          {review.rows.map((r) => (
            <tr key={r.key} className={r.type === '分组' ? 'review-group' : undefined}>
              <td style={{ paddingLeft: `${0.4 + r.depth * 1.5}em` }}>{r.name}</td>
              <td>{r.type}</td>
              <td className="num">{r.points ?? ''}</td>
              <td>{r.method}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted">{withParams ? t('ruleTable.withParams') : t('ruleTable.defaults')}</p>
      <ul className="muted" data-testid="outside-table">
        {outsideTable.map((x) => (
          <li key={x}>{x}</li>
        ))}
      </ul>
      <div className="panel-row">
        <button type="button" data-testid="rule-table-use" disabled={busy} onClick={onUse}>
          {t('ruleTable.use')}
        </button>
        <button type="button" className="secondary" disabled={busy} onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </div>
  );
}
