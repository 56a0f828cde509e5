/**
 * The evidence of one finding or veto entry: a preview of each image, the name of each other file,
 * opened full size on click; with `editable`, a button to choose files, a drop target, and removal
 * (recorded in the audit log).
 */
import { useRef, useState, type DragEvent } from 'react';
import { MAX_ASSESSMENT_BYTES, MAX_FILE_BYTES, isImageType, removeAttachment, type AttachmentRow } from '../../app/evidence';
import { errorText } from '../errorText';
import { useApp } from '../appContext';
import { useI18n } from '../useT';
import type { EvidenceAdder } from './useEvidenceAdder';
import { useFileUrl } from './useFileUrl';
import './evidence.css';

const ACCEPT = 'image/png,image/jpeg,image/gif,image/webp,application/pdf';

function Thumb({ row, onRemove, large }: { row: AttachmentRow; onRemove?: () => void; large?: boolean }) {
  const { t, bytes } = useI18n();
  const preview = useFileUrl(row.hash, !large);
  const full = useFileUrl(row.hash, false);
  const image = isImageType(row.type);
  return (
    <figure className="attachment" data-testid="attachment" data-name={row.name} data-hash={row.hash}>
      <a href={full} target="_blank" rel="noreferrer" title={`${row.name}（${bytes(row.size)}）`}>
        {image ? preview && <img src={preview} alt={row.name} data-testid="attachment-image" /> : <span className="attachment-doc">PDF</span>}
      </a>
      <figcaption>
        <span className="attachment-name">{row.name}</span>
        {onRemove && (
          <button type="button" className="link danger" title={t('evidence.remove')} aria-label={`${t('evidence.remove')} ${row.name}`} data-testid="attachment-remove" onClick={onRemove}>
            ×
          </button>
        )}
      </figcaption>
    </figure>
  );
}

interface Props {
  ownerId: string;
  rows: readonly AttachmentRow[];
  /** present when files may be added and removed */
  adder?: EvidenceAdder;
  /** full-size images (presenting) instead of previews */
  large?: boolean;
}

export function AttachmentStrip({ ownerId, rows, adder, large = false }: Props) {
  const { t } = useI18n();
  const { db, assessment, who } = useApp();
  const [error, setError] = useState<string | null>(null);
  const [over, setOver] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  if (!adder && rows.length === 0) return null;

  const remove = (row: AttachmentRow) => {
    if (!window.confirm(t('evidence.removeConfirm', { name: row.name }))) return;
    removeAttachment(db, assessment.id, row.id, who).then(
      () => setError(null),
      (e: unknown) => setError(errorText(e, t)),
    );
  };
  const dropProps = adder && {
    onDragOver: (e: DragEvent) => {
      e.preventDefault();
      setOver(true);
    },
    onDragLeave: () => setOver(false),
    onDrop: (e: DragEvent) => {
      setOver(false);
      adder.onDrop(ownerId)(e);
    },
  };

  return (
    <div className={`attachments${over ? ' drop-over' : ''}`} data-testid={`attachments-${ownerId}`} {...dropProps}>
      {rows.map((r) => (
        <Thumb key={r.id} row={r} large={large} {...(adder && { onRemove: () => remove(r) })} />
      ))}
      {adder && (
        <button type="button" className="attachment-add" title={t('evidence.addTitle')} onClick={() => input.current?.click()} disabled={adder.busy}>
          ＋{t('evidence.add')}
          <input
            ref={input}
            type="file"
            multiple
            accept={ACCEPT}
            hidden
            data-testid={`attachment-input-${ownerId}`}
            onChange={(e) => {
              const files = e.target.files ? Array.from(e.target.files) : [];
              e.target.value = '';
              void adder.add(ownerId, files);
            }}
          />
        </button>
      )}
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

/** The adder's last message and the assessment's evidence total, under a findings form. */
export function EvidenceStatus({ adder, usage }: { adder: EvidenceAdder; usage: { bytes: number; files: number; limit: number } | undefined }) {
  const { t, bytes } = useI18n();
  return (
    <div className="evidence-status">
      {adder.busy && <span className="muted">{t('evidence.adding')}</span>}
      {adder.message && (
        <span className={adder.message.kind === 'error' ? 'field-error' : 'muted'} role={adder.message.kind === 'error' ? 'alert' : 'status'} data-testid="evidence-message">
          {adder.message.text}
        </span>
      )}
      <span className="muted small" data-testid="evidence-usage" title={t('evidence.limits', { file: bytes(MAX_FILE_BYTES), total: bytes(MAX_ASSESSMENT_BYTES) })}>
        {t('evidence.pasteHint')} · {usage ? t('evidence.usage', { files: usage.files, used: bytes(usage.bytes), limit: bytes(usage.limit) }) : ''}
      </span>
    </div>
  );
}
