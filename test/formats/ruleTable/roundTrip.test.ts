import { describe, expect, it } from 'vitest';
import { allRuleSets } from '../../fixtures/allRuleSets';
import { scoreGroup, type RuleNode, type RuleSet } from '../../../src/engine';
import { importRuleTable, ruleTableXlsx } from '../../../src/formats/ruleTable';
import { makeDemoBundle } from '../../../src/cli/demoBundle';
import { sheetFor } from './entriesFor';

/** Defaults written out or left out mean the same: floor true, one effect or a list of one. */
function normalized(rs: RuleSet): unknown {
  const node = (n: RuleNode): unknown => {
    const { ...copy } = n as unknown as Record<string, unknown>;
    if (copy.floor === true) delete copy.floor;
    if (n.type === 'group') copy.children = n.children.map(node);
    return copy;
  };
  return {
    ...rs,
    root: node(rs.root),
    vetoes: rs.vetoes.map(({ effect, effects, ...v }) => ({ ...v, effects: effects ?? [effect] })),
  };
}

const fallback = { id: 'imported', year: 2024, group: { key: 'g', name: '分组' } };

async function roundTrip(rs: RuleSet): Promise<RuleSet> {
  const back = await importRuleTable(await ruleTableXlsx(rs), 'x.xlsx', { fallback });
  if (!back.ok) throw new Error(JSON.stringify(back.problems, null, 1));
  return back.ruleSet;
}

const scores = (rs: RuleSet, sheet: ReturnType<typeof sheetFor>) =>
  scoreGroup(rs, sheet.units, sheet.entries, sheet.assessors).units.map((u) => ({ unit: u.unitId, total: u.display, rank: u.rank, tier: u.tier }));

describe('考核细则 round trip (rule set → xlsx → rule set)', () => {
  for (const { name, ruleSet } of allRuleSets()) {
    it(`keeps every scoring field of ${name}`, async () => {
      expect(normalized(await roundTrip(ruleSet))).toEqual(normalized(ruleSet));
    });
    it(`gives the same totals, ranks and tiers for ${name} on generated entries`, async () => {
      const back = await roundTrip(ruleSet);
      for (const seed of [1, 2, 3]) {
        const sheet = sheetFor(ruleSet, seed);
        expect(scores(back, sheet)).toEqual(scores(ruleSet, sheet));
      }
    });
  }

  it('gives the same scores on the demo data', async () => {
    const demo = makeDemoBundle();
    for (const rs of demo.ruleSets) {
      const back = await roundTrip(rs);
      const units = demo.units.filter((u) => u.group === rs.group.key);
      const ids = new Set(units.map((u) => u.id));
      const entries = demo.entries.filter((e) => ids.has(e.unitId));
      const a = scoreGroup(rs, units, entries, demo.assessors).units.map((u) => [u.unitId, u.display, u.rank, u.tier]);
      const b = scoreGroup(back, units, entries, demo.assessors).units.map((u) => [u.unitId, u.display, u.rank, u.tier]);
      expect(b).toEqual(a);
      expect(a.length).toBeGreaterThan(10);
    }
  });
});
