/** A worker that reads and scores other assessments for year over year (see editions.ts). */
import './workerPolyfills';
import { handleEditionsRequest, type EditionsMessage, type EditionsRequest } from './editions';

const scope = self as unknown as { onmessage: ((e: MessageEvent<EditionsRequest>) => void) | null; postMessage(m: EditionsMessage): void };

scope.onmessage = (e) => void handleEditionsRequest(e.data, (m) => scope.postMessage(m));
