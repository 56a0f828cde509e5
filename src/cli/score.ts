/** `npm run score -- <bundle.json|bundle.zip> [--format json|csv|text] [--group KEY]` */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { serializeBundle } from '../formats/bundle';
import { isZip, readBundleZip } from '../formats/bundleZip';
import { runScore } from './scoreReport';

/**
 * A zip (a bundle with its attached files, as the app exports it) is read through the zip door first:
 * every attached file is checked against its hash, then its bundle is scored like a JSON file.
 */
async function zipTexts(argv: readonly string[]): Promise<{ texts: Map<string, string>; errors: string[] }> {
  const texts = new Map<string, string>();
  const errors: string[] = [];
  for (const arg of argv) {
    if (arg.startsWith('--') || !existsSync(arg) || !statSync(arg).isFile()) continue;
    const bytes = new Uint8Array(readFileSync(arg));
    if (!isZip(bytes)) continue;
    const read = await readBundleZip(bytes, arg);
    if (read.ok) texts.set(arg, serializeBundle(read.bundle));
    else errors.push(...read.errors.map((e) => `${e.path}: ${e.message}`));
  }
  return { texts, errors };
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const { texts, errors } = await zipTexts(argv);
  if (errors.length > 0) {
    process.stderr.write(errors.map((e) => `${e}\n`).join(''));
    process.exitCode = 1;
    return;
  }
  const out = runScore(argv, (p) => texts.get(p) ?? readFileSync(p));
  process.stdout.write(out.stdout);
  process.stderr.write(out.stderr);
  process.exitCode = out.code;
}

main().catch((e: unknown) => {
  // runScore reports its own failures; this is the last line against a stack trace on the terminal
  process.stderr.write(`无法计分：程序内部错误（${e instanceof Error ? e.name : typeof e}）\n`);
  process.exitCode = 2;
});
