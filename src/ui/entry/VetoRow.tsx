/** A veto (单项否决) of a unit (× object): yes / no, entered like any other cell. */
import { useI18n, type T } from '../useT';
import { effectsOf, type Assessor, type CompiledRuleSet, type Effect, type ScoreEntry, type Unit, type UnitObject, type UnitResult, type Veto } from '../../engine';
import { YesNoInput } from './inputs';
import { AssessorValues } from './LeafRow';
import { useCellSave } from './useCellSave';
import { VetoEvidence } from '../evidence/VetoEvidence';

export interface VetoRowProps {
  compiled: CompiledRuleSet;
  unit: Unit;
  veto: Veto;
  object?: UnitObject;
  entries: readonly ScoreEntry[];
  assessor: Assessor | null;
  assessors: readonly Assessor[];
  readOnly: boolean;
  result: UnitResult | undefined;
}

export function VetoRow({ compiled, unit, veto, object, entries, assessor, assessors, readOnly, result }: VetoRowProps) {
  const { t } = useI18n();
  const save = useCellSave(compiled, unit, assessor ? { unitId: unit.id, node: veto.key, assessorId: assessor.id, objectId: object?.id } : null, entries);
  const testKey = object ? `${veto.key}--${object.id}` : veto.key;
  const byAssessor = entries.filter((e) => e.node === veto.key && (e.objectId ?? '') === (object?.id ?? ''));
  const triggered = result?.vetoes.some((v) => v.key === veto.key && (object === undefined || v.objectId === object.id)) ?? false;
  return (
    <tr data-testid={`veto-row-${testKey}`}>
      <td className="leaf-name">
        <span className="leaf-title">{veto.name}</span>
        {object && <span className="leaf-object">{t('entry.object', { name: object.name })}</span>}
        <span className="leaf-effect muted">{effectText(veto, compiled, t)}</span>
      </td>
      <td className="col-num">—</td>
      <td className="leaf-input">
        <YesNoInput testKey={testKey} cell={save} disabled={readOnly || !assessor} />
        {save.error && (
          <p className="field-error" role="alert" data-testid={`leaf-error-${testKey}`}>
            {save.error}
          </p>
        )}
        {save.existing?.triggered && <VetoEvidence entryId={save.existing.id} unitId={unit.id} editable={!readOnly && !!assessor} />}
      </td>
      <td className="leaf-basis">
        <AssessorValues entries={byAssessor} assessors={assessors} me={assessor?.id} />
      </td>
      <td className={`col-num veto-state${triggered ? ' on' : ''}`} data-testid={`veto-state-${testKey}`}>
        {triggered ? t('value.triggered') : t('value.notTriggered')}
      </td>
      <td />
    </tr>
  );
}

export function effectText(v: Veto, c: CompiledRuleSet, t: T): string {
  return effectsOf(v).map((e) => oneEffectText(e, c, t)).join('；');
}

function oneEffectText(e: Effect, c: CompiledRuleSet, t: T): string {
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
