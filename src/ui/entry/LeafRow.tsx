/** One leaf (× object) of a unit's sheet: what the current assessor entered, the result, and errors. */
import { useI18n } from '../../i18n/useT';
import type { Assessor, CompiledRuleSet, Leaf, ScoreEntry, Unit, UnitObject, UnitResult } from '../../scoring';
import { describeEntry } from '../describe';
import type { Cell } from './cell';
import { FindingsEditor } from './FindingsEditor';
import { ChecklistInput, NumberInput } from './inputs';
import { useCellSave } from './useCellSave';

export interface LeafRowProps {
  compiled: CompiledRuleSet;
  unit: Unit;
  leaf: Leaf;
  label: string[];
  object?: UnitObject;
  entries: readonly ScoreEntry[];
  assessor: Assessor | null;
  assessors: readonly Assessor[];
  readOnly: boolean;
  result: UnitResult | undefined;
}

export function LeafRow({ compiled, unit, leaf, label, object, entries, assessor, assessors, readOnly, result }: LeafRowProps) {
  const { t, num } = useI18n();
  const cell: Cell | null = assessor ? { unitId: unit.id, node: leaf.key, assessorId: assessor.id, objectId: object?.id } : null;
  const save = useCellSave(compiled, unit, cell, entries);
  const testKey = object ? `${leaf.key}--${object.id}` : leaf.key;
  const disabled = readOnly || !assessor;
  const na = save.existing?.notApplicable === true;
  const max = compiled.maxOf(leaf.key);
  const maxText = leaf.type === 'penalty' ? (leaf.cap === null ? '—' : `−${leaf.cap}`) : num(max.n / max.d);
  const node = result?.nodes[leaf.key];
  const score = object ? node?.objects?.find((o) => o.objectId === object.id)?.score : node?.score;
  const others = entries.filter(
    (e) => e.node === leaf.key && (e.objectId ?? '') === (object?.id ?? '') && e.assessorId !== assessor?.id,
  );
  const step = leaf.type === 'points' || leaf.type === 'bonus' ? (leaf.step ?? compiled.ruleSet.precision.step) : undefined;

  return (
    <tr data-testid={`leaf-row-${testKey}`} className={na ? 'na' : undefined}>
      <td className="leaf-name">
        {label.length > 1 && <span className="leaf-path">{label.slice(0, -1).join(' › ')} › </span>}
        <span className="leaf-title">{label[label.length - 1]}</span>
        {object && <span className="leaf-object">{t('entry.object', { name: object.name })}</span>}
        <span className="leaf-type">{t(`entry.leafTypes.${leaf.type}`)}</span>
      </td>
      <td className="col-num">{maxText}</td>
      <td className="leaf-input">
        {na ? (
          <span className="muted">{t('value.notApplicable')}</span>
        ) : leaf.type === 'points' || leaf.type === 'bonus' ? (
          <NumberInput testKey={testKey} cell={save} disabled={disabled} hint={t('entry.valueHint', { max: maxText, step: step ?? '' })} />
        ) : leaf.type === 'ratio' ? (
          <NumberInput testKey={testKey} cell={save} disabled={disabled} hint={leaf.measure ?? t('entry.ratioHint')} suffix="%" />
        ) : leaf.type === 'checklist' ? (
          <ChecklistInput leaf={leaf} testKey={testKey} cell={save} disabled={disabled} />
        ) : (
          <FindingsEditor leaf={leaf} testKey={testKey} cell={save} disabled={disabled} />
        )}
        {save.error && (
          <p className="field-error" role="alert" data-testid={`leaf-error-${testKey}`}>
            {save.error}
          </p>
        )}
        {others.length > 0 && (
          <p className="others">
            {t('entry.byOthers', {
              list: others.map((e) => `${assessors.find((a) => a.id === e.assessorId)?.name ?? e.assessorId} ${describeEntry(e, t)}`).join('；'),
            })}
          </p>
        )}
      </td>
      <td className="col-num leaf-score" data-testid={`leaf-score-${testKey}`}>
        {score === undefined || node?.applicable === false ? '—' : num(score, compiled.ruleSet.precision.display)}
      </td>
      <td className="col-na">
        <input
          type="checkbox"
          title={t('entry.notApplicable')}
          aria-label={t('entry.notApplicable')}
          checked={na}
          disabled={disabled}
          onChange={(e) => void (e.target.checked ? save.save({ notApplicable: true }) : save.clear())}
        />
      </td>
    </tr>
  );
}
