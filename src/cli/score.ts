/** `npm run score -- <bundle.json|bundle.zip> [--format json|csv|text] [--group KEY]` */
// before any schema is built (see there)
import './zodJitless';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { runScore } from './scoreReport';

/** A zip's first bytes (the zip door is loaded only for a zip: a JSON file never needs it). */
const isZip = (bytes: Uint8Array): boolean => bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && (bytes[2] === 3 || bytes[2] === 5);

/**
 * Each file named on the command line, read once. A zip (a bundle with its attached files, as the app
 * exports it) is read through the zip door first: every attached file is checked against its hash,
 * then its bundle is scored like a JSON file.
 */
async function readArgs(argv: readonly string[]): Promise<{ files: Map<string, Uint8Array | string>; errors: string[] }> {
  const files = new Map<string, Uint8Array | string>();
  const errors: string[] = [];
  for (const arg of argv) {
    if (arg.startsWith('--') || files.has(arg) || !existsSync(arg) || !statSync(arg).isFile()) continue;
    // Node's Buffer is a Uint8Array: no copy of a nation's 60 MB
    const bytes: Uint8Array = readFileSync(arg);
    if (!isZip(bytes)) {
      files.set(arg, bytes);
      continue;
    }
    const { readBundleZip } = await import('../formats/bundleZip');
    const { serializeBundle } = await import('../formats/bundle');
    const read = await readBundleZip(bytes, arg);
    if (read.ok) files.set(arg, serializeBundle(read.bundle));
    else errors.push(...read.errors.map((e) => `${e.path}: ${e.message}`));
  }
  return { files, errors };
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const { files, errors } = await readArgs(argv);
  if (errors.length > 0) {
    process.stderr.write(errors.map((e) => `${e}\n`).join(''));
    process.exitCode = 1;
    return;
  }
  const out = runScore(argv, (p) => {
    const read = files.get(p);
    // bytes are handed over once and not kept while scoring (a failure reads the file again)
    if (typeof read !== 'string') files.delete(p);
    return read ?? readFileSync(p);
  });
  process.stdout.write(out.stdout);
  process.stderr.write(out.stderr);
  process.exitCode = out.code;
}

main().catch((e: unknown) => {
  // runScore reports its own failures; this is the last line against a stack trace on the terminal
  process.stderr.write(`无法计分：程序内部错误（${e instanceof Error ? e.name : typeof e}）\n`);
  process.exitCode = 2;
});
