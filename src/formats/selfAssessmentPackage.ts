/**
 * The self-assessment files: the package the office sends one unit, and the result the unit sends back
 * (JSON, or a zip with `result.json` and its files under files/<hash>). Reading goes through one door
 * per file: JSON syntax, the schema, then the cross-references; every problem comes with its place.
 *
 * A package carries one unit only: nothing of another unit (its name, scores or entries) is written.
 */
import { checkRuleSet, compileRuleSet, exact, isGroup, type CompiledRuleSet, type Unit } from '../engine';
import { FILE_HASH, MAX_FILE_BYTES } from '../model/attachment';
import { fromZodIssues, parseJsonText, quote, shortIssues, type ValidationIssue } from '../model/issues';
import { tooDeep } from '../model/jsonDepth';
import {
  SELF_PACKAGE_TYPE,
  SELF_RESULT_TYPE,
  SELF_VERSION,
  selfPackageSchema,
  selfResultSchema,
  type SelfIndicator,
  type SelfPackage,
  type SelfResult,
} from '../model/selfAssessment';
import { fileHash } from '../sync/fileHash';
import { ruleSetHash } from './bundle';
import { fileEntryName, isZip } from './bundleZip';

export { isZip };
export const RESULT_ENTRY = 'result.json';

export type Parsed<T> = { ok: true; value: T } | { ok: false; errors: ValidationIssue[] };

/**
 * The leaves a unit reports on: every leaf that can add points (not 扣分项) and that its class has,
 * outside per-object subtrees (those are scored per website or account by the assessors).
 */
export function selfIndicators(c: CompiledRuleSet, unit: Unit): SelfIndicator[] {
  const excluded = new Set(c.ruleSet.unitClasses.find((k) => k.key === unit.unitClass)?.excludes ?? []);
  const out: SelfIndicator[] = [];
  for (const leaf of c.leaves) {
    if (leaf.type === 'penalty' || c.objectScopeOf(leaf.key)) continue;
    // its ancestors below the root, outermost first; a class that excludes any of them leaves it out
    const path: string[] = [];
    let classless = excluded.has(leaf.key);
    for (let k = c.parent.get(leaf.key); k !== undefined; k = c.parent.get(k)) {
      if (excluded.has(k)) classless = true;
      if (c.parent.get(k) !== undefined) path.unshift(c.byKey.get(k)!.name);
    }
    if (classless) continue;
    out.push({ key: leaf.key, name: leaf.name, max: exact.toNumber(c.maxOf(leaf.key)), path });
  }
  return out;
}

export interface PackageSource {
  assessment: { id: string; name: string; year: number };
  group: { key: string; name: string };
  compiled: CompiledRuleSet;
  unit: Unit;
  exportedAt: string;
  exportedBy?: string;
}

export function buildSelfPackage(s: PackageSource): SelfPackage {
  const { ruleSet } = s.compiled;
  return {
    type: SELF_PACKAGE_TYPE,
    schemaVersion: SELF_VERSION,
    exportedAt: s.exportedAt,
    ...(s.exportedBy !== undefined && { exportedBy: s.exportedBy }),
    assessment: { id: s.assessment.id, name: s.assessment.name, year: s.assessment.year },
    group: { key: s.group.key, name: s.group.name },
    ruleSetHash: ruleSetHash(ruleSet),
    ruleSet,
    unit: s.unit,
    indicators: selfIndicators(s.compiled, s.unit),
  };
}

export const serializeSelfPackage = (p: SelfPackage): string => `${JSON.stringify(p, null, 1)}\n`;

/** A file name a clerk recognises: 2026年度…自评包-单位名.json (characters Windows refuses are replaced). */
export function selfFileName(kind: '自评包' | '自评结果', assessmentName: string, unitName: string, ext: 'json' | 'zip'): string {
  return `${assessmentName}${kind}-${unitName}.${ext}`.replace(/[\\/:*?"<>|]/g, '_');
}

function readJson(text: string, fileName: string): Parsed<unknown> {
  const json = parseJsonText(text, fileName);
  if (!json.ok) return json;
  const deep = tooDeep(json.value);
  if (deep) return { ok: false, errors: [deep] };
  return { ok: true, value: json.value };
}

const at = (fileName: string, issues: readonly ValidationIssue[]): ValidationIssue[] =>
  shortIssues(issues.map((i) => ({ path: `${fileName} › ${i.path}`, message: i.message })));

/** A value whose `type` names another kind of file gets one plain message, not a list of schema errors. */
function wrongKind(value: unknown, expected: string, fileName: string, what: string): ValidationIssue | undefined {
  const type = typeof value === 'object' && value !== null ? (value as { type?: unknown }).type : undefined;
  if (type === expected) return undefined;
  const hint =
    type === SELF_PACKAGE_TYPE ? '这是自评包（由考核办导出、发给单位填写）' : type === SELF_RESULT_TYPE ? '这是单位交回的自评结果' : typeof type === 'string' ? `文件类型为 ${quote(type)}` : '文件没有 type 字段';
  return { path: `${fileName} › type`, message: `不是${what}：${hint}` };
}

export function parseSelfPackage(text: string, fileName: string): Parsed<SelfPackage> {
  const json = readJson(text, fileName);
  if (!json.ok) return json;
  const kind = wrongKind(json.value, SELF_PACKAGE_TYPE, fileName, '自评包');
  if (kind) return { ok: false, errors: [kind] };
  const parsed = selfPackageSchema.safeParse(json.value, { reportInput: true });
  if (!parsed.success) return { ok: false, errors: at(fileName, fromZodIssues(parsed.error.issues)) };
  const p = parsed.data;
  const errors: ValidationIssue[] = checkRuleSet(p.ruleSet).map((i) => ({ path: `ruleSet.${i.path}`, message: i.message }));
  if (errors.length === 0) {
    if (ruleSetHash(p.ruleSet) !== p.ruleSetHash) errors.push({ path: 'ruleSetHash', message: '与随包的规则集内容不符（文件可能被改动过）' });
    if (p.ruleSet.group.key !== p.group.key) errors.push({ path: 'group.key', message: `规则集适用于分组 ${quote(p.ruleSet.group.key)}，不是 ${quote(p.group.key)}` });
    if (p.unit.group !== p.group.key) errors.push({ path: 'unit.group', message: `单位属于分组 ${quote(p.unit.group)}，与包的分组 ${quote(p.group.key)} 不符` });
    const c = compileRuleSet(p.ruleSet);
    const seen = new Set<string>();
    p.indicators.forEach((ind, i) => {
      const node = c.byKey.get(ind.key);
      if (!node || isGroup(node)) errors.push({ path: `indicators[${i}].key`, message: `规则集中没有评分项 ${quote(ind.key)}` });
      if (seen.has(ind.key)) errors.push({ path: `indicators[${i}].key`, message: `评分项 ${quote(ind.key)} 重复` });
      seen.add(ind.key);
    });
  }
  return errors.length > 0 ? { ok: false, errors: at(fileName, errors) } : { ok: true, value: p };
}

export const serializeSelfResult = (r: SelfResult): string => `${JSON.stringify(r, null, 1)}\n`;

/** The result's own consistency: one item per indicator, files owned by an item. */
function checkResult(r: SelfResult): ValidationIssue[] {
  const errors: ValidationIssue[] = [];
  const nodes = new Set<string>();
  r.items.forEach((item, i) => {
    if (nodes.has(item.node)) errors.push({ path: `items[${i}].node`, message: `指标 ${quote(item.node)} 重复` });
    nodes.add(item.node);
  });
  (r.attachments ?? []).forEach((a, i) => {
    if (!nodes.has(a.ownerId)) errors.push({ path: `attachments[${i}].ownerId`, message: `材料“${a.name}”所属的指标 ${quote(a.ownerId)} 不在 items 中` });
  });
  return errors;
}

export function parseSelfResultText(text: string, fileName: string): Parsed<SelfResult> {
  const json = readJson(text, fileName);
  if (!json.ok) return json;
  const kind = wrongKind(json.value, SELF_RESULT_TYPE, fileName, '自评结果');
  if (kind) return { ok: false, errors: [kind] };
  const parsed = selfResultSchema.safeParse(json.value, { reportInput: true });
  if (!parsed.success) return { ok: false, errors: at(fileName, fromZodIssues(parsed.error.issues)) };
  const errors = checkResult(parsed.data);
  return errors.length > 0 ? { ok: false, errors: at(fileName, errors) } : { ok: true, value: parsed.data };
}

export interface SelfResultFiles {
  result: SelfResult;
  /** file bytes by hash */
  files: Map<string, Uint8Array>;
}

/** The result file: JSON when it has no material, else a zip of result.json and the files. */
export async function writeSelfResult(r: SelfResult, files: Iterable<{ hash: string; bytes: Uint8Array }>): Promise<Uint8Array> {
  const list = [...files];
  if (list.length === 0 && (r.attachments ?? []).length === 0) return new TextEncoder().encode(serializeSelfResult(r));
  const { default: JSZip } = await import('jszip');
  const zip = new JSZip();
  zip.file(RESULT_ENTRY, serializeSelfResult(r), { compression: 'DEFLATE' });
  for (const f of list) zip.file(fileEntryName(f.hash), f.bytes, { compression: 'STORE', binary: true });
  return zip.generateAsync({ type: 'uint8array', platform: 'DOS' });
}

/** Reads a result file (JSON or zip, told apart by its first bytes); every file is checked against its hash. */
export async function readSelfResult(bytes: Uint8Array, fileName: string): Promise<Parsed<SelfResultFiles>> {
  if (!isZip(bytes)) {
    const parsed = parseSelfResultText(new TextDecoder().decode(bytes), fileName);
    if (!parsed.ok) return parsed;
    const missing = (parsed.value.attachments ?? []).map((a, i) => ({ path: `${fileName} › attachments[${i}]`, message: `材料“${a.name}”的文件不在 .json 中：带材料的自评结果应为 .zip 文件` }));
    return missing.length > 0 ? { ok: false, errors: missing } : { ok: true, value: { result: parsed.value, files: new Map() } };
  }
  const { default: JSZip } = await import('jszip');
  let zip: InstanceType<typeof JSZip>;
  try {
    zip = await JSZip.loadAsync(bytes);
  } catch {
    return { ok: false, errors: [{ path: fileName, message: '不是可读取的 zip 文件（可能已损坏或未下载完整）' }] };
  }
  const json = zip.file(RESULT_ENTRY);
  if (!json) return { ok: false, errors: [{ path: fileName, message: `zip 中没有 ${RESULT_ENTRY}：这不是自评结果文件` }] };
  const parsed = parseSelfResultText(await json.async('string'), `${fileName} › ${RESULT_ENTRY}`);
  if (!parsed.ok) return parsed;
  const r = parsed.value;
  const errors: ValidationIssue[] = [];
  const files = new Map<string, Uint8Array>();
  for (const entry of Object.values(zip.files)) {
    if (entry.dir || entry.name === RESULT_ENTRY) continue;
    const place = `${fileName} › ${entry.name}`;
    const hash = `sha256:${entry.name.slice('files/'.length)}`;
    if (!entry.name.startsWith('files/') || !FILE_HASH.test(hash)) {
      errors.push({ path: place, message: '多余的文件：材料应命名为 files/ 加 64 位十六进制哈希' });
      continue;
    }
    let data: Uint8Array;
    try {
      data = await entry.async('uint8array');
    } catch {
      errors.push({ path: place, message: '材料文件无法解压（已损坏）' });
      continue;
    }
    if (data.byteLength > MAX_FILE_BYTES) errors.push({ path: place, message: '材料文件超过单个附件上限' });
    else if (fileHash(data) !== hash) errors.push({ path: place, message: '材料文件内容与其哈希不符（文件已损坏或被改动）' });
    else files.set(hash, data);
  }
  (r.attachments ?? []).forEach((a, i) => {
    const got = files.get(a.hash);
    if (!got && !errors.some((e) => e.path.endsWith(fileEntryName(a.hash)))) errors.push({ path: `${fileName} › ${fileEntryName(a.hash)}（attachments[${i}]）`, message: `缺少材料文件“${a.name}”（指标 ${quote(a.ownerId)}）` });
    else if (got && got.byteLength !== a.size) errors.push({ path: `${fileName} › attachments[${i}].size`, message: `材料“${a.name}”记录的大小为 ${a.size} 字节，实际为 ${got.byteLength} 字节` });
  });
  return errors.length > 0 ? { ok: false, errors: shortIssues(errors) } : { ok: true, value: { result: r, files } };
}
