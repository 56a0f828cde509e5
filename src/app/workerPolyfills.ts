/**
 * The page loads scripts/browserLine.ts's MODERN_POLYFILLS before the app, but a worker is a scope of
 * its own: without these, zod's Object.hasOwn would throw in the worker on Chromium 86–92. Keep this
 * list the same as MODERN_POLYFILLS.
 */
import 'core-js/modules/es.array.at.js';
import 'core-js/modules/es.string.at-alternative.js';
import 'core-js/modules/es.typed-array.at.js';
import 'core-js/modules/es.object.has-own.js';
import 'core-js/modules/web.structured-clone.js';
