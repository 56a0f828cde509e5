/**
 * A job started from the page (import a file, lock, generate a document): busy while it runs, then
 * what came of it — the job's own outcome, or the failure in words (errorText), never only in the
 * console. `key` says which of several buttons started it.
 */
import { useCallback, useState } from 'react';
import type { During } from '../app/appError';
import { errorText } from './errorText';
import { useI18n } from './useT';

export interface Job<O> {
  /** the key of the running job, or null */
  busy: string | null;
  outcome: O | null;
  run(work: () => Promise<O>, key?: string): Promise<void>;
  /** shows an outcome reached without running (a refusal before starting), or clears it */
  show(outcome: O | null): void;
}

/** `during` words storage failures for what was being done (an import refused for quota says so). */
export function useJob<O>(failed: (text: string) => O, during: During = 'save'): Job<O> {
  const { t } = useI18n();
  const [busy, setBusy] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<O | null>(null);
  const run = useCallback(
    async (work: () => Promise<O>, key = 'job') => {
      setBusy(key);
      setOutcome(null);
      try {
        setOutcome(await work());
      } catch (e) {
        setOutcome(failed(errorText(e, t, during)));
      } finally {
        setBusy(null);
      }
    },
    [t, failed, during],
  );
  return { busy, outcome, run, show: setOutcome };
}
