/**
 * Deterministic synthetic assessments for benchmarks: a seeded PRNG, a rule set with the requested
 * number of check points (leaves), and entries from several assessors per leaf.
 *
 * The rule set is shaped like the published schemes: six first-level indicators, each of second-level
 * items holding up to five check points — so a results table has an indicator's items as its columns
 * (36 at 150 check points), and the engine scores items as well as check points.
 */
import { ruleSetSchema, type RuleNode, type RuleSet } from '../src/model/ruleSet';
import type { Assessor, ScoreEntry, Unit } from '../src/model/entries';
import { mulberry32 } from '../src/cli/demoBundle';

const INDICATORS = ['basic', 'keyArea', 'grassroots', 'annualReport', 'newMedia', 'website'];
/** check points per second-level item */
const PER_ITEM = 5;

export function syntheticRuleSet(leaves: number): RuleSet {
  const per = Math.ceil(leaves / INDICATORS.length);
  let made = 0;
  const children: RuleNode[] = INDICATORS.map((key) => {
    const checkpoints: RuleNode[] = [];
    for (let i = 0; i < per && made < leaves; i++, made++) {
      const k = `${key}_${i}`;
      checkpoints.push(
        i % 3 === 0
          ? { type: 'deduction', key: k, name: `检查点${k}`, max: 2, perFinding: 0.5 }
          : { type: 'points', key: k, name: `检查点${k}`, max: 1, step: 0.1 },
      );
    }
    const items: RuleNode[] = [];
    for (let i = 0; i < checkpoints.length; i += PER_ITEM) {
      const n = i / PER_ITEM;
      items.push({ type: 'group', key: `${key}_item${n}`, name: `${key}项目${n + 1}`, children: checkpoints.slice(i, i + PER_ITEM) });
    }
    return { type: 'group', key, name: key, children: items };
  });
  return ruleSetSchema.parse({
    schemaVersion: 1,
    id: `bench-${leaves}`,
    name: '基准测试规则',
    year: 2024,
    version: '1',
    source: 'synthetic benchmark data',
    group: { key: 'city', name: '市（州）政府' },
    precision: { step: 0.01, rounding: 'halfUp', display: 2, rankBy: 'rounded' },
    assessors: { aggregate: 'mean' },
    root: { type: 'group', key: 'total', name: '总分', children },
    tiers: [
      // totals land around 120–136 of 200: both lines and the quota matter
      { key: 'excellent', name: '优秀', atLeast: 130, quota: { percent: 30, round: 'floor' } },
      { key: 'qualified', name: '合格', atLeast: 125 },
      { key: 'unqualified', name: '不合格' },
    ],
    tieBreak: [{ node: 'keyArea' }],
  });
}

export interface Synthetic {
  ruleSet: RuleSet;
  units: Unit[];
  assessors: Assessor[];
  entries: ScoreEntry[];
}

export function synthetic(units: number, leaves: number, assessors: number, seed = 20241123): Synthetic {
  const rnd = mulberry32(seed);
  const ruleSet = syntheticRuleSet(leaves);
  const us: Unit[] = Array.from({ length: units }, (_, i) => ({
    id: `u${String(i).padStart(5, '0')}`,
    name: `单位${i}`,
    group: 'city',
    objects: [],
  }));
  const as: Assessor[] = Array.from({ length: assessors }, (_, i) => ({ id: `a${i}`, name: `评分人${i}`, owns: [] }));
  const leavesOf = (n: RuleNode): RuleNode[] => (n.type === 'group' ? n.children.flatMap(leavesOf) : [n]);
  const leafNodes = leavesOf(ruleSet.root);
  // Entries are object literals in the key order of the entry schema, the shape the app gets from zod when
  // it reads rows back; objects built by spreading (`{ ...base, value }`) are several times slower to read in
  // V8 and would measure an artefact of the generator rather than the engine.
  const entries: ScoreEntry[] = [];
  for (const u of us)
    for (const l of leafNodes)
      for (const a of as) {
        const id = `${u.id}:${l.key}:${a.id}`;
        if (l.type === 'deduction') {
          const n = Math.floor(rnd() * 3);
          const findings = Array.from({ length: n }, (_, i) => ({ id: `f${i}`, count: 1, reason: '问题' }));
          entries.push({ id, unitId: u.id, node: l.key, assessorId: a.id, findings, rev: 1 });
        } else entries.push({ id, unitId: u.id, node: l.key, assessorId: a.id, value: Math.round(rnd() * 10) / 10, rev: 1 });
      }
  return { ruleSet, units: us, assessors: as, entries };
}
