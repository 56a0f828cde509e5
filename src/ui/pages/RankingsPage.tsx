/**
 * 排名: per group the ranking table (rank, unit, each first-level indicator, total, tier) and the
 * circular's standard sentences, computed from the current inputs.
 */
import { useI18n, type T } from '../../i18n/useT';
import type { CompiledRuleSet, UnitResult } from '../../scoring';
import { GroupTabs, useSelectedGroup } from '../GroupTabs';
import { TierBadge } from '../TierBadge';
import { useAssessment, type GroupView } from '../useAssessment';

export function RankingsPage() {
  const { t } = useI18n();
  const view = useAssessment();
  const current = useSelectedGroup(view.groups);

  return (
    <section data-testid="page-rankings">
      <div className="page-head">
        <h2>{t('rankings.title')}</h2>
        <GroupTabs groups={view.groups} current={current} />
      </div>
      {current && <RankTable g={current} />}
      {current && current.result.units.length > 0 && <TierSummary g={current} />}
      {view.circular.overall.length + view.circular.indicators.length > 0 && (
        <section className="circular" data-testid="circular">
          <h3>{t('rankings.circular')}</h3>
          {view.circular.overall.length > 0 && <h4>{t('rankings.circularOverall')}</h4>}
          {view.circular.overall.map((s, i) => (
            <p key={i}>{s}</p>
          ))}
          {view.circular.indicators.length > 0 && <h4>{t('rankings.circularIndicators')}</h4>}
          {view.circular.indicators.map((s, i) => (
            <p key={i}>{s}</p>
          ))}
        </section>
      )}
    </section>
  );
}

interface Column {
  key: string;
  name: string;
  sub: string;
}

/**
 * The first-level indicators, then the top-level parts that are not indicators (加分, 重大扣分项), so
 * that the columns of a row add up to its total as the reader expects.
 */
function rankColumns(c: CompiledRuleSet, t: T, num: (n: number) => string): Column[] {
  const maxText = (key: string) => num(c.maxOf(key).n / c.maxOf(key).d);
  const columns: Column[] = c.indicators.map((i) => ({ ...i, sub: t('rankings.max', { n: maxText(i.key) }) }));
  const holdsIndicator = new Set<string>();
  for (const i of c.indicators) for (let k = c.parent.get(i.key); k !== undefined; k = c.parent.get(k)) holdsIndicator.add(k);
  for (const child of c.ruleSet.root.children) {
    if (columns.some((col) => col.key === child.key) || holdsIndicator.has(child.key)) continue;
    const sub = child.type === 'penalty' ? t('rankings.deduct') : t('rankings.upTo', { n: maxText(child.key) });
    columns.push({ key: child.key, name: child.name, sub });
  }
  return columns;
}

function RankTable({ g }: { g: GroupView }) {
  const { t, num } = useI18n();
  const { result, compiled, ruleSet } = g;
  const decimals = ruleSet.precision.display;
  const columns = rankColumns(compiled, t, num);
  if (result.units.length === 0) return <p className="notice">{t('rankings.empty')}</p>;
  return (
    <div className="table-wrap">
      <table className="rank-table" data-testid={`rank-table-${g.group.key}`}>
        <thead>
          <tr>
            <th className="col-rank">{t('rankings.rank')}</th>
            <th className="col-unit">{t('rankings.unit')}</th>
            {columns.map((col) => (
              <th key={col.key} className="col-num">
                <span className="ind-name">{col.name}</span>
                <span className="ind-max">{col.sub}</span>
              </th>
            ))}
            <th className="col-num col-total">{t('rankings.total')}</th>
            <th className="col-tier">{t('rankings.tier')}</th>
          </tr>
        </thead>
        <tbody>
          {result.units.map((u) => (
            <tr key={u.unitId} data-testid="rank-row" data-unit-id={u.unitId} className={u.unscored ? 'unscored' : undefined}>
              <td className="col-rank">{u.rank}</td>
              <td className="col-unit">
                {u.unitName}
                {u.vetoes.length > 0 && (
                  <span className="veto-mark" title={u.vetoes.map((v) => v.name).join('；')}>
                    {t('rankings.veto')}
                  </span>
                )}
              </td>
              {columns.map((col) => (
                <td key={col.key} className="col-num">
                  {indicatorCell(u, col.key, decimals, num)}
                </td>
              ))}
              <td className="col-num col-total">{u.unscored ? t('rankings.unscored') : u.display}</td>
              <td className="col-tier" title={u.tierReason}>
                <TierBadge ruleSet={ruleSet} tier={u.tier} name={u.tierName} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function indicatorCell(u: UnitResult, key: string, decimals: number, num: (n: number, d?: number) => string): string {
  const node = u.nodes[key];
  if (u.unscored || !node) return '—';
  if (!node.applicable) return '—';
  return num(node.score, decimals);
}

function TierSummary({ g }: { g: GroupView }) {
  const { t } = useI18n();
  return (
    <p className="tier-summary" data-testid="tier-summary">
      <span className="label">{t('rankings.tierCounts')}</span>
      {g.result.tierCounts.map((c) => (
        <span key={c.key} className="tier-count">
          <TierBadge ruleSet={g.ruleSet} tier={c.key} name={c.name} /> {c.count}
        </span>
      ))}
      <span className="muted">{t('rankings.units', { n: g.result.units.length })}</span>
    </p>
  );
}
