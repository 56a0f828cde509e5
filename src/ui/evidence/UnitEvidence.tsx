/**
 * The unit page's 佐证材料: every attached file of the unit, by every assessor, under the finding or
 * veto it supports; exported as a zip a clerk can browse, or shown full screen one finding per slide.
 */
import { useMemo, useState } from 'react';
import { exportUnitEvidence, type AttachmentRow } from '../../app/evidence';
import type { ScoreEntry, Unit } from '../../engine';
import { useApp } from '../appContext';
import { MIME, downloadBytes } from '../download';
import { errorText } from '../errorText';
import { Presentation, type Slide } from '../present/Presentation';
import { useI18n } from '../useT';
import { AttachmentStrip } from './AttachmentStrip';
import { useAttachments } from './useAttachments';

interface Owned {
  ownerId: string;
  title: string;
  rows: AttachmentRow[];
}

export function UnitEvidence({ unit, entries, nameOf }: { unit: Unit; entries: readonly ScoreEntry[]; nameOf(key: string): string }) {
  const { t } = useI18n();
  const { db, assessment } = useApp();
  const [message, setMessage] = useState<string | null>(null);
  const [presenting, setPresenting] = useState(false);
  const owners = useMemo(() => {
    const list: { ownerId: string; title: string }[] = [];
    for (const e of entries) {
      e.findings?.forEach((f, i) => list.push({ ownerId: f.id, title: `${nameOf(e.node)} · ${t('evidence.ofFinding', { n: i + 1 })}：${f.reason}` }));
      if (e.triggered) list.push({ ownerId: e.id, title: nameOf(e.node) });
    }
    return list;
  }, [entries, nameOf, t]);
  const attached = useAttachments(owners.map((o) => o.ownerId));
  const shown: Owned[] = owners.flatMap((o) => {
    const rows = attached.get(o.ownerId);
    return rows && rows.length > 0 ? [{ ...o, rows }] : [];
  });

  const exportZip = async () => {
    try {
      const out = await exportUnitEvidence(db, assessment.id, unit.id);
      if (!out) setMessage(t('evidence.exportUnitNone'));
      else downloadBytes(out.fileName, out.bytes, MIME.zip);
    } catch (e) {
      setMessage(errorText(e, t, 'read'));
    }
  };

  const slides: Slide[] = shown.map((o) => ({
    key: o.ownerId,
    title: o.title,
    render: () => (
      <div className="present-evidence">
        <AttachmentStrip ownerId={o.ownerId} rows={o.rows} large />
      </div>
    ),
  }));

  return (
    <section className="card unit-evidence" data-testid="unit-evidence">
      <h3>
        {t('evidence.title')}
        <span className="muted small"> {shown.reduce((n, o) => n + o.rows.length, 0)}</span>
      </h3>
      {shown.length === 0 ? (
        <p className="muted">{t('evidence.none')}</p>
      ) : (
        <ul className="evidence-owners">
          {shown.map((o) => (
            <li key={o.ownerId}>
              <div className="small">{o.title}</div>
              <AttachmentStrip ownerId={o.ownerId} rows={o.rows} />
            </li>
          ))}
        </ul>
      )}
      <div className="actions">
        <button type="button" className="secondary" title={t('evidence.exportUnitHint')} data-testid="unit-evidence-export" onClick={() => void exportZip()} disabled={shown.length === 0}>
          {t('evidence.exportUnit')}
        </button>
        <button type="button" className="secondary" data-testid="unit-evidence-present" onClick={() => setPresenting(true)} disabled={shown.length === 0}>
          {t('evidence.present')}
        </button>
        {message && <span className="muted">{message}</span>}
      </div>
      {presenting && <Presentation slides={slides} heading={`${unit.name} · ${t('evidence.title')}`} onClose={() => setPresenting(false)} />}
    </section>
  );
}
