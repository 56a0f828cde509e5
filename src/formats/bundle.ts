/**
 * Reading and writing assessment bundles. Import goes through one door: JSON syntax, the zod schema,
 * then the cross-references between rule sets, groups, units, assessors and entries. The result is
 * either a bundle that the engine can score as is, or every problem with its place.
 */
import {
  compileRuleSet,
  type CompiledRuleSet,
  duplicateEntries,
  entryShape,
  validateEntry,
  checkRuleSet,
} from '../engine';
import { contentHash } from '../sync/contentHash';
import { clip, fromZodIssues, parseJsonText, quote, shortIssues, subPath, type ValidationIssue } from '../model/issues';
import { tooDeep } from '../model/jsonDepth';
import type { RuleSet } from '../model/ruleSet';
import type { Assessor, EntryRemoval, ScoreEntry, Unit } from '../model/entries';
import type { Appeal } from '../model/appeal';
import { BUNDLE_TYPE, BUNDLE_VERSION, bundleSchema, type Assessment, type Bundle } from '../model/assessment';
import { markChecked } from '../model/checkedBundle';
import { parsePackedBundle, serializePacked } from './bundlePacked';
import { entriesSurelyValid, type PackRun } from './bundleQuickCheck';
import { checkAppeals } from './bundleAppeals';

export type BundleParse = { ok: true; bundle: Bundle } | { ok: false; errors: ValidationIssue[] };

const q = quote;
const shortHash = (h: string) => `${h.slice(0, 15)}…`;

/** The hash an assessment pins: of the rule set as parsed (defaults filled), so file layout does not matter. */
export const ruleSetHash = (ruleSet: RuleSet): string => contentHash(ruleSet);

/** `onChecking` is told when the JSON is read and the checks begin (an import shows the stage). */
export function parseBundle(text: string, fileName: string, onChecking?: () => void): BundleParse {
  const parsed = parseUnmarked(text, fileName, onChecking);
  if (parsed.ok) markChecked(parsed.bundle);
  return parsed;
}

function parseUnmarked(text: string, fileName: string, onChecking?: () => void): BundleParse {
  const json = parseJsonText(text, fileName);
  if (!json.ok) return json;
  onChecking?.();
  const deep = tooDeep(json.value);
  if (deep) return { ok: false, errors: [deep] };
  // version 2 packs the entries per unit × assessor; version 1 (one list) is read as it always was
  const v = json.value;
  if (typeof v === 'object' && v !== null && !Array.isArray(v) && (v as { schemaVersion?: unknown }).schemaVersion === 2) {
    const packed = parsePackedBundle(v as Record<string, unknown>, checkPackedBundle);
    return packed.ok ? packed : { ok: false, errors: shortIssues(packed.errors) };
  }
  const quick = withWellFormedEntries(json.value);
  const parsed = quick ? { success: true as const, data: quick } : bundleSchema.safeParse(json.value, { reportInput: true });
  if (!parsed.success) return { ok: false, errors: shortIssues(fromZodIssues(parsed.error.issues)) };
  const errors = checkBundle(parsed.data);
  return errors.length > 0 ? { ok: false, errors: shortIssues(errors) } : { ok: true, bundle: parsed.data };
}

/**
 * The schema's result for a bundle whose entries are all well formed, with the entries checked by
 * entryShape (the schema's general walk over a hundred thousand entries takes about a second). Anything else
 * gives undefined, and the whole bundle goes through the schema, so the problems are reported exactly
 * as the schema reports them.
 */
function withWellFormedEntries(value: unknown): Bundle | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const raw = (value as { entries?: unknown }).entries;
  if (!Array.isArray(raw)) return undefined;
  const entries: ScoreEntry[] = [];
  for (const e of raw as unknown[]) {
    const shaped = entryShape(e);
    if (!shaped) return undefined;
    entries.push(shaped);
  }
  const rest = bundleSchema.safeParse({ ...value, entries: [] });
  return rest.success ? { ...rest.data, entries } : undefined;
}

/**
 * checkBundle for a bundle read from packs: when everything but the entries passes and the packs show
 * the entries are sound, the per-entry checks are skipped; otherwise the full checks name the problems.
 */
export function checkPackedBundle(b: Bundle, runs?: readonly PackRun[]): ValidationIssue[] {
  if (runs && checkBundle({ ...b, entries: [] }).length === 0 && entriesSurelyValid(b, runs) && appealTargetsSound(b)) return [];
  return checkBundle(b);
}

/** The one check between entries and other sections: appeals' targets against the entries they name. */
export function appealTargetsSound(b: Bundle): boolean {
  if (!b.appeals?.some((a) => a.targets.length > 0)) return true;
  return checkAppeals(b, new Map(b.units.map((u) => [u.id, u]))).length === 0;
}

/** Cross-checks of a bundle that passed the schema. */
export function checkBundle(b: Bundle): ValidationIssue[] {
  const errors: ValidationIssue[] = [];
  const err = (path: string, message: string) => errors.push({ path, message });

  // rule sets: each valid on its own, ids unique
  const ruleSets = new Map<string, { rs: RuleSet; index: number; valid: boolean }>();
  b.ruleSets.forEach((rs, i) => {
    const own = checkRuleSet(rs, subPath('ruleSets', i));
    errors.push(...own);
    const first = ruleSets.get(rs.id);
    if (first) err(subPath('ruleSets', i, 'id'), `规则集 id ${q(rs.id)} 重复（已用于 ruleSets[${first.index}]）`);
    else ruleSets.set(rs.id, { rs, index: i, valid: own.length === 0 });
  });

  // groups: pinned to a rule set by id and content hash
  const groups = new Map<string, { compiled: CompiledRuleSet | undefined; index: number }>();
  b.assessment.groups.forEach((g, i) => {
    const path = (...s: (string | number)[]) => subPath('assessment.groups', i, ...s);
    if (groups.has(g.key)) {
      err(path('key'), `分组 ${q(g.key)} 重复`);
      return;
    }
    const found = ruleSets.get(g.ruleSetId);
    let compiled: CompiledRuleSet | undefined;
    if (!found) {
      err(path('ruleSetId'), `找不到规则集 ${q(g.ruleSetId)}：应为 ${[...ruleSets.keys()].map(q).join('、')} 之一`);
    } else {
      const actual = ruleSetHash(found.rs);
      if (actual !== g.ruleSetHash) {
        err(
          path('ruleSetHash'),
          `本数据包是按另一版本的规则集评分的：分组 ${q(g.name)} 记录的规则集哈希为 ${shortHash(g.ruleSetHash)}，` +
            `而包内规则集 ${q(found.rs.id)}（版本 ${clip(found.rs.version)}）的哈希为 ${shortHash(actual)}`,
        );
      }
      if (found.rs.group.key !== g.key) {
        err(path('key'), `分组键 ${q(g.key)} 与规则集 ${q(found.rs.id)} 的分组 ${q(found.rs.group.key)} 不一致`);
      }
      // entries are only checked against a rule set that is itself sound
      if (found.valid) compiled = compileRuleSet(found.rs);
    }
    groups.set(g.key, { compiled, index: i });
  });
  const groupKeys = [...groups.keys()];

  // units
  const units = new Map<string, Unit>();
  b.units.forEach((u, i) => {
    const path = (...s: (string | number)[]) => subPath('units', i, ...s);
    if (units.has(u.id)) err(path('id'), `单位 id ${q(u.id)} 重复`);
    else units.set(u.id, u);
    const group = groups.get(u.group);
    if (!group) err(path('group'), `分组 ${q(u.group)} 不在本次考核中，应为 ${groupKeys.map(q).join('、')} 之一`);
    const rs = group?.compiled?.ruleSet;
    if (rs && u.unitClass !== undefined && !rs.unitClasses.some((c) => c.key === u.unitClass)) {
      const classes = rs.unitClasses.map((c) => q(c.key));
      err(path('unitClass'), `规则集 ${q(rs.id)} 没有单位类别 ${q(u.unitClass)}${classes.length ? `，应为 ${classes.join('、')} 之一` : ''}`);
    }
    const objectIds = new Set<string>();
    u.objects.forEach((o, j) => {
      if (objectIds.has(o.id)) err(path('objects', j, 'id'), `对象 id ${q(o.id)} 在本单位内重复`);
      objectIds.add(o.id);
    });
  });

  // assessors
  const assessors = new Set<string>();
  b.assessors.forEach((a, i) => {
    if (assessors.has(a.id)) err(subPath('assessors', i, 'id'), `考核人员 id ${q(a.id)} 重复`);
    assessors.add(a.id);
  });
  const only = b.scope.kind === 'assessor' ? b.scope.assessorId : undefined;
  if (only !== undefined && !assessors.has(only)) err('scope.assessorId', `未知的考核人员 ${q(only)}`);

  // removals: one per id, of an entry not also in the file, by an assessor of the file
  const removed = new Map<string, number>();
  (b.removals ?? []).forEach((r, i) => {
    const path = subPath('removals', i);
    const first = removed.get(r.id);
    if (first !== undefined) err(subPath(path, 'id'), `删除记录 id ${q(r.id)} 重复（已用于 ${subPath('removals', first)}）`);
    else removed.set(r.id, i);
    if (!units.has(r.unitId)) err(subPath(path, 'unitId'), `未知的单位 ${q(r.unitId)}`);
    if (!assessors.has(r.assessorId)) err(subPath(path, 'assessorId'), `未知的考核人员 ${q(r.assessorId)}`);
    else if (only !== undefined && r.assessorId !== only) {
      err(subPath(path, 'assessorId'), `本数据包只含考核人员 ${q(only)} 的记录，实际为 ${q(r.assessorId)}`);
    }
  });

  errors.push(...checkAppeals(b, units));

  // entries
  errors.push(...duplicateEntries(b.entries, 'entries'));
  b.entries.forEach((e, i) => {
    const r = removed.get(e.id);
    if (r !== undefined) err(subPath('entries', i, 'id'), `记录 id ${q(e.id)} 同时列为已删除（${subPath('removals', r)}）`);
  });
  b.entries.forEach((e, i) => {
    const path = subPath('entries', i);
    if (!assessors.has(e.assessorId)) err(subPath(path, 'assessorId'), `未知的考核人员 ${q(e.assessorId)}`);
    else if (only !== undefined && e.assessorId !== only) {
      err(subPath(path, 'assessorId'), `本数据包只含考核人员 ${q(only)} 的记录，实际为 ${q(e.assessorId)}`);
    }
    const unit = units.get(e.unitId);
    if (!unit) {
      err(subPath(path, 'unitId'), `未知的单位 ${q(e.unitId)}`);
      return;
    }
    const compiled = groups.get(unit.group)?.compiled;
    if (compiled) errors.push(...validateEntry(compiled, unit, e, path));
  });
  return errors;
}

/** The file text, always in the current version (2) whatever version the bundle was read from. */
export function serializeBundle(bundle: Bundle): string {
  return serializePacked(bundle);
}

export interface BundleParts {
  assessment: Omit<Assessment, 'groups'>;
  ruleSets: RuleSet[];
  units: Unit[];
  assessors: Assessor[];
  entries: ScoreEntry[];
  exportedAt: string;
  exportedBy?: string;
  /** defaults to the whole assessment */
  assessorId?: string;
  removals?: EntryRemoval[];
  appeals?: Appeal[];
}

/** A bundle whose groups are the rule sets' groups, each pinned by the rule set's hash. */
export function makeBundle(p: BundleParts): Bundle {
  return {
    type: BUNDLE_TYPE,
    schemaVersion: BUNDLE_VERSION,
    exportedAt: p.exportedAt,
    ...(p.exportedBy === undefined ? {} : { exportedBy: p.exportedBy }),
    scope: p.assessorId === undefined ? { kind: 'full' } : { kind: 'assessor', assessorId: p.assessorId },
    assessment: {
      ...p.assessment,
      groups: p.ruleSets.map((rs) => ({
        key: rs.group.key,
        name: rs.group.name,
        ruleSetId: rs.id,
        ruleSetHash: ruleSetHash(rs),
      })),
    },
    ruleSets: p.ruleSets,
    units: p.units,
    assessors: p.assessors,
    entries: p.entries,
    ...(p.removals && p.removals.length > 0 && { removals: p.removals }),
    ...(p.appeals && p.appeals.length > 0 && { appeals: p.appeals }),
  };
}
