/**
 * One file being generated at a time per section: which button is busy, and what came of the last
 * run — the file saved, or the error in words (never only in the console).
 */
import { useCallback, useState } from 'react';
import { failureText } from '../failureText';
import { useI18n } from '../../i18n/useT';

export interface TaskMessage {
  ok: boolean;
  text: string;
}

export interface Task {
  /** the key of the running task, or null */
  busy: string | null;
  message: TaskMessage | null;
  /** runs `work`; its resolved text is shown as success, a thrown error as failure */
  run(key: string, work: () => Promise<string>): Promise<void>;
  clear(): void;
}


export function useTask(): Task {
  const { t } = useI18n();
  const [busy, setBusy] = useState<string | null>(null);
  const [message, setMessage] = useState<TaskMessage | null>(null);
  const run = useCallback(
    async (key: string, work: () => Promise<string>) => {
      setBusy(key);
      setMessage(null);
      try {
        setMessage({ ok: true, text: await work() });
      } catch (e) {
        setMessage({ ok: false, text: t('export.generateFailed', { message: failureText(e, t) }) });
      } finally {
        setBusy(null);
      }
    },
    [t],
  );
  return { busy, message, run, clear: useCallback(() => setMessage(null), []) };
}
