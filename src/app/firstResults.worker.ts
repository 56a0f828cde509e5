/** A worker that reads and scores the assessment being opened, so its results show before the page has read every entry (see firstResults.ts). */
import './workerPolyfills';
import { handleFirstResultsRequest, type FirstResultsMessage, type FirstResultsRequest } from './firstResults';

const scope = self as unknown as { onmessage: ((e: MessageEvent<FirstResultsRequest>) => void) | null; postMessage(m: FirstResultsMessage): void };

scope.onmessage = (e) => void handleFirstResultsRequest(e.data, (m) => scope.postMessage(m));
