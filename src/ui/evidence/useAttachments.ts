/** The attachments of some owners (findings, veto entries), live: they change as files are added or removed. */
import { attachmentsByOwner, attachmentUsage, type AttachmentRow, type AttachmentUsage } from '../../app/evidence';
import { useApp } from '../appContext';
import { useLive } from '../useLive';

const EMPTY = new Map<string, AttachmentRow[]>();

export function useAttachments(ownerIds?: readonly string[]): Map<string, AttachmentRow[]> {
  const { db, assessment } = useApp();
  const key = ownerIds?.join('|') ?? '*';
  const live = useLive(() => attachmentsByOwner(db, assessment.id, ownerIds), [db, assessment.id, key]);
  return live.status === 'ready' ? live.value : EMPTY;
}

export function useAttachmentUsage(): AttachmentUsage | undefined {
  const { db, assessment } = useApp();
  const live = useLive(() => attachmentUsage(db, assessment.id), [db, assessment.id]);
  return live.status === 'ready' ? live.value : undefined;
}
