/**
 * Warnings about a valid rule set that is probably not what its authors meant. They never block: the
 * file is used as written, and the warnings are shown next to it. Each names its JSON path and a code.
 */
import { compileRuleSet } from '../rules/compile';
import * as X from '../arith/exact';
import type { Q } from '../arith/exact';
import { subPath } from '../../model/issues';
import type { RuleNode, RuleSet } from '../../model/ruleSet';

export type RuleWarningCode = 'weightsNotOne' | 'maxUnreachable' | 'classMaxDiffers' | 'tierAboveMax' | 'gateNeverOpens';

export interface RuleWarning {
  path: string;
  code: RuleWarningCode;
  message: string;
}

const fmt = (q: Q): string => X.formatShort(q);

/** Warnings of a rule set that passed validation. `base` prefixes every path (`ruleSets[0]` in a bundle). */
export function ruleSetWarnings(rs: RuleSet, base = ''): RuleWarning[] {
  const c = compileRuleSet(rs);
  const out: RuleWarning[] = [];
  const warn = (path: string, code: RuleWarningCode, message: string) => out.push({ path, code, message });

  const walk = (node: RuleNode, path: string) => {
    if (node.gate) {
      const g = node.gate;
      const refMax = c.maxOf(g.node);
      const never = g.above !== undefined ? !X.lt(X.dec(g.above), refMax) : X.gt(X.dec(g.atLeast ?? 0), refMax);
      if (never) {
        const line = g.above !== undefined ? `高于 ${g.above}` : `达到 ${g.atLeast}`;
        warn(subPath(path, 'gate'), 'gateNeverOpens', `门槛永远不会打开：“${g.node}”最高 ${fmt(refMax)} 分，不可能${line}，本项总记 0 分`);
      }
    }
    if (node.type !== 'group') return;
    if (node.children.some((ch) => ch.weight !== undefined)) {
      const sum = X.sum(node.children.map((ch) => X.dec(ch.weight ?? 1)));
      if (!X.eq(sum, X.ONE)) {
        warn(subPath(path, 'children'), 'weightsNotOne', `各子项权重之和为 ${fmt(sum)}，不是 1（未写 weight 的子项按 1 计）`);
      }
    }
    if (node.max !== undefined) {
      const sum = X.sum(node.children.map((ch) => X.mul(c.maxOf(ch.key), X.dec(ch.weight ?? 1))));
      if (X.lt(sum, X.dec(node.max))) {
        warn(subPath(path, 'max'), 'maxUnreachable', `写明满分 ${node.max}，但各子项合计最高只有 ${fmt(sum)} 分`);
      }
    }
    node.children.forEach((ch, i) => walk(ch, subPath(path, 'children', i)));
  };
  walk(rs.root, subPath(base, 'root'));

  // a class's stated full marks against what its items add up to when the total is not rescaled
  const rootMax = c.maxOf(rs.root.key);
  let reachable = rootMax;
  rs.unitClasses.forEach((uc, i) => {
    if (uc.max === undefined) return;
    if (uc.rescale === true) {
      reachable = X.max(reachable, X.dec(uc.max));
      return;
    }
    const effective = classMaximum(c, rs, uc.excludes);
    if (!X.eq(effective, X.dec(uc.max))) {
      warn(subPath(base, 'unitClasses', i, 'max'), 'classMaxDiffers', `写明满分 ${uc.max}，但去掉 excludes 后各项合计最高 ${fmt(effective)} 分（总分不折算）`);
    }
  });

  rs.tiers.forEach((t, i) => {
    if (t.atLeast !== undefined && X.gt(X.dec(t.atLeast), reachable)) {
      warn(subPath(base, 'tiers', i, 'atLeast'), 'tierAboveMax', `等次“${t.name}”的分数线 ${t.atLeast} 高于可能的最高分 ${fmt(reachable)}，没有单位能达到`);
    }
    if (t.above !== undefined && !X.lt(X.dec(t.above), reachable)) {
      warn(subPath(base, 'tiers', i, 'above'), 'tierAboveMax', `等次“${t.name}”要求高于 ${t.above} 分，可能的最高分只有 ${fmt(reachable)}，没有单位能达到`);
    }
  });
  return out;
}

/** The root's maximum with some nodes removed (a unit class's excludes), caps applied on the way up. */
function classMaximum(c: ReturnType<typeof compileRuleSet>, rs: RuleSet, excludes: readonly string[]): Q {
  const gone = new Set(excludes);
  const max = (n: RuleNode): Q => {
    if (gone.has(n.key)) return X.ZERO;
    if (n.type !== 'group') return c.maxOf(n.key);
    const sum = X.sum(n.children.map((ch) => X.mul(max(ch), X.dec(ch.weight ?? 1))));
    return n.max === undefined ? sum : X.min(sum, X.dec(n.max));
  };
  return max(rs.root);
}
