/** `npm run score -- <bundle.json> [--format json|csv|text] [--group KEY]` */
import { readFileSync } from 'node:fs';
import { runScore } from './scoreReport';

try {
  const out = runScore(process.argv.slice(2), (p) => readFileSync(p));
  process.stdout.write(out.stdout);
  process.stderr.write(out.stderr);
  process.exitCode = out.code;
} catch (e) {
  // runScore reports its own failures; this is the last line against a stack trace on the terminal
  process.stderr.write(`无法计分：程序内部错误（${e instanceof Error ? e.name : typeof e}）\n`);
  process.exitCode = 2;
}
