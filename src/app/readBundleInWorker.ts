/**
 * Reads and checks a bundle file in a worker, so the page keeps answering while a nation-scale file is
 * parsed; progress comes back as it goes, and cancel ends the worker (nothing has been stored yet, as
 * storing starts only after the checks). Where a worker cannot be started, or its script fails to
 * load, the same steps run on the page's thread.
 */
import { ingestBundle, type IngestMessage, type IngestProgress, type IngestResult } from './bundleIngest';
import { openBundle, type Opened, type OpenMessage, type OpenRequest, type OpenStep } from './bundleOpen';
import { AppError, type Failure } from './appError';
import { KaoheDbError, type KaoheDb } from '../store/repo';

export type { IngestProgress, IngestStage } from './bundleIngest';
export type { Opened, OpenStep } from './bundleOpen';

/** The bundle (with its files when it came in a zip) or its problems; `cancelled` when the user stopped it. */
export type BundleRead = IngestResult | { ok: false; cancelled: true };

export interface BundleReading {
  done: Promise<BundleRead>;
  cancel(): void;
  /** false when it runs on the page's thread (no worker in this browser) */
  inWorker: boolean;
}

function startWorker(): Worker | undefined {
  try {
    return new Worker(new URL('./bundle.worker.ts', import.meta.url), { type: 'module' });
  } catch {
    return undefined;
  }
}

const CANCELLED: BundleRead = { ok: false, cancelled: true };

function onPageThread(file: File, onProgress: (p: IngestProgress) => void, present?: ReadonlySet<string>): BundleReading {
  let stopped = false;
  let settle: (r: BundleRead) => void = () => undefined;
  const cancelled = new Promise<BundleRead>((ok) => (settle = ok));
  const work = ingestBundle({ file, fileName: file.name, ...(present && { present }) }, (p) => !stopped && onProgress(p), () => stopped).then((r) => r ?? CANCELLED);
  return {
    done: Promise.race([work, cancelled]).then((r) => (stopped ? CANCELLED : r)),
    cancel: () => {
      stopped = true;
      settle(CANCELLED);
    },
    inWorker: false,
  };
}

/** `present`: hashes of the files stored here, which a zip need not carry (see bundleZip.ts). */
export function readBundleFile(file: File, onProgress: (p: IngestProgress) => void, present?: ReadonlySet<string>): BundleReading {
  const worker = startWorker();
  if (!worker) return onPageThread(file, onProgress, present);
  let settle: (r: BundleRead | Promise<BundleRead>) => void = () => undefined;
  let fail: (e: Error) => void = () => undefined;
  let heard = false;
  let fallback: BundleReading | undefined;
  let over = false;
  const done = new Promise<BundleRead>((ok, no) => {
    settle = ok;
    fail = no;
  });
  const end = () => {
    over = true;
    worker.terminate();
  };
  worker.onmessage = (e: MessageEvent<IngestMessage>) => {
    if (over) return;
    heard = true;
    const m = e.data;
    if (m.kind === 'progress') onProgress(m.progress);
    else if (m.kind === 'result') {
      end();
      settle(m.result);
    } else {
      end();
      fail(new Error(m.message));
    }
  };
  worker.onerror = (e) => {
    if (over) return;
    end();
    // the worker's script did not load (an old browser, a blocked file): read on the page instead
    if (!heard) {
      e.preventDefault();
      fallback = onPageThread(file, onProgress, present);
      settle(fallback.done);
    } else fail(new Error(e.message || 'worker error'));
  };
  worker.postMessage({ file, fileName: file.name, ...(present && { present }) });
  return {
    done,
    cancel: () => {
      if (fallback) return fallback.cancel();
      if (over) return;
      end();
      settle(CANCELLED);
    },
    inWorker: true,
  };
}

/** An opened bundle (its assessment's id, name and year) or its problems; `cancelled` when the user stopped it. */
export type OpenRead = Opened | { ok: false; cancelled: true };

export interface BundleOpening {
  done: Promise<OpenRead>;
  /** stops it while reading or checking; once storing has begun the store's transaction finishes or fails whole */
  cancel(): void;
  inWorker: boolean;
}

/** The store's refusal, told in the worker, as the error the page words for the user (errorText). */
function refusal(failure: Failure): Error {
  return 'code' in failure ? new AppError(failure.code, failure.params) : new KaoheDbError('invalid', failure.text);
}

function openOnPageThread(db: KaoheDb, request: OpenRequest, onStep: (s: OpenStep) => void): BundleOpening {
  let stopped = false;
  let storing = false;
  let settle: (r: OpenRead) => void = () => undefined;
  const cancelled = new Promise<OpenRead>((ok) => (settle = ok));
  const work = new Promise<OpenRead>((ok, no) => {
    let result: OpenRead = CANCELLED_OPEN;
    openBundle(
      request,
      (m) => {
        if (m.kind === 'step') {
          storing = m.step.stage === 'store';
          if (!stopped) onStep(m.step);
        } else if (m.kind === 'opened') result = m.opened;
        else no(refusal(m.failure));
      },
      () => stopped,
      db,
    ).then(() => ok(result), no);
  });
  return {
    done: Promise.race([work, cancelled]),
    cancel: () => {
      if (storing) return;
      stopped = true;
      settle(CANCELLED_OPEN);
    },
    inWorker: false,
  };
}

const CANCELLED_OPEN: OpenRead = { ok: false, cancelled: true };

/**
 * Opens a bundle file as an assessment of its own: read, checked and stored in a worker, so the page
 * only hears the steps and the outcome (on the page's thread where no worker starts).
 */
export function openBundleInWorker(db: KaoheDb, file: File, who: string, onStep: (s: OpenStep) => void): BundleOpening {
  const request: OpenRequest = { file, fileName: file.name, open: { dbName: db.name, who } };
  const worker = startWorker();
  if (!worker) return openOnPageThread(db, request, onStep);
  let settle: (r: OpenRead | Promise<OpenRead>) => void = () => undefined;
  let fail: (e: Error) => void = () => undefined;
  let heard = false;
  let storing = false;
  let over = false;
  let fallback: BundleOpening | undefined;
  const done = new Promise<OpenRead>((ok, no) => {
    settle = ok;
    fail = no;
  });
  const end = () => {
    over = true;
    worker.terminate();
  };
  worker.onmessage = (e: MessageEvent<OpenMessage | IngestMessage>) => {
    if (over) return;
    heard = true;
    const m = e.data;
    if (m.kind === 'step') {
      storing = m.step.stage === 'store';
      onStep(m.step);
    } else if (m.kind === 'opened') {
      end();
      settle(m.opened);
    } else if (m.kind === 'refused') {
      end();
      fail(refusal(m.failure));
    } else if (m.kind === 'failed') {
      end();
      fail(new Error(m.message));
    }
  };
  worker.onerror = (e) => {
    if (over) return;
    end();
    if (!heard) {
      e.preventDefault();
      fallback = openOnPageThread(db, request, onStep);
      settle(fallback.done);
    } else fail(new Error(e.message || 'worker error'));
  };
  worker.postMessage(request);
  return {
    done,
    cancel: () => {
      if (fallback) return fallback.cancel();
      if (over || storing) return;
      end();
      settle(CANCELLED_OPEN);
    },
    inWorker: true,
  };
}
