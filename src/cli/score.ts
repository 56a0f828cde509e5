/** `npm run score -- <bundle.json> [--format json|csv|text] [--group KEY]` */
import { readFileSync } from 'node:fs';
import { runScore } from './scoreReport';

const out = runScore(process.argv.slice(2), (p) => readFileSync(p, 'utf8'));
process.stdout.write(out.stdout);
process.stderr.write(out.stderr);
process.exitCode = out.code;
