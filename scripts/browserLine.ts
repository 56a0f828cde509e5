/**
 * The oldest browser the app supports, in one place: the build (vite.config.ts) lowers its syntax and adds
 * polyfills for it, public/browser-check.js tells older browsers so, and scripts/checkBrowserLine.ts fails
 * `npm test` when the built JavaScript needs more than this line offers. docs/deploy.md explains the line.
 */

/** Chromium 86: 360极速浏览器 13's kernel; Chrome 109 (the last for Windows 7) and 奇安信可信浏览器 (110) are above it. */
export const SUPPORTED_BROWSERS = 'chrome >= 86';

/** Every ECMAScript syntax Chromium 86 parses is ES2021; ES2022 syntax (static blocks, `#x in o`, top-level await) needs 91+. */
export const ES_LEVEL = 'es2021';

/**
 * core-js modules loaded before the app in every browser (a current one finds each already native and
 * skips it). An explicit list rather than plugin-legacy's usage detection, which guesses from method names
 * (zod's `.union`, any `.set(` or `.with(`) and would add some 20 KB gzip of polyfills nothing calls.
 * The scan below keeps the list honest: an API newer than the line without its polyfill here fails.
 */
export const MODERN_POLYFILLS = [
  'es.array.at',
  'es.string.at-alternative',
  'es.typed-array.at',
  'es.object.has-own',
  'web.structured-clone',
];

export interface NewerApi {
  name: string;
  /** first Chromium version with it */
  chrome: number;
  /** how it shows in minified output */
  pattern: RegExp;
  /** the core-js module that supplies it, if there is one */
  polyfill?: string;
  /** a library that tests for the API before using it needs no polyfill: the file must contain this test */
  guarded?: RegExp;
}

/** APIs newer than Chromium 86 that bundled libraries are known to reach for. */
export const NEWER_APIS: NewerApi[] = [
  { name: 'Array/String/TypedArray.prototype.at', chrome: 92, pattern: /\.at\((?!\s*\))/, polyfill: 'es.array.at' },
  { name: 'Object.hasOwn', chrome: 93, pattern: /\bObject\.hasOwn\b/, polyfill: 'es.object.has-own' },
  { name: 'structuredClone', chrome: 98, pattern: /\bstructuredClone\b/, polyfill: 'web.structured-clone' },
  { name: 'Array.prototype.findLast', chrome: 97, pattern: /\.findLast(?:Index)?\(/, polyfill: 'es.array.find-last' },
  { name: 'Array.prototype.toSorted/toReversed/toSpliced', chrome: 110, pattern: /\.to(?:Sorted|Reversed|Spliced)\(/, polyfill: 'es.array.to-sorted' },
  { name: 'String.prototype.isWellFormed/toWellFormed', chrome: 111, pattern: /\.(?:is|to)WellFormed\(/, polyfill: 'es.string.is-well-formed' },
  { name: 'Object.groupBy/Map.groupBy', chrome: 117, pattern: /\b(?:Object|Map)\.groupBy\b/, polyfill: 'es.object.group-by' },
  // Dexie copies it onto its own promise only when present
  { name: 'Promise.withResolvers', chrome: 119, pattern: /\.withResolvers\b/, polyfill: 'es.promise.with-resolvers', guarded: /\w\.withResolvers&&/ },
  { name: 'Array.fromAsync', chrome: 121, pattern: /\bArray\.fromAsync\b/, polyfill: 'es.array.from-async' },
  { name: 'Set methods', chrome: 122, pattern: /\.(?:symmetricDifference|isSubsetOf|isSupersetOf|isDisjointFrom)\(/, polyfill: 'es.set.union.v2' },
  { name: 'Iterator helpers', chrome: 122, pattern: /\bIterator\.(?:from|prototype)\b/, polyfill: 'es.iterator.constructor' },
  { name: 'Promise.try', chrome: 128, pattern: /\bPromise\.try\b/, polyfill: 'es.promise.try' },
  // @noble/hashes uses the native hex/base64 methods only after testing for them
  { name: 'Uint8Array hex/base64', chrome: 140, pattern: /\.toHex\(\)|\bUint8Array\.from(?:Hex|Base64)\b|\.toBase64\(/, polyfill: 'es.uint8-array.to-hex', guarded: /typeof Uint8Array\.from\(\[\]\)\.toHex==`function`&&typeof Uint8Array\.fromHex==`function`/ },
  // no core-js polyfill for these: a use must be guarded or the line raised
  { name: 'crypto.randomUUID', chrome: 92, pattern: /\.randomUUID\(/ },
  { name: 'Intl.Segmenter', chrome: 87, pattern: /\bIntl\.Segmenter\b/ },
  { name: 'AbortSignal.timeout/any', chrome: 103, pattern: /\bAbortSignal\.(?:timeout|any)\b/ },
  { name: 'Error.isError / RegExp.escape', chrome: 134, pattern: /\bError\.isError\b|\bRegExp\.escape\b/ },
];
