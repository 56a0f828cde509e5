/**
 * Live reads: the query runs again whenever a table it touched changes, in this tab or another, so
 * what is shown is always what IndexedDB holds. Pages observe through here, never through Dexie.
 */
import { liveQuery } from 'dexie';

export type Live<T> = { status: 'loading' } | { status: 'ready'; value: T } | { status: 'error'; error: Error };

export interface Observer<T> {
  next(value: T): void;
  error(error: Error): void;
}

/** Starts observing; the returned function stops. */
export function observe<T>(query: () => Promise<T>, observer: Observer<T>): () => void {
  const sub = liveQuery(query).subscribe({
    next: (value) => observer.next(value),
    error: (e: unknown) => observer.error(e instanceof Error ? e : new Error(String(e))),
  });
  return () => sub.unsubscribe();
}
