/**
 * The one door for rule files: JSON text → zod → cross-references. Every problem comes back as
 * `{ path, message }` so an editor can point at the field; nothing is thrown for bad input.
 */
import { compileRuleSet } from '../rules/compile';
import * as X from '../arith/exact';
import { fromZodIssues, parseJsonText, quote, shortIssues, subPath, type ValidationIssue } from '../../model/issues';
import { tooDeep } from '../../model/jsonDepth';
import { ruleSetWarnings, type RuleWarning } from './ruleWarnings';
import { ruleSetSchema, type Effect, type RuleNode, type RuleSet, type Tier } from '../../model/ruleSet';

/** A usable rule set comes with its warnings (shown, never blocking); an unusable one with its errors. */
export type RuleSetParse = { ok: true; ruleSet: RuleSet; warnings: RuleWarning[] } | { ok: false; errors: ValidationIssue[] };

export function parseRuleSet(json: unknown): RuleSetParse {
  const deep = tooDeep(json);
  if (deep) return { ok: false, errors: [deep] };
  const parsed = ruleSetSchema.safeParse(json, { reportInput: true });
  if (!parsed.success) return { ok: false, errors: shortIssues(fromZodIssues(parsed.error.issues)) };
  const errors = checkRuleSet(parsed.data);
  return errors.length > 0 ? { ok: false, errors: shortIssues(errors) } : { ok: true, ruleSet: parsed.data, warnings: ruleSetWarnings(parsed.data) };
}

export function parseRuleSetText(text: string, fileName: string): RuleSetParse {
  const json = parseJsonText(text, fileName);
  return json.ok ? parseRuleSet(json.value) : json;
}

interface Placed {
  node: RuleNode;
  path: string;
  parent: Placed | undefined;
}

const q = quote;

/** Decimals needed to write a decimal step exactly: 0.5 → 1, 0.25 → 2, 1 → 0. */
function decimalsOf(x: number): number {
  const d = X.dec(x).d;
  let k = 0;
  while (k < 15 && 10 ** k % d !== 0) k++;
  return k;
}

/**
 * Cross-checks of a rule set that already passed the zod schema. `base` prefixes every path (a rule
 * set inside a bundle is at `ruleSets[0]`).
 */
export function checkRuleSet(rs: RuleSet, base = ''): ValidationIssue[] {
  const errors: ValidationIssue[] = [];
  const at = (...segments: (string | number)[]) => subPath(base, ...segments);
  const err = (path: string, message: string) => errors.push({ path, message });

  // the engine computes with exact fractions: a number it cannot hold exactly would throw later
  inexactNumbers(rs, base, err);
  if (errors.length > 0) return errors;

  // ---- the tree: unique keys and per-node rules ----
  const nodes = new Map<string, Placed>();
  const walk = (node: RuleNode, path: string, parent: Placed | undefined, perObject: Placed | undefined) => {
    const placed: Placed = { node, path, parent };
    const first = nodes.get(node.key);
    if (first) err(subPath(path, 'key'), `键 ${q(node.key)} 重复（已用于 ${first.path}）`);
    else nodes.set(node.key, placed);
    checkLeafOrGroup(node, path, rs, err);
    if (node.type !== 'group') return;
    let scope = perObject;
    if (node.perObject) {
      if (perObject) {
        err(subPath(path, 'perObject'), `按对象评分的分组不能嵌套：已在 ${q(perObject.node.key)}（${perObject.path}）之内`);
      } else scope = placed;
    }
    node.children.forEach((c, i) => walk(c, subPath(path, 'children', i), placed, scope));
  };
  walk(rs.root, at('root'), undefined, undefined);

  const exists = (key: string, path: string, what: string) => {
    if (!nodes.has(key)) err(path, `${what}引用的节点 ${q(key)} 不存在`);
  };

  // ---- vetoes and thresholds share the namespace of node keys (entries name them in `node`) ----
  const extraKeys = new Map<string, string>();
  const claim = (key: string, path: string) => {
    const node = nodes.get(key);
    const other = extraKeys.get(key);
    if (node) err(subPath(path, 'key'), `键 ${q(key)} 与节点 ${node.path} 的键重复`);
    else if (other) err(subPath(path, 'key'), `键 ${q(key)} 重复（已用于 ${other}）`);
    else extraKeys.set(key, path);
  };
  const tierKeys = new Set(rs.tiers.map((t) => t.key));
  const lastTier = rs.tiers[rs.tiers.length - 1];
  const checkEffect = (effect: Effect, path: string) => {
    if (effect.type === 'zeroNode') exists(effect.node, subPath(path, 'node'), '效果');
    if (effect.type === 'barTier') {
      if (!tierKeys.has(effect.tier)) err(subPath(path, 'tier'), `等次 ${q(effect.tier)} 不存在，应为 ${[...tierKeys].join('、')} 之一`);
      else if (lastTier && effect.tier === lastTier.key) {
        err(subPath(path, 'tier'), `不能禁止最后一个（兜底）等次 ${q(effect.tier)}：单位将无等次可归`);
      }
    }
  };
  const checkEffects = (v: { effect?: Effect | undefined; effects?: Effect[] | undefined }, path: string) => {
    if (v.effect) checkEffect(v.effect, subPath(path, 'effect'));
    v.effects?.forEach((e, k) => checkEffect(e, subPath(path, 'effects', k)));
  };
  rs.vetoes.forEach((v, i) => {
    const path = at('vetoes', i);
    claim(v.key, path);
    if (v.scope !== undefined) {
      const target = nodes.get(v.scope)?.node;
      if (!target) exists(v.scope, subPath(path, 'scope'), '否决范围');
      else if (target.type !== 'group' || !target.perObject) {
        err(subPath(path, 'scope'), `否决范围应为按对象评分的分组（带 perObject），${q(v.scope)} 不是`);
      }
    }
    checkEffects(v, path);
  });
  rs.thresholds.forEach((t, i) => {
    const path = at('thresholds', i);
    claim(t.key, path);
    exists(t.node, subPath(path, 'node'), '阈值');
    checkEffects(t, path);
  });

  checkGates(nodes, err);

  // ---- references from the rest of the file ----
  const seenIndicators = new Set<string>();
  rs.indicators?.forEach((k, i) => {
    exists(k, at('indicators', i), '一级指标');
    if (seenIndicators.has(k)) err(at('indicators', i), `一级指标 ${q(k)} 重复`);
    seenIndicators.add(k);
  });
  rs.tieBreak.forEach((t, i) => exists(t.node, at('tieBreak', i, 'node'), '并列排序'));
  const classKeys = new Set<string>();
  rs.unitClasses.forEach((uc, i) => {
    if (classKeys.has(uc.key)) err(at('unitClasses', i, 'key'), `单位类别 ${q(uc.key)} 重复`);
    classKeys.add(uc.key);
    uc.excludes.forEach((k, j) => exists(k, at('unitClasses', i, 'excludes', j), '单位类别'));
    if (uc.max !== undefined && uc.rescale === undefined) {
      err(at('unitClasses', i, 'rescale'), '写了满分 max 时须写 rescale：true 按满分折算总分，false 总分不折算');
    }
  });
  rs.tiers.forEach((t, i) => t.requires?.nodes?.forEach((n, j) => exists(n.node, at('tiers', i, 'requires', 'nodes', j, 'node'), '等次条件')));
  checkTiers(rs.tiers, at, err);

  // what is displayed must be what ranks: display at least as many decimals as the step has
  const need = decimalsOf(rs.precision.step);
  if (rs.precision.display < need) {
    err(
      at('precision', 'display'),
      `显示位数 ${rs.precision.display} 少于计算步长 ${rs.precision.step} 的小数位数 ${need}：应 ≥ ${need}，否则显示的分数与排名所用的分数不一致`,
    );
  }

  // last: the engine's own index must build (weights multiplied down the tree stay exact)
  if (errors.length === 0) {
    try {
      compileRuleSet(rs);
    } catch (e) {
      if (!(e instanceof X.ArithmeticOverflowError)) throw e;
      err(at('root'), '各级权重与分值相乘后小数位数过多，无法精确计算：请减少权重的小数位数');
    }
  }
  return errors;
}

type Report = (path: string, message: string) => void;

function inexactNumbers(value: unknown, path: string, err: Report): void {
  if (typeof value === 'number') {
    try {
      X.dec(value);
    } catch {
      err(path, `${value} 的位数过多，无法精确计算（有效数字与小数位数均应不超过 15 位）`);
    }
  } else if (Array.isArray(value)) value.forEach((v, i) => inexactNumbers(v, subPath(path, i), err));
  else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) inexactNumbers(v, subPath(path, k), err);
  }
}

function checkLeafOrGroup(node: RuleNode, path: string, rs: RuleSet, err: Report): void {
  const uniqueKeys = (items: readonly { key: string }[], field: string, what: string) => {
    const seen = new Set<string>();
    items.forEach((it, i) => {
      if (seen.has(it.key)) err(subPath(path, field, i, 'key'), `${what} ${q(it.key)} 在本指标内重复`);
      seen.add(it.key);
    });
  };
  switch (node.type) {
    case 'points':
    case 'bonus': {
      const step = node.step ?? rs.precision.step;
      if (!X.isMultipleOf(X.dec(node.max), X.dec(step))) {
        err(subPath(path, 'max'), `满分 ${node.max} 不是步长 ${step} 的整数倍：按步长打分时无法给到满分`);
      }
      break;
    }
    case 'deduction':
    case 'penalty':
      uniqueKeys(node.checkpoints ?? [], 'checkpoints', '检查点');
      break;
    case 'checklist':
      uniqueKeys(node.items, 'items', '检查项');
      break;
    case 'ratio':
      if (node.mode === 'linear') {
        const zeroAt = node.zeroAt ?? 0;
        if (node.fullAt === undefined) err(subPath(path, 'fullAt'), '缺少必填字段（线性模式须填写 fullAt：达到该百分比得满分）');
        else if (node.fullAt <= zeroAt) err(subPath(path, 'fullAt'), `fullAt ${node.fullAt} 应大于 zeroAt ${zeroAt}`);
        if (node.steps !== undefined) err(subPath(path, 'steps'), '线性模式不使用 steps（分档请用 mode "stepped"）');
      } else {
        if (node.fullAt !== undefined) err(subPath(path, 'fullAt'), '分档模式不使用 fullAt');
        if (node.zeroAt !== undefined) err(subPath(path, 'zeroAt'), '分档模式不使用 zeroAt');
        const steps = node.steps ?? [];
        if (steps.length === 0) err(subPath(path, 'steps'), '缺少必填字段（分档模式须至少填写一个档次）');
        steps.forEach((s, i) => {
          if (s.score > node.max) err(subPath(path, 'steps', i, 'score'), `档次得分 ${s.score} 超出满分 ${node.max}`);
          const prev = steps[i - 1];
          if (!prev) return;
          if (s.atLeast >= prev.atLeast) {
            err(subPath(path, 'steps', i, 'atLeast'), `档次应按 atLeast 从高到低排列：${s.atLeast} 应小于上一档的 ${prev.atLeast}`);
          } else if (s.score > prev.score) {
            err(subPath(path, 'steps', i, 'score'), `较低档次的得分 ${s.score} 不应高于上一档的 ${prev.score}`);
          }
        });
      }
      break;
    case 'group':
      break;
  }
}

/**
 * A gate makes a node's score depend on another node's. The gated node's own subtree and ancestors
 * are excluded outright; longer loops (a gated by b, b's child gated by a) are found as cycles of
 * "depends on" (a group depends on its children, a gated node on its gate).
 */
function checkGates(nodes: Map<string, Placed>, err: Report): void {
  const isAncestor = (a: Placed, of: Placed) => {
    for (let p = of.parent; p; p = p.parent) if (p === a) return true;
    return false;
  };
  const gateOf = new Map<string, string>();
  for (const placed of nodes.values()) {
    const gate = placed.node.gate;
    if (!gate) continue;
    const path = subPath(placed.path, 'gate', 'node');
    const target = nodes.get(gate.node);
    if (!target) err(path, `门槛引用的节点 ${q(gate.node)} 不存在`);
    else if (target === placed) err(path, `门槛不能引用本节点 ${q(gate.node)}`);
    else if (isAncestor(target, placed)) err(path, `门槛不能引用上级节点 ${q(gate.node)}：本节点的得分是它的一部分，形成循环`);
    else if (isAncestor(placed, target)) err(path, `门槛不能引用下级节点 ${q(gate.node)}`);
    else gateOf.set(placed.node.key, gate.node);
  }

  const deps = (key: string): string[] => {
    const n = nodes.get(key)?.node;
    const children = n?.type === 'group' ? n.children.map((c) => c.key) : [];
    const g = gateOf.get(key);
    return g === undefined ? children : [...children, g];
  };
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const reported = new Set<string>();
  const visit = (key: string) => {
    state.set(key, 'open');
    stack.push(key);
    for (const d of deps(key)) {
      const s = state.get(d);
      if (s === undefined) visit(d);
      else if (s === 'open') {
        const cycle = [...stack.slice(stack.indexOf(d)), d];
        // report at the first gate on the loop: that is the edge an author added
        const gated = cycle.find((k, i) => i < cycle.length - 1 && gateOf.get(k) === cycle[i + 1]);
        const placed = gated === undefined ? undefined : nodes.get(gated);
        if (placed && !reported.has(placed.node.key)) {
          reported.add(placed.node.key);
          err(subPath(placed.path, 'gate', 'node'), `门槛形成循环：${cycle.join(' → ')}`);
        }
      }
    }
    stack.pop();
    state.set(key, 'done');
  };
  for (const key of nodes.keys()) if (!state.has(key)) visit(key);
}

/** A tier's threshold as a comparable pair: "above 89" is stricter than "atLeast 89". */
const strictness = (t: Tier): [number, number] | undefined =>
  t.atLeast !== undefined ? [t.atLeast, 0] : t.above !== undefined ? [t.above, 1] : undefined;

const thresholdText = (t: Tier) => (t.atLeast !== undefined ? `atLeast ${t.atLeast}` : `above ${t.above}`);

/**
 * Tiers run best first. Every unit must land somewhere, so the last tier is the catch-all (no
 * threshold, quota or requirement); the others need a threshold or a quota, thresholds descending.
 */
function checkTiers(tiers: readonly Tier[], at: (...s: (string | number)[]) => string, err: Report): void {
  const keys = new Map<string, number>();
  let prev: { tier: Tier; s: [number, number] } | undefined;
  tiers.forEach((t, i) => {
    const path = at('tiers', i);
    const seen = keys.get(t.key);
    if (seen !== undefined) err(subPath(path, 'key'), `等次 ${q(t.key)} 重复（已用于 tiers[${seen}]）`);
    else keys.set(t.key, i);
    const s = strictness(t);
    const field = t.atLeast !== undefined ? 'atLeast' : 'above';
    if (i === tiers.length - 1) {
      if (s) err(subPath(path, field), `最后一个等次 ${q(t.name)} 应为兜底等次，不设分数门槛（删除 ${field}）`);
      if (t.quota) err(subPath(path, 'quota'), `最后一个等次 ${q(t.name)} 应为兜底等次，不设名额限制`);
      if (t.requires) err(subPath(path, 'requires'), `最后一个等次 ${q(t.name)} 应为兜底等次，不设条件`);
      return;
    }
    if (!s) {
      if (!t.quota) err(path, `只有最后一个等次可以不设门槛：等次 ${q(t.name)} 应填写 atLeast 或 above（或名额 quota）`);
      return;
    }
    if (prev && (s[0] > prev.s[0] || (s[0] === prev.s[0] && s[1] >= prev.s[1]))) {
      err(
        subPath(path, field),
        `等次应从优到差排列、门槛严格递减：${thresholdText(t)} 不低于上一等次 ${q(prev.tier.name)} 的 ${thresholdText(prev.tier)}`,
      );
    }
    prev = { tier: t, s };
  });
}
