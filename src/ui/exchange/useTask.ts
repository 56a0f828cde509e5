/**
 * One file being generated at a time per section: which button is busy, and what came of the last
 * run — the file saved, or the error in words (never only in the console).
 */
import { useCallback } from 'react';
import { useI18n } from '../useT';
import { useJob } from '../useJob';

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
  const failed = useCallback((text: string): TaskMessage => ({ ok: false, text: t('export.generateFailed', { message: text }) }), [t]);
  const job = useJob<TaskMessage>(failed);
  const { run: runJob, show } = job;
  const run = useCallback((key: string, work: () => Promise<string>) => runJob(async () => ({ ok: true, text: await work() }), key), [runJob]);
  return { busy: job.busy, message: job.outcome, run, clear: useCallback(() => show(null), [show]) };
}
