/**
 * Long tables render only the rows in view (and a margin), with spacer rows keeping the scroll height
 * right. Short tables render every row: a projector audience never sees a half-drawn table.
 */
import { elementScroll, observeElementRect, useVirtualizer, type Rect, type Virtualizer, type VirtualizerOptions } from '@tanstack/react-virtual';
import { useRef, type RefObject } from 'react';

/** From this many rows on, a table is virtualised. */
export const VIRTUAL_FROM = 200;

export interface VirtualRows {
  /** indices of the rows to render, or null to render all */
  indices: number[] | null;
  padTop: number;
  padBottom: number;
}

/**
 * The scroll box's size as a ResizeObserver reports it, after the browser's own layout. The library's
 * default reads it at once, in the middle of the first draw, which forces the whole page's layout
 * there; the window's height stands in until the report comes (initialRect).
 */
function observeRectAfterLayout(instance: Virtualizer<HTMLElement, Element>, cb: (rect: Rect) => void): void | (() => void) {
  const element = instance.scrollElement;
  if (!element || typeof ResizeObserver === 'undefined') return observeElementRect(instance, cb);
  const observer = new ResizeObserver(() => cb({ width: Math.round(element.clientWidth), height: Math.round(element.clientHeight) }));
  observer.observe(element, { box: 'content-box' });
  return () => observer.disconnect();
}

type ScrollTo = VirtualizerOptions<HTMLElement, Element>['scrollToFn'];

/**
 * Scrolls as the library does, except the first time, when it scrolls the box it has just attached to
 * where a new box already is (the top): scrolling there is no move, yet it forces the whole page's
 * layout in the middle of the first draw (about 120 ms of a nation's cold start to the ranking).
 */
function scrollAfterAttaching(): ScrollTo {
  let attached = false;
  return (offset, options, instance) => {
    const first = !attached;
    attached = true;
    if (first && offset + (options.adjustments ?? 0) === 0) return;
    elementScroll(offset, options, instance);
  };
}

const initialRect = () => (typeof window === 'undefined' ? { width: 0, height: 0 } : { width: window.innerWidth, height: window.innerHeight });

export function useVirtualRows(count: number, scrollRef: RefObject<HTMLElement | null>, rowHeight: number): VirtualRows {
  const enabled = count > VIRTUAL_FROM;
  const scrollToFn = useRef<ScrollTo | null>(null);
  scrollToFn.current ??= scrollAfterAttaching();
  const virtualizer = useVirtualizer({
    count: enabled ? count : 0,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan: 15,
    // the first draw picks its rows from the window's height (a scroll box is at most that tall) instead of
    // an empty box: the right rows show at once, without a second render once the box is measured
    initialRect: initialRect(),
    observeElementRect: observeRectAfterLayout,
    scrollToFn: scrollToFn.current,
  });
  if (!enabled) return { indices: null, padTop: 0, padBottom: 0 };
  const items = virtualizer.getVirtualItems();
  const first = items[0];
  const last = items[items.length - 1];
  return {
    indices: items.map((i) => i.index),
    padTop: first?.start ?? 0,
    padBottom: Math.max(0, virtualizer.getTotalSize() - (last?.end ?? 0)),
  };
}
