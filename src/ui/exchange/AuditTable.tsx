/** 修改记录: every change with who, when, what before and after, and why — newest first. */
import { auditLog } from '../../app/audit';
import { useI18n } from '../useT';
import { useUi } from '../uiStore';
import { useApp } from '../appContext';
import { AuditRowsTable } from '../audit/AuditRowsTable';
import { useAssessment } from '../useAssessment';
import { useLive } from '../useLive';

const SHOWN = 300;

export function AuditTable() {
  const { t } = useI18n();
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
          <AuditRowsTable rows={rows.value} limit={SHOWN} testId="audit-table" />
          {rows.value.length > SHOWN && <p className="muted">{t('export.auditMore', { shown: SHOWN, total: rows.value.length })}</p>}
        </div>
      )}
    </section>
  );
}
