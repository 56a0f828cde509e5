/**
 * Reads and checks a bundle file in a worker, so the page keeps answering while a nation-scale file is
 * parsed; progress comes back as it goes, and cancel ends the worker (nothing has been stored yet, as
 * storing starts only after the checks). Opening a bundle as an assessment of its own also stores there.
 * Where a worker cannot be started, or its script fails to load, the same steps run on the page's thread
 * (workerJob.ts).
 */
import { ingestBundle, type IngestMessage, type IngestProgress, type IngestResult } from './bundleIngest';
import { GO_OPEN, openBundle, STOP_OPEN, type Opened, type OpenMessage, type OpenRequest, type OpenStep } from './bundleOpen';
import { AppError, type Failure } from './appError';
import { KaoheDbError, type KaoheDb } from '../store/repo';
import { runInWorker, runOnPage, type WorkerRun } from './workerJob';

export type { IngestProgress, IngestStage } from './bundleIngest';
export type { Opened, OpenStep } from './bundleOpen';

/** The bundle (with its files when it came in a zip) or its problems; `cancelled` when the user stopped it. */
export type BundleRead = IngestResult | { ok: false; cancelled: true };
export type BundleReading = WorkerRun<BundleRead>;

const CANCELLED: BundleRead = { ok: false, cancelled: true };

/** `present`: hashes of the files stored here, which a zip need not carry (see bundleZip.ts). */
export function readBundleFile(file: File, onProgress: (p: IngestProgress) => void, present?: ReadonlySet<string>): BundleReading {
  const request = { file, fileName: file.name, ...(present && { present }) };
  return runInWorker<IngestMessage, BundleRead>({
    request,
    hear: (m, end) => {
      if (m.kind === 'progress') onProgress(m.progress);
      else if (m.kind === 'result') end.finish(m.result);
      else end.fail(new Error(m.message));
    },
    onPage: () =>
      runOnPage(async (stopped) => (await ingestBundle(request, (p) => !stopped() && onProgress(p), stopped)) ?? CANCELLED, CANCELLED),
    cancelled: CANCELLED,
    cancellable: () => true,
  });
}

/** An opened bundle (its assessment's id, name and year) or its problems; `cancelled` when the user stopped it. */
export type OpenRead = Opened | { ok: false; cancelled: true };
/**
 * cancel stops it while reading, checking, or reading and writing at once (what was written is undone);
 * once storing alone has begun the store's transaction finishes or fails whole
 */
export type BundleOpening = WorkerRun<OpenRead>;

const CANCELLED_OPEN: OpenRead = { ok: false, cancelled: true };

/** The store's refusal, told in the worker, as the error the page words for the user (errorText). */
function refusal(failure: Failure): Error {
  return 'code' in failure ? new AppError(failure.code, failure.params) : new KaoheDbError('invalid', failure.text);
}

function openOnPageThread(db: KaoheDb, request: OpenRequest, onStep: (s: OpenStep) => void, storing: { now: boolean }): BundleOpening {
  return runOnPage(
    (stopped) =>
      new Promise<OpenRead>((ok, no) => {
        let result: OpenRead = CANCELLED_OPEN;
        openBundle(
          request,
          (m) => {
            if (m.kind === 'step') {
              storing.now = m.step.stage === 'store';
              if (!stopped()) onStep(m.step);
            } else if (m.kind === 'opened') result = m.opened;
            else if (m.kind === 'refused') no(refusal(m.failure));
          },
          stopped,
          db,
        ).then(() => ok(result), no);
      }),
    CANCELLED_OPEN,
    () => !storing.now,
  );
}

/**
 * Opens a bundle file as an assessment of its own: read, checked and stored in a worker, so the page
 * only hears the steps and the outcome (on the page's thread where no worker starts).
 */
export function openBundleInWorker(db: KaoheDb, file: File, who: string, onStep: (s: OpenStep) => void): BundleOpening {
  const request: OpenRequest = { file, fileName: file.name, open: { dbName: db.name, who } };
  const storing = { now: false };
  // once it may write while reading, only the worker can undo what it wrote: it waits for the page to know
  let writing = false;
  return runInWorker<OpenMessage | IngestMessage, OpenRead>({
    request,
    hear: (m, end) => {
      if (m.kind === 'step') {
        storing.now = m.step.stage === 'store';
        onStep(m.step);
      } else if (m.kind === 'mayWrite') {
        writing = true;
        end.reply(GO_OPEN);
      } else if (m.kind === 'opened') end.finish(m.opened);
      else if (m.kind === 'stopped') end.finish(CANCELLED_OPEN);
      else if (m.kind === 'refused') end.fail(refusal(m.failure));
      else if (m.kind === 'failed') end.fail(new Error(m.message));
    },
    onPage: () => openOnPageThread(db, request, onStep, storing),
    cancelled: CANCELLED_OPEN,
    cancellable: () => !storing.now,
    // the worker stops between slices and undoes them, then says so
    stop: { message: STOP_OPEN, asked: () => writing },
  });
}
