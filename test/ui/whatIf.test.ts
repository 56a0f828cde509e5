import { describe, expect, it } from 'vitest';
import { parseRuleSet, scoreGroup, type RuleSet } from '../../src/engine';
import {
  draftChanges,
  draftRuleFile,
  startDraft,
  thresholdOf,
  weightOf,
  withQuota,
  withThreshold,
  withTieBreak,
  withWeight,
} from '../../src/ui/whatif/draft';
import { diffRankings, moveText, summarizeMoves } from '../../src/ui/whatif/diff';
import { makeAssessor, makeEntry, makeRuleSet, makeUnit } from '../fixtures/ruleSets';

/**
 * Three cities on makeRuleSet (basic 30 = policy 20 + budget 10, keyArea 40, annualReport 30):
 *   A 甲市: policy 20, budget 10, keyArea 30, report 30 → 90
 *   B 乙市: policy 15, budget 10, keyArea 40, report 20 → 85
 *   C 丙市: policy 10, budget 10, keyArea 35, report 30 → 85
 */
const units = [makeUnit({ id: 'A', name: '甲市' }), makeUnit({ id: 'B', name: '乙市' }), makeUnit({ id: 'C', name: '丙市' })];
const sheet = (unitId: string, policy: number, keyArea: number, format: boolean) => [
  makeEntry({ unitId, node: 'policy', value: policy }),
  makeEntry({ unitId, node: 'budget', value: undefined, findings: [] }),
  makeEntry({ unitId, node: 'keyArea', value: keyArea }),
  makeEntry({ unitId, node: 'annualReport', value: undefined, checks: { onTime: true, format } }),
];
const entries = [...sheet('A', 20, 30, true), ...sheet('B', 15, 40, false), ...sheet('C', 10, 35, true)];
const assessors = [makeAssessor()];

function score(ruleSet: RuleSet) {
  const parsed = parseRuleSet(ruleSet);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return scoreGroup(parsed.ruleSet, units, entries, assessors);
}
const table = (ruleSet: RuleSet) => score(ruleSet).units.map((u) => [u.unitName, u.rank, u.display, u.tierName]);

describe('the what-if draft', () => {
  it('starts as a copy that edits never write through to the saved rule set', () => {
    const saved = makeRuleSet();
    const before = JSON.stringify(saved);
    const draft = startDraft(saved);
    withTieBreak(withQuota(withThreshold(withWeight(draft, 'keyArea', 2), 'excellent', null), 'excellent', { count: 1 }), ['keyArea']);
    expect(JSON.stringify(saved)).toBe(before);
    expect(JSON.stringify(draft)).toBe(before);
  });

  it('scores the saved rule set as the baseline: 甲 90 优秀, 乙 and 丙 tied second at 85', () => {
    expect(table(makeRuleSet())).toEqual([
      ['甲市', 1, '90.00', '优秀'],
      ['乙市', 2, '85.00', '合格'],
      ['丙市', 2, '85.00', '合格'],
    ]);
  });

  it('raising 重点领域 to weight 1.5 multiplies its points: 甲 30+45+30=105, 乙 25+60+20=105, 丙 20+52.5+30=102.5', () => {
    const draft = withWeight(makeRuleSet(), 'keyArea', 1.5);
    expect(weightOf(draft, 'keyArea')).toBe(1.5);
    expect(table(draft)).toEqual([
      ['甲市', 1, '105.00', '优秀'],
      ['乙市', 1, '105.00', '优秀'],
      ['丙市', 3, '102.50', '优秀'],
    ]);
  });

  it('writes weight 1 as no weight, so a draft set back equals the saved rule set', () => {
    const saved = makeRuleSet();
    const back = withWeight(withWeight(saved, 'keyArea', 1.5), 'keyArea', 1);
    expect(back).toEqual(saved);
    expect(draftChanges(saved, back, ['basic', 'keyArea', 'annualReport'])).toEqual([]);
  });

  it('separates the tie at 105 by the tie-break order: 乙 has more 重点领域 points than 甲', () => {
    const draft = withTieBreak(withWeight(makeRuleSet(), 'keyArea', 1.5), ['keyArea']);
    expect(table(draft).map((r) => [r[0], r[1]])).toEqual([
      ['乙市', 1],
      ['甲市', 2],
      ['丙市', 3],
    ]);
  });

  it('moves 甲 to 合格 when the 优秀 line is raised to 95', () => {
    const draft = withThreshold(makeRuleSet(), 'excellent', { kind: 'atLeast', value: 95 });
    expect(thresholdOf(draft.tiers[0]!)).toEqual({ kind: 'atLeast', value: 95 });
    expect(table(draft)[0]).toEqual(['甲市', 1, '90.00', '合格']);
  });

  it('replaces atLeast by above rather than keeping both', () => {
    const draft = withThreshold(makeRuleSet(), 'excellent', { kind: 'above', value: 89 });
    expect(draft.tiers[0]).toEqual({ key: 'excellent', name: '优秀', above: 89 });
  });

  it('gives 优秀 to nobody when a quota of 1 meets two units tied first, and to 乙 once the tie-break separates them', () => {
    const weighted = withWeight(makeRuleSet(), 'keyArea', 1.5);
    const quota1 = withQuota(weighted, 'excellent', { count: 1 });
    expect(table(quota1).map((r) => r[3])).toEqual(['合格', '合格', '合格']);
    const separated = withTieBreak(quota1, ['keyArea']);
    expect(table(separated).map((r) => [r[0], r[3]])).toEqual([
      ['乙市', '优秀'],
      ['甲市', '合格'],
      ['丙市', '合格'],
    ]);
  });

  it('is refused by the rule-file door with the place of the problem when tier lines no longer descend', () => {
    const draft = withThreshold(makeRuleSet(), 'qualified', { kind: 'atLeast', value: 95 });
    const parsed = parseRuleSet(draft);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.errors.map((e) => e.path)).toEqual(['tiers[1].atLeast']);
  });

  it('is refused when a weight is not positive', () => {
    const parsed = parseRuleSet(withWeight(makeRuleSet(), 'keyArea', 0));
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.errors[0]?.path).toBe('root.children[1].weight');
  });

  it('lists what it changes: weights, tier lines and quotas, tie-breaks', () => {
    const saved = makeRuleSet();
    let draft = withWeight(saved, 'keyArea', 1.5);
    draft = withThreshold(draft, 'excellent', { kind: 'above', value: 92 });
    draft = withQuota(draft, 'excellent', { percent: 30, round: 'floor' });
    draft = withTieBreak(draft, ['keyArea', 'basic']);
    expect(draftChanges(saved, draft, ['basic', 'keyArea', 'annualReport'])).toEqual([
      { kind: 'weight', key: 'keyArea', name: '重点领域信息公开', from: 1, to: 1.5 },
      { kind: 'threshold', key: 'excellent', name: '优秀', from: { kind: 'atLeast', value: 90 }, to: { kind: 'above', value: 92 } },
      { kind: 'quota', key: 'excellent', name: '优秀', from: null, to: { percent: 30, round: 'floor' } },
      { kind: 'tieBreak', from: [], to: ['keyArea', 'basic'] },
    ]);
  });

  it('exports as a valid rule file with the same id and a version that marks it as a trial', () => {
    const file = draftRuleFile(withWeight(makeRuleSet(), 'keyArea', 1.5), '-模拟');
    expect(file.id).toBe('city-test');
    expect(file.version).toBe('1-模拟');
    const parsed = parseRuleSet(JSON.parse(JSON.stringify(file)));
    expect(parsed.ok).toBe(true);
  });
});

describe('diffing the saved and the what-if ranking', () => {
  const saved = score(makeRuleSet());

  it('shows who moved and whose tier changed after 重点领域 weighs 1.5 with the tie-break on it', () => {
    const draft = score(withTieBreak(withWeight(makeRuleSet(), 'keyArea', 1.5), ['keyArea']));
    const moves = diffRankings(saved, draft);
    expect(moves.map((m) => [m.unitName, m.saved.rank, m.draft.rank, moveText(m.rankDelta), m.tierMove])).toEqual([
      ['乙市', 2, 1, '↑1', 'up'],
      ['甲市', 1, 2, '↓1', null],
      ['丙市', 2, 3, '↓1', 'up'],
    ]);
    expect(summarizeMoves(moves)).toEqual({ moved: 3, tierUp: 2, tierDown: 0 });
  });

  it('reports no move for units that keep their rank, and a tier drop as down', () => {
    const draft = score(withThreshold(makeRuleSet(), 'excellent', { kind: 'atLeast', value: 95 }));
    const moves = diffRankings(saved, draft);
    expect(moves.map((m) => [m.unitName, m.rankDelta, m.tierMove])).toEqual([
      ['甲市', 0, 'down'],
      ['乙市', 0, null],
      ['丙市', 0, null],
    ]);
    expect(summarizeMoves(moves)).toEqual({ moved: 0, tierUp: 0, tierDown: 1 });
  });

  it('writes moves as arrows', () => {
    expect([moveText(2), moveText(-1), moveText(0)]).toEqual(['↑2', '↓1', '']);
  });
});
