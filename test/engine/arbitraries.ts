/** fast-check generators: random (valid) rule sets and the sheets that go with them. */
import fc from 'fast-check';
import { ruleSetSchema, type Leaf, type RuleNode, type RuleSet } from '../../src/model/ruleSet';
import type { ScoreEntry, Unit } from '../../src/model/entries';
import { compileRuleSet } from '../../src/engine/rules/compile';

const half = (max: number) => fc.integer({ min: 0, max: max * 2 }).map((n) => n / 2);

/** A tree shape: leaves of every kind, groups with random floors, not-applicable policies, caps, weights. */
function nodeArb(depth: number, prefix: string): fc.Arbitrary<RuleNode> {
  const max = fc.integer({ min: 1, max: 20 });
  const leaf: fc.Arbitrary<Leaf> = fc.oneof(
    max.map((m) => ({ type: 'points', key: `${prefix}p`, name: '评分项', max: m, step: 0.5 }) as Leaf),
    fc.tuple(max, fc.boolean()).map(([m, floor]) => ({ type: 'deduction', key: `${prefix}d`, name: '扣分项', max: m, perFinding: 0.5, floor }) as Leaf),
    fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 3 }).map(
      (ps) => ({ type: 'checklist', key: `${prefix}c`, name: '清单', items: ps.map((p, i) => ({ key: `i${i}`, name: `项${i}`, points: p })) }) as Leaf,
    ),
    max.map((m) => ({ type: 'ratio', key: `${prefix}r`, name: '比率', max: m, mode: 'linear', fullAt: 90, zeroAt: 30 }) as Leaf),
    max.map((m) => ({ type: 'bonus', key: `${prefix}b`, name: '加分', max: m, step: 0.5 }) as Leaf),
    fc.option(max, { nil: null }).map((cap) => ({ type: 'penalty', key: `${prefix}x`, name: '扣分', cap, perFinding: 1 }) as Leaf),
  );
  if (depth === 0) return leaf;
  return fc.oneof(
    { weight: 2, arbitrary: leaf },
    {
      weight: 1,
      arbitrary: fc
        .tuple(
          fc.integer({ min: 1, max: 4 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => nodeArb(depth - 1, `${prefix}${i}_`)))),
          fc.constantFrom('rescale', 'redistribute', 'addToOthers', 'drop'),
          fc.boolean(),
          fc.option(fc.integer({ min: 5, max: 40 }), { nil: undefined }),
          fc.constantFrom(1, 0.5, 0.7),
        )
        .map(([children, notApplicable, floor, cap, weight]) => ({
          type: 'group' as const,
          key: `${prefix}g`,
          name: '分组',
          children,
          notApplicable,
          floor,
          ...(cap === undefined ? {} : { max: cap }),
          weight,
        })),
    },
  );
}

export const ruleSetArb: fc.Arbitrary<RuleSet> = fc
  .tuple(fc.array(nodeArb(2, 'n'), { minLength: 1, maxLength: 4 }), fc.constantFrom('mean', 'median', 'trimmedMean'))
  .map(([children, aggregate]) =>
    ruleSetSchema.parse({
      schemaVersion: 1,
      id: 'random',
      name: '随机规则',
      year: 2024,
      version: '1',
      source: 'generated',
      group: { key: 'city', name: '市（州）政府' },
      precision: { step: 0.01, rounding: 'halfUp', display: 2, rankBy: 'rounded' },
      assessors: { aggregate },
      // prefix the keys by position so they are unique in the tree
      root: { type: 'group', key: 'root', name: '总分', children: children.map((c, i) => rekey(c, `t${i}_`)) },
      tiers: [
        { key: 'excellent', name: '优秀', atLeast: 90, quota: { percent: 30, round: 'floor' } },
        { key: 'qualified', name: '合格', atLeast: 60 },
        { key: 'unqualified', name: '不合格' },
      ],
    }),
  );

function rekey(n: RuleNode, prefix: string): RuleNode {
  const key = prefix + n.key;
  return n.type === 'group' ? { ...n, key, children: n.children.map((c, i) => rekey(c, `${prefix}${i}_`)) } : { ...n, key };
}

/** One assessor's entry for a leaf, within the leaf's declared bounds. */
function entryFor(leaf: Leaf, unitId: string, assessorId: string): fc.Arbitrary<ScoreEntry | null> {
  const base = { id: `${unitId}:${leaf.key}:${assessorId}`, unitId, node: leaf.key, assessorId, rev: 1 };
  const findings = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `f${i}`, count: 1, reason: '问题' }));
  let value: fc.Arbitrary<Partial<ScoreEntry>>;
  switch (leaf.type) {
    case 'points':
    case 'bonus':
      value = half(leaf.max).map((v) => ({ value: v }));
      break;
    case 'ratio':
      value = fc.integer({ min: 0, max: 1000 }).map((v) => ({ value: v / 10 }));
      break;
    case 'checklist':
      value = fc.array(fc.boolean(), { minLength: leaf.items.length, maxLength: leaf.items.length }).map((bs) => ({
        checks: Object.fromEntries(leaf.items.map((it, i) => [it.key, bs[i] ?? false])),
      }));
      break;
    case 'deduction':
    case 'penalty':
      value = fc.integer({ min: 0, max: 6 }).map((n) => ({ findings: findings(n) }));
      break;
  }
  return fc.oneof(
    { weight: 8, arbitrary: value.map((v) => ({ ...base, ...v }) as ScoreEntry) },
    { weight: 1, arbitrary: fc.constant({ ...base, notApplicable: true } as ScoreEntry) },
    { weight: 1, arbitrary: fc.constant(null) },
  );
}

export interface Scenario {
  ruleSet: RuleSet;
  units: Unit[];
  entries: ScoreEntry[];
}

export const scenarioArb: fc.Arbitrary<Scenario> = ruleSetArb.chain((ruleSet) => {
  const leaves = compileRuleSet(ruleSet).leaves;
  return fc.integer({ min: 1, max: 8 }).chain((nUnits) => {
    const units: Unit[] = Array.from({ length: nUnits }, (_, i) => ({ id: `u${i}`, name: `单位${i}`, group: 'city', objects: [] }));
    const entries = units.flatMap((u) => leaves.flatMap((l) => ['a', 'b'].map((a) => entryFor(l, u.id, a))));
    return fc.tuple(...entries).map((es) => ({ ruleSet, units, entries: es.filter((e): e is ScoreEntry => e !== null) }));
  });
});
