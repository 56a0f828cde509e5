/** The assessed units: list, add, edit, and 从 Excel 粘贴 (all lines checked, stored in one transaction). */
import { useMemo, useState } from 'react';
import { newId, upsertUnits } from '../../app/setup';
import { useI18n } from '../useT';
import type { Unit, ValidationIssue } from '../../engine';
import { trackSave } from '../../app/saveStatus';
import { useApp } from '../appContext';
import { IssueList } from '../IssueList';
import { useAssessment } from '../useAssessment';
import { ObjectsEditor, objectKinds, type ObjectKind } from './ObjectsEditor';
import { parsePastedUnits } from './pasteUnits';
import { errorText } from '../errorText';

export function UnitsSection() {
  const { t } = useI18n();
  const { db, assessment, who } = useApp();
  const view = useAssessment();
  const locked = assessment.status === 'locked';
  const groups = assessment.groups;
  const [editing, setEditing] = useState<string | null>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const units = useMemo(
    () =>
      [...view.data.units].sort(
        (a, b) => groups.findIndex((g) => g.key === a.group) - groups.findIndex((g) => g.key === b.group) || a.name.localeCompare(b.name, 'zh-CN'),
      ),
    [view.data.units, groups],
  );

  const store = async (list: Unit[], ok: string): Promise<boolean> => {
    try {
      await trackSave(() => upsertUnits(db, assessment.id, list, who));
      setMessage({ ok: true, text: ok });
      return true;
    } catch (e) {
      setMessage({ ok: false, text: errorText(e, t, 'save') });
      return false;
    }
  };

  const classesOf = (groupKey: string) => view.groups.find((g) => g.group.key === groupKey)?.ruleSet.unitClasses ?? [];

  return (
    <section className="card" data-testid="units">
      <h3>
        {t('setup.units')} <span className="muted">{t('rankings.units', { n: units.length })}</span>
      </h3>
      <div className="table-wrap short">
        <table className="plain">
          <thead>
            <tr>
              {/* the order of 从 Excel 粘贴: name, group, short name */}
              <th>{t('setup.unitName')}</th>
              <th>{t('setup.unitGroup')}</th>
              <th>{t('setup.unitShort')}</th>
              <th>{t('setup.unitClass')}</th>
              <th className="col-num">{t('setup.unitObjects')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {units.map((u) =>
              editing === u.id ? (
                <UnitEditRow
                  key={u.id}
                  unit={u}
                  classes={classesOf(u.group)}
                  kinds={objectKinds(view.groups.find((g) => g.group.key === u.group)?.compiled)}
                  groupName={groups.find((g) => g.key === u.group)?.name ?? u.group}
                  onCancel={() => setEditing(null)}
                  onSave={async (next) => {
                    if (await store([next], t('common.save'))) setEditing(null);
                  }}
                />
              ) : (
                <tr key={u.id} data-testid="unit-row">
                  <td>{u.name}</td>
                  <td>{groups.find((g) => g.key === u.group)?.name ?? u.group}</td>
                  <td>{u.shortName ?? ''}</td>
                  <td>{classesOf(u.group).find((c) => c.key === u.unitClass)?.name ?? u.unitClass ?? ''}</td>
                  <td className="col-num">{u.objects.length}</td>
                  <td>
                    {!locked && (
                      <button type="button" className="link" data-testid="unit-edit" onClick={() => setEditing(u.id)}>
                        {t('common.edit')}
                      </button>
                    )}
                  </td>
                </tr>
              ),
            )}
          </tbody>
        </table>
      </div>
      {!locked && <AddUnit units={units} onAdd={(u) => store([u], t('setup.pasteOk', { n: 1 }))} />}
      {!locked && <PasteUnits units={units} onAdd={(list) => store(list, t('setup.pasteOk', { n: list.length }))} />}
      {message && (
        <p className={message.ok ? 'notice ok' : 'field-error'} role={message.ok ? 'status' : 'alert'} data-testid="units-message">
          {message.text}
        </p>
      )}
    </section>
  );
}

interface UnitEditRowProps {
  unit: Unit;
  classes: { key: string; name: string }[];
  kinds: ObjectKind[];
  groupName: string;
  onCancel(): void;
  onSave(unit: Unit): Promise<void>;
}

function UnitEditRow({ unit, classes, kinds, groupName, onCancel, onSave }: UnitEditRowProps) {
  const { t } = useI18n();
  const [name, setName] = useState(unit.name);
  const [shortName, setShortName] = useState(unit.shortName ?? '');
  const [unitClass, setUnitClass] = useState(unit.unitClass ?? '');
  const [objects, setObjects] = useState(unit.objects);
  const [error, setError] = useState<string | null>(null);
  const save = () => {
    if (name.trim() === '') return setError(t('setup.unitNameRequired'));
    if (objects.some((o) => o.name.trim() === '')) return setError(t('setup.objectNameRequired'));
    const { shortName: _s, unitClass: _c, ...rest } = unit;
    void onSave({
      ...rest,
      name: name.trim(),
      ...(shortName.trim() !== '' && { shortName: shortName.trim() }),
      ...(unitClass !== '' && { unitClass }),
      objects: objects.map((o) => ({ ...o, name: o.name.trim(), ...(o.url !== undefined && { url: o.url.trim() }) })),
    });
  };
  // websites and accounts only where the rule set scores something per object (or the unit has some)
  const showObjects = kinds.length > 0 || unit.objects.length > 0;
  return (
    <>
      <tr className="editing">
        <td>
          <input value={name} onChange={(e) => setName(e.target.value)} aria-label={t('setup.unitName')} />
          {error && <p className="field-error">{error}</p>}
        </td>
        <td>{groupName}</td>
        <td>
          <input value={shortName} onChange={(e) => setShortName(e.target.value)} aria-label={t('setup.unitShort')} size={8} />
        </td>
        <td>
          {classes.length > 0 && (
            <select value={unitClass} onChange={(e) => setUnitClass(e.target.value)} aria-label={t('setup.unitClass')}>
              <option value="">—</option>
              {classes.map((c) => (
                <option key={c.key} value={c.key}>
                  {c.name}
                </option>
              ))}
            </select>
          )}
        </td>
        <td className="col-num">{objects.length}</td>
        <td>
          <button type="button" onClick={save} data-testid="unit-save">
            {t('common.save')}
          </button>
          <button type="button" className="secondary" onClick={onCancel}>
            {t('common.cancel')}
          </button>
        </td>
      </tr>
      {showObjects && (
        <tr className="editing objects">
          <td colSpan={6}>
            <ObjectsEditor objects={objects} kinds={kinds} onChange={setObjects} />
          </td>
        </tr>
      )}
    </>
  );
}

function AddUnit({ units, onAdd }: { units: readonly Unit[]; onAdd(unit: Unit): Promise<boolean> }) {
  const { t } = useI18n();
  const { assessment } = useApp();
  const [name, setName] = useState('');
  const [group, setGroup] = useState(assessment.groups[0]?.key ?? '');
  const [error, setError] = useState<string | null>(null);
  const add = async () => {
    const n = name.trim();
    if (n === '') return setError(t('setup.unitNameRequired'));
    if (units.some((u) => u.group === group && u.name === n)) return setError(t('setup.unitExists', { name: n }));
    setError(null);
    if (await onAdd({ id: newId('u-'), name: n, group, objects: [] })) setName('');
  };
  return (
    <div className="inline-form">
      <input data-testid="unit-add-name" placeholder={t('setup.unitName')} value={name} onChange={(e) => setName(e.target.value)} />
      <select value={group} onChange={(e) => setGroup(e.target.value)} aria-label={t('setup.unitGroup')}>
        {assessment.groups.map((g) => (
          <option key={g.key} value={g.key}>
            {g.name}
          </option>
        ))}
      </select>
      <button type="button" data-testid="unit-add" onClick={() => void add()}>
        {t('setup.unitAdd')}
      </button>
      {error && (
        <span className="field-error" role="alert">
          {error}
        </span>
      )}
    </div>
  );
}

function PasteUnits({ units, onAdd }: { units: readonly Unit[]; onAdd(list: Unit[]): Promise<boolean> }) {
  const { t } = useI18n();
  const { assessment } = useApp();
  const [open, setOpen] = useState(false);
  const [text, setText] = useState('');
  const [issues, setIssues] = useState<ValidationIssue[] | null>(null);
  const [ready, setReady] = useState<Unit[] | null>(null);

  const check = () => {
    const r = parsePastedUnits(text, assessment.groups, units, () => newId('u-'), t);
    setIssues(r.ok ? null : r.errors);
    setReady(r.ok ? r.units : null);
  };

  if (!open)
    return (
      <button type="button" className="secondary" data-testid="paste-units-open" onClick={() => setOpen(true)}>
        {t('setup.pasteTitle')}
      </button>
    );
  return (
    <div className="paste-units">
      <h4>{t('setup.pasteTitle')}</h4>
      <p className="muted">{t('setup.pasteHelp')}</p>
      <textarea
        data-testid="paste-units-text"
        rows={6}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          setReady(null);
        }}
      />
      <div className="actions">
        <button type="button" className="secondary" data-testid="paste-units-check" onClick={check}>
          {t('setup.pastePreview')}
        </button>
        <button
          type="button"
          data-testid="paste-units-apply"
          disabled={!ready}
          onClick={() =>
            ready &&
            void onAdd(ready).then((ok) => {
              if (ok) {
                setText('');
                setReady(null);
                setOpen(false);
              }
            })
          }
        >
          {t('setup.pasteApply', { n: ready?.length ?? 0 })}
        </button>
        <button type="button" className="secondary" onClick={() => setOpen(false)}>
          {t('common.close')}
        </button>
      </div>
      {issues && <IssueList title={t('common.errorsTitle', { n: issues.length })} issues={issues} testId="paste-units-errors" />}
    </div>
  );
}
