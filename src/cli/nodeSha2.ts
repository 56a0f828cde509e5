/**
 * What the command-line tools use for `@noble/hashes/sha2.js` (scripts/cli.cjs resolves it here): the
 * same SHA-256 from Node's own crypto. A short run hashes its rule set before V8 has compiled the
 * script version, which then costs more than the rest of the checks; Node's is native from the start.
 * The app keeps the script version (the engine and formats stay free of Node).
 */
import { createHash } from 'node:crypto';

export function sha256(message: Uint8Array): Uint8Array {
  const digest = createHash('sha256').update(message).digest();
  return new Uint8Array(digest.buffer, digest.byteOffset, digest.byteLength);
}
