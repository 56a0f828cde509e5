/** A worker that reads and checks one bundle file off the page's thread (see bundleIngest.ts). */
import './workerPolyfills';
import { handleIngestRequest, type IngestMessage, type IngestRequest } from './bundleIngest';

// the DOM library types `self` as a window; in a dedicated worker it posts to the page
const scope = self as unknown as { onmessage: ((e: MessageEvent<IngestRequest>) => void) | null; postMessage(m: IngestMessage): void };

scope.onmessage = (e) => void handleIngestRequest(e.data, (m) => scope.postMessage(m));
