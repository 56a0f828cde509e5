/**
 * The standard sentences of the circular (考核情况通报), written the way such circulars phrase them:
 * how many units of each group passed, the top-tier units in score order, and per indicator how many
 * units got full marks.
 *
 * Tier meaning comes from the order of the rule set's tiers: the first is the top tier; "合格" as a
 * whole is every tier but the last, and the last is the failing one.
 */
import type { GroupResult, IndicatorStats } from '../engine';
import { ownValue } from '../model/ownKeys';
import { PROVISIONAL } from './provisional';

export interface CircularOptions {
  /** short labels used inside indicator sentences, by group key (e.g. 省政府部门 → 部门) */
  shortNames?: Record<string, string>;
}

const names = (g: GroupResult, tierKey: string): string[] =>
  g.units.filter((u) => u.tier === tierKey).map((u) => u.unitName);

/**
 * Sentences for one group, e.g. "14个市（州）政府全部合格，考核结果为优秀的12个，按得分排序为：…。"
 * While a unit is not yet complete no tier is stated as a result: an unentered deduction counts full
 * marks, so "全部合格" would only describe what has not been assessed.
 */
export function groupSentences(g: GroupResult): string[] {
  const tiers = g.tierCounts;
  const n = g.units.length;
  const open = g.units.filter((u) => !u.complete).length;
  if (open > 0) return [`${PROVISIONAL}：${n}个${g.groupName}中尚有${open}个未评完，合格情况和等次待全部评完后确定。`];
  const top = tiers[0];
  const last = tiers[tiers.length - 1];
  if (!top || !last || n === 0) return [];
  if (tiers.length === 1) return [`${n}个${g.groupName}考核结果均为${top.name}。`];

  const failed = names(g, last.key);
  // with two tiers the top one is the passing tier itself; the ranking list adds nothing
  const listTop = tiers.length >= 3;
  const topNames = names(g, top.key);
  const topPart =
    topNames.length > 0
      ? `考核结果为${top.name}的${topNames.length}个，按得分排序为：${topNames.join('、')}`
      : `无考核结果为${top.name}的${g.groupName}`;
  const failedPart = `${last.name}${failed.length}个（${failed.join('、')}）`;

  if (tiers.length <= 3) {
    if (failed.length === 0) {
      return [`${n}个${g.groupName}全部合格${listTop ? `，${topPart}` : ''}。`];
    }
    const head = `${n}个${g.groupName}中，合格${n - failed.length}个，${failedPart}。`;
    return listTop ? [head, `${topPart}。`] : [head];
  }
  // four or more tiers (优秀/良好/合格/不合格): each tier's count, then the top-tier list
  const passing = tiers
    .slice(0, -1)
    .map((t) => `${t.name}${names(g, t.key).length}个`)
    .join('，');
  const head =
    failed.length === 0
      ? `${n}个${g.groupName}全部合格，其中${passing}。`
      : `${n}个${g.groupName}中，${passing}，${failedPart}。`;
  return [head, `${topPart}。`];
}

function fullScorePart(label: string, s: IndicatorStats): string {
  if (s.fullScoreCount === s.count) return `${label}均为满分`;
  if (s.fullScoreCount === 0) return `${label}无满分单位`;
  return `${label}得满分的有${s.fullScoreCount}个`;
}

/**
 * One sentence per indicator across groups, e.g. "“基础信息公开”项，市（州）政府得满分的有3个，部门均为满分。"
 * Indicators are matched by key; a group without the indicator, or where it applied to no scored
 * unit, is left out of that sentence.
 */
export function indicatorSentences(groups: readonly GroupResult[], options: CircularOptions = {}): string[] {
  const order: { key: string; name: string }[] = [];
  for (const g of groups) {
    for (const ind of g.indicators) if (!order.some((o) => o.key === ind.key)) order.push(ind);
  }
  const sentences: string[] = [];
  for (const ind of order) {
    const parts: string[] = [];
    for (const g of groups) {
      const s = g.statistics.find((st) => st.key === ind.key);
      if (!s || s.count === 0) continue;
      // a full-mark count over unentered deductions (full by default) would overstate; say it is open
      if (g.units.some((u) => !u.complete)) {
        parts.push(`${ownValue(options.shortNames, g.group) ?? g.groupName}尚未评完`);
        continue;
      }
      parts.push(fullScorePart(ownValue(options.shortNames, g.group) ?? g.groupName, s));
    }
    if (parts.length > 0) sentences.push(`“${ind.name}”项，${parts.join('，')}。`);
  }
  return sentences;
}

export function circularText(
  groups: readonly GroupResult[],
  options: CircularOptions = {},
): { overall: string[]; indicators: string[] } {
  return { overall: groups.flatMap(groupSentences), indicators: indicatorSentences(groups, options) };
}
