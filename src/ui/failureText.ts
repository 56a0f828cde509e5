/**
 * One place that turns a thrown error into words for the user. The repository's own refusals carry
 * Chinese messages with their place; everything else (IndexedDB, Dexie, the engine's arithmetic, a
 * stack overflow) is named by its kind through the catalogue, never by a library's English sentence.
 */
import { KaoheDbError, NewerDatabaseError } from '../db/errors';
import type { T } from '../i18n/useT';
import { ArithmeticOverflowError } from '../scoring/exact';

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

export function failureText(e: unknown, t: T, during: 'save' | 'import' | 'read' = 'save'): string {
  if (e instanceof NewerDatabaseError) return t('failure.newerDatabase', { found: e.found, supported: e.supported });
  if (e instanceof KaoheDbError) return e.message;
  if (isQuotaError(e)) return t(during === 'import' ? 'failure.quotaImport' : 'failure.quota');
  const name = names(e)[0] ?? typeof e;
  if (isStorageError(e)) return t(during === 'read' ? 'failure.read' : 'failure.storage', { name });
  if (e instanceof ArithmeticOverflowError) return t('failure.overflow');
  if (e instanceof RangeError) return t('failure.tooLarge', { name });
  return t('failure.internal', { name });
}
