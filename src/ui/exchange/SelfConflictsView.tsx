/**
 * Conflicting versions of units' self-assessments (the unit filled it in on two machines while they were
 * apart, and both reached the sync server), side by side beside the entries' merge conflicts: what
 * each version says where they differ, with its material and who wrote it when. The coordinator picks
 * one per unit; the choice counts here at once and goes to the server with the next sync round.
 */
import { useState } from 'react';
import { listSelfConflicts, resolveSelfConflicts, type SelfConflictRow, type SelfVersion } from '../../app/exchange';
import { listSelfAssessments } from '../../app/selfAssessment';
import { trackSave } from '../../app/saveStatus';
import { useSyncStatus } from '../../app/syncStatus';
import { useApp } from '../appContext';
import { useAssessment } from '../useAssessment';
import { useLive } from '../useLive';
import { useI18n } from '../useT';
import { errorText } from '../errorText';

/** at most this many differing indicators are named per unit */
const SHOWN_DIFFERENCES = 4;
/** an explanation is cut after this many characters */
const EXPLANATION_CHARS = 40;

const itemKey = (v: SelfVersion, node: string) => JSON.stringify(v.items.find((i) => i.node === node) ?? null);

/** The indicators whose score, explanation or material differ between the versions, in rule-set order of first mention. */
function differingNodes(c: SelfConflictRow): string[] {
  const nodes = [...new Set(c.versions.flatMap((v) => [...v.items.map((i) => i.node), ...(v.files ?? []).map((f) => f.ownerId)]))];
  const filesOf = (v: SelfVersion, node: string) => JSON.stringify((v.files ?? []).filter((f) => f.ownerId === node).map((f) => f.hash).sort());
  return nodes.filter((n) => new Set(c.versions.map((v) => itemKey(v, n) + filesOf(v, n))).size > 1);
}

export function SelfConflictsView() {
  const { t, num, dateTime } = useI18n();
  const { db, assessment, who } = useApp();
  const view = useAssessment();
  const pending = useLive(() => Promise.all([listSelfConflicts(db, assessment.id), listSelfAssessments(db, assessment.id)]), [db, assessment.id]);
  const [picks, setPicks] = useState<Record<string, number>>({});
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  // the server takes only a coordinator's choice: another login's would stay on this machine
  const login = useSyncStatus((s) => s.login);
  const barred = login !== null && !login.decides;

  if (pending.status !== 'ready' || pending.value[0].length === 0)
    return message ? (
      <p className={message.ok ? 'notice ok' : 'field-error'} data-testid="self-conflicts-message">
        {message.text}
      </p>
    ) : null;
  const [conflicts, returned] = pending.value;
  const columns = Math.max(...conflicts.map((c) => c.versions.length));

  const nodeName = (unitId: string, node: string) => {
    const g = view.groups.find((x) => x.group.key === view.unitsById.get(unitId)?.group);
    return g?.compiled.byKey.get(node)?.name ?? node;
  };
  // the version that counts here until the coordinator chooses (the later one, as with result files)
  const counted = (c: SelfConflictRow, v: SelfVersion) => {
    const r = returned.find((x) => x.unitId === c.unitId);
    return r !== undefined && r.exportedAt === v.updatedAt && JSON.stringify(r.items) === JSON.stringify(v.items);
  };

  const apply = async () => {
    if (conflicts.some((c) => picks[c.id] === undefined)) {
      setMessage({ ok: false, text: t('self.conflict.chooseAll') });
      return;
    }
    try {
      await trackSave(() => resolveSelfConflicts(db, assessment.id, conflicts.map((c) => ({ conflictId: c.id, version: picks[c.id]! })), who));
      setPicks({});
      setMessage({ ok: true, text: t('self.conflict.resolved', { n: conflicts.length }) });
    } catch (e) {
      setMessage({ ok: false, text: errorText(e, t, 'save') });
    }
  };

  const score = (v: SelfVersion, node: string) => {
    const item = v.items.find((i) => i.node === node);
    const files = (v.files ?? []).filter((f) => f.ownerId === node).length;
    const points = item?.score === undefined ? t('self.conflict.noScore') : t('common.points', { n: num(item.score) });
    const said = item?.explanation ? (item.explanation.length > EXPLANATION_CHARS ? `${item.explanation.slice(0, EXPLANATION_CHARS)}…` : item.explanation) : '';
    return [points, said, files > 0 ? t('self.conflict.files', { n: files }) : ''].filter(Boolean).join(' · ');
  };

  return (
    <section className="card conflicts" data-testid="self-conflicts">
      <h3>{t('self.conflict.title', { n: conflicts.length })}</h3>
      <p className="muted">{t('self.conflict.hint')}</p>
      <table className="plain">
        <thead>
          <tr>
            <th>{t('export.conflictUnit')}</th>
            {Array.from({ length: columns }, (_, i) => (
              <th key={i}>{t('self.conflict.version', { n: i + 1 })}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {conflicts.map((c) => {
            const differing = differingNodes(c);
            return (
              <tr key={c.id} data-testid="self-conflict-row" data-conflict-id={c.id}>
                <td>{c.unitName}</td>
                {c.versions.map((v, i) => (
                  <td key={i} className={picks[c.id] === i ? 'conflict-side chosen' : 'conflict-side'}>
                    <label>
                      <input type="radio" name={`self-conflict-${c.id}`} value={i} data-testid={`self-conflict-pick-${i}`} checked={picks[c.id] === i} onChange={() => setPicks({ ...picks, [c.id]: i })} />
                      <div>
                        <span className="conflict-value">
                          {t('self.conflict.summary', { items: v.items.filter((x) => x.score !== undefined).length, total: num(v.items.reduce((s, x) => s + (x.score ?? 0), 0)), files: (v.files ?? []).length })}
                          {counted(c, v) && <strong className="conflict-counted"> {t('self.conflict.counted')}</strong>}
                        </span>
                        <span className="muted conflict-by">{t('export.by', { who: v.updatedBy || '—', at: dateTime(v.updatedAt) })}</span>
                        <ul className="conflict-differences">
                          {differing.slice(0, SHOWN_DIFFERENCES).map((n) => (
                            <li key={n}>
                              {nodeName(c.unitId, n)}：{score(v, n)}
                            </li>
                          ))}
                          {differing.length > SHOWN_DIFFERENCES && <li className="muted">{t('self.conflict.more', { n: differing.length - SHOWN_DIFFERENCES })}</li>}
                        </ul>
                      </div>
                    </label>
                  </td>
                ))}
                {Array.from({ length: columns - c.versions.length }, (_, i) => (
                  <td key={`empty-${i}`} />
                ))}
              </tr>
            );
          })}
        </tbody>
      </table>
      {barred && (
        <p className="notice warn" data-testid="self-conflicts-barred">
          {t('self.conflict.notCoordinator', { name: login.name })}
        </p>
      )}
      <div className="actions">
        <button type="button" data-testid="self-conflicts-apply" disabled={barred} onClick={() => void apply()}>
          {t('export.conflictApply')}
        </button>
      </div>
      {message && (
        <p className={message.ok ? 'notice ok' : 'field-error'} role="alert" data-testid="self-conflicts-message">
          {message.text}
        </p>
      )}
    </section>
  );
}
