/** The audit rows as a table — one component for the 修改记录 page and the import/export page's log. */
import { Link } from 'react-router-dom';
import type { AuditRow } from '../../app/audit';
import { useI18n } from '../useT';
import { auditChange } from '../exchange/auditText';
import { useAssessment } from '../useAssessment';
import './audit.css';

interface Props {
  rows: readonly AuditRow[];
  /** how many rows to draw (the rest is offered by the caller) */
  limit: number;
  testId: string;
}

export function AuditRowsTable({ rows, limit, testId }: Props) {
  const { t, dateTime } = useI18n();
  const view = useAssessment();
  const nodeName = (r: AuditRow) => {
    if (!r.node) return '';
    const unit = r.unitId ? view.unitsById.get(r.unitId) : undefined;
    const g = view.groups.find((x) => x.group.key === unit?.group);
    return g?.compiled.byKey.get(r.node)?.name ?? g?.ruleSet.vetoes.find((v) => v.key === r.node)?.name ?? r.node;
  };
  return (
    <table className="plain audit-table" data-testid={testId}>
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
        {rows.slice(0, limit).map((r) => {
          const change = auditChange(r, t);
          const unit = r.unitId ? view.unitsById.get(r.unitId) : undefined;
          return (
            <tr key={r.seq} data-testid="audit-row" data-action={r.action} data-unit-id={r.unitId ?? ''} data-node={r.node ?? ''} data-why={r.why ?? ''}>
              <td className="nowrap">{dateTime(r.at)}</td>
              <td className="nowrap">
                {r.who}
                {r.from !== undefined && (
                  <span className="audit-from" data-testid="audit-from" title={t('sync.auditFromTitle', { by: r.from })}>
                    {t('sync.auditFrom')}
                  </span>
                )}
              </td>
              <td className="nowrap">{t(`action.${r.action}`)}</td>
              <td className="audit-unit">{unit ? <Link to={`/entry/unit/${encodeURIComponent(unit.id)}`}>{unit.name}</Link> : (r.unitId ?? '')}</td>
              <td className="audit-node">{nodeName(r)}</td>
              <td className="audit-change">
                {change.before !== null && <span className="before">{change.before}</span>}
                {change.before !== null && ' → '}
                <span className="after">{change.after}</span>
              </td>
              <td className="audit-why">{r.why ?? ''}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
