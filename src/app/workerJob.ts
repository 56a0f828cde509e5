/**
 * One long job (reading a bundle, opening one as an assessment) run in the bundle worker, so the page keeps
 * answering; where no worker starts, or its script fails to load before it says anything, the same job runs
 * on the page's thread instead. Cancel ends the job unless it has reached a step that must finish whole
 * (storing: the store's transaction then finishes or fails as one); a job that writes as it reads is
 * asked to stop and undo instead (WorkerJob.stop).
 */
export interface WorkerRun<R> {
  done: Promise<R>;
  cancel(): void;
  /** false when it runs on the page's thread */
  inWorker: boolean;
}

/** How the worker's messages end the job: with a result, or with an error the page words for the user. */
export interface JobEnd<R> {
  finish(result: R): void;
  fail(error: Error): void;
  /** answers the worker (a question it waits on) */
  reply(message: unknown): void;
}

export interface WorkerJob<M, R> {
  /** what the worker is sent */
  request: unknown;
  /** one message from the worker: progress to pass on, or the end through `end` */
  hear(message: M, end: JobEnd<R>): void;
  /** the same job on the page's thread */
  onPage(): WorkerRun<R>;
  /** what `done` gives when the user cancels */
  cancelled: R;
  /** false once the job is past the point where it may be stopped */
  cancellable(): boolean;
  /**
   * For a job that may be writing, which only the worker can undo: while `asked()` says so, cancel sends
   * the worker `message` instead of ending it, and the job ends with what the worker then says — that it
   * stopped (hear gives `cancelled`), or its result where the message came too late.
   */
  stop?: { message: unknown; asked(): boolean };
}

function startWorker(): Worker | undefined {
  try {
    return new Worker(new URL('./bundle.worker.ts', import.meta.url), { type: 'module' });
  } catch {
    return undefined;
  }
}

/** A worker started before it is needed, and whether its script failed to load meanwhile. */
let spare: { worker: Worker; failed: boolean } | undefined;

/**
 * Starts the bundle worker ahead of a job: called when the file chooser opens, so the worker's script is
 * loaded while the user picks the file (it took about 0.17 s before a nation's file could begin to be read).
 * One is kept until a job takes it.
 */
export function warmBundleWorker(): void {
  if (spare) return;
  const worker = startWorker();
  if (!worker) return;
  const ready = { worker, failed: false };
  worker.onerror = (e) => {
    e.preventDefault();
    ready.failed = true;
  };
  spare = ready;
}

/** The warm worker, where its script loaded (a failed one is ended and a new one started, which fails as the job expects), else a new one. */
export function takeBundleWorker(): Worker | undefined {
  const ready = spare;
  spare = undefined;
  if (ready && !ready.failed) return ready.worker;
  ready?.worker.terminate();
  return startWorker();
}

export function runInWorker<M, R>(job: WorkerJob<M, R>): WorkerRun<R> {
  const worker = takeBundleWorker();
  if (!worker) return job.onPage();
  let settle: (r: R | Promise<R>) => void = () => undefined;
  let reject: (e: Error) => void = () => undefined;
  const done = new Promise<R>((ok, no) => {
    settle = ok;
    reject = no;
  });
  let heard = false;
  let over = false;
  let fallback: WorkerRun<R> | undefined;
  const stop = () => {
    over = true;
    worker.terminate();
  };
  const end: JobEnd<R> = {
    finish: (r) => {
      stop();
      settle(r);
    },
    fail: (e) => {
      stop();
      reject(e);
    },
    reply: (m) => {
      if (!over) worker.postMessage(m);
    },
  };
  worker.onmessage = (e: MessageEvent<M>) => {
    if (over) return;
    heard = true;
    job.hear(e.data, end);
  };
  worker.onerror = (e) => {
    if (over) return;
    stop();
    // the worker's script did not load (an old browser, a blocked file): run on the page instead
    if (!heard) {
      e.preventDefault();
      fallback = job.onPage();
      settle(fallback.done);
    } else reject(new Error(e.message || 'worker error'));
  };
  worker.postMessage(job.request);
  return {
    done,
    cancel: () => {
      if (fallback) return fallback.cancel();
      if (over || !job.cancellable()) return;
      if (job.stop?.asked()) return worker.postMessage(job.stop.message);
      stop();
      settle(job.cancelled);
    },
    inWorker: true,
  };
}

/**
 * The job on the page's thread: `work` polls `stopped()` between steps; cancel answers at once with
 * `cancelled` while the work winds down, unless `cancellable()` says it has gone too far.
 */
export function runOnPage<R>(work: (stopped: () => boolean) => Promise<R>, cancelled: R, cancellable: () => boolean = () => true): WorkerRun<R> {
  let stopped = false;
  let settle: (r: R) => void = () => undefined;
  const cancelledNow = new Promise<R>((ok) => (settle = ok));
  const running = work(() => stopped);
  return {
    done: Promise.race([running, cancelledNow]).then((r) => (stopped ? cancelled : r)),
    cancel: () => {
      if (!cancellable()) return;
      stopped = true;
      settle(cancelled);
    },
    inWorker: false,
  };
}
