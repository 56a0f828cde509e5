/**
 * Imported first by the command-line tools: zod builds its schemas without their compiled fast path.
 * zod compiles a parser per object schema on its first use (with the Function constructor), which pays
 * over many parses; a command-line run parses each schema of a bundle's head once or twice, and the
 * compiling cost more than it saved. The answers are the same either way (test/cli/zodJitless.test.ts).
 * It must run before any schema is made: the choice is read when a schema is built.
 */
import { config } from 'zod';

config({ jitless: true });
