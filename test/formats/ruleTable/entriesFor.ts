/**
 * Entries for any rule set from a seeded generator (the demo's mulberry32): every leaf of every unit gets
 * a value, checks or findings, a few items are not applicable and a few vetoes trigger, so a rule set and
 * its round-tripped copy can be compared on scores, ranks and tiers.
 */
import { mulberry32 } from '../../../src/cli/demoBundle';
import type { RuleNode, RuleSet } from '../../../src/model/ruleSet';
import type { Assessor, ScoreEntry, Unit } from '../../../src/model/entries';

export function sheetFor(rs: RuleSet, seed: number, unitCount = 12): { units: Unit[]; entries: ScoreEntry[]; assessors: Assessor[] } {
  const rng = mulberry32(seed);
  const units: Unit[] = Array.from({ length: unitCount }, (_, i) => ({ id: `u${i + 1}`, name: `单位${i + 1}`, group: rs.group.key, objects: [] }));
  const entries: ScoreEntry[] = [];
  let n = 0;
  const add = (u: Unit, node: string, fields: Partial<ScoreEntry>) => entries.push({ id: `e${++n}`, unitId: u.id, node, assessorId: 'a1', rev: 1, ...fields });
  const walk = (u: Unit, node: RuleNode) => {
    if (rng() < 0.03) return add(u, node.key, { notApplicable: true });
    switch (node.type) {
      case 'group':
        if (node.perObject) return;
        return node.children.forEach((c) => walk(u, c));
      case 'points':
      case 'bonus': {
        const step = node.step ?? 0.5;
        return add(u, node.key, { value: Math.round((rng() * node.max) / step) * step });
      }
      case 'ratio':
        return add(u, node.key, { value: Math.round(rng() * 1000) / 10 });
      case 'checklist':
        return add(u, node.key, { checks: Object.fromEntries(node.items.map((i) => [i.key, rng() < 0.7])) });
      case 'deduction':
      case 'penalty': {
        const cps = node.checkpoints ?? [];
        const findings = Array.from({ length: Math.floor(rng() * 4) }, (_, i) => {
          const cp = cps[Math.floor(rng() * cps.length)];
          return { id: `f${n}-${i}`, count: 1 + Math.floor(rng() * 3), reason: '抽查发现', ...(cp ? { checkpoint: cp.key } : node.perFinding ? {} : { points: 1 }) };
        });
        return add(u, node.key, { findings });
      }
    }
  };
  for (const u of units) {
    rs.root.children.forEach((c) => walk(u, c));
    for (const v of rs.vetoes) if (!v.scope) add(u, v.key, { triggered: rng() < 0.08 });
  }
  return { units, entries, assessors: [{ id: 'a1', name: '张三', owns: [] }] };
}
