/**
 * Checks score entries against the rule set they are scored with: the unit, the node, the value's
 * range and step (exact arithmetic, never a float compare), check points, objects and vetoes.
 * Used on import and by the entry grid on each edit.
 */
import type { CompiledRuleSet } from '../rules/compile';
import * as X from '../arith/exact';
import { quote, subPath, type ValidationIssue } from '../../model/issues';
import type { Leaf, RuleNode, Veto } from '../../model/ruleSet';
import type { ScoreEntry, Unit } from '../../model/entries';
import { cellEntryId } from '../../model/cellId';

const q = quote;
const list = (xs: readonly string[]) => (xs.length === 0 ? '（无）' : xs.join('、'));

/** Entries of one rule set's units. Paths are `entries[i].field` (`basePath` replaces `entries`). */
export function validateEntries(
  c: CompiledRuleSet,
  units: readonly Unit[],
  entries: readonly ScoreEntry[],
  basePath = 'entries',
): ValidationIssue[] {
  const byId = new Map(units.map((u) => [u.id, u]));
  const errors = duplicateEntries(entries, basePath);
  entries.forEach((e, i) => errors.push(...validateEntry(c, byId.get(e.unitId), e, subPath(basePath, i))));
  return errors;
}

/** Entry ids are unique, and one assessor has one entry per unit × node × object. */
export function duplicateEntries(entries: readonly ScoreEntry[], basePath = 'entries'): ValidationIssue[] {
  const errors: ValidationIssue[] = [];
  const ids = new Map<string, number>();
  // cells by unit, then assessor, then node: short keys as they are, where one joined key per entry
  // would be built and hashed for each of a nation's million entries; per-object entries are few and
  // keep the joined key
  const cells = new Map<string, Map<string, Map<string, number>>>();
  const objectCells = new Map<string, number>();
  entries.forEach((e, i) => {
    const firstId = ids.get(e.id);
    if (firstId !== undefined) errors.push({ path: subPath(basePath, i, 'id'), message: `记录 id ${q(e.id)} 重复（已用于 ${subPath(basePath, firstId)}）` });
    else ids.set(e.id, i);
    let byNode = objectCells;
    let cell: string;
    if (e.objectId === undefined) {
      let byAssessor = cells.get(e.unitId);
      if (!byAssessor) cells.set(e.unitId, (byAssessor = new Map()));
      const known = byAssessor.get(e.assessorId);
      if (known) byNode = known;
      else byAssessor.set(e.assessorId, (byNode = new Map()));
      cell = e.node;
    } else cell = cellKey(e);
    const firstCell = byNode.get(cell);
    if (firstCell !== undefined) {
      errors.push({
        path: subPath(basePath, i),
        message: `与 ${subPath(basePath, firstCell)} 重复：同一考核人员对同一单位、指标${e.objectId ? '、对象' : ''}只能有一条记录`,
      });
    } else byNode.set(cell, i);
  });
  return errors;
}

/** unit × node × assessor × object as one string; each part is length-prefixed, so no two cells share it */
const cellKey = (e: ScoreEntry): string => {
  const o = e.objectId === undefined ? '-' : `${e.objectId.length}:${e.objectId}`;
  return `${e.unitId.length}:${e.unitId}|${e.node.length}:${e.node}|${e.assessorId.length}:${e.assessorId}|${o}`;
};

/** One entry. `basePath` is where the entry sits (`entries[3]`); empty gives bare field names. */
export function validateEntry(
  c: CompiledRuleSet,
  unit: Unit | undefined,
  entry: ScoreEntry,
  basePath = '',
): ValidationIssue[] {
  const errors: ValidationIssue[] = [];
  const at = (...s: (string | number)[]) => subPath(basePath, ...s);
  const err = (path: string, message: string) => errors.push({ path, message });
  const rs = c.ruleSet;

  if (!unit || unit.id !== entry.unitId) {
    err(at('unitId'), `未知的单位 ${q(entry.unitId)}`);
    return errors;
  }
  if (unit.group !== rs.group.key) {
    err(at('unitId'), `单位 ${q(unit.name)} 属于分组 ${q(unit.group)}，不适用规则集 ${q(rs.name)}（分组 ${q(rs.group.key)}）`);
    return errors;
  }

  const node = c.byKey.get(entry.node);
  const veto = rs.vetoes.find((v) => v.key === entry.node);
  if (!node && !veto) {
    const computed = rs.thresholds.some((t) => t.key === entry.node);
    err(
      at('node'),
      computed
        ? `${q(entry.node)} 是按得分自动判定的阈值，不能录入`
        : `未知的指标 ${q(entry.node)}：应为规则集 ${q(rs.name)} 的末级指标或否决项的键`,
    );
    return errors;
  }

  if (veto) {
    checkObject(unit, entry, veto.scope === undefined ? undefined : c.byKey.get(veto.scope), false, at, err);
    if (!entry.notApplicable) checkVeto(veto, entry, at, err);
    return errors;
  }

  const n = node as RuleNode;
  const scope = c.objectScopeOf(n.key);
  checkObject(unit, entry, scope, entry.notApplicable === true && n === scope, at, err);
  if (entry.notApplicable) return errors; // any node may be marked not applicable; nothing else to check

  const excludedBy = classExclusion(c, unit, n.key);
  if (excludedBy) err(at('node'), `指标 ${q(n.name)} 不适用于单位类别 ${q(excludedBy)}（该类别排除了 ${q(n.key)} 或其上级）`);
  if (n.type === 'group') {
    err(at('node'), `${q(n.key)} 是分组，分数应录入到它的末级指标；分组只能标记为不适用（notApplicable）`);
    return errors;
  }
  checkLeaf(c, n, entry, at, err);
  return errors;
}

type At = (...s: (string | number)[]) => string;

/** The exact value of an entered number, or undefined when it has more digits than exact.ts can hold. */
function exact(x: number): X.Q | undefined {
  try {
    return X.dec(x);
  } catch {
    return undefined;
  }
}

function onStep(v: X.Q, step: number): boolean {
  const s = exact(step);
  if (s === undefined) return false;
  try {
    return X.isMultipleOf(v, s);
  } catch {
    return false; // too fine to be on any step a person enters
  }
}
type Report = (path: string, message: string) => void;

const TYPE_WORDS: Record<Leaf['type'], string> = {
  points: '打分',
  bonus: '加分',
  ratio: '比率',
  checklist: '检查清单',
  deduction: '扣分',
  penalty: '扣分项',
};

/** Which entry field each kind of node uses; the others are mistakes (a value on a checklist…). */
const FIELDS: Record<Leaf['type'] | 'veto', readonly ('value' | 'checks' | 'findings' | 'triggered')[]> = {
  points: ['value'],
  bonus: ['value'],
  ratio: ['value'],
  checklist: ['checks'],
  deduction: ['findings'],
  penalty: ['findings'],
  veto: ['triggered'],
};

function unusedFields(kind: Leaf['type'] | 'veto', entry: ScoreEntry, at: At, err: Report) {
  const word = kind === 'veto' ? '否决项' : `${TYPE_WORDS[kind]}类指标`;
  for (const f of ['value', 'checks', 'findings', 'triggered'] as const) {
    if (entry[f] !== undefined && !FIELDS[kind].includes(f)) err(at(f), `${word}不使用 ${f}（应填写 ${FIELDS[kind].join('、')}）`);
  }
}

function checkVeto(veto: Veto, entry: ScoreEntry, at: At, err: Report) {
  if (entry.triggered === undefined) err(at('triggered'), `缺少必填字段（否决项 ${q(veto.name)} 应填写 triggered：true 或 false）`);
  unusedFields('veto', entry, at, err);
}

function checkLeaf(c: CompiledRuleSet, leaf: Leaf, entry: ScoreEntry, at: At, err: Report) {
  unusedFields(leaf.type, entry, at, err);
  switch (leaf.type) {
    case 'points':
    case 'bonus': {
      const step = leaf.step ?? c.ruleSet.precision.step;
      const range = `应在 0–${leaf.max} 之间，步长 ${step}`;
      if (entry.value === undefined) {
        err(at('value'), `缺少必填字段（${range}）`);
        return;
      }
      // a value with more digits than exact.ts holds (0.1 + 0.2 computed somewhere) is on no step
      const v = exact(entry.value);
      if (v ? X.lt(v, X.ZERO) : entry.value < 0) err(at('value'), `${entry.value} 低于 0（${range}）`);
      else if (v ? X.gt(v, X.dec(leaf.max)) : entry.value > leaf.max) err(at('value'), `${entry.value} 超出满分 ${leaf.max}（${range}）`);
      else if (!v || !onStep(v, step)) err(at('value'), `${entry.value} 不是步长 ${step} 的整数倍（${range}）`);
      return;
    }
    case 'ratio': {
      const range = `应为 0–100 之间的百分数${leaf.measure ? `：${leaf.measure}` : ''}`;
      if (entry.value === undefined) err(at('value'), `缺少必填字段（${range}）`);
      else if (entry.value < 0 || entry.value > 100) err(at('value'), `${entry.value} 超出范围（${range}）`);
      else if (exact(entry.value) === undefined) err(at('value'), `${entry.value} 的小数位数过多，无法精确计分（${range}）`);
      return;
    }
    case 'checklist': {
      const keys = leaf.items.map((i) => i.key);
      if (entry.checks === undefined) {
        err(at('checks'), `缺少必填字段（检查项：${list(keys)}）`);
        return;
      }
      for (const k of Object.keys(entry.checks)) {
        if (!keys.includes(k)) err(at('checks', k), `检查项 ${q(k)} 不存在，应为 ${list(keys)} 之一`);
      }
      return;
    }
    case 'deduction':
    case 'penalty': {
      const cps = leaf.checkpoints ?? [];
      const ids = new Set<string>();
      entry.findings?.forEach((f, i) => {
        if (ids.has(f.id)) err(at('findings', i, 'id'), `问题 id ${q(f.id)} 在本记录内重复`);
        ids.add(f.id);
        if (f.points !== undefined && exact(f.points) === undefined) {
          err(at('findings', i, 'points'), `扣分 ${f.points} 的小数位数过多，无法精确计分`);
        }
        if (f.checkpoint !== undefined) {
          if (!cps.some((cp) => cp.key === f.checkpoint)) {
            err(at('findings', i, 'checkpoint'), `检查点 ${q(f.checkpoint)} 不存在，应为 ${list(cps.map((cp) => cp.key))} 之一`);
          }
        } else if (f.points === undefined && leaf.perFinding === undefined) {
          err(at('findings', i, 'points'), `缺少扣分：指标 ${q(leaf.name)} 未规定每处扣分（perFinding），问题应指明检查点（checkpoint）或扣分（points）`);
        }
      });
      return;
    }
  }
}

/**
 * objectId is required exactly when the node is scored per object, and must name one of the unit's
 * objects of that kind. `wholeScope`: a not-applicable mark on the per-object group itself may leave
 * objectId out (the unit has no such object at all).
 */
function checkObject(
  unit: Unit,
  entry: ScoreEntry,
  scope: RuleNode | undefined,
  wholeScope: boolean,
  at: At,
  err: Report,
) {
  const kind = scope?.type === 'group' ? scope.perObject?.kind : undefined;
  if (kind === undefined) {
    if (entry.objectId !== undefined) err(at('objectId'), `${q(entry.node)} 不按对象评分，不应填写 objectId`);
    return;
  }
  const allowed = unit.objects.filter((o) => o.kind === kind).map((o) => o.id);
  const choices = `单位 ${q(unit.name)} 的 ${kind} 类对象：${list(allowed)}`;
  if (entry.objectId === undefined) {
    if (!wholeScope) err(at('objectId'), `缺少必填字段（${q(entry.node)} 按对象逐个评分，应为${choices}）`);
  } else if (!allowed.includes(entry.objectId)) {
    err(at('objectId'), `未知的对象 ${q(entry.objectId)}，应为${choices}`);
  }
}

/** The unit class that excludes this node or one of its ancestors, if any. */
function classExclusion(c: CompiledRuleSet, unit: Unit, key: string): string | undefined {
  if (unit.unitClass === undefined) return undefined;
  const cls = c.ruleSet.unitClasses.find((u) => u.key === unit.unitClass);
  if (!cls) return undefined;
  for (let k: string | undefined = key; k !== undefined; k = c.parent.get(k)) {
    if (cls.excludes.includes(k)) return cls.name;
  }
  return undefined;
}

/*
 * The score entry schema's answer for a well-formed entry, without the schema: a bundle or a database
 * read carries a hundred thousand entries, and the schema's general walk costs more than all the rest
 * of the read. `entryShape` accepts only what `scoreEntry` accepts and returns what it returns (the same
 * fields in the schema's order, defaults filled); anything else (an unknown field, a wrong type, a field
 * present but undefined) gives undefined, and the caller asks the schema, which names the problem.
 */
const ENTRY_FIELDS = [
  'id', 'unitId', 'node', 'assessorId', 'objectId', 'value', 'checks', 'findings',
  'triggered', 'notApplicable', 'note', 'rev', 'updatedAt', 'updatedBy',
] as const;
const FINDING_FIELDS = ['id', 'checkpoint', 'count', 'points', 'reason', 'evidence'] as const;
const ENTRY_KEYS: ReadonlySet<string> = new Set(ENTRY_FIELDS);
const FINDING_KEYS: ReadonlySet<string> = new Set(FINDING_FIELDS);
/** row fields the caller strips (the database's owner column), never copied */
type Skip = string | undefined;

const isRecord = (x: unknown): x is Record<string, unknown> => {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) return false;
  const proto = Object.getPrototypeOf(x) as unknown;
  return proto === Object.prototype || proto === null;
};
const isId = (x: unknown) => typeof x === 'string' && x.length >= 1 && x.length <= 200;
const isText = (x: unknown) => typeof x === 'string';
const isFilled = (x: unknown) => typeof x === 'string' && x.length >= 1;
const isBool = (x: unknown) => typeof x === 'boolean';
const isFinite = (x: unknown) => typeof x === 'number' && Number.isFinite(x);

/** Own enumerable string keys only, each one known, none holding undefined. */
function knownKeys(x: Record<string, unknown>, known: ReadonlySet<string>, skip: Skip): number {
  let n = 0;
  for (const k in x) {
    if (!Object.prototype.hasOwnProperty.call(x, k)) return -1;
    if (k === skip) continue;
    if (x[k] === undefined || !known.has(k)) return -1;
    n++;
  }
  return Object.getOwnPropertySymbols(x).length === 0 ? n : -1;
}

/** The finding schema accepts `x` (checkpoint, count, points, reason, evidence as it types them). */
function findingFits(x: unknown): x is Record<string, unknown> {
  if (!isRecord(x) || knownKeys(x, FINDING_KEYS, undefined) < 0) return false;
  if (!isId(x.id) || !isFilled(x.reason)) return false;
  if (x.checkpoint !== undefined && !isText(x.checkpoint)) return false;
  if (x.count !== undefined && !(Number.isSafeInteger(x.count) && (x.count as number) > 0)) return false;
  if (x.points !== undefined && !(isFinite(x.points) && (x.points as number) > 0)) return false;
  if (x.evidence !== undefined && !isText(x.evidence)) return false;
  return true;
}

function findingShape(x: Record<string, unknown>): Record<string, unknown> {
  // the common finding as one literal: its fields sit in the object itself, with no second array for them
  if (x.checkpoint === undefined && x.points === undefined && x.evidence === undefined) return { id: x.id, count: x.count ?? 1, reason: x.reason };
  // field by field in FINDING_FIELDS order: fixed property names build one object shape, a keyed loop does not
  const out: Record<string, unknown> = { id: x.id };
  if (x.checkpoint !== undefined) out.checkpoint = x.checkpoint;
  out.count = x.count ?? 1;
  if (x.points !== undefined) out.points = x.points;
  out.reason = x.reason;
  if (x.evidence !== undefined) out.evidence = x.evidence;
  return out;
}

type Cell = { unitId: string; assessorId: string };

/**
 * The score entry schema accepts `x` (with `skip` ignored, and the unit and assessor from `cell`):
 * its id, unit and assessor as the entry will have them, or undefined.
 */
function entryFits(x: unknown, skip: Skip, cell: Cell | undefined): { x: Record<string, unknown>; id: unknown; unitId: unknown; assessorId: unknown } | undefined {
  if (!isRecord(x) || knownKeys(x, ENTRY_KEYS, skip) < 0) return undefined;
  let id = x.id;
  let unitId = x.unitId;
  let assessorId = x.assessorId;
  if (cell) {
    if (unitId !== undefined || assessorId !== undefined || !isFilled(x.node)) return undefined;
    ({ unitId, assessorId } = cell);
    if (id === undefined) id = cellEntryId({ unitId: cell.unitId, node: x.node as string, assessorId: cell.assessorId, objectId: x.objectId as string | undefined });
  }
  if (!isId(id) || !isId(unitId) || !isFilled(x.node) || !isId(assessorId)) return undefined;
  if (x.objectId !== undefined && !isText(x.objectId)) return undefined;
  if (x.value !== undefined && !isFinite(x.value)) return undefined;
  if (x.triggered !== undefined && !isBool(x.triggered)) return undefined;
  if (x.notApplicable !== undefined && !isBool(x.notApplicable)) return undefined;
  if (x.note !== undefined && !isText(x.note)) return undefined;
  if (x.updatedAt !== undefined && !isText(x.updatedAt)) return undefined;
  if (x.updatedBy !== undefined && !isText(x.updatedBy)) return undefined;
  if (x.rev !== undefined && !(Number.isSafeInteger(x.rev) && (x.rev as number) >= 0)) return undefined;
  if (x.checks !== undefined) {
    if (!isRecord(x.checks) || Object.getOwnPropertySymbols(x.checks).length > 0) return undefined;
    for (const k in x.checks) {
      if (k === '__proto__' || !Object.prototype.hasOwnProperty.call(x.checks, k) || !isBool(x.checks[k])) return undefined;
    }
  }
  if (x.findings !== undefined) {
    if (!Array.isArray(x.findings)) return undefined;
    for (const f of x.findings as unknown[]) if (!findingFits(f)) return undefined;
  }
  return { x, id, unitId, assessorId };
}

/**
 * `skip` names one extra field to ignore (a database row's `assessmentId`). `cell` gives the unit and
 * assessor of an entry that leaves them out (a bundle's pack holds them): such an entry may not name
 * them itself, and its id is the cell's own unless it gives another.
 */
export function entryShape(input: unknown, skip?: string, cell?: Cell): ScoreEntry | undefined {
  const fit = entryFits(input, skip, cell);
  if (!fit) return undefined;
  const { x, id, unitId, assessorId } = fit;
  let checks: Record<string, boolean> | undefined;
  if (x.checks !== undefined) {
    checks = {};
    const from = x.checks as Record<string, boolean>;
    for (const k in from) checks[k] = from[k]!;
  }
  const findings = x.findings === undefined ? undefined : (x.findings as Record<string, unknown>[]).map(findingShape);
  // a value or findings and nothing else, the bulk of a nation's file, as one literal (see findingShape)
  const rev = x.rev ?? 1;
  if (x.objectId === undefined && !checks && x.triggered === undefined && x.notApplicable === undefined && x.note === undefined && x.updatedAt === undefined && x.updatedBy === undefined) {
    if (!findings && x.value !== undefined) return { id, unitId, node: x.node, assessorId, value: x.value, rev } as ScoreEntry;
    if (findings && x.value === undefined) return { id, unitId, node: x.node, assessorId, findings, rev } as ScoreEntry;
  }
  // field by field in ENTRY_FIELDS order (see findingShape)
  const out: Record<string, unknown> = { id, unitId, node: x.node, assessorId };
  if (x.objectId !== undefined) out.objectId = x.objectId;
  if (x.value !== undefined) out.value = x.value;
  if (checks) out.checks = checks;
  if (findings) out.findings = findings;
  if (x.triggered !== undefined) out.triggered = x.triggered;
  if (x.notApplicable !== undefined) out.notApplicable = x.notApplicable;
  if (x.note !== undefined) out.note = x.note;
  out.rev = rev;
  if (x.updatedAt !== undefined) out.updatedAt = x.updatedAt;
  if (x.updatedBy !== undefined) out.updatedBy = x.updatedBy;
  return out as ScoreEntry;
}

/**
 * entryShape(x, undefined, cell) for an object read from a file and used nowhere else: accepts exactly
 * the same, but completes `x` itself (unit, assessor, id, the defaults of rev and each finding's count)
 * instead of copying it, so a nation's million entries are not held twice while a file is read. The
 * fields end in another order than entryShape's; nothing reads entries by their order.
 */
export function adoptEntry(input: unknown, cell: Cell): ScoreEntry | undefined {
  const fit = entryFits(input, undefined, cell);
  if (!fit) return undefined;
  const { x, id } = fit;
  x.id = id;
  x.unitId = cell.unitId;
  x.assessorId = cell.assessorId;
  if (x.rev === undefined) x.rev = 1;
  if (x.findings !== undefined) for (const f of x.findings as Record<string, unknown>[]) if (f.count === undefined) f.count = 1;
  return x as ScoreEntry;
}
