/**
 * Several assessors score the same check point: combine their scores as the rule set declares —
 * mean, median, trimmed mean (drop one highest and one lowest) or the indicator owner's score only.
 */
import * as X from '../arith/exact';
import type { Q } from '../arith/exact';
import type { RuleSet } from '../../model/ruleSet';

export type AggregateMode = RuleSet['assessors']['aggregate'];

export interface AssessorScore {
  assessorId: string;
  score: Q;
}

const mean = (xs: readonly Q[]): Q => X.div(X.sum(xs), X.int(xs.length));

function median(xs: readonly Q[]): Q {
  const s = [...xs].sort(X.cmp);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : X.div(X.add(s[mid - 1]!, s[mid]!), X.int(2));
}

const MODE_NAMES: Record<AggregateMode, string> = {
  mean: '平均',
  median: '中位数',
  trimmedMean: '去掉最高最低后平均',
  owner: '指标负责人评分',
};

/**
 * @param ownerId the assessor owning this indicator (for mode "owner"); when the owner entered
 *   nothing the mean of the others is used, and the trail says so.
 */
export function aggregate(
  scores: readonly AssessorScore[],
  mode: AggregateMode,
  ownerId: string | undefined,
): { score: Q; how: string } {
  if (scores.length === 1) return { score: scores[0]!.score, how: '' };
  const values = scores.map((s) => s.score);
  switch (mode) {
    case 'mean':
      return { score: mean(values), how: MODE_NAMES.mean };
    case 'median':
      return { score: median(values), how: MODE_NAMES.median };
    case 'trimmedMean': {
      if (values.length < 3) return { score: mean(values), how: `${MODE_NAMES.mean}（不足 3 人不去极值）` };
      const s = [...values].sort(X.cmp).slice(1, -1);
      return { score: mean(s), how: MODE_NAMES.trimmedMean };
    }
    case 'owner': {
      const own = scores.find((s) => s.assessorId === ownerId);
      if (own) return { score: own.score, how: MODE_NAMES.owner };
      return { score: mean(values), how: `${MODE_NAMES.mean}（负责人未评分）` };
    }
  }
}
