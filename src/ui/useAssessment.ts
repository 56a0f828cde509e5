/**
 * The open assessment as the pages see it: the stored inputs (read live from IndexedDB) and the results
 * the engine computes from them. Results are recomputed whenever the inputs change and never stored.
 */
import { createContext, useContext, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { type KaoheDb, loadAssessmentFrame } from '../app/session';
import { AssessmentModel } from '../app/assessmentModel';
import type { AssessmentView } from '../app/assessmentView';
import { useLive, type Live } from './useLive';

export { computeView, type AssessmentView, type GroupView } from '../app/assessmentView';

/**
 * Loads an assessment live and scores it; used once, by the app shell, which shares it with the pages.
 * The setup is a live read; entries and results are kept by an AssessmentModel, which follows each
 * saved pack of entries and scores again only the units it touches.
 */
export function useAssessmentLoader(db: KaoheDb, assessmentId: string | null): Live<AssessmentView | null> {
  const [model, setModel] = useState<AssessmentModel | null>(null);
  useEffect(() => {
    if (assessmentId === null) {
      setModel(null);
      return;
    }
    const m = new AssessmentModel(db, assessmentId);
    setModel(m);
    return () => m.dispose();
  }, [db, assessmentId]);
  const frame = useLive(() => (assessmentId === null ? Promise.resolve(null) : loadAssessmentFrame(db, assessmentId)), [db, assessmentId]);
  useEffect(() => {
    if (!model) return;
    if (frame.status === 'ready' && frame.value) model.setFrame(frame.value);
    else if (frame.status === 'error') model.fail(frame.error);
  }, [model, frame]);
  const snapshot = useSyncExternalStore(model?.subscribe ?? noSubscription, model?.getSnapshot ?? (() => LOADING));
  // while another assessment loads, the last one stays on screen (pages keep their state), as a live
  // read keeps its last value until the next one arrives
  const shown = useRef<Live<AssessmentView | null>>(LOADING);
  let next: Live<AssessmentView | null>;
  if (assessmentId === null) next = frame.status === 'ready' ? READY_NONE : frame;
  else if (!model || snapshot.status === 'loading') next = LOADING;
  else next = snapshot;
  if (next.status !== 'loading' || shown.current.status === 'error') shown.current = next;
  return shown.current;
}

const noSubscription = () => () => undefined;
const LOADING: Live<AssessmentView | null> = { status: 'loading' };
const READY_NONE: Live<AssessmentView | null> = { status: 'ready', value: null };

export const AssessmentContext = createContext<AssessmentView | null>(null);

/** The open assessment's inputs and results (inside the app shell). */
export function useAssessment(): AssessmentView {
  const view = useContext(AssessmentContext);
  if (!view) throw new Error('useAssessment outside of the app shell');
  return view;
}
