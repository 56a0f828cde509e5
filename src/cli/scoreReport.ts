/**
 * `npm run score` as a pure function: bundle text in, report text out. Audits use it to reproduce the
 * app's numbers; nothing is printed unless the whole bundle is valid.
 */
import { parseBundle, type BundleParse } from '../formats/bundle';
import { readPackedFile, scorePackedFile } from './packedFile';
import type { Bundle } from '../model/assessment';
import { decodeFileText } from '../formats/fileText';
import { compileRuleSet, scoreGroup, scoreGroupUnitByUnit, ruleSetWarnings, exact, type GroupResult, type RuleSet } from '../engine';
import { overflowMessage } from './overflowCause';
import { circularText } from '../report/circularText';
import { csvCell } from '../formats/csv';
import { groupTable } from '../report/reportTables';
import { ownValue } from '../model/ownKeys';
import { resultsTitle, unitStatus } from '../report/provisional';

export type Format = 'json' | 'csv' | 'text';

export interface ScoreArgs {
  file: string;
  format: Format;
  group?: string;
}

export interface CliOutput {
  code: number;
  stdout: string;
  stderr: string;
}

export const USAGE = '用法: npm run score -- <bundle.json> [--format json|csv|text] [--group 组别键]';

export function parseArgs(argv: readonly string[]): ScoreArgs | string {
  let file: string | undefined;
  let format: Format = 'text';
  let group: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--format' || a === '--group') {
      const v = argv[++i];
      if (v === undefined) return `${a} 缺少取值`;
      if (a === '--group') group = v;
      else if (v === 'json' || v === 'csv' || v === 'text') format = v;
      else return `--format 应为 json、csv 或 text，实际为 "${v}"`;
    } else if (a.startsWith('--')) return `未知选项 ${a}`;
    else if (file === undefined) file = a;
    else return `多余的参数 ${a}`;
  }
  if (file === undefined) return '缺少考核数据包文件';
  return group === undefined ? { file, format } : { file, format, group };
}

/** Display width in a terminal: CJK characters take two columns. */
function width(s: string): number {
  let w = 0;
  for (const ch of s) w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1;
  return w;
}
const pad = (s: string, w: number, right = false): string =>
  right ? ' '.repeat(Math.max(0, w - width(s))) + s : s + ' '.repeat(Math.max(0, w - width(s)));

type Cell = string | number;

function table(cells: Cell[][], numericFrom: number): string {
  const rows = cells.map((r) => r.map(String));
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => width(r[c] ?? ''))));
  return rows
    .map((r) => r.map((cell, c) => pad(cell, widths[c]!, c >= numericFrom && c < r.length - 1)).join('  ').trimEnd())
    .join('\n');
}

/** Numbers stay numbers so that a CSV cell like -3 is a value, not text to neutralise. */
function groupRows(g: GroupResult): Cell[][] {
  const header = ['排名', '单位', ...g.indicators.map((i) => i.name), '总分', '等次', '状态'];
  const body = g.units.map((u): Cell[] => [
    u.rank,
    u.unitName,
    ...g.indicators.map((i) => {
      const n = ownValue(u.nodes, i.key);
      return u.unscored ? '—' : n && n.applicable ? n.score : '不适用';
    }),
    u.unscored ? '否决' : u.display,
    u.tierName,
    unitStatus(u),
  ]);
  return [header, ...body];
}

/**
 * The text table: scores with the rule set's display decimals (18.50), and the bonus and penalty parts
 * in their own columns, so that indicators + 加分 − 扣分 is the row's total (before any veto effect).
 */
function textRows(ruleSet: RuleSet, g: GroupResult): Cell[][] {
  const t = groupTable(ruleSet, g);
  const shown = (x: number | null, unscored: boolean): string =>
    unscored ? '—' : x === null ? '不适用' : x.toFixed(t.decimals);
  const header = [
    '排名',
    '单位',
    ...t.indicators.map((i) => i.name),
    ...(t.hasBonus ? ['加分'] : []),
    ...(t.hasPenalty ? ['扣分'] : []),
    '总分',
    '等次',
    '状态',
  ];
  const body = t.rows.map((r): Cell[] => [
    r.rank,
    r.unitName,
    ...t.indicators.map((i) => shown(ownValue(r.indicators, i.key) ?? null, r.unscored)),
    ...(t.hasBonus ? [shown(r.bonus, r.unscored)] : []),
    ...(t.hasPenalty ? [shown(r.penalty === null ? null : r.penalty === 0 ? 0 : -r.penalty, r.unscored)] : []),
    r.unscored ? '否决' : r.totalText,
    r.tierName,
    unitStatus(g.units.find((u) => u.unitId === r.unitId)!),
  ]);
  return [header, ...body];
}

export function renderText(groups: GroupResult[], ruleSets: readonly RuleSet[]): string {
  const out: string[] = [resultsTitle(groups), ''];
  groups.forEach((g, k) => {
    const open = g.units.filter((u) => !u.complete).length;
    out.push(`【${g.groupName}】（${g.units.length} 个单位，规则 ${g.ruleSetId}${open > 0 ? `，${open} 个未完成` : ''}）`);
    out.push(table(textRows(ruleSets[k]!, g), 2));
    out.push('');
  });
  const text = circularText(groups);
  out.push('【通报表述】', ...text.overall, ...text.indicators);
  return out.join('\n') + '\n';
}

export function renderCsv(groups: GroupResult[]): string {
  // the title line says whether the numbers are provisional before anyone reads a row
  const lines: string[] = [csvCell(resultsTitle(groups))];
  for (const g of groups) {
    const rows = groupRows(g);
    lines.push(['组别', ...rows[0]!].map(csvCell).join(','));
    for (const r of rows.slice(1)) lines.push([g.groupName, ...r].map(csvCell).join(','));
  }
  return '\uFEFF' + lines.join('\r\n') + '\r\n';
}

export function renderJson(groups: GroupResult[]): string {
  const out = groups.map((g) => ({
    group: g.group,
    groupName: g.groupName,
    ruleSetId: g.ruleSetId,
    units: g.units.map((u) => ({
      rank: u.rank,
      unitId: u.unitId,
      unitName: u.unitName,
      total: u.total,
      display: u.display,
      unscored: u.unscored,
      tier: u.tier,
      tierName: u.tierName,
      tierReason: u.tierReason,
      // false: total, rank and tier are provisional until the missing cells are entered
      complete: u.complete,
      missingCount: u.missing.length,
      missing: u.missing,
      indicators: Object.fromEntries(g.indicators.map((i) => [i.key, ownValue(u.nodes, i.key)?.applicable ? ownValue(u.nodes, i.key)!.score : null])),
      vetoes: u.vetoes.map((v) => ({ key: v.key, name: v.name, effect: v.effects.map((e) => e.type).join('+'), objectId: v.objectId })),
    })),
    complete: g.complete,
    statistics: g.statistics,
    tierCounts: g.tierCounts,
  }));
  const title = resultsTitle(groups);
  return JSON.stringify({ title, complete: groups.every((g) => g.complete), groups: out, circular: circularText(groups) }, null, 2) + '\n';
}

/** Score every group of the bundle (or one), in the assessment's group order. */
export function scoreBundleText(
  text: string,
  fileName: string,
  group?: string,
): { groups: GroupResult[]; ruleSets: RuleSet[]; warnings: string[] } | { errors: string[] } {
  const parsed = parseBundle(text, fileName);
  if (!parsed.ok) return { errors: parsed.errors.map((e) => `${fileName}: ${e.path}: ${e.message}`) };
  return scoreParsedBundle(parsed.bundle, fileName, group);
}

type Scored = { groups: GroupResult[]; ruleSets: RuleSet[]; warnings: string[] };

/** scoreBundleText for a bundle already read and checked. */
function scoreParsedBundle(bundle: Bundle, fileName: string, group?: string): Scored | { errors: string[] } {
  const wanted = bundle.assessment.groups.filter((g) => group === undefined || g.key === group);
  if (wanted.length === 0) {
    const keys = bundle.assessment.groups.map((g) => g.key).join(', ');
    return { errors: [`${fileName}: --group ${group} 不存在，可选：${keys}`] };
  }
  return withWarnings(
    bundle,
    fileName,
    wanted.map((g) => ruleSetOf(bundle, g).ruleSet),
    wanted.map((g) => scoreGroup(ruleSetOf(bundle, g).ruleSet, bundle.units, bundle.entries, bundle.assessors)),
  );
}

const ruleSetOf = (bundle: Bundle, g: { ruleSetId: string }): { ruleSet: RuleSet; index: number } => {
  const index = bundle.ruleSets.findIndex((r) => r.id === g.ruleSetId);
  return { ruleSet: bundle.ruleSets[index]!, index };
};

/** The scored groups with the warnings about their rule sets, each said once. */
function withWarnings(bundle: Bundle, fileName: string, ruleSets: RuleSet[], groups: GroupResult[]): Scored {
  const warnings: string[] = [];
  for (const ruleSet of ruleSets) {
    const index = bundle.ruleSets.indexOf(ruleSet);
    for (const w of ruleSetWarnings(ruleSet, `ruleSets[${index}]`)) warnings.push(`${fileName}: 警告: ${w.path}: ${w.message}`);
  }
  return { groups, ruleSets, warnings: [...new Set(warnings)] };
}

/**
 * scoreParsedBundle's answer for a sound version 2 file read unit by unit (scorePackedFile), or
 * undefined: read it the ordinary way.
 */
function scorePacked(bytes: Uint8Array, fileName: string, group?: string): Scored | undefined {
  const read = scorePackedFile(
    bytes,
    (bundle, g, entriesOf) => {
      const { ruleSet } = ruleSetOf(bundle, g);
      return { ruleSet, result: scoreGroupUnitByUnit(compileRuleSet(ruleSet), bundle.units, entriesOf, bundle.assessors) };
    },
    (g) => group === undefined || g.key === group,
  );
  return read && withWarnings(read.bundle, fileName, read.results.map((r) => r.ruleSet), read.results.map((r) => r.result));
}

export function runScore(argv: readonly string[], readFile: (path: string) => Uint8Array | string): CliOutput {
  const args = parseArgs(argv);
  if (typeof args === 'string') return { code: 2, stdout: '', stderr: `${args}\n${USAGE}\n` };
  let text: string | undefined;
  let quick: BundleParse | undefined;
  let scored: Scored | undefined;
  try {
    let raw: Uint8Array | string | undefined = readFile(args.file);
    // a sound version 2 file is scored unit by unit from its bytes
    scored = typeof raw === 'string' ? undefined : scorePacked(raw, args.file, args.group);
    // else it may still be read from its bytes; anything else, and every problem, the ordinary way
    quick = typeof raw === 'string' || scored ? undefined : readPackedFile(raw);
    if (quick || scored) raw = undefined;
    else {
      const read = typeof raw === 'string' ? { ok: true as const, text: raw } : decodeFileText(raw, args.file);
      raw = undefined;
      if (!read.ok) return { code: 1, stdout: '', stderr: read.errors.map((e) => `${e.path}: ${e.message}`).join('\n') + '\n' };
      text = read.text;
    }
  } catch (e) {
    return { code: 2, stdout: '', stderr: `无法读取 ${args.file}：${readFailure(e)}\n` };
  }
  try {
    if (scored) return report(args.format, scored);
    const parsed = quick ?? parseBundle(text!, args.file);
    // the text (a nation's is tens of megabytes) is not kept while scoring; a failure reads it again
    text = undefined;
    quick = undefined;
    if (!parsed.ok) return { code: 1, stdout: '', stderr: parsed.errors.map((e) => `${args.file}: ${e.path}: ${e.message}\n`).join('') };
    const read = scoreParsedBundle(parsed.bundle, args.file, args.group);
    if ('errors' in read) return { code: 1, stdout: '', stderr: read.errors.join('\n') + '\n' };
    return report(args.format, read);
  } catch (e) {
    return { code: 2, stdout: '', stderr: `${internalFailure(e, args.file, () => text ?? textAgain(readFile, args.file))}\n` };
  }
}

function report(format: Format, scored: Scored): CliOutput {
  const stdout = format === 'json' ? renderJson(scored.groups) : format === 'csv' ? renderCsv(scored.groups) : renderText(scored.groups, scored.ruleSets);
  // warnings never stop the scoring; they go to stderr so stdout stays the report alone
  return { code: 0, stdout, stderr: scored.warnings.map((w) => `${w}\n`).join('') };
}

/** The file's text; bytes go through the app's encoding policy, a string was decoded by the caller. */
function readText(readFile: (path: string) => Uint8Array | string, path: string): { ok: true; text: string } | { ok: false; errors: { path: string; message: string }[] } {
  const raw = readFile(path);
  return typeof raw === 'string' ? { ok: true, text: raw } : decodeFileText(raw, path);
}

function textAgain(readFile: (path: string) => Uint8Array | string, path: string): string | undefined {
  try {
    const read = readText(readFile, path);
    return read.ok ? read.text : undefined;
  } catch {
    return undefined;
  }
}

/** A file system refusal in words (the code, not Node's English sentence). */
function readFailure(e: unknown): string {
  const code = (e as { code?: unknown } | null)?.code;
  if (code === 'ENOENT') return '文件不存在';
  if (code === 'EACCES' || code === 'EPERM') return '没有读取权限';
  if (code === 'EISDIR') return '这是一个文件夹';
  return typeof code === 'string' ? `读取失败（${code}）` : '读取失败';
}

/** What went wrong after the bundle was accepted: never a stack trace, always a cause. */
function internalFailure(e: unknown, fileName: string, text: () => string | undefined): string {
  if (e instanceof exact.ArithmeticOverflowError) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text() ?? '');
    } catch {
      parsed = undefined;
    }
    return overflowMessage(fileName, parsed);
  }
  if (e instanceof RangeError) return `${fileName}: 无法计分：数据超出了程序能处理的范围（${e.name}）。请检查文件是否由本系统导出、是否完整。`;
  return `${fileName}: 无法计分：程序内部错误（${e instanceof Error ? e.name : typeof e}）。请把该文件和本信息交给维护人员。`;
}
