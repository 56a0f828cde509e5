/**
 * The evidence of an appeal (the unit's screenshots, letters, PDFs), attached to the appeal itself;
 * files may be added, dropped or pasted while the appeal is open, and seen always.
 */
import { AttachmentStrip } from './AttachmentStrip';
import { useAttachments } from './useAttachments';
import { useEvidenceAdder } from './useEvidenceAdder';

export function AppealEvidence({ appealId, unitId, editable }: { appealId: string; unitId: string; editable: boolean }) {
  const attached = useAttachments([appealId]);
  const adder = useEvidenceAdder(unitId);
  return (
    <div className="appeal-evidence" data-testid="appeal-evidence" onPaste={editable ? adder.onPaste(appealId) : undefined}>
      <AttachmentStrip ownerId={appealId} rows={attached.get(appealId) ?? []} {...(editable && { adder })} />
      {adder.message && (
        <span className={adder.message.kind === 'error' ? 'field-error' : 'muted'} role="status" data-testid="appeal-evidence-message">
          {adder.message.text}
        </span>
      )}
    </div>
  );
}

/** Files chosen (or pasted) in the form of a new appeal, attached once it is recorded. */
export function PendingFiles({ files, onChange, label }: { files: readonly File[]; onChange(files: File[]): void; label: string }) {
  return (
    <label className="appeal-wide">
      {label}
      <input
        type="file"
        multiple
        accept="image/png,image/jpeg,image/gif,image/webp,application/pdf"
        data-testid="appeal-files"
        onChange={(e) => {
          const chosen = e.target.files ? Array.from(e.target.files) : [];
          e.target.value = '';
          onChange([...files, ...chosen]);
        }}
      />
      {files.length > 0 && (
        <span className="muted small" data-testid="appeal-files-chosen">
          {files.map((f) => f.name || 'image.png').join('、')}
        </span>
      )}
    </label>
  );
}
