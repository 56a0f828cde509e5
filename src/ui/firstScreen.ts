/**
 * The app's first screen is drawn: public/registerSW.js waits for this before it registers the service
 * worker, whose caching of the whole app would otherwise compete with the start-up.
 */
import { useEffect } from 'react';
import { useAfterFirstPaint } from './useAfterFirstPaint';

export function firstScreenDrawn(): void {
  const root = document.documentElement;
  if (root.hasAttribute('data-first-screen')) return;
  root.setAttribute('data-first-screen', '');
  document.dispatchEvent(new Event('app-first-screen'));
}

/** Marks the first screen once the screen that calls it has been painted. */
export function useFirstScreen(): void {
  const painted = useAfterFirstPaint();
  useEffect(() => {
    if (painted) firstScreenDrawn();
  }, [painted]);
}
