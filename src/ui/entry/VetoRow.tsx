/** A veto (单项否决) of a unit (× object): yes / no, entered like any other cell. */
import { useI18n, type T } from '../../i18n/useT';
import type { Assessor, CompiledRuleSet, ScoreEntry, Unit, UnitObject, Veto } from '../../scoring';
import { YesNoInput } from './inputs';
import { useCellSave } from './useCellSave';

export interface VetoRowProps {
  compiled: CompiledRuleSet;
  unit: Unit;
  veto: Veto;
  object?: UnitObject;
  entries: readonly ScoreEntry[];
  assessor: Assessor | null;
  readOnly: boolean;
}

export function VetoRow({ compiled, unit, veto, object, entries, assessor, readOnly }: VetoRowProps) {
  const { t } = useI18n();
  const save = useCellSave(compiled, unit, assessor ? { unitId: unit.id, node: veto.key, assessorId: assessor.id, objectId: object?.id } : null, entries);
  const testKey = object ? `${veto.key}--${object.id}` : veto.key;
  return (
    <tr data-testid={`veto-row-${testKey}`}>
      <td className="leaf-name">
        <span className="leaf-title">{veto.name}</span>
        {object && <span className="leaf-object">{t('entry.object', { name: object.name })}</span>}
        <span className="leaf-effect muted">{effectText(veto, compiled, t)}</span>
      </td>
      <td className="leaf-input" colSpan={3}>
        <YesNoInput testKey={testKey} cell={save} disabled={readOnly || !assessor} />
        {save.error && (
          <p className="field-error" role="alert" data-testid={`leaf-error-${testKey}`}>
            {save.error}
          </p>
        )}
      </td>
    </tr>
  );
}

function effectText(v: Veto, c: CompiledRuleSet, t: T): string {
  const e = v.effect;
  switch (e.type) {
    case 'fail':
      return e.description ?? t('effect.fail');
    case 'failScored':
      return t('effect.failScored');
    case 'setScore':
      return t('effect.setScore', { score: e.score });
    case 'capScore':
      return t('effect.capScore', { score: e.score });
    case 'barTier':
      return t('effect.barTier', { tier: c.ruleSet.tiers.find((x) => x.key === e.tier)?.name ?? e.tier });
    case 'zeroNode':
      return t('effect.zeroNode', { node: c.byKey.get(e.node)?.name ?? e.node });
  }
}
