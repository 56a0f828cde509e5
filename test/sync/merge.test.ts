import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Bundle } from '../../src/model/assessment';
import { conflictId, planMerge, type MergeLocal } from '../../src/sync/merge';
import { contentHash } from '../../src/sync/contentHash';
import type { ScoreEntry } from '../../src/model/entries';
import { makeBundle, makeEntry, makeTinyRuleSet } from '../fixtures/bundles';

/** The local side as the database would hold the base bundle plus `entries`. */
function localWith(entries: ScoreEntry[], base: Bundle = makeBundle()): MergeLocal {
  return { assessment: base.assessment, ruleSets: base.ruleSets, units: base.units, assessors: base.assessors, entries };
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

describe('planMerge entries', () => {
  it('treats the same content as unchanged whatever its revision, time or author', () => {
    const local = localWith([makeEntry({ id: 'e1', value: 8, rev: 3, updatedAt: '2024-10-01T00:00:00Z', updatedBy: '办公室' })]);
    const plan = planMerge(local, makeBundle({ entries: [makeEntry({ id: 'e1', value: 8, rev: 1, updatedBy: 'as1' })] }));
    expect(plan).toMatchObject({ unchanged: ['e1'], add: [], update: [], conflicts: [] });
  });

  it('adds entries the local side does not have, in id order', () => {
    const plan = planMerge(localWith([]), makeBundle({ entries: [makeEntry({ id: 'e2' }), makeEntry({ id: 'e1' })] }));
    expect(plan.add.map((e) => e.id)).toEqual(['e1', 'e2']);
  });

  it("updates when the same assessor's incoming revision is newer", () => {
    const mine = makeEntry({ id: 'e1', value: 5, rev: 2, updatedBy: 'as1' });
    const theirs = makeEntry({ id: 'e1', value: 7, rev: 3, updatedBy: 'as1' });
    expect(planMerge(localWith([mine]), makeBundle({ entries: [theirs] })).update).toEqual([{ local: mine, incoming: theirs }]);
  });

  it("skips an older revision of the same assessor's entry", () => {
    const mine = makeEntry({ id: 'e1', value: 7, rev: 3, updatedBy: 'as1' });
    const plan = planMerge(localWith([mine]), makeBundle({ entries: [makeEntry({ id: 'e1', value: 5, rev: 2, updatedBy: 'as1' })] }));
    expect(plan).toMatchObject({ olderSkipped: ['e1'], update: [], conflicts: [] });
  });

  it('lists differing content by different authors as a conflict, even when the incoming revision is newer', () => {
    const mine = makeEntry({ id: 'e1', unitId: 'u2', value: 5, rev: 1, updatedBy: '办公室' });
    const theirs = makeEntry({ id: 'e1', unitId: 'u2', value: 7, rev: 4, updatedBy: 'as1' });
    const plan = planMerge(localWith([mine]), makeBundle({ entries: [theirs] }));
    expect(plan.update).toEqual([]);
    expect(plan.conflicts).toEqual([
      { id: conflictId(theirs), entryId: 'e1', unitId: 'u2', unitName: '乙市', node: 'basic', assessorId: 'as1', local: mine, incoming: theirs },
    ]);
  });

  it('lists a conflict when the same revision differs, or when the local side has no author', () => {
    const plan = planMerge(
      localWith([makeEntry({ id: 'e1', value: 5, rev: 2, updatedBy: 'as1' }), makeEntry({ id: 'e2', value: 5 })]),
      makeBundle({ entries: [makeEntry({ id: 'e1', value: 6, rev: 2, updatedBy: 'as1' }), makeEntry({ id: 'e2', value: 6, rev: 2 })] }),
    );
    expect(plan.conflicts.map((c) => c.entryId)).toEqual(['e1', 'e2']);
  });

  it('names a conflict by entry and incoming content, so the same disagreement keeps its id', () => {
    const a = makeEntry({ id: 'e1', value: 7, rev: 2, updatedBy: 'as1' });
    expect(conflictId(a)).toBe(conflictId({ ...a, rev: 9, updatedAt: '2025-01-01T00:00:00Z' }));
    expect(conflictId(a)).not.toBe(conflictId({ ...a, value: 6 }));
    expect(conflictId(a)).toMatch(/^e1\|[0-9a-f]{16}$/);
  });

  it('counts a conflict already decided for the local value as unchanged', () => {
    const theirs = makeEntry({ id: 'e1', value: 7, rev: 2, updatedBy: 'as1' });
    const local = localWith([makeEntry({ id: 'e1', value: 5, updatedBy: '办公室' })]);
    const plan = planMerge(local, makeBundle({ entries: [theirs] }), { keptLocal: new Set([conflictId(theirs)]) });
    expect(plan).toMatchObject({ unchanged: ['e1'], conflicts: [] });
  });

  it('changes nothing when a bundle is merged into the data it came from (any entries)', () => {
    const entryArb = fc.record({
      unitId: fc.constantFrom('u1', 'u2'),
      node: fc.constantFrom('basic', 'website'),
      assessorId: fc.constantFrom('as1', 'as2'),
      value: fc.integer({ min: 0, max: 20 }).map((v) => v / 2),
      rev: fc.integer({ min: 1, max: 5 }),
      updatedBy: fc.constantFrom('as1', 'as2', '办公室'),
    });
    fc.assert(
      fc.property(fc.uniqueArray(entryArb, { maxLength: 12, selector: (e) => `${e.unitId}${e.node}${e.assessorId}` }), (raw) => {
        const entries = raw.map((e, i) => makeEntry({ id: `e${i}`, ...e }));
        const plan = planMerge(localWith(entries), makeBundle({ entries }));
        expect(plan.unchanged).toHaveLength(entries.length);
        expect([plan.add, plan.update, plan.conflicts, plan.unitsToAdd, plan.assessorsToAdd]).toEqual([[], [], [], [], []]);
      }),
    );
  });

  it('does not modify either side', () => {
    const local = deepFreeze(localWith([makeEntry({ id: 'e1', value: 5, updatedBy: '办公室' })]));
    const incoming = deepFreeze(makeBundle({ entries: [makeEntry({ id: 'e1', value: 7, rev: 2 }), makeEntry({ id: 'e2' })] }));
    const copies = structuredClone([local, incoming]);
    planMerge(local, incoming);
    expect([local, incoming]).toEqual(copies);
  });
});

describe('planMerge units and assessors', () => {
  it('adds units and assessors unknown locally and keeps local ones that differ', () => {
    const incoming = makeBundle({
      units: [
        { id: 'u1', name: '甲市人民政府', group: 'city' },
        { id: 'u2', name: '乙市', group: 'city' },
        { id: 'u3', name: '丙市', group: 'city' },
      ],
      assessors: [{ id: 'as1', name: '张三' }, { id: 'as9', name: '赵六' }],
    });
    const plan = planMerge(localWith([]), incoming);
    expect(plan.unitsToAdd.map((u) => u.id)).toEqual(['u3']);
    expect(plan.unitsDiffering).toEqual(['u1']);
    expect(plan.assessorsToAdd.map((a) => a.id)).toEqual(['as9']);
  });

  it('names the unit of a conflict from the bundle when the unit is new here', () => {
    const incoming = makeBundle({
      units: [{ id: 'u3', name: '丙市', group: 'city' }],
      entries: [makeEntry({ id: 'e1', unitId: 'u3', value: 1, rev: 2 })],
    });
    const local = localWith([makeEntry({ id: 'e1', unitId: 'u3', value: 2 })]);
    expect(planMerge(local, incoming).conflicts[0]?.unitName).toBe('丙市');
  });
});

describe('planMerge refusals', () => {
  it('refuses a bundle of another assessment and plans nothing', () => {
    const plan = planMerge(localWith([]), makeBundle({ assessment: { id: 'a-2023', name: '2023年度考核' }, entries: [makeEntry({ id: 'e1' })] }));
    expect(plan.refused).toEqual({
      code: 'wrongAssessment',
      message: '导入文件属于考核“2023年度考核”（a-2023），不是当前考核“2024年度政务公开考核”（a-2024），未导入任何数据。',
    });
    expect([plan.add, plan.unitsToAdd]).toEqual([[], []]);
  });

  it('refuses a bundle scored under another rule-set version, naming both versions', () => {
    const revised = makeTinyRuleSet({ version: '2' });
    const plan = planMerge(localWith([]), makeBundle({ ruleSet: revised, entries: [makeEntry({ id: 'e1' })] }));
    expect(plan.refused?.code).toBe('ruleSetMismatch');
    expect(plan.ruleSetMismatch?.groups).toEqual([
      {
        groupKey: 'city',
        groupName: '市（州）政府',
        localHash: contentHash(makeTinyRuleSet()),
        localVersion: '市（州）政府考核（测试） 1',
        incomingHash: contentHash(revised),
        incomingVersion: '市（州）政府考核（测试） 2',
      },
    ]);
    expect(plan.refused?.message).toContain('本地使用 市（州）政府考核（测试） 1');
    expect(plan.add).toEqual([]);
  });

  it('refuses a bundle with a group the local assessment does not have', () => {
    const dept = makeTinyRuleSet({ id: 'dept-tiny', group: { key: 'dept', name: '省政府部门' } });
    const bundle = makeBundle({ ruleSet: dept, assessment: { groups: [{ key: 'dept', name: '省政府部门', ruleSetId: dept.id, ruleSetHash: contentHash(dept) }] } });
    const plan = planMerge(localWith([]), bundle);
    expect(plan.ruleSetMismatch?.groups).toEqual([expect.objectContaining({ groupKey: 'dept', localHash: null })]);
    expect(plan.refused?.message).toContain('分组“省政府部门”（dept）本考核中没有');
  });

  it('refuses a bundle that repeats an entry id', () => {
    const plan = planMerge(localWith([]), makeBundle({ entries: [makeEntry({ id: 'e1' }), makeEntry({ id: 'e1', value: 2 })] }));
    expect(plan.refused).toEqual({ code: 'duplicateId', message: '导入文件中评分记录的 id 重复：e1，未导入任何数据。' });
  });
});
