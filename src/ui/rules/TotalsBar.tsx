/** Running totals per level of the outline: “一级指标 3 项，合计 100 分”. */
import type { RuleSet } from '../../engine';
import { levelTotals } from '../../report/ruleDraft/issues';
import { useI18n } from '../useT';

const LEVELS = ['一', '二', '三', '四', '五', '六', '七', '八'];

export function TotalsBar({ ruleSet }: { ruleSet: RuleSet }) {
  const { t, num, lang } = useI18n();
  const totals = levelTotals(ruleSet);
  return (
    <div className="totals-bar" data-testid="rule-totals">
      {totals.length === 0 && <span className="muted">{t('rules.totalsEmpty')}</span>}
      {totals.map((x) => (
        <span key={x.level} className="total-item" data-testid={`total-level-${x.level}`}>
          {t('rules.levelTotal', { level: lang === 'en' ? String(x.level) : (LEVELS[x.level - 1] ?? String(x.level)), count: x.count, n: num(x.points) })}
        </span>
      ))}
    </div>
  );
}
