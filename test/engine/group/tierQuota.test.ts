/** A tier with a quota (优秀 at most 30% of the group, rounded down), on the quota example rule set. */
import { describe, expect, it } from 'vitest';
import { scoreGroup } from '../../../src/engine/group/pipeline';
import { scoreEntry, unit as unitSchema } from '../../../src/model/entries';
import { makeQuotaRuleSet } from '../../fixtures/quotaRuleSet';

const rs = makeQuotaRuleSet();

/** `scores` of basic (of 40) per unit; keyArea keeps its 60 (no findings). */
function group(scores: number[], vetoed: number[] = []) {
  const units = scores.map((_, i) => unitSchema.parse({ id: `u${String(i).padStart(2, '0')}`, name: `单位${i}`, group: 'city' }));
  const entries = scores.flatMap((s, i) => [
    scoreEntry.parse({ id: `b${i}`, unitId: units[i]!.id, node: 'basic', assessorId: 'a1', value: s }),
    ...(vetoed.includes(i) ? [scoreEntry.parse({ id: `v${i}`, unitId: units[i]!.id, node: 'seriousError', assessorId: 'a1', triggered: true })] : []),
  ]);
  return scoreGroup(rs, units, entries, []);
}
const tiers = (g: ReturnType<typeof group>) => g.units.map((u) => u.tierName);

describe('优秀 limited to 30% of the group', () => {
  it('15 units all at 90 or more: 30% of 15 is 4.5, rounded down to 4 优秀, 11 合格', () => {
    const g = group(Array.from({ length: 15 }, (_, i) => 40 - i * 0.5)); // 100, 99.5, … 93
    expect(g.tierCounts.map((t) => [t.name, t.count])).toEqual([['优秀', 4], ['合格', 11], ['不合格', 0]]);
    expect(g.units[4]?.tierReason).toContain('名额');
  });

  it('a vetoed unit does not take a place: the next one gets it', () => {
    const g = group(Array.from({ length: 10 }, (_, i) => 40 - i), [0]); // 30% of 10 = 3
    expect(tiers(g).slice(0, 5)).toEqual(['合格', '优秀', '优秀', '优秀', '合格']);
  });
});
