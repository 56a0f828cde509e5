/**
 * A worker that reads and checks one bundle file off the page's thread (see bundleIngest.ts), stores it
 * when asked to open it (bundleOpen.ts), or runs a whole session on it — read, plan a merge, merge or
 * open — step by step as the page asks (bundleSession.ts, bundleSessionRun.ts).
 */
import './workerPolyfills';
import { explainFailure } from './appError';
import { handleIngestRequest, type IngestMessage, type IngestRequest } from './bundleIngest';
import { isGoOpen, isOpenRequest, isStopOpen, openBundle, type GO_OPEN, type OpenMessage, type STOP_OPEN } from './bundleOpen';
import { BundleSession } from './bundleSession';
import { isSessionRequest, type SessionMessage, type SessionRequest } from './bundleSessionRun';
import { openDb } from '../store/repo';

// the DOM library types `self` as a window; in a dedicated worker it posts to the page
const scope = self as unknown as {
  onmessage: ((e: MessageEvent<IngestRequest | SessionRequest | typeof STOP_OPEN | typeof GO_OPEN>) => void) | null;
  postMessage(m: IngestMessage | OpenMessage | SessionMessage): void;
};

/** this worker's session: one file, on the page's database (opened here on the first step) */
let session: BundleSession | undefined;
/** the page asked this worker's opening to stop (a worker runs one job) */
let stopping = false;
/** resumes the opening once the page answered that it may write */
let goAhead: (() => void) | undefined;
const mayWrite = () =>
  new Promise<void>((resolve) => {
    goAhead = resolve;
    scope.postMessage({ kind: 'mayWrite' });
  });

async function step({ session: { dbName }, id, command }: SessionRequest): Promise<void> {
  session ??= new BundleSession(openDb(dbName));
  try {
    const answer = await session.run(command, (progress) => scope.postMessage({ id, kind: 'progress', progress }));
    scope.postMessage({ id, kind: 'answer', answer });
  } catch (e) {
    scope.postMessage({ id, kind: 'refused', failure: explainFailure(e, 'import') });
  }
}

scope.onmessage = (e) => {
  const request = e.data;
  if (isStopOpen(request)) return void (stopping = true);
  if (isGoOpen(request)) return goAhead?.();
  if (isSessionRequest(request)) return void step(request);
  const post = (m: IngestMessage | OpenMessage) => scope.postMessage(m);
  if (isOpenRequest(request))
    void openBundle(request, post, () => stopping, undefined, mayWrite).catch((err: unknown) => post({ kind: 'failed', message: err instanceof Error ? err.message : String(err) }));
  else void handleIngestRequest(request, post);
};
