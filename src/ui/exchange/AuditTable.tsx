/** 修改记录: every change with who, when, what before and after, and why — newest first. */
import { auditLog, type AuditRow } from '../../db/repo';
import { useI18n } from '../../i18n/useT';
import { useUi } from '../../state/uiStore';
import { useApp } from '../appContext';
import { auditChange } from './auditText';
import { useAssessment } from '../useAssessment';
import { useLive } from '../useLive';

const SHOWN = 300;

export function AuditTable() {
  const { t, dateTime } = useI18n();
  const { db, assessment, assessors } = useApp();
  const view = useAssessment();
  const filter = useUi((s) => s.auditFilter);
  const setFilter = useUi((s) => s.setAuditFilter);
  const rows = useLive(
    () => auditLog(db, assessment.id, { ...(filter.unitId && { unitId: filter.unitId }), ...(filter.who && { who: filter.who }) }),
    [db, assessment.id, filter.unitId, filter.who],
  );
  // everyone who can appear, not only those in the rows already filtered
  const whoOptions = [
    ...new Set([...assessors.map((a) => a.name), ...(rows.status === 'ready' ? rows.value.map((r) => r.who) : []), filter.who]),
  ].filter((w) => w !== '');

  const nodeName = (r: AuditRow) => {
    if (!r.node) return '';
    const unit = r.unitId ? view.unitsById.get(r.unitId) : undefined;
    const g = view.groups.find((x) => x.group.key === unit?.group);
    return g?.compiled.byKey.get(r.node)?.name ?? g?.ruleSet.vetoes.find((v) => v.key === r.node)?.name ?? r.node;
  };

  return (
    <section className="card" data-testid="audit">
      <h3>{t('export.auditTitle')}</h3>
      <div className="inline-form">
        <label>
          {t('export.auditFilterUnit')}
          <select value={filter.unitId} onChange={(e) => setFilter({ unitId: e.target.value })} data-testid="audit-filter-unit">
            <option value="">{t('export.auditAll')}</option>
            {view.data.units.map((u) => (
              <option key={u.id} value={u.id}>
                {u.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('export.auditFilterWho')}
          <select value={filter.who} onChange={(e) => setFilter({ who: e.target.value })} data-testid="audit-filter-who">
            <option value="">{t('export.auditAll')}</option>
            {whoOptions.map((w) => (
              <option key={w} value={w}>
                {w}
              </option>
            ))}
          </select>
        </label>
      </div>
      {rows.status === 'ready' && rows.value.length === 0 && <p className="muted">{t('export.auditEmpty')}</p>}
      {rows.status === 'ready' && rows.value.length > 0 && (
        <div className="table-wrap">
          <table className="plain audit-table" data-testid="audit-table">
            <thead>
              <tr>
                <th>{t('export.auditTime')}</th>
                <th>{t('export.auditWho')}</th>
                <th>{t('export.auditAction')}</th>
                <th>{t('export.auditUnit')}</th>
                <th>{t('export.auditNode')}</th>
                <th>{t('export.auditChange')}</th>
                <th>{t('export.auditWhy')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.value.slice(0, SHOWN).map((r) => (
                <tr key={r.seq} data-testid="audit-row" data-action={r.action} data-unit-id={r.unitId ?? ''} data-node={r.node ?? ''}>
                  <td className="nowrap">{dateTime(r.at)}</td>
                  <td className="nowrap">{r.who}</td>
                  <td className="nowrap">{t(`action.${r.action}`)}</td>
                  <td className="audit-unit">{r.unitId ? (view.unitsById.get(r.unitId)?.name ?? r.unitId) : ''}</td>
                  <td className="audit-node">{nodeName(r)}</td>
                  <AuditChangeCell row={r} />
                  <td className="audit-why">{r.why ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {rows.value.length > SHOWN && <p className="muted">{t('export.auditMore', { shown: SHOWN, total: rows.value.length })}</p>}
        </div>
      )}
    </section>
  );
}

function AuditChangeCell({ row }: { row: AuditRow }) {
  const { t } = useI18n();
  const { before, after } = auditChange(row, t);
  return (
    <td className="audit-change">
      {before !== null && <span className="before">{before}</span>}
      {before !== null && ' → '}
      <span className="after">{after}</span>
    </td>
  );
}
