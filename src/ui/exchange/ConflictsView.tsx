/**
 * Merge conflicts side by side: this machine's value and the imported one, with who wrote each and
 * when. The coordinator picks one per conflict; the choices are applied in one transaction and logged.
 */
import { useState } from 'react';
import { listConflicts, resolveConflicts, type ConflictChoice } from '../../app/exchange';
import { useI18n } from '../useT';
import type { EntryRemoval, ScoreEntry } from '../../engine';
import { trackSave } from '../../app/saveStatus';
import { useApp } from '../appContext';
import { describeEntry } from '../describe';
import { useAssessment } from '../useAssessment';
import { useLive } from '../useLive';
import { errorText } from '../errorText';

export function ConflictsView() {
  const { t, dateTime } = useI18n();
  const { db, assessment, assessors, who } = useApp();
  const view = useAssessment();
  const pending = useLive(() => listConflicts(db, assessment.id), [db, assessment.id]);
  const [picks, setPicks] = useState<Record<string, ConflictChoice['pick']>>({});
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  if (pending.status !== 'ready' || pending.value.length === 0)
    return message ? (
      <p className={message.ok ? 'notice ok' : 'field-error'} data-testid="conflicts-message">
        {message.text}
      </p>
    ) : null;
  const conflicts = pending.value;

  const nodeName = (unitId: string, node: string) => {
    const unit = view.unitsById.get(unitId);
    const g = view.groups.find((x) => x.group.key === unit?.group);
    const n = g?.compiled.byKey.get(node) ?? g?.ruleSet.vetoes.find((v) => v.key === node);
    return n?.name ?? node;
  };

  const apply = async () => {
    const choices = conflicts.filter((c) => picks[c.id]).map((c) => ({ conflictId: c.id, pick: picks[c.id]! }));
    if (choices.length < conflicts.length) {
      setMessage({ ok: false, text: t('export.conflictChooseAll') });
      return;
    }
    try {
      await trackSave(() => resolveConflicts(db, assessment.id, choices, who));
      setPicks({});
      setMessage({ ok: true, text: t('export.conflictsResolved', { n: choices.length }) });
    } catch (e) {
      setMessage({ ok: false, text: errorText(e, t, 'save') });
    }
  };

  // a side that is null was deleted: here, or in the file (by the person the removal names)
  const side = (e: ScoreEntry | null, removal?: EntryRemoval) =>
    e ? (
      <>
        <span className="conflict-value">{describeEntry(e, t)}</span>
        <span className="muted conflict-by">{t('export.by', { who: e.updatedBy ?? '—', at: e.updatedAt ? dateTime(e.updatedAt) : '—' })}</span>
      </>
    ) : (
      <>
        <span className="conflict-value" data-testid="conflict-deleted">{t('export.conflictDeleted')}</span>
        {removal && <span className="muted conflict-by">{t('export.by', { who: removal.removedBy ?? '—', at: dateTime(removal.removedAt) })}</span>}
      </>
    );

  return (
    <section className="card conflicts" data-testid="conflicts">
      <h3>{t('export.conflictsTitle', { n: conflicts.length })}</h3>
      <table className="plain">
        <thead>
          <tr>
            <th>{t('export.conflictUnit')}</th>
            <th>{t('export.conflictNode')}</th>
            <th>{t('export.conflictAssessor')}</th>
            <th>{t('export.conflictLocal')}</th>
            <th>{t('export.conflictIncoming')}</th>
          </tr>
        </thead>
        <tbody>
          {conflicts.map((c) => (
            <tr key={c.id} data-testid="conflict-row" data-conflict-id={c.id}>
              <td>{c.unitName}</td>
              <td>{nodeName(c.unitId, c.node)}</td>
              <td>{assessors.find((a) => a.id === c.assessorId)?.name ?? c.assessorId}</td>
              {(['local', 'incoming'] as const).map((pick) => (
                <td key={pick} className={picks[c.id] === pick ? 'conflict-side chosen' : 'conflict-side'}>
                  <label>
                    <input
                      type="radio"
                      name={`conflict-${c.id}`}
                      value={pick}
                      data-testid={`conflict-pick-${pick}`}
                      checked={picks[c.id] === pick}
                      onChange={() => setPicks({ ...picks, [c.id]: pick })}
                    />
                    {pick === 'local' ? side(c.local) : side(c.incoming, c.removal)}
                  </label>
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      <div className="actions">
        <button type="button" data-testid="conflicts-apply" onClick={() => void apply()}>
          {t('export.conflictApply')}
        </button>
      </div>
      {message && (
        <p className={message.ok ? 'notice ok' : 'field-error'} role="alert" data-testid="conflicts-message">
          {message.text}
        </p>
      )}
    </section>
  );
}
