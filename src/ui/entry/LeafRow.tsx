/**
 * One leaf (× object) of a unit's sheet: what the current assessor entered (editable), what every
 * assessor entered and how the engine combined them, the resulting score, and errors.
 */
import { useI18n } from '../useT';
import type { Assessor, CompiledRuleSet, Leaf, ScoreEntry, Unit, UnitObject, UnitResult } from '../../engine';
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
  /** the engine's explanation lines for this leaf (and object) */
  trail: readonly string[];
}

export function LeafRow({ compiled, unit, leaf, label, object, entries, assessor, assessors, readOnly, result, trail }: LeafRowProps) {
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
  const missing = result?.missing.some((m) => m.node === leaf.key && (m.objectId ?? '') === (object?.id ?? '')) ?? false;
  const byAssessor = entries.filter((e) => e.node === leaf.key && (e.objectId ?? '') === (object?.id ?? ''));
  const step = leaf.type === 'points' || leaf.type === 'bonus' ? (leaf.step ?? compiled.ruleSet.precision.step) : undefined;

  return (
    <tr data-testid={`leaf-row-${testKey}`} data-missing={missing} className={na ? 'na' : missing ? 'missing-cell' : undefined}>
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
      </td>
      <td className="leaf-basis" data-testid={`leaf-basis-${testKey}`}>
        <AssessorValues entries={byAssessor} assessors={assessors} me={assessor?.id} />
        {trail.map((line, i) => (
          <p key={i} className="trail-line">
            {line}
          </p>
        ))}
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

/** Each assessor's entry of a cell, the current assessor's marked. */
export function AssessorValues({ entries, assessors, me }: { entries: readonly ScoreEntry[]; assessors: readonly Assessor[]; me: string | undefined }) {
  const { t } = useI18n();
  if (entries.length === 0) return <p className="muted small">{t('entry.unit.noEntries')}</p>;
  return (
    <ul className="assessor-values">
      {entries.map((e) => (
        <li key={e.id} className={e.assessorId === me ? 'me' : undefined}>
          <span className="who">{assessors.find((a) => a.id === e.assessorId)?.name ?? e.assessorId}</span>
          {describeEntry(e, t)}
        </li>
      ))}
    </ul>
  );
}
