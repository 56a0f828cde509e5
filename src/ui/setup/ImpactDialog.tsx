/**
 * 更换规则集的影响: every stored entry the new rule set would refuse, grouped by kind, with a choice per
 * kind — adjust (where it means something), keep as a note, or cancel. Nothing changes until confirmed.
 * The list scrolls inside the dialog so that its buttons stay in view on a small screen; as a modal
 * (the import's merge) it sits over the page.
 */
import { useState, type ReactNode } from 'react';
import { CLAMPABLE, type ImpactDecision, type ImpactKind, type RuleSetChangePlan, type RuleSetDecisions } from '../../app/changeRuleSet';
import type { MessageKey } from '../../i18n/messages';
import { useI18n } from '../useT';
import './impact.css';

const SHOWN = 20;

interface Props {
  plan: RuleSetChangePlan;
  groupName: string;
  unitName(id: string): string;
  nodeName(key: string): string;
  /** when given, a column names whose entry each row is (several assessors score the same cell) */
  assessorName?(id: string): string;
  busy: boolean;
  onApply(decisions: RuleSetDecisions): void;
  onCancel(): void;
  /** what brought the change (a merged file), shown above the summary */
  intro?: ReactNode;
  /** the confirm button's text, when not 确认更换规则集 */
  applyLabel?: string;
  /** over the page, with a backdrop */
  modal?: boolean;
}

export function ImpactDialog({ plan, groupName, unitName, nodeName, assessorName, busy, onApply, onCancel, intro, applyLabel, modal = false }: Props) {
  const { t } = useI18n();
  const [decisions, setDecisions] = useState<RuleSetDecisions>({});
  const entries = new Set(plan.items.filter((i) => i.entry).map((i) => i.entry?.id)).size;
  const units = new Set(plan.items.map((i) => i.unitId)).size;
  const decided = plan.kinds.every((k) => decisions[k.kind] !== undefined);
  const choose = (kind: ImpactKind, d: ImpactDecision) => setDecisions((old) => ({ ...old, [kind]: d }));

  const dialog = (
    <div
      className={`impact-dialog card${modal ? ' impact-modal' : ''}`}
      role="dialog"
      aria-modal={modal}
      aria-label={t('ruleChange.title', { group: groupName })}
      data-testid="impact-dialog"
    >
      <h4>{t('ruleChange.title', { group: groupName })}</h4>
      {intro}
      {plan.locked ? (
        <p className="field-error" role="alert">
          {t('ruleChange.locked')}
        </p>
      ) : (
        plan.kinds.length > 0 && <p>{t('ruleChange.summary', { entries, units })}</p>
      )}
      <div className="impact-list" data-testid="impact-list">
        {plan.kinds.map(({ kind, count }) => {
          const items = plan.items.filter((i) => i.kind === kind);
          const options: ImpactDecision[] = CLAMPABLE.has(kind) ? ['clamp', 'note', 'cancel'] : ['note', 'cancel'];
          return (
            <fieldset key={kind} className="impact-kind" data-testid={`impact-${kind}`}>
              <legend>
                {t(`ruleChange.kind.${kind}` as MessageKey)}（{count}）
              </legend>
              <div className="impact-options">
                {options.map((d) => (
                  <label key={d}>
                    <input
                      type="radio"
                      name={`impact-${kind}`}
                      value={d}
                      data-testid={`impact-${kind}-${d}`}
                      disabled={plan.locked || busy}
                      checked={decisions[kind] === d}
                      onChange={() => choose(kind, d)}
                    />
                    {t(d === 'clamp' ? 'ruleChange.clamp' : d === 'note' ? 'ruleChange.note' : 'ruleChange.cancel')}
                    {d === 'clamp' && <span className="muted">（{t(`ruleChange.clampHint.${kind}` as MessageKey)}）</span>}
                    {d === 'note' && <span className="muted">（{t('ruleChange.noteHint')}）</span>}
                  </label>
                ))}
              </div>
              <table className="plain">
                <thead>
                  <tr>
                    <th>{t('ruleChange.unit')}</th>
                    <th>{t('ruleChange.node')}</th>
                    {assessorName && <th>{t('ingest.assessor')}</th>}
                    <th>{t('ruleChange.detail')}</th>
                  </tr>
                </thead>
                <tbody>
                  {items.slice(0, SHOWN).map((i, n) => (
                    <tr key={n}>
                      <td>{unitName(i.unitId)}</td>
                      <td>{i.node ? nodeName(i.node) : ''}</td>
                      {assessorName && <td>{i.entry ? assessorName(i.entry.assessorId) : ''}</td>}
                      <td>{i.detail}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              {items.length > SHOWN && <p className="muted">{t('ruleChange.more', { n: items.length - SHOWN })}</p>}
            </fieldset>
          );
        })}
      </div>
      <div className="panel-row impact-actions">
        <button type="button" data-testid="impact-apply" disabled={plan.locked || busy || !decided} title={decided ? undefined : t('ruleChange.decideAll')} onClick={() => onApply(decisions)}>
          {applyLabel ?? t('ruleChange.apply')}
        </button>
        <button type="button" className="secondary" data-testid="impact-cancel" disabled={busy} onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </div>
  );
  return modal ? <div className="impact-backdrop">{dialog}</div> : dialog;
}
