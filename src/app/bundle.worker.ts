/** A worker that reads and checks one bundle file off the page's thread (see bundleIngest.ts), and stores it when asked to open it (bundleOpen.ts). */
import './workerPolyfills';
import { handleIngestRequest, type IngestMessage, type IngestRequest } from './bundleIngest';
import { isOpenRequest, openBundle, type OpenMessage } from './bundleOpen';

// the DOM library types `self` as a window; in a dedicated worker it posts to the page
const scope = self as unknown as { onmessage: ((e: MessageEvent<IngestRequest>) => void) | null; postMessage(m: IngestMessage | OpenMessage): void };

scope.onmessage = (e) => {
  const request = e.data;
  const post = (m: IngestMessage | OpenMessage) => scope.postMessage(m);
  if (isOpenRequest(request))
    void openBundle(request, post).catch((err: unknown) => post({ kind: 'failed', message: err instanceof Error ? err.message : String(err) }));
  else void handleIngestRequest(request, post);
};
