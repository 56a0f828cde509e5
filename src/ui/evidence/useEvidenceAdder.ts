/**
 * Adding evidence from the page: files chosen, dropped or pasted (Ctrl+V of a screenshot) are read,
 * previewed and attached to one owner. Refusals (kind, size, total) come back as a message to show.
 */
import { useCallback, useState, type ClipboardEvent, type DragEvent } from 'react';
import { attachFiles } from '../../app/evidence';
import { errorText } from '../errorText';
import { useApp } from '../appContext';
import { useI18n } from '../useT';
import { readIncoming } from './incoming';

export interface EvidenceAdder {
  busy: boolean;
  message: { kind: 'ok' | 'error'; text: string } | null;
  add(ownerId: string, files: ArrayLike<File>): Promise<void>;
  /** forgets the message (what it told no longer holds); the same function on every render */
  clear(): void;
  /** a paste handler that attaches pasted files to the owner (text pastes pass through) */
  onPaste(ownerId: string | undefined): (e: ClipboardEvent) => void;
  onDrop(ownerId: string | undefined): (e: DragEvent) => void;
}

export function useEvidenceAdder(unitId: string | undefined): EvidenceAdder {
  const { t } = useI18n();
  const { db, assessment, who } = useApp();
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<EvidenceAdder['message']>(null);
  const clear = useCallback(() => setMessage(null), []);

  const add = async (ownerId: string, list: ArrayLike<File>) => {
    if (list.length === 0) return;
    setBusy(true);
    try {
      const { files, refused } = await readIncoming(list, t);
      const added = await attachFiles(db, assessment.id, { ownerId, ...(unitId !== undefined && { unitId }) }, files, who);
      if (refused.length > 0) setMessage({ kind: 'error', text: refused.join(' ') });
      else setMessage(added.length > 0 ? { kind: 'ok', text: t('evidence.added', { name: added.map((a) => a.name).join('、') }) } : null);
    } catch (e) {
      setMessage({ kind: 'error', text: errorText(e, t) });
    } finally {
      setBusy(false);
    }
  };

  const withOwner = (ownerId: string | undefined, files: FileList | undefined, stop: () => void) => {
    if (!files || files.length === 0) return;
    stop();
    if (ownerId === undefined) setMessage({ kind: 'error', text: t('evidence.needFinding') });
    else void add(ownerId, files);
  };

  return {
    busy,
    message,
    add,
    clear,
    onPaste: (ownerId) => (e) => withOwner(ownerId, e.clipboardData?.files, () => e.preventDefault()),
    onDrop: (ownerId) => (e) => withOwner(ownerId, e.dataTransfer?.files, () => e.preventDefault()),
  };
}
