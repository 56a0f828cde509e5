/**
 * A unit's websites and new-media accounts (对象): the things a per-object indicator (政府网站监管 scored
 * per website, 政务新媒体 per account) is scored for one by one. The kinds on offer are those the group's
 * rule set scores per object, named after the indicator that does.
 */
import { newId } from '../../app/setup';
import { useI18n } from '../useT';
import { isGroup, type CompiledRuleSet, type UnitObject } from '../../engine';

export interface ObjectKind {
  kind: string;
  /** the per-object indicator's name */
  label: string;
}

/** The kinds of object a rule set scores per object, each once, in rule-set order. */
export function objectKinds(c: CompiledRuleSet | undefined): ObjectKind[] {
  const out: ObjectKind[] = [];
  for (const node of c?.byKey.values() ?? []) {
    if (isGroup(node) && node.perObject && !out.some((k) => k.kind === node.perObject!.kind)) out.push({ kind: node.perObject.kind, label: node.name });
  }
  return out;
}

/** A new, empty object of the first kind. */
export const newObject = (kinds: readonly ObjectKind[]): UnitObject => ({ id: newId('o-'), name: '', kind: kinds[0]?.kind ?? 'website' });

interface Props {
  objects: readonly UnitObject[];
  kinds: readonly ObjectKind[];
  onChange(objects: UnitObject[]): void;
}

export function ObjectsEditor({ objects, kinds, onChange }: Props) {
  const { t } = useI18n();
  // a kind stored on an object but unknown to the rule set stays selectable, by its key
  const options = [...kinds, ...objects.filter((o) => !kinds.some((k) => k.kind === o.kind)).map((o) => ({ kind: o.kind, label: o.kind }))].filter(
    (k, i, all) => all.findIndex((x) => x.kind === k.kind) === i,
  );
  const set = (i: number, patch: Partial<UnitObject>) => onChange(objects.map((o, j) => (j === i ? { ...o, ...patch } : o)));
  return (
    <div className="objects-editor" data-testid="objects-editor">
      <p className="muted">{t('setup.objectsHelp')}</p>
      {objects.length > 0 && (
        <table className="plain">
          <thead>
            <tr>
              <th>{t('setup.objectName')}</th>
              <th>{t('setup.objectKind')}</th>
              <th>{t('setup.objectUrl')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {objects.map((o, i) => (
              <tr key={o.id} data-testid="object-row">
                <td>
                  <input value={o.name} onChange={(e) => set(i, { name: e.target.value })} aria-label={t('setup.objectName')} data-testid="object-name" />
                </td>
                <td>
                  <select value={o.kind} onChange={(e) => set(i, { kind: e.target.value })} aria-label={t('setup.objectKind')} data-testid="object-kind">
                    {options.map((k) => (
                      <option key={k.kind} value={k.kind}>
                        {k.label}
                      </option>
                    ))}
                  </select>
                </td>
                <td>
                  <input
                    value={o.url ?? ''}
                    onChange={(e) => {
                      const { url: _u, ...rest } = o;
                      onChange(objects.map((x, j) => (j === i ? { ...rest, ...(e.target.value.trim() !== '' && { url: e.target.value }) } : x)));
                    }}
                    aria-label={t('setup.objectUrl')}
                    placeholder="https://"
                    size={32}
                  />
                </td>
                <td>
                  <button type="button" className="link" onClick={() => onChange(objects.filter((_, j) => j !== i))}>
                    {t('setup.objectRemove')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <button type="button" className="secondary" data-testid="object-add" onClick={() => onChange([...objects, newObject(kinds)])}>
        {t('setup.objectAdd')}
      </button>
    </div>
  );
}
