/** `npm run bundle -- upgrade <in.json> <out.json>`: rewrites a bundle of any version in the current one. */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { upgradeBundleText } from './bundleUpgrade';

const USAGE = '用法: npm run bundle -- upgrade <输入数据包.json> <输出数据包.json>';
const [command, input, output, ...extra] = process.argv.slice(2);

function run(): number {
  if (command !== 'upgrade' || input === undefined || output === undefined || extra.length > 0) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  let text: string;
  try {
    text = readFileSync(input, 'utf8');
  } catch (e) {
    process.stderr.write(`无法读取 ${input}: ${(e as Error).message}\n`);
    return 2;
  }
  const up = upgradeBundleText(text, input);
  if (!up.ok) {
    process.stderr.write(`${up.errors.join('\n')}\n`);
    return 1;
  }
  // written beside the target and moved over it: the output (which may be the input) is never half written
  const tmp = `${output}.${process.pid}.tmp`;
  writeFileSync(tmp, up.text);
  renameSync(tmp, output);
  return 0;
}

process.exitCode = run();
