/**
 * Subscribes a component to a database read (see app/live.ts): the read runs again whenever a table
 * it touched changes, in this tab or another.
 */
import { useEffect, useState } from 'react';
import { observe, type Live } from '../app/live';

export type { Live };

export function useLive<T>(query: () => Promise<T>, deps: readonly unknown[]): Live<T> {
  const [state, setState] = useState<Live<T>>({ status: 'loading' });
  useEffect(
    () =>
      observe(query, {
        next: (value) => setState({ status: 'ready', value }),
        error: (error) => setState({ status: 'error', error }),
      }),
    // the caller lists what the query depends on
    deps,
  );
  return state;
}
