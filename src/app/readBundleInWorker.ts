/**
 * Reads and checks a bundle file in a worker, so the page keeps answering while a nation-scale file is
 * parsed; progress comes back as it goes, and cancel ends the worker (nothing has been stored yet, as
 * storing starts only after the checks). Where a worker cannot be started, or its script fails to
 * load, the same steps run on the page's thread.
 */
import { ingestBundle, type IngestMessage, type IngestProgress, type IngestResult } from './bundleIngest';

export type { IngestProgress, IngestStage } from './bundleIngest';

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
