/** Small probe bundles through `npm run score` (the same code the CLI runs): totals and tiers. */
import { describe, expect, it } from 'vitest';
import { runScore } from '../../src/cli/scoreReport';
import { makeBundle, makeTinyRuleSet } from '../fixtures/bundles';
import type { RuleSetInput } from '../../src/model/ruleSet';

function probe(rules: Partial<RuleSetInput>, entries: object[], units?: object[]) {
  const bundle = makeBundle({
    ruleSet: makeTinyRuleSet(rules),
    entries: entries.map((e, i) => ({ id: `e${i}`, unitId: 'u1', assessorId: 'as1', ...e })) as never,
    ...(units ? { units: units as never } : {}),
  });
  const out = runScore(['p.json', '--format', 'json'], () => JSON.stringify(bundle));
  expect(out.code, out.stderr).toBe(0);
  const units1 = (JSON.parse(out.stdout) as { groups: { units: { unitId: string; display: string; tierName: string }[] }[] }).groups[0]!.units;
  return units1.find((u) => u.unitId === 'u1')!;
}

const tiers = [{ key: 'ok', name: '合格', atLeast: 0 }, { key: 'fail', name: '不合格' }];
const leaf = (key: string, max: number) => ({ key, name: key, type: 'points' as const, max });
const root = (children: object[]) => ({ key: 'total', name: '总分', type: 'group' as const, children }) as RuleSetInput['root'];

describe('score probes', () => {
  it('zeroNode on a leaf: 甲 40 of 40 + 乙 40 → 40.00', () => {
    const u = probe(
      { root: root([leaf('jia', 40), leaf('yi', 40)]), tiers, vetoes: [{ key: 'v', name: '否决', effect: { type: 'zeroNode', node: 'jia' } }] },
      [{ node: 'jia', value: 40 }, { node: 'yi', value: 40 }, { node: 'v', triggered: true }],
    );
    expect(u.display).toBe('40.00');
  });

  it('each account below 60 → 不合格: two accounts at 50', () => {
    const accounts = { key: 'acc', name: '账号', type: 'group', perObject: { kind: 'newMedia', aggregate: 'mean' },
      children: [{ key: 'acc.d', name: '检查', type: 'deduction', max: 100, perFinding: 1 }] };
    const objects = [{ id: 'm1', name: '公众号', kind: 'newMedia' }, { id: 'm2', name: '微博', kind: 'newMedia' }];
    const fifty = Array.from({ length: 50 }, (_, i) => ({ id: `f${i}`, reason: '问题' }));
    const u = probe(
      { root: root([accounts]), tiers, thresholds: [{ key: 't', name: '账号低于60分', node: 'acc', below: 60, effect: { type: 'failScored' } }] },
      [{ node: 'acc.d', objectId: 'm1', findings: fifty }, { node: 'acc.d', objectId: 'm2', findings: fifty }],
      [{ id: 'u1', name: '甲市', group: 'city', objects }, { id: 'u2', name: '乙市', group: 'city' }],
    );
    expect(u.display).toBe('50.00');
    expect(u.tierName).toBe('不合格');
  });
});
