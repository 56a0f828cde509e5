/**
 * Subscribes a component to a database read: the read runs again whenever a table it touched changes
 * (in this tab or another), so what the screen shows is always what IndexedDB holds.
 */
import { liveQuery } from 'dexie';
import { useEffect, useState } from 'react';

export type Live<T> = { status: 'loading' } | { status: 'ready'; value: T } | { status: 'error'; error: Error };

export function useLive<T>(query: () => Promise<T>, deps: readonly unknown[]): Live<T> {
  const [state, setState] = useState<Live<T>>({ status: 'loading' });
  useEffect(() => {
    const sub = liveQuery(query).subscribe({
      next: (value) => setState({ status: 'ready', value }),
      error: (e: unknown) => setState({ status: 'error', error: e instanceof Error ? e : new Error(String(e)) }),
    });
    return () => sub.unsubscribe();
    // the caller lists what the query depends on
  }, deps);
  return state;
}
