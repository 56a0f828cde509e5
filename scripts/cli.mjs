#!/usr/bin/env node
/**
 * The command-line tools' launcher as it was first named: hands over to scripts/cli.cjs (see there), which
 * `npm run score` and the other scripts call directly (an ES module entry makes Node set up its module
 * loader first, which a short run notices).
 *
 *   node scripts/cli.mjs <tool> [args…]     the same as node scripts/cli.cjs <tool> [args…]
 */
import { createRequire } from 'node:module';

createRequire(import.meta.url)('./cli.cjs');
