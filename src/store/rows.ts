/**
 * Rows ↔ entities. Reading goes through the same zod schemas as every other way data comes in, so a
 * damaged row is reported with its place instead of reaching the engine.
 */
import type * as z from 'zod';
import { zodIssuesAt } from '../model/issues';
import { assessment as assessmentSchema } from '../model/assessment';
import { ruleSetSchema, type RuleSet } from '../model/ruleSet';
import { assessor, entryRemoval, scoreEntry, unit, type Assessor, type EntryRemoval, type ScoreEntry, type Unit, type UnitObject } from '../model/entries';
import { entryShape } from '../engine';
import { CorruptDataError } from './errors';
import { appeal as appealSchema, type Appeal } from '../model/appeal';
import type { AppealRow, AssessmentRow, AssessorRow, EntryPackRow, RemovalRow, RuleSetRow, UnitRow } from './schema';

export function withoutAssessment<T extends { assessmentId: string }>(row: T): Omit<T, 'assessmentId'> {
  const { assessmentId: _a, ...rest } = row;
  return rest;
}

/**
 * `fast` may answer for a well-formed row as the schema would; undefined sends the row (as `entity`
 * makes it) to the schema, which names the problem.
 */
function parseRows<R, T>(
  schema: z.ZodType<T>,
  rows: readonly R[],
  table: string,
  keyOf: (i: number) => string,
  entity: (row: R) => unknown = (row) => row,
  fast?: (row: R) => T | undefined,
): T[] {
  const issues: { path: string; message: string }[] = [];
  const out: T[] = [];
  rows.forEach((row, i) => {
    const quick = fast?.(row);
    if (quick !== undefined) {
      out.push(quick);
      return;
    }
    const r = schema.safeParse(entity(row), { reportInput: true });
    if (r.success) out.push(r.data);
    else issues.push(...zodIssuesAt(`${table}[${keyOf(i)}]`, r.error.issues));
  });
  if (issues.length > 0) throw new CorruptDataError(issues);
  return out;
}

const byId = <T extends { id: string }>(a: T, b: T) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

const UNIT_KEYS = new Set(['id', 'name', 'shortName', 'group', 'unitClass', 'objects']);
const OBJECT_KEYS = new Set(['id', 'name', 'kind', 'url']);
const text = (v: unknown, max = Infinity): v is string => typeof v === 'string' && v.length >= 1 && v.length <= max;

/** A plain record whose keys are all among `keys`, none of them set to undefined; else null. */
function record(x: unknown, keys: ReadonlySet<string>): Record<string, unknown> | null {
  if (x === null || typeof x !== 'object' || Array.isArray(x)) return null;
  const r = x as Record<string, unknown>;
  for (const k of Object.keys(r)) if (!keys.has(k) || r[k] === undefined) return null;
  return r;
}

function unitObjectShape(x: unknown): UnitObject | undefined {
  const r = record(x, OBJECT_KEYS);
  if (!r || !text(r.id, 200) || !text(r.name) || !text(r.kind) || (r.url !== undefined && typeof r.url !== 'string')) return undefined;
  return (r.url === undefined ? { id: r.id, name: r.name, kind: r.kind } : { id: r.id, name: r.name, kind: r.kind, url: r.url }) as UnitObject;
}

/**
 * A well-formed unit as the schema gives it (its fields in the schema's order, `objects` always there),
 * or undefined for anything else, which the schema then reads and names the problem of. A nation's
 * 3,000 units are read at every start: through the schema that took about 40 ms of the first draw.
 */
export function unitShape(x: unknown): Unit | undefined {
  const r = record(x, UNIT_KEYS);
  if (!r || !text(r.id, 200) || !text(r.name) || !text(r.group)) return undefined;
  if ((r.shortName !== undefined && typeof r.shortName !== 'string') || (r.unitClass !== undefined && typeof r.unitClass !== 'string')) return undefined;
  if (r.objects !== undefined && !Array.isArray(r.objects)) return undefined;
  const objects: UnitObject[] = [];
  for (const o of (r.objects as unknown[] | undefined) ?? []) {
    const shaped = unitObjectShape(o);
    if (!shaped) return undefined;
    objects.push(shaped);
  }
  const out: Record<string, unknown> = { id: r.id, name: r.name };
  if (r.shortName !== undefined) out.shortName = r.shortName;
  out.group = r.group;
  if (r.unitClass !== undefined) out.unitClass = r.unitClass;
  out.objects = objects;
  return out as Unit;
}

export function unitsFromRows(rows: readonly UnitRow[]): Unit[] {
  const sorted = [...rows].sort(byId);
  return parseRows(unit, sorted.map(withoutAssessment), 'units', (i) => sorted[i]!.id, undefined, unitShape);
}

export function assessorsFromRows(rows: readonly AssessorRow[]): Assessor[] {
  const sorted = [...rows].sort(byId);
  return parseRows(assessor, sorted.map(withoutAssessment), 'assessors', (i) => sorted[i]!.id);
}

export function removalsFromRows(rows: readonly RemovalRow[]): EntryRemoval[] {
  const sorted = [...rows].sort(byId);
  return parseRows(entryRemoval, sorted.map(withoutAssessment), 'removals', (i) => sorted[i]!.id);
}

/**
 * Entries are many (a hundred thousand at nation scale): well-formed ones skip the general schema
 * walk. Packs hold them by unit and assessor; the engine and the bundle get them in id order.
 */
export function entriesFromPacks(packs: readonly EntryPackRow[]): ScoreEntry[] {
  const all: unknown[] = [];
  for (const p of packs) for (const e of p.entries) all.push(e);
  const idOf = (e: unknown) => String((e as { id?: unknown } | null)?.id);
  // a pack is stored sorted (packs.ts): checking is one pass, where sorting a nation's packs again took a second
  if (!sortedByIds(all, idOf)) all.sort((a, b) => compareIds(idOf(a), idOf(b)));
  return parseRows(scoreEntry, all, 'entries', (i) => idOf(all[i]), (e) => e, (e) => entryShape(e));
}

export function ruleSetsFromRows(rows: readonly RuleSetRow[]): RuleSet[] {
  return parseRows(ruleSetSchema, rows.map((r) => r.ruleSet), 'ruleSets', (i) => rows[i]!.hash);
}

/** The assessment as the bundle format carries it (no local bookkeeping). */
export function assessmentOfRow(row: AssessmentRow) {
  const { createdAt: _c, lockedAt: _l, pastYear: _p, ...rest } = row;
  return parseRows(assessmentSchema, [rest], 'assessments', () => row.id)[0]!;
}

export const compareIds = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function sortedByIds(xs: readonly unknown[], idOf: (x: unknown) => string): boolean {
  for (let i = 1; i < xs.length; i++) if (compareIds(idOf(xs[i - 1]), idOf(xs[i])) > 0) return false;
  return true;
}

/** Stored appeals through the same schema as a bundle's, so a damaged row is named rather than shown. */
export function appealsFromRows(rows: readonly AppealRow[]): Appeal[] {
  const sorted = [...rows].sort(byId);
  return parseRows(appealSchema, sorted.map(withoutAssessment), 'appeals', (i) => sorted[i]!.id);
}
