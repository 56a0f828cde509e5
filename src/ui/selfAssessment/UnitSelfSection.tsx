/**
 * 自评 on a unit's page (office side): send the unit its package, and once it has come back, its self
 * score beside the assessors' per item, the differences marked, its explanations and material.
 */
import { useMemo, useState } from 'react';
import { exportSelfPackage, getSelfAssessment, selfDifference, selfIndicators, selfOwnerId } from '../../app/selfAssessment';
import type { Unit, UnitResult } from '../../engine';
import { useApp } from '../appContext';
import { downloadText } from '../download';
import { errorText } from '../errorText';
import { AttachmentStrip } from '../evidence/AttachmentStrip';
import { useAttachments } from '../evidence/useAttachments';
import type { GroupView } from '../useAssessment';
import { useLive } from '../useLive';
import { useI18n } from '../useT';
import './self.css';

export function UnitSelfSection({ g, unit, result }: { g: GroupView; unit: Unit; result: UnitResult | undefined }) {
  const { t, num, dateTime } = useI18n();
  const { db, assessment, who } = useApp();
  const [message, setMessage] = useState<string | null>(null);
  const live = useLive(() => getSelfAssessment(db, assessment.id, unit.id), [db, assessment.id, unit.id]);
  const row = live.status === 'ready' ? live.value : undefined;
  const indicators = useMemo(() => selfIndicators(g.compiled, unit), [g.compiled, unit]);
  const owners = useMemo(() => indicators.map((i) => selfOwnerId(unit.id, i.key)), [indicators, unit.id]);
  const attached = useAttachments(owners);
  const display = g.ruleSet.precision.display;

  const exportPackage = async () => {
    try {
      const out = await exportSelfPackage(db, assessment.id, unit.id, who);
      downloadText(out.fileName, out.text);
      setMessage(t('self.exported', { file: out.fileName }));
    } catch (e) {
      setMessage(errorText(e, t));
    }
  };

  const items = new Map((row?.items ?? []).map((i) => [i.node, i]));
  const shown = row ? indicators.filter((i) => items.has(i.key) || (attached.get(selfOwnerId(unit.id, i.key))?.length ?? 0) > 0) : [];
  const diffs = shown.filter((i) => selfDifference(items.get(i.key)?.score, result?.nodes[i.key]) === 'differs').length;

  return (
    <section className="card" data-testid="unit-self">
      <h3>{t('self.officeTitle')}</h3>
      <div className="toolbar">
        <button type="button" className="secondary" title={t('self.exportPackageHint')} data-testid="self-export-package" onClick={() => void exportPackage()}>
          {t('self.exportPackage')}
        </button>
        <span className="muted">{g.ruleSet.selfAssessment ? t('self.counts', { weight: num(g.ruleSet.selfAssessment.weight * 100) }) : t('self.notCounted')}</span>
      </div>
      {message && (
        <p className="muted" role="status" data-testid="self-package-message">
          {message}
        </p>
      )}
      {live.status === 'loading' ? (
        // until the read answers, "not sent back" would be a claim the page cannot yet make
        <p className="muted" data-testid="self-reading">
          {t('self.reading')}
        </p>
      ) : live.status === 'error' ? (
        <p className="field-error" role="alert">
          {errorText(live.error, t, 'read')}
        </p>
      ) : !row || row.kind !== 'imported' ? (
        <p className="muted" data-testid="self-none">
          {t('self.none')}
        </p>
      ) : (
        <>
          <p data-testid="self-summary">
            {t('self.summary', { filled: row.items.filter((i) => i.score !== undefined).length, diff: diffs })}
            {row.exportedAt && <span className="muted"> · {t('self.receivedAt', { at: dateTime(row.exportedAt) })}</span>}
          </p>
          <table className="self-table self-compare" data-testid="self-compare">
            <thead>
              <tr>
                <th>{t('self.indicator')}</th>
                <th className="num">{t('self.max')}</th>
                <th className="num">{t('self.score')}</th>
                <th className="num">{t('self.assessed')}</th>
                <th className="num">{t('self.difference')}</th>
                <th>{t('self.explanation')}</th>
                <th>{t('self.material')}</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((ind) => {
                const item = items.get(ind.key);
                const node = result?.nodes[ind.key];
                const state = selfDifference(item?.score, node);
                return (
                  <tr key={ind.key} data-testid="self-compare-row" data-node={ind.key} data-state={state ?? ''}>
                    <td>{ind.name}</td>
                    <td className="num">{num(ind.max)}</td>
                    <td className={`num${state === 'differs' ? ' diff' : ''}`}>{item?.score !== undefined ? num(item.score, display) : '—'}</td>
                    <td className="num">{node ? (node.applicable ? num(node.score, display) : t('value.notApplicable')) : '—'}</td>
                    <td className={`num${state === 'differs' ? ' diff' : ''}`}>{state === 'differs' && item?.score !== undefined && node ? num(item.score - node.score, display) : ''}</td>
                    <td className="self-text">{item?.explanation ?? ''}</td>
                    <td>
                      <AttachmentStrip ownerId={selfOwnerId(unit.id, ind.key)} rows={attached.get(selfOwnerId(unit.id, ind.key)) ?? []} />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
