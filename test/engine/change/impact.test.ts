import { describe, expect, it } from 'vitest';
import { ruleSetImpact } from '../../../src/engine';
import { ENTRIES, UNITS, children, rules } from './changeFixtures';

const impactOf = (change: Parameters<typeof rules>[0]) => ruleSetImpact(rules(), rules(change), UNITS, ENTRIES);

describe('ruleSetImpact', () => {
  it('finds nothing when the rule set only gains room', () => {
    expect(impactOf((r) => Object.assign(children(r)[0]!, { max: 6 })).items).toEqual([]);
  });

  it('lists a value above the new max, clamped to the max on the step', () => {
    const [item, ...rest] = impactOf((r) => Object.assign(children(r)[0]!, { max: 2.5 })).items;
    expect(rest).toEqual([]);
    expect(item).toMatchObject({ kind: 'aboveMax', unitId: 'u1', node: 'basic', detail: '录入 3.5 分，新满分 2.5 分' });
    expect(item?.clamped?.value).toBe(2.5);
  });

  it('clamps to the largest step below a max that is off the step (max 3.2, step 0.5 → 3)', () => {
    const [item] = impactOf((r) => Object.assign(children(r)[0]!, { max: 3.2 })).items;
    expect(item?.clamped?.value).toBe(3);
  });

  it('lists a value off the new step, rounded down onto it', () => {
    const items = impactOf((r) => Object.assign(children(r)[0]!, { step: 1 })).items;
    expect(items.map((i) => [i.kind, i.entry?.id, i.clamped?.value])).toEqual([['offStep', 'e1', 3]]);
  });

  it('lists the entries of a removed leaf and of a removed veto', () => {
    const items = impactOf((r) => {
      children(r).splice(0, 1);
      r.vetoes = [];
    }).items;
    expect(items.map((i) => [i.kind, i.entry?.id])).toEqual([
      ['leafRemoved', 'e1'],
      ['leafRemoved', 'e4'],
      ['leafRemoved', 'e5'],
    ]);
  });

  it('lists a retyped leaf (points → deduction) with no clamp', () => {
    const items = impactOf((r) => (children(r)[0] = { key: 'basic', name: '基础信息公开', type: 'deduction', max: 4, perFinding: 1 })).items;
    expect(items.map((i) => [i.kind, i.entry?.id, i.clamped])).toEqual([
      ['leafRetyped', 'e1', undefined],
      ['leafRetyped', 'e5', undefined],
    ]);
  });

  it('lists findings on a removed check point, clamped to explicit points that keep the reason and deduction', () => {
    const [item] = impactOf((r) => ((children(r)[1] as { checkpoints: unknown[] }).checkpoints = [{ key: 'late', name: '更新不及时', deduction: 1 }])).items;
    expect(item?.kind).toBe('checkpointRemoved');
    expect(item?.clamped?.findings).toEqual([
      { id: 'f1', reason: '首页错链', count: 1, points: 2 },
      { id: 'f2', checkpoint: 'late', reason: '未及时更新', count: 2 },
    ]);
  });

  it('lists a removed checklist item, clamped by dropping its check', () => {
    const [item] = impactOf((r) => ((children(r)[2] as { items: unknown[] }).items = [{ key: 'complete', name: '内容完整', points: 2 }])).items;
    expect(item).toMatchObject({ kind: 'checkpointRemoved', clamped: { checks: { complete: true } } });
  });

  it('lists a unit whose class is gone', () => {
    const items = impactOf((r) => (r.unitClasses = [])).items;
    expect(items).toEqual([{ kind: 'unitClassRemoved', unitId: 'u2', detail: '单位类别“small”已删除' }]);
  });

  it('puts what no named kind covers under "other" (a class that now excludes a scored leaf)', () => {
    const items = impactOf((r) => (r.unitClasses = [{ key: 'small', name: '不考基础的单位', excludes: ['basic'] }])).items;
    expect(items.map((i) => [i.kind, i.entry?.id])).toEqual([['other', 'e5']]);
  });
});
