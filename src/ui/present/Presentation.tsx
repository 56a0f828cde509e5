/**
 * 演示模式: one slide per screen for a meeting-room projector. Full screen where the browser allows
 * it, otherwise a full-window overlay; ←/→, PageUp/PageDown and the space bar step through the
 * slides (as a presentation clicker sends them), Esc leaves.
 */
import { useCallback, useEffect, useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import { useI18n } from '../useT';
import './present.css';

export interface SlideSize {
  width: number;
  height: number;
}

export interface Slide {
  key: string;
  title: string;
  subtitle?: string;
  render(size: SlideSize): ReactNode;
}

const NEXT = new Set(['ArrowRight', 'ArrowDown', 'PageDown', ' ', 'Spacebar']);
const PREV = new Set(['ArrowLeft', 'ArrowUp', 'PageUp']);

/** Room for a slide before it is measured: the window minus title bar and footer. */
export function estimatedBodyHeight(): number {
  return Math.max(360, window.innerHeight - 270);
}

export function Presentation({ slides, heading, note, onClose }: { slides: Slide[]; heading: string; note?: string | null; onClose(): void }) {
  const { t } = useI18n();
  const ref = useRef<HTMLDivElement>(null);
  const [index, setIndex] = useState(0);
  const stageRef = useRef<HTMLDivElement>(null);
  const [size, setSize] = useState<SlideSize>(() => ({ width: window.innerWidth - 160, height: estimatedBodyHeight() }));
  const [fullscreen, setFullscreen] = useState(false);
  const count = slides.length;
  const go = useCallback((by: number) => setIndex((i) => Math.min(count - 1, Math.max(0, i + by))), [count]);

  // full screen when allowed; leaving it (Esc in full screen is the browser's) ends the presentation
  useEffect(() => {
    const el = ref.current;
    let entered = false;
    const onChange = () => {
      if (document.fullscreenElement === el) {
        entered = true;
        setFullscreen(true);
      } else if (entered) onClose();
    };
    document.addEventListener('fullscreenchange', onChange);
    if (el && typeof el.requestFullscreen === 'function' && document.fullscreenEnabled) {
      el.requestFullscreen().catch(() => setFullscreen(false));
    }
    el?.focus();
    return () => {
      document.removeEventListener('fullscreenchange', onChange);
      if (document.fullscreenElement === el) void document.exitFullscreen().catch(() => undefined);
    };
  }, [onClose]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.altKey || e.ctrlKey || e.metaKey) return;
      if (NEXT.has(e.key)) go(1);
      else if (PREV.has(e.key)) go(-1);
      else if (e.key === 'Home') setIndex(0);
      else if (e.key === 'End') setIndex(count - 1);
      else if (e.key === 'Escape') onClose();
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [go, count, onClose]);

  // the chart fills exactly the room between title and footer, whatever the screen
  useLayoutEffect(() => {
    const el = stageRef.current;
    if (!el) return;
    const measure = () => setSize({ width: Math.floor(el.clientWidth), height: Math.floor(el.clientHeight) });
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  const slide = slides[Math.min(index, count - 1)];
  return (
    <div
      className="present"
      ref={ref}
      tabIndex={-1}
      role="dialog"
      aria-modal="true"
      aria-label={t('dashboard.present')}
      data-testid="present"
      data-fullscreen={fullscreen ? 'true' : 'false'}
      data-slide={index}
    >
      <header className="present-head">
        <span className="present-heading" title={heading}>
          {heading}
        </span>
        {note && (
          <span className="present-provisional incomplete-mark" data-testid="present-provisional">
            {note}
          </span>
        )}
        <h2 data-testid="present-title" title={slide?.title}>
          {slide?.title}
        </h2>
        {slide?.subtitle && <span className="present-subtitle">{slide.subtitle}</span>}
      </header>
      <div className="present-body" data-testid="present-body">
        <div className="present-stage" ref={stageRef}>
          {slide?.render(size)}
        </div>
      </div>
      <footer className="present-foot">
        <button type="button" className="present-nav" onClick={() => go(-1)} disabled={index === 0} aria-label={t('dashboard.prevSlide')}>
          ‹
        </button>
        <span className="present-counter" data-testid="present-counter">
          {t('dashboard.slideCounter', { n: index + 1, total: count })}
        </span>
        <button type="button" className="present-nav" onClick={() => go(1)} disabled={index >= count - 1} aria-label={t('dashboard.nextSlide')}>
          ›
        </button>
        <span className="present-hint">{t('dashboard.presentHint')}</span>
        <button type="button" className="present-close" onClick={onClose} data-testid="present-close">
          {t('dashboard.presentExit')}
        </button>
      </footer>
    </div>
  );
}
