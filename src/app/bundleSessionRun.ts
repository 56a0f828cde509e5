/**
 * The page's side of a bundle session (bundleSession.ts): the file is read, checked, planned and stored
 * in the bundle worker, each step asked for by a message and answered by one, with progress between. The
 * worker keeps the read file from one step to the next, so only a summary, the merge plan and the
 * outcomes cross to the page. Cancel ends the worker while it reads, checks or plans (nothing is stored
 * before the page asks); once a step stores, the store's transaction finishes or fails whole. Where no
 * worker starts, or its script fails to load before it says anything, the session runs on the page.
 */
import { AppError, type Failure } from './appError';
import { KaoheDbError, type KaoheDb, type OpenedBundle } from '../store/repo';
import type { OpenStep } from './bundleOpen';
import type { RuleSetDecisions } from './changeRuleSet';
import type { BundleMergeOutcome } from './exchange';
import { BundleSession, type Answer, type MergePlanView, type SessionCommand, type SessionRead } from './bundleSession';
import { takeBundleWorker } from './workerJob';

export type { BundleSummary, MergePlanView } from './bundleSession';

/** What the page sends the worker: a step of the session on database `dbName`, numbered. */
export interface SessionRequest {
  session: { dbName: string };
  id: number;
  command: SessionCommand;
}

/** What the worker answers for step `id`. */
export type SessionMessage =
  | { id: number; kind: 'progress'; progress: OpenStep }
  | { id: number; kind: 'answer'; answer: unknown }
  | { id: number; kind: 'refused'; failure: Failure }
  | { id: number; kind: 'failed'; message: string };

export const isSessionRequest = (r: unknown): r is SessionRequest => typeof r === 'object' && r !== null && 'session' in r;

/** The store's refusal, told in the worker, as the error the page words for the user (errorText). */
export function refusalError(failure: Failure): Error {
  return 'code' in failure ? new AppError(failure.code, failure.params) : new KaoheDbError('invalid', failure.text);
}

export const CANCELLED = { cancelled: true } as const;
export type Cancelled = typeof CANCELLED;
export const isCancelled = (r: unknown): r is Cancelled => r === CANCELLED;

export interface BundleSessionRun {
  /** the file read and checked: its summary, its problems, or cancelled */
  read: Promise<SessionRead | { ok: false; cancelled: true }>;
  /** the merge into `assessmentId` as it would be: refused, or the rule-set changes it brings */
  planMerge(assessmentId: string): Promise<MergePlanView | Cancelled>;
  /** the planned merge, with the user's decisions on each changed group's rule set */
  applyMerge(decisions: Record<string, RuleSetDecisions>, who: string): Promise<BundleMergeOutcome>;
  /** stored as an assessment of its own (a copy under a new id with `asCopy`) and made the open one */
  open(asCopy: boolean, who: string): Promise<OpenedBundle>;
  /** stops reading, checking or planning; a step that stores is not stopped */
  cancel(): void;
  /** ends the session (the worker) once the page has what it needs */
  close(): void;
  /** false when it runs on the page's thread */
  readonly inWorker: boolean;
}

/** The steps that store: once one is asked for, cancel no longer stops the session. */
const STORES: ReadonlySet<SessionCommand['do']> = new Set(['applyMerge', 'open']);

interface Waiting {
  settle(answer: unknown): void;
  fail(error: Error): void;
}

/** A session of this page's thread: the same steps, `stopped` asked between chunks of reading. */
function pageSession(db: KaoheDb) {
  const session = new BundleSession(db);
  let stopped = false;
  return {
    run: <C extends SessionCommand>(command: C, progress: (p: OpenStep) => void) => session.run(command, (p) => !stopped && progress(p), () => stopped),
    stop: () => (stopped = true),
  };
}

/**
 * Starts a session on `file`: reading begins at once; the other steps are asked for when the page has
 * decided on them. `onStep` hears the reading's progress, a check while a merge is planned (this
 * assessment is read whole and compared), and storing once a step writes.
 */
export function startBundleSession(db: KaoheDb, file: File, onStep: (s: OpenStep) => void, present?: ReadonlySet<string>): BundleSessionRun {
  const onProgress = (p: OpenStep) => onStep(p);
  const readCommand: SessionCommand = { do: 'read', file, fileName: file.name, ...(present && { present }) };
  let worker = takeBundleWorker();
  let onPage = worker ? undefined : pageSession(db);
  let heard = false;
  let over = false;
  let storing = false;
  let cancelled = false;
  let next = 0;
  const waiting = new Map<number, Waiting>();
  // every pending step ends when the session is cancelled or closed
  const endAll = (answer: unknown) => {
    for (const w of waiting.values()) w.settle(answer);
    waiting.clear();
  };
  const stopWorker = () => {
    over = true;
    worker?.terminate();
  };

  const ask = <C extends SessionCommand>(command: C): Promise<Answer<C> | Cancelled> => {
    if (cancelled) return Promise.resolve(CANCELLED);
    if (STORES.has(command.do)) {
      storing = true;
      onStep({ stage: 'store' });
    } else if (command.do === 'planMerge') onStep({ stage: 'check', loaded: file.size, total: file.size });
    if (onPage) {
      const page = onPage;
      const done = page.run(command, onProgress).finally(() => (storing = false));
      // a cancel answers at once; the page's steps wind down at their next check
      return Promise.race([done, new Promise<Cancelled>((ok) => waiting.set(next++, { settle: () => ok(CANCELLED), fail: () => ok(CANCELLED) }))]);
    }
    const id = next++;
    return new Promise<Answer<C> | Cancelled>((settle, fail) => {
      waiting.set(id, {
        settle: (a) => {
          storing = false;
          settle(a as Answer<C> | Cancelled);
        },
        fail: (e) => {
          storing = false;
          fail(e);
        },
      });
      const request: SessionRequest = { session: { dbName: db.name }, id, command };
      worker!.postMessage(request);
    });
  };

  if (worker) {
    const w = worker;
    w.onmessage = (e: MessageEvent<SessionMessage>) => {
      if (over) return;
      heard = true;
      const m = e.data;
      const waiter = waiting.get(m.id);
      if (m.kind === 'progress') {
        if (!cancelled) onProgress(m.progress);
        return;
      }
      if (!waiter) return;
      waiting.delete(m.id);
      if (m.kind === 'answer') waiter.settle(m.answer);
      else waiter.fail(m.kind === 'refused' ? refusalError(m.failure) : new Error(m.message));
    };
    w.onerror = (e) => {
      if (over) return;
      stopWorker();
      if (!heard) {
        // the worker's script did not load (an old browser, a blocked file): read again on the page
        e.preventDefault();
        worker = undefined;
        onPage = pageSession(db);
        const pending = [...waiting.values()];
        waiting.clear();
        const again = onPage.run(readCommand, onProgress);
        for (const p of pending) again.then(p.settle, p.fail);
      } else {
        const error = new Error(e.message || 'worker error');
        for (const p of waiting.values()) p.fail(error);
        waiting.clear();
      }
    };
  }

  const read = ask(readCommand).then((r) => (r === undefined || isCancelled(r) ? ({ ok: false, cancelled: true } as const) : r));

  const refuseCancelled = <T>(step: Promise<T | Cancelled>): Promise<T> =>
    step.then((r) => {
      if (isCancelled(r)) throw new Error('the session was cancelled');
      return r as T;
    });

  return {
    read,
    planMerge: (assessmentId) => ask({ do: 'planMerge', assessmentId }),
    applyMerge: (decisions, who) => refuseCancelled(ask({ do: 'applyMerge', decisions, who })),
    open: (asCopy, who) => refuseCancelled(ask({ do: 'open', asCopy, who })),
    cancel: () => {
      if (storing || cancelled) return;
      cancelled = true;
      onPage?.stop();
      stopWorker();
      endAll(CANCELLED);
    },
    close: () => {
      if (storing) return;
      stopWorker();
    },
    get inWorker() {
      return worker !== undefined;
    },
  };
}
