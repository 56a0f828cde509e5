/**
 * The what-if side panel: indicator weights, tier lines and quotas, tie-break order. Every change
 * makes a new draft; the saved rule set is never edited. The draft can be saved as a rule file.
 */
import { useI18n } from '../useT';
import type { Quota, RuleSet, Tier } from '../../engine';
import { downloadText, fileStamp, safeFileName } from '../download';
import { IssueList } from '../IssueList';
import type { GroupView } from '../useAssessment';
import { draftRuleFile, thresholdOf, weightOf, withQuota, withThreshold, withTieBreak, withWeight, type Threshold } from './draft';
import { NumberField } from './NumberField';
import type { WhatIf } from './useWhatIf';

export interface WhatIfPanelProps {
  g: GroupView;
  draft: RuleSet;
  whatIf: WhatIf;
  onChange(draft: RuleSet): void;
  onReset(): void;
}

export function WhatIfPanel({ g, draft, whatIf, onChange, onReset }: WhatIfPanelProps) {
  const { t } = useI18n();
  const exportDraft = () => {
    if (!whatIf.ruleSet) return;
    const file = draftRuleFile(whatIf.ruleSet, t('dashboard.draftVersion'));
    downloadText(safeFileName(`${file.id}-${t('dashboard.draftFile')}-${fileStamp()}.json`), JSON.stringify(file, null, 2) + '\n');
  };
  return (
    <aside className="whatif-panel" data-testid="whatif-panel" aria-label={t('dashboard.whatIfTitle')}>
      <h3>{t('dashboard.whatIfTitle')}</h3>
      <p className="muted whatif-hint">{t('dashboard.whatIfHint', { group: g.group.name })}</p>
      <Weights g={g} draft={draft} onChange={onChange} />
      <Tiers draft={draft} onChange={onChange} />
      <TieBreak g={g} draft={draft} onChange={onChange} />
      {whatIf.errors.length > 0 && (
        <IssueList title={t('dashboard.draftErrors', { n: whatIf.errors.length })} issues={whatIf.errors} testId="whatif-errors" />
      )}
      {whatIf.warnings.length > 0 && (
        <IssueList title={t('dashboard.draftWarnings', { n: whatIf.warnings.length })} issues={whatIf.warnings} testId="whatif-warnings" />
      )}
      <div className="actions whatif-actions">
        <button type="button" className="secondary" onClick={onReset} data-testid="whatif-reset" disabled={whatIf.changes.length === 0}>
          {t('dashboard.reset')}
        </button>
        <button type="button" onClick={exportDraft} data-testid="whatif-export" disabled={!whatIf.ruleSet}>
          {t('dashboard.exportDraft')}
        </button>
      </div>
      <p className="muted whatif-hint">{t('dashboard.exportHint')}</p>
    </aside>
  );
}

function Weights({ g, draft, onChange }: { g: GroupView; draft: RuleSet; onChange(d: RuleSet): void }) {
  const { t, num } = useI18n();
  return (
    <fieldset className="whatif-group">
      <legend>{t('dashboard.weights')}</legend>
      <table className="whatif-form">
        <tbody>
          {g.compiled.indicators.map((i) => {
            const w = weightOf(draft, i.key);
            const max = g.compiled.maxOf(i.key);
            const saved = weightOf(g.ruleSet, i.key);
            return (
              <tr key={i.key} className={w !== saved ? 'changed' : undefined}>
                <th scope="row">
                  {i.name}
                  <span className="weighted">{t('dashboard.weighted', { n: num((w * max.n) / max.d) })}</span>
                </th>
                <td>
                  <NumberField
                    value={w}
                    step={0.1}
                    label={t('dashboard.weightOf', { name: i.name })}
                    testId={`whatif-weight-${i.key}`}
                    onChange={(v) => onChange(withWeight(draft, i.key, v))}
                  />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </fieldset>
  );
}

function Tiers({ draft, onChange }: { draft: RuleSet; onChange(d: RuleSet): void }) {
  const { t } = useI18n();
  // the last tier takes everyone else: it has no line and no quota
  const tiers = draft.tiers.slice(0, -1);
  return (
    <fieldset className="whatif-group">
      <legend>{t('dashboard.tiers')}</legend>
      {tiers.map((tier) => (
        <TierRow key={tier.key} tier={tier} draft={draft} onChange={onChange} />
      ))}
    </fieldset>
  );
}

function TierRow({ tier, draft, onChange }: { tier: Tier; draft: RuleSet; onChange(d: RuleSet): void }) {
  const { t } = useI18n();
  const th = thresholdOf(tier);
  const quota = tier.quota ?? null;
  const setThreshold = (next: Threshold) => onChange(withThreshold(draft, tier.key, next));
  const setQuota = (next: Quota | null) => onChange(withQuota(draft, tier.key, next));
  const quotaKind = quota === null ? 'none' : 'count' in quota ? 'count' : 'percent';
  return (
    <div className="tier-edit" data-testid={`whatif-tier-${tier.key}`}>
      <span className="tier-edit-name" style={{ color: tier.color ?? undefined }}>
        {tier.name}
      </span>
      <div className="tier-edit-line">
        <select
          value={th?.kind ?? 'none'}
          aria-label={t('dashboard.lineKind', { tier: tier.name })}
          data-testid={`whatif-line-kind-${tier.key}`}
          onChange={(e) => {
            const kind = e.target.value;
            setThreshold(kind === 'none' ? null : { kind: kind === 'above' ? 'above' : 'atLeast', value: th?.value ?? 90 });
          }}
        >
          <option value="atLeast">{t('dashboard.atLeast')}</option>
          <option value="above">{t('dashboard.above')}</option>
          <option value="none">{t('dashboard.noLine')}</option>
        </select>
        {th && (
          <NumberField
            value={th.value}
            label={t('dashboard.lineOf', { tier: tier.name })}
            testId={`whatif-line-${tier.key}`}
            suffix={t('dashboard.points')}
            onChange={(v) => setThreshold({ kind: th.kind, value: v })}
          />
        )}
      </div>
      <div className="tier-edit-line">
        <select
          value={quotaKind}
          aria-label={t('dashboard.quotaKind', { tier: tier.name })}
          data-testid={`whatif-quota-kind-${tier.key}`}
          onChange={(e) => {
            const kind = e.target.value;
            setQuota(kind === 'none' ? null : kind === 'count' ? { count: 5 } : { percent: 30, round: 'floor' });
          }}
        >
          <option value="none">{t('dashboard.quotaNone')}</option>
          <option value="count">{t('dashboard.quotaCount')}</option>
          <option value="percent">{t('dashboard.quotaPercent')}</option>
        </select>
        {quota && 'count' in quota && (
          <NumberField
            value={quota.count}
            label={t('dashboard.quotaCount')}
            testId={`whatif-quota-${tier.key}`}
            suffix={t('dashboard.unitsSuffix')}
            onChange={(v) => setQuota({ count: v })}
          />
        )}
        {quota && 'percent' in quota && (
          <>
            <NumberField
              value={quota.percent}
              label={t('dashboard.quotaPercent')}
              testId={`whatif-quota-${tier.key}`}
              suffix="%"
              onChange={(v) => setQuota({ percent: v, round: quota.round })}
            />
            <select
              value={quota.round}
              aria-label={t('dashboard.quotaRound')}
              data-testid={`whatif-quota-round-${tier.key}`}
              onChange={(e) => setQuota({ percent: quota.percent, round: e.target.value as 'floor' | 'ceil' | 'round' })}
            >
              <option value="floor">{t('dashboard.roundFloor')}</option>
              <option value="ceil">{t('dashboard.roundCeil')}</option>
              <option value="round">{t('dashboard.roundHalf')}</option>
            </select>
          </>
        )}
      </div>
    </div>
  );
}

function TieBreak({ g, draft, onChange }: { g: GroupView; draft: RuleSet; onChange(d: RuleSet): void }) {
  const { t } = useI18n();
  const order = draft.tieBreak.map((x) => x.node);
  const nameOf = (key: string) => g.compiled.byKey.get(key)?.name ?? key;
  const set = (next: string[]) => onChange(withTieBreak(draft, next));
  const move = (i: number, by: number) => {
    const next = [...order];
    const [item] = next.splice(i, 1);
    next.splice(i + by, 0, item!);
    set(next);
  };
  const candidates = g.compiled.indicators.filter((i) => !order.includes(i.key));
  return (
    <fieldset className="whatif-group">
      <legend>{t('dashboard.tieBreak')}</legend>
      {order.length === 0 && <p className="muted">{t('dashboard.tieBreakNone')}</p>}
      <ol className="tiebreak-list" data-testid="whatif-tiebreak">
        {order.map((key, i) => (
          <li key={key} data-key={key}>
            <span>{nameOf(key)}</span>
            <button type="button" className="link" disabled={i === 0} onClick={() => move(i, -1)} aria-label={t('dashboard.moveUp', { name: nameOf(key) })}>
              ↑
            </button>
            <button type="button" className="link" disabled={i === order.length - 1} onClick={() => move(i, 1)} aria-label={t('dashboard.moveDown', { name: nameOf(key) })}>
              ↓
            </button>
            <button type="button" className="link danger" onClick={() => set(order.filter((k) => k !== key))} aria-label={t('dashboard.remove', { name: nameOf(key) })}>
              ✕
            </button>
          </li>
        ))}
      </ol>
      {candidates.length > 0 && (
        <select
          value=""
          data-testid="whatif-tiebreak-add"
          aria-label={t('dashboard.tieBreakAdd')}
          onChange={(e) => e.target.value && set([...order, e.target.value])}
        >
          <option value="">{t('dashboard.tieBreakAdd')}</option>
          {candidates.map((c) => (
            <option key={c.key} value={c.key}>
              {c.name}
            </option>
          ))}
        </select>
      )}
    </fieldset>
  );
}
