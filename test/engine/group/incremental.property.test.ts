/**
 * The incremental path (GroupScorer: edit one entry, re-score one unit, move it in the ranking, adjust
 * the statistics) must give exactly what scoring the whole group from scratch gives.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scenarioArb, type Scenario } from '../arbitraries';
import { compileRuleSet } from '../../../src/engine/rules/compile';
import { GroupScorer } from '../../../src/engine/group/incremental';
import { scoreGroup } from '../../../src/engine/group/pipeline';
import type { ScoreEntry } from '../../../src/model/entries';

/** One step of live entry, applied to both the scorer and a model of the stored entries (by id). */
type Edit =
  | { kind: 'change'; pick: number; value: number; findings: number; flip: boolean; rev: number }
  | { kind: 'notApplicable'; pick: number }
  | { kind: 'add'; pick: number; assessor: 'a' | 'b' | 'c'; rev: number }
  | { kind: 'remove'; pick: number };

const editArb: fc.Arbitrary<Edit> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('change' as const), pick: fc.nat(), value: fc.integer({ min: 0, max: 40 }), findings: fc.integer({ min: 0, max: 6 }), flip: fc.boolean(), rev: fc.integer({ min: -1, max: 2 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('notApplicable' as const), pick: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('add' as const), pick: fc.nat(), assessor: fc.constantFrom('a' as const, 'b' as const, 'c' as const), rev: fc.integer({ min: 0, max: 3 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('remove' as const), pick: fc.nat() }) },
);

/** The entry as saved after the edit: same id, node and unit; what the assessor entered changes. */
function changed(e: ScoreEntry, edit: Extract<Edit, { kind: 'change' }>): ScoreEntry {
  const next: ScoreEntry = { ...e, rev: Math.max(0, e.rev + edit.rev) };
  if (e.value !== undefined) next.value = edit.value / 2;
  if (e.findings !== undefined) next.findings = Array.from({ length: edit.findings }, (_, i) => ({ id: `g${i}`, count: 1, reason: '复查' }));
  if (e.checks !== undefined && edit.flip) {
    const first = Object.keys(e.checks)[0];
    if (first !== undefined) next.checks = { ...e.checks, [first]: !e.checks[first] };
  }
  return next;
}

/** Scenarios with a declared tie-break, so that moving a unit in the ranking exercises it too. */
const withTieBreak = scenarioArb.map((s): Scenario => ({
  ...s,
  ruleSet: { ...s.ruleSet, tieBreak: [{ node: s.ruleSet.root.children[0]!.key }] },
}));

describe('GroupScorer', () => {
  it('after every edit, the incremental result deep-equals scoring the group from scratch', () => {
    fc.assert(
      fc.property(withTieBreak, fc.array(editArb, { minLength: 1, maxLength: 8 }), ({ ruleSet, units, entries }, edits) => {
        const stored = new Map<string, ScoreEntry>(entries.map((e) => [e.id, e]));
        const scorer = new GroupScorer(compileRuleSet(ruleSet), units, entries, []);
        expect(scorer.result()).toEqual(scoreGroup(ruleSet, units, entries, []));
        let added = 0;
        for (const edit of edits) {
          const all = [...stored.values()];
          if (all.length === 0) break;
          const e = all[edit.pick % all.length]!;
          if (edit.kind === 'remove') {
            stored.delete(e.id);
            scorer.remove(e);
          } else {
            const next =
              edit.kind === 'change'
                ? changed(e, edit)
                : edit.kind === 'notApplicable'
                  ? { ...e, notApplicable: !e.notApplicable }
                  : { ...e, id: `${e.id}+${added++}`, assessorId: edit.assessor, rev: edit.rev };
            stored.set(next.id, next);
            scorer.update(next);
          }
          expect(scorer.result()).toEqual(scoreGroup(ruleSet, units, [...stored.values()], []));
        }
      }),
      { numRuns: 120 },
    );
  });
});
