/**
 * A command's refusal for the user: a message code of the catalogue and its parameters. The UI
 * translates it (ui/errorText.ts), so the words live in one place, in every language.
 */
import type { MessageKey, Params } from '../i18n/messages';
import { KaoheDbError, NewerDatabaseError } from '../store/errors';
import { exact } from '../engine';

export class AppError extends Error {
  constructor(
    readonly code: MessageKey,
    readonly params: Params = {},
  ) {
    super(code);
    this.name = 'AppError';
  }
}

export type Failure = { code: MessageKey; params: Params } | { text: string };

/** What the user was doing when it failed: a failed read must never look like an empty database. */
export type During = 'save' | 'import' | 'read';

type Named = { name?: unknown; inner?: unknown; cause?: unknown; failures?: unknown };

/** The names along an error's chain: Dexie wraps the browser's error as `inner`, a bulk write's as `failures`. */
function names(e: unknown): string[] {
  const out: string[] = [];
  for (let x: unknown = e, depth = 0; x && typeof x === 'object' && depth < 5; depth++) {
    const n = (x as Named).name;
    if (typeof n === 'string') out.push(n);
    const failures = (x as Named).failures;
    x = (x as Named).inner ?? (x as Named).cause ?? (Array.isArray(failures) ? failures[0] : undefined);
  }
  return out;
}

export const isQuotaError = (e: unknown): boolean => names(e).some((n) => n.includes('QuotaExceeded'));

const STORAGE = ['InconsistentReadError', 'BulkError', 'AbortError', 'UnknownError', 'DatabaseClosedError', 'OpenFailedError', 'InvalidStateError', 'TransactionInactiveError', 'DataError', 'ReadOnlyError', 'VersionError', 'TimeoutError', 'NotFoundError', 'MissingAPIError', 'InvalidAccessError'];

export function isStorageError(e: unknown): boolean {
  return names(e).some((n) => STORAGE.includes(n) || n.startsWith('Dexie'));
}

/**
 * A failure as the user is told it: a command's refusal by its code, the store's refusal in its own
 * words (written for the user), storage, quota and arithmetic failures by their code, anything else by
 * its kind only, since a library's message is neither in the user's language nor meant for them.
 */
export function explainFailure(e: unknown, during: During = 'save'): Failure {
  if (e instanceof AppError) return { code: e.code, params: e.params };
  if (e instanceof NewerDatabaseError) return { code: 'failure.newerDatabase', params: { found: e.found, supported: e.supported } };
  if (e instanceof KaoheDbError) return { text: e.message };
  if (isQuotaError(e)) return { code: during === 'import' ? 'failure.quotaImport' : 'failure.quota', params: {} };
  const name = names(e)[0] ?? typeof e;
  if (isStorageError(e)) return { code: during === 'read' ? 'failure.read' : 'failure.storage', params: { name } };
  if (e instanceof exact.ArithmeticOverflowError) return { code: 'failure.overflow', params: {} };
  if (e instanceof RangeError) return { code: 'failure.tooLarge', params: { name } };
  return { code: 'failure.internal', params: { name } };
}
