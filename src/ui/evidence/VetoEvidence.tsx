/** The evidence of a veto entry (the screenshot of what triggered it), attached to the entry itself. */
import { AttachmentStrip } from './AttachmentStrip';
import { useAttachments } from './useAttachments';
import { useEvidenceAdder } from './useEvidenceAdder';

export function VetoEvidence({ entryId, unitId, editable }: { entryId: string; unitId: string; editable: boolean }) {
  const attached = useAttachments([entryId]);
  const adder = useEvidenceAdder(unitId);
  return (
    <div onPaste={editable ? adder.onPaste(entryId) : undefined}>
      <AttachmentStrip ownerId={entryId} rows={attached.get(entryId) ?? []} {...(editable && { adder })} />
      {adder.message && (
        <span className={adder.message.kind === 'error' ? 'field-error' : 'muted'} role="status">
          {adder.message.text}
        </span>
      )}
    </div>
  );
}
