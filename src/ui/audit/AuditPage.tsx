/**
 * 修改记录 (#/audit): the audit log of the open assessment, filtered by unit, indicator (a first-level
 * indicator takes in its check points), person, kind of change and time range; newest first. Every
 * save, undo (理由 “撤销”), redo, paste, lock and unlock with its reason is here.
 */
import { useMemo, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { AUDIT_ACTIONS, auditLog } from '../../app/audit';
import { useI18n } from '../useT';
import { useApp } from '../appContext';
import { currentStage } from '../../app/stage';
import { STAGE_KEYS } from '../stage/stageWords';
import '../stage/stage.css';
import { useAssessment } from '../useAssessment';
import { useLive } from '../useLive';
import { nodeOptions, subtreeOf } from './nodeOptions';
import { AuditRowsTable } from './AuditRowsTable';
import './audit.css';
import { errorText } from '../errorText';

const PAGE = 200;


export function AuditPage() {
  const { t } = useI18n();
  const { db, assessment, assessors } = useApp();
  const view = useAssessment();
  const [params, setParams] = useSearchParams();
  const unitId = params.get('unit') ?? '';
  const node = params.get('node') ?? '';
  const who = params.get('who') ?? '';
  const action = params.get('action') ?? '';
  const from = params.get('from') ?? '';
  const to = params.get('to') ?? '';
  const [shown, setShown] = useState(PAGE);
  const set = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value === '') next.delete(key);
    else next.set(key, value);
    setParams(next, { replace: true });
    setShown(PAGE);
  };

  const rows = useLive(
    () =>
      auditLog(db, assessment.id, {
        ...(unitId && { unitId }),
        ...(who && { who }),
        // the date fields are local days; the log's times are UTC
        ...(from && { from: new Date(`${from}T00:00:00`).toISOString() }),
        ...(to && { to: new Date(`${to}T23:59:59.999`).toISOString() }),
      }),
    [db, assessment.id, unitId, who, from, to],
  );
  const options = useMemo(() => nodeOptions(view.groups), [view.groups]);
  const nodes = useMemo(() => (node === '' ? null : subtreeOf(view.groups, node)), [view.groups, node]);
  const filtered = useMemo(
    () =>
      rows.status !== 'ready'
        ? []
        : rows.value.filter((r) => (nodes === null || (r.node !== undefined && nodes.has(r.node))) && (action === '' || r.action === action)),
    [rows, nodes, action],
  );
  const people = [...new Set([...assessors.map((a) => a.name), ...(rows.status === 'ready' ? rows.value.map((r) => r.who) : []), who])].filter((w) => w !== '');

  return (
    <section data-testid="page-audit" className="audit-page">
      <div className="page-head">
        <h2>{t('entry.audit.title')}</h2>
        <span className="muted">{t('entry.audit.lead')}</span>
        <span className={`stage-badge stage-${currentStage(assessment)}`} data-testid="audit-stage">
          {t('stage.auditNow', { stage: t(STAGE_KEYS[currentStage(assessment)]) })}
        </span>
      </div>
      <div className="audit-filters card">
        <label>
          <span>{t('export.auditUnit')}</span>
          <select value={unitId} onChange={(e) => set('unit', e.target.value)} data-testid="audit-filter-unit">
            <option value="">{t('export.auditAll')}</option>
            {view.groups.map((g) => (
              <optgroup key={g.group.key} label={g.group.name}>
                {view.data.units
                  .filter((u) => u.group === g.group.key)
                  .map((u) => (
                    <option key={u.id} value={u.id}>
                      {u.name}
                    </option>
                  ))}
              </optgroup>
            ))}
          </select>
        </label>
        <label>
          <span>{t('export.auditNode')}</span>
          <select value={node} onChange={(e) => set('node', e.target.value)} data-testid="audit-filter-node">
            <option value="">{t('export.auditAll')}</option>
            {options.map((g) => (
              <optgroup key={g.group} label={g.label}>
                {g.options.map((o) => (
                  <option key={o.key} value={o.key}>
                    {'\u3000'.repeat(o.depth)}
                    {o.name}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
        </label>
        <label>
          <span>{t('export.auditWho')}</span>
          <select value={who} onChange={(e) => set('who', e.target.value)} data-testid="audit-filter-who">
            <option value="">{t('export.auditAll')}</option>
            {people.map((w) => (
              <option key={w} value={w}>
                {w}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>{t('export.auditAction')}</span>
          <select value={action} onChange={(e) => set('action', e.target.value)} data-testid="audit-filter-action">
            <option value="">{t('export.auditAll')}</option>
            {AUDIT_ACTIONS.map((a) => (
              <option key={a} value={a}>
                {t(`action.${a}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>{t('entry.audit.from')}</span>
          <input type="date" value={from} onChange={(e) => set('from', e.target.value)} data-testid="audit-filter-from" />
        </label>
        <label>
          <span>{t('entry.audit.to')}</span>
          <input type="date" value={to} onChange={(e) => set('to', e.target.value)} data-testid="audit-filter-to" />
        </label>
        <button type="button" className="secondary" onClick={() => setParams(new URLSearchParams(), { replace: true })} data-testid="audit-filter-reset">
          {t('entry.audit.reset')}
        </button>
      </div>

      {rows.status === 'error' && <p className="notice warn">{errorText(rows.error, t)}</p>}
      {rows.status === 'ready' && (
        <p className="audit-count" data-testid="audit-count" data-count={filtered.length}>
          {t('entry.audit.count', { n: filtered.length })}
        </p>
      )}
      {rows.status === 'ready' && filtered.length === 0 && <p className="muted">{t('export.auditEmpty')}</p>}
      {filtered.length > 0 && (
        <div className="table-wrap">
          <AuditRowsTable rows={filtered} limit={shown} testId="audit-page-table" />
          {filtered.length > shown && (
            <p className="audit-more">
              <button type="button" className="secondary" onClick={() => setShown((n) => n + PAGE)} data-testid="audit-more">
                {t('entry.audit.more', { shown, total: filtered.length })}
              </button>
            </p>
          )}
        </div>
      )}
    </section>
  );
}
