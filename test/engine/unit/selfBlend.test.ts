/**
 * Self scores in results: counted only when the rule set says so (`selfAssessment.weight`), as a
 * weighted blend per leaf; without that field they change nothing, whatever they are.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileRuleSet, evaluateUnit, scoreGroup, type ScoreEntry } from '../../../src/engine';
import { makeEntry, makeTinyRuleSet } from '../../fixtures/bundles';

const units = [
  { id: 'u1', name: '甲市', group: 'city', objects: [] },
  { id: 'u2', name: '乙市', group: 'city', objects: [] },
];
const assessors = [{ id: 'as1', name: '张三', owns: [] }];
// 甲市: basic 8 of 10; website 10 − 3 findings × 1 = 7. Total 15.
const entries: ScoreEntry[] = [
  makeEntry({ id: 'e1', node: 'basic', value: 8 }),
  makeEntry({ id: 'e2', node: 'website', value: undefined, findings: [{ id: 'f1', reason: '链接失效', count: 3 }] }),
];
const self = new Map([['u1', new Map([['basic', 10], ['website', 9]])]]);

describe('self-assessment weighting', () => {
  it('blends each self-scored leaf: (1 − w) × assessed + w × self', () => {
    const weighted = compileRuleSet(makeTinyRuleSet({ selfAssessment: { weight: 0.2 } }));
    const r = evaluateUnit(weighted, units[0]!, entries, assessors, { selfScores: self });
    // basic 0.8 × 8 + 0.2 × 10 = 8.4; website 0.8 × 7 + 0.2 × 9 = 7.4; total 15.8
    expect(r.nodes.basic!.score).toBe(8.4);
    expect(r.nodes.website!.score).toBe(7.4);
    expect(r.total).toBe(15.8);
    const plain = evaluateUnit(weighted, units[0]!, entries, assessors);
    expect(plain.total).toBe(15);
  });

  it('holds a self score to the leaf maximum and leaves unscored leaves alone', () => {
    const weighted = compileRuleSet(makeTinyRuleSet({ selfAssessment: { weight: 0.5 } }));
    const r = evaluateUnit(weighted, units[0]!, entries, assessors, { selfScores: new Map([['u1', new Map([['basic', 14]])]]), explain: true });
    // basic 0.5 × 8 + 0.5 × 10 (14 held to 10) = 9; website stays 7
    expect(r.nodes.basic!.score).toBe(9);
    expect(r.nodes.website!.score).toBe(7);
    expect(r.total).toBe(16);
    expect(r.trail.map((l) => l.text)).toContain('基础信息公开：评分 8，自评 14，自评占 0.5，计 9');
  });

  it('counts in the group ranking when the rule set weights it', () => {
    // 乙市 has 16 from the assessors; 甲市 15, with self scores 15.8 at weight 0.2 and 16.6 at 0.4
    const u2: ScoreEntry[] = [makeEntry({ id: 'e3', unitId: 'u2', node: 'basic', value: 6 }), makeEntry({ id: 'e4', unitId: 'u2', node: 'website', value: undefined, findings: [] })];
    const rank = (weight: number) =>
      scoreGroup(makeTinyRuleSet({ selfAssessment: { weight } }), units, [...entries, ...u2], assessors, { selfScores: self }).units.map((u) => [u.unitId, u.total, u.rank]);
    expect(rank(0.2)).toEqual([
      ['u2', 16, 1],
      ['u1', 15.8, 2],
    ]);
    expect(rank(0.4)).toEqual([
      ['u1', 16.6, 1],
      ['u2', 16, 2],
    ]);
  });

  it('changes no result without the rule-set field, whatever the self scores', () => {
    const ruleSet = makeTinyRuleSet();
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 20 }),
        fc.integer({ min: 0, max: 12 }),
        fc.dictionary(fc.constantFrom('basic', 'website', 'total', 'nope'), fc.double({ min: -5, max: 30, noNaN: true })),
        (halfPoints, findings, scores) => {
          const es: ScoreEntry[] = [
            makeEntry({ id: 'e1', node: 'basic', value: halfPoints / 2 }),
            makeEntry({ id: 'e2', node: 'website', value: undefined, findings: findings > 0 ? [{ id: 'f', reason: '问题', count: findings }] : [] }),
          ];
          const selfScores = new Map([['u1', new Map(Object.entries(scores))]]);
          const without = scoreGroup(ruleSet, units, es, assessors);
          const withSelf = scoreGroup(ruleSet, units, es, assessors, { selfScores });
          expect(withSelf).toEqual(without);
        },
      ),
      { numRuns: 200 },
    );
  });
});
