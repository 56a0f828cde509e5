/**
 * What a veto or threshold does, as a list of effects: one is written as `effect`, several as
 * `effects` (all apply). Each effect has its own box for the score, tier or node it needs.
 */
import type { Effect, RuleSet } from '../../engine';
import type { PlacedIssue } from '../../report/ruleDraft/issues';
import { nodeKeys } from '../../report/ruleDraft/outline';
import { useI18n } from '../useT';
import { Messages } from './fields';
import { parseNumber } from '../whatif/NumberField';

const TYPES: Effect['type'][] = ['fail', 'failScored', 'setScore', 'capScore', 'barTier', 'zeroNode'];

export function effectList(v: { effect?: Effect | undefined; effects?: Effect[] | undefined }): Effect[] {
  return v.effects ?? (v.effect ? [v.effect] : []);
}

/** The row's fields with its effects written back: one effect as `effect`, several as `effects`. */
export function withEffects<T extends { effect?: Effect | undefined; effects?: Effect[] | undefined }>(row: T, effects: Effect[]): T {
  const next = { ...row };
  delete next.effect;
  delete next.effects;
  if (effects.length === 1) next.effect = effects[0];
  else if (effects.length > 1) next.effects = effects;
  return next;
}

function blank(type: Effect['type'], rs: RuleSet): Effect {
  switch (type) {
    case 'fail':
    case 'failScored':
      return { type };
    case 'setScore':
      return { type, score: 59 };
    case 'capScore':
      return { type, score: 80 };
    case 'barTier':
      return { type, tier: rs.tiers[0]?.key ?? '' };
    case 'zeroNode':
      return { type, node: rs.root.children[0]?.key ?? rs.root.key };
  }
}

export function EffectsEditor({ ruleSet, effects, issues, onChange, testId }: { ruleSet: RuleSet; effects: Effect[]; issues: readonly PlacedIssue[]; onChange(e: Effect[]): void; testId: string }) {
  const { t } = useI18n();
  const put = (i: number, e: Effect) => onChange(effects.map((x, k) => (k === i ? e : x)));
  return (
    <div className="rf effects" data-testid={testId}>
      <label>{t('rules.f.effect')}</label>
      <div className="rf-control">
      {effects.map((e, i) => (
        <div className="effect-row" key={i}>
          <select aria-label={t('rules.f.effect')} data-testid={`${testId}-${i}-type`} value={e.type} onChange={(ev) => put(i, blank(ev.target.value as Effect['type'], ruleSet))}>
            {TYPES.map((ty) => (
              <option key={ty} value={ty}>
                {t(`rules.effect.${ty}`)}
              </option>
            ))}
          </select>
          {(e.type === 'setScore' || e.type === 'capScore') && (
            <input
              aria-label={t('rules.f.effectScore')}
              className="num"
              inputMode="decimal"
              defaultValue={e.score}
              onChange={(ev) => {
                const n = parseNumber(ev.target.value);
                if (n !== null) put(i, { ...e, score: n });
              }}
            />
          )}
          {e.type === 'barTier' && (
            <select aria-label={t('rules.f.effectTier')} value={e.tier} onChange={(ev) => put(i, { ...e, tier: ev.target.value })}>
              {ruleSet.tiers.map((tier) => (
                <option key={tier.key} value={tier.key}>
                  {tier.name || tier.key}
                </option>
              ))}
              {!ruleSet.tiers.some((x) => x.key === e.tier) && <option value={e.tier}>{e.tier}</option>}
            </select>
          )}
          {e.type === 'zeroNode' && (
            <select aria-label={t('rules.f.effectNode')} value={e.node} onChange={(ev) => put(i, { ...e, node: ev.target.value })}>
              {[...new Set([...nodeKeys(ruleSet), e.node])].map((k) => (
                <option key={k} value={k}>
                  {k}
                </option>
              ))}
            </select>
          )}
          <button type="button" className="icon danger" title={t('common.delete')} onClick={() => onChange(effects.filter((_, k) => k !== i))}>
            ×
          </button>
        </div>
      ))}
      <button type="button" className="link add-effect" onClick={() => onChange([...effects, { type: 'failScored' }])}>
        ＋ {t('rules.addEffect')}
      </button>
      <Messages issues={issues} testId={`${testId}-issues`} />
      </div>
    </div>
  );
}
