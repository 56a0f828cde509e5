/**
 * Rules that read a node inside a per-object subtree (one website or account each): thresholds fire per
 * object, and gates outside the subtree read the aggregate over the objects.
 */
import { describe, expect, it } from 'vitest';
import { scoreGroup } from '../../../src/engine/group/pipeline';
import { bonus, deduction, entry, finding, group, makeRules, makeUnit, points, run } from './evaluateFixtures';

const accounts = makeUnit({ objects: [{ id: 'm1', name: '微信公众号', kind: 'newMedia' }, { id: 'm2', name: '微博', kind: 'newMedia' }] });
const perAccount = (aggregate: 'mean' | 'min' | 'max') =>
  group('accounts', [group('acct.check', [deduction('acct.content', 100)])], { perObject: { kind: 'newMedia', aggregate } });

describe('a threshold on a node inside a per-object subtree', () => {
  const rules = (aggregate: 'mean' | 'min' | 'max', node = 'acct.check') =>
    makeRules([perAccount(aggregate)], {
      thresholds: [{ key: 'acctBelow60', name: '账号得分低于60分', node, below: 60, effect: { type: 'failScored' } }],
      tiers: [{ key: 'qualified', name: '合格', atLeast: 0 }, { key: 'unqualified', name: '不合格' }],
    });
  const loss = (objectId: string, n: number) => entry('acct.content', { objectId, findings: finding(n) });
  const tierOf = (r: ReturnType<typeof rules>, entries: ReturnType<typeof entry>[]) =>
    scoreGroup(r, [accounts], entries, []).units[0]!;

  it('two accounts at 50 each: 不合格', () => {
    const u = tierOf(rules('mean'), [loss('m1', 50), loss('m2', 50)]);
    expect(u.total).toBe(50);
    expect(u.tierName).toBe('不合格');
    expect(u.vetoes.map((v) => v.objectId)).toEqual(['m1', 'm2']);
  });

  it('fires for one account below the line even when the mean is above it (90 and 50: mean 70)', () => {
    const u = tierOf(rules('mean'), [loss('m1', 10), loss('m2', 50)]);
    expect(u.total).toBe(70);
    expect(u.tierName).toBe('不合格');
    expect(u.vetoes.map((v) => v.objectId)).toEqual(['m2']);
  });

  it('the per-object group itself is read per object too', () => {
    const u = tierOf(rules('max', 'accounts'), [loss('m1', 0), loss('m2', 41)]);
    expect(u.total).toBe(100);
    expect(u.tierName).toBe('不合格');
  });

  it('skips an account marked not applicable: its items, never scored, would read 0', () => {
    const pointsRules = makeRules(
      [group('accounts', [group('acct.check', [points('acct.p', 100)])], { perObject: { kind: 'newMedia', aggregate: 'mean' } })],
      { thresholds: [{ key: 'low', name: '账号得分低于60分', node: 'acct.check', below: 60, effect: { type: 'failScored' } }] },
    );
    const u = scoreGroup(pointsRules, [accounts], [
      entry('acct.p', { objectId: 'm1', value: 80 }),
      entry('accounts', { objectId: 'm2', notApplicable: true }),
    ], []).units[0]!;
    expect(u.total).toBe(80);
    expect(u.vetoes).toEqual([]);
  });

  it('does not fire when every account is at 60 or more', () => {
    const u = tierOf(rules('min'), [loss('m1', 40), loss('m2', 0)]);
    expect(u.vetoes).toEqual([]);
    expect(u.tierName).toBe('合格');
  });
});

describe('a gate outside a per-object subtree reading a node inside it', () => {
  // the accounts' check node scores 50 (both accounts lose 50): "above 80" keeps the 10-point bonus out
  const rules = makeRules([
    perAccount('mean'),
    group('extra', [bonus('extra.b', 10)], { gate: { node: 'acct.check', above: 80 } }),
  ]);

  it('reads the aggregated value, not full marks: 50 and no bonus', () => {
    const r = run(rules, [
      entry('acct.content', { objectId: 'm1', findings: finding(50) }),
      entry('acct.content', { objectId: 'm2', findings: finding(50) }),
      entry('extra.b', { value: 10 }),
    ], accounts);
    expect(r.nodes['acct.check']?.score).toBe(50);
    expect(r.nodes.extra?.gatedOut).toBe(true);
    expect(r.total).toBe(50);
    expect(r.display).toBe('50.00');
  });

  it('lets the bonus through when the aggregate is above the line (90 and 80: mean 85)', () => {
    const r = run(rules, [
      entry('acct.content', { objectId: 'm1', findings: finding(10) }),
      entry('acct.content', { objectId: 'm2', findings: finding(20) }),
      entry('extra.b', { value: 10 }),
    ], accounts);
    expect(r.total).toBe(95);
  });
});
