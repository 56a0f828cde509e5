/**
 * What lies below the fold waits for the page's first paint: on a cold start with thousands of units
 * the ranking's rows show first, and the charts (thousands of elements to build and lay out) a frame later.
 */
import { useEffect, useState } from 'react';

/** false on the first draw, true from the task after the next frame was painted */
export function useAfterFirstPaint(): boolean {
  const [painted, setPainted] = useState(false);
  useEffect(() => {
    if (painted) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    // a frame's callback runs before that frame is painted; a task queued from it runs after
    const frame = requestAnimationFrame(() => {
      timer = setTimeout(() => setPainted(true), 0);
    });
    return () => {
      cancelAnimationFrame(frame);
      clearTimeout(timer);
    };
  }, [painted]);
  return painted;
}
