/**
 * `npm run rules -- to-table <rules.json> <out.xlsx|out.docx>` and
 * `npm run rules -- from-table <in.xlsx> <out.json> [--group 键:名称] [--id 规则集标识]`:
 * 考核细则 tables for batch work and audits. Both say on stderr which semantics the table does not carry.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseRuleSetText } from '../engine';
import { importRuleTable, problemText, ruleTableDocx, ruleTableXlsx, semanticsOutsideTable } from '../formats/ruleTable';

const USAGE = [
  '用法: npm run rules -- to-table <规则集.json> <输出.xlsx|输出.docx>',
  '      npm run rules -- from-table <考核细则.xlsx> <输出规则集.json> [--group 分组键:分组名称] [--id 规则集标识]',
].join('\n');

function writeAtomic(path: string, data: Uint8Array | string): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, data);
  renameSync(tmp, path);
}

function read(path: string): Buffer | undefined {
  try {
    return readFileSync(path);
  } catch (e) {
    process.stderr.write(`无法读取 ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}\n`);
    return undefined;
  }
}

async function toTable(input: string, output: string): Promise<number> {
  const bytes = read(input);
  if (!bytes) return 2;
  const parsed = parseRuleSetText(bytes.toString('utf8'), input);
  if (!parsed.ok) {
    process.stderr.write(`${parsed.errors.map((e) => `${input}: ${e.path}：${e.message}`).join('\n')}\n`);
    return 1;
  }
  const docx = /\.docx$/i.test(output);
  if (!docx && !/\.xlsx$/i.test(output)) {
    process.stderr.write(`输出文件须以 .xlsx 或 .docx 结尾：${output}\n`);
    return 2;
  }
  writeAtomic(output, docx ? await ruleTableDocx(parsed.ruleSet) : await ruleTableXlsx(parsed.ruleSet));
  const outside = semanticsOutsideTable(parsed.ruleSet);
  process.stderr.write(
    docx
      ? `已写出 ${output}。Word 表格不含以下内容（仍在 ${basename(input)} 中）：${outside.join('、')}\n`
      : `已写出 ${output}。以下内容不在表格中，保存在隐藏的“规则参数”表里：${outside.join('、')}\n`,
  );
  return 0;
}

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

async function fromTable(input: string, output: string, args: string[]): Promise<number> {
  const bytes = read(input);
  if (!bytes) return 2;
  const [gk, gn] = (option(args, '--group') ?? 'group:分组').split(':');
  const r = await importRuleTable(new Uint8Array(bytes), basename(input), {
    fallback: { id: option(args, '--id') ?? 'imported', year: new Date().getFullYear(), group: { key: gk || 'group', name: gn || gk || '分组' } },
  });
  if (!r.ok) {
    process.stderr.write(`${r.problems.map((p) => `${input}: ${problemText(p)}`).join('\n')}\n`);
    return 1;
  }
  writeAtomic(output, `${JSON.stringify(r.ruleSet, null, 2)}\n`);
  process.stderr.write(
    r.withParams
      ? `已写出 ${output}。以下内容取自隐藏的“规则参数”表（表格本身不含）：${r.outsideTable.join('、')}\n`
      : `已写出 ${output}。表格中没有“规则参数”表，以下按示例值设置，请核对：\n${r.outsideTable.map((t) => `  - ${t}`).join('\n')}\n`,
  );
  for (const w of r.warnings) process.stderr.write(`${output}: 警告: ${w.path}: ${w.message}\n`);
  return 0;
}

async function run(): Promise<number> {
  const [command, input, output, ...rest] = process.argv.slice(2);
  if (input === undefined || output === undefined) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  if (command === 'to-table' && rest.length === 0) return toTable(input, output);
  if (command === 'from-table') return fromTable(input, output, rest);
  process.stderr.write(`${USAGE}\n`);
  return 2;
}

// not a top-level await: the tools are built as CommonJS (see scripts/cli.mjs)
void run().then((code) => {
  process.exitCode = code;
});
