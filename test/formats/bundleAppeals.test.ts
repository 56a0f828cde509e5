/**
 * Appeals in bundles: the version 2 writer writes them, readers accept their absence, bad ones are
 * named by their place; importing merges them like entries (the higher revision wins; the same
 * revision with other content keeps the local one and is reported).
 */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { parseBundle, serializeBundle } from '../../src/formats/bundle';
import { appeal, type Appeal } from '../../src/model/appeal';
import { planAppealMerge } from '../../src/sync/appealMerge';
import { auditLog, exportBundle, importBundle, listAppeals, loadBundleAsNewAssessment, type KaoheDb } from '../../src/store/repo';
import { makeBundle, makeEntry } from '../fixtures/bundles';
import { freshDb } from '../store/testDb';

const A = 'a-2024';
const dbs: KaoheDb[] = [];
afterEach(() => dbs.splice(0).forEach((d) => d.close()));

const ENTRY = makeEntry({ id: 'u1-web', node: 'website', value: undefined, findings: [{ id: 'f1', reason: '首页要闻更新不及时', count: 1 }] });

const makeAppeal = (over: Partial<Appeal> = {}): Appeal =>
  appeal.parse({
    id: 'ap1',
    unitId: 'u1',
    targets: [{ entryId: 'u1-web', node: 'website', findingId: 'f1' }],
    appellant: '王五',
    filedAt: '2025-01-24',
    reason: '检查前已更新',
    ...over,
  });

const rejected = { outcome: 'rejected' as const, reply: '维持', decidedAt: '2025-01-27T00:00:00.000Z', decidedBy: '办公室' };

describe('appeals in a bundle file', () => {
  it('round-trip through version 2, and a file without them reads as before', () => {
    const b = makeBundle({ entries: [ENTRY], appeals: [makeAppeal(), makeAppeal({ id: 'ap2', decision: rejected, rev: 2 })] });
    const text = serializeBundle(b);
    expect(text).toContain('"appeals": [');
    const back = parseBundle(text, 'b.json');
    expect(back.ok && back.bundle.appeals).toEqual(b.appeals);
    const without = parseBundle(serializeBundle(makeBundle({ entries: [ENTRY] })), 'b.json');
    expect(without.ok && without.bundle.appeals).toBeUndefined();
  });

  it('names the place of a bad appeal', () => {
    const b = makeBundle({ entries: [ENTRY], appeals: [makeAppeal(), makeAppeal({ unitId: 'u9' })] });
    const text = serializeBundle(b).replace('"reason": "检查前已更新"', '"reason": ""');
    const r = parseBundle(text, 'b.json');
    expect(r.ok).toBe(false);
    expect(!r.ok && r.errors.map((e) => e.path)).toContain('appeals[0].reason');
    const dup = parseBundle(serializeBundle(makeBundle({ entries: [ENTRY], appeals: [makeAppeal(), makeAppeal({ unitId: 'u9' })] })), 'b.json');
    expect(!dup.ok && dup.errors).toEqual([
      { path: 'appeals[1].id', message: '申诉 id "ap1" 重复（已用于 appeals[0]）' },
      { path: 'appeals[1].unitId', message: '未知的单位 "u9"' },
      { path: 'appeals[1].targets[0].entryId', message: '评分记录 "u1-web" 不是单位 "u9" 的 "website" 项' },
    ]);
  });

  it('refuses a target naming another unit’s entry when everything else in the file is sound', () => {
    const b = makeBundle({ entries: [ENTRY], appeals: [makeAppeal({ unitId: 'u2' })] });
    expect(b.units.map((u) => u.id)).toContain('u2');
    const r = parseBundle(serializeBundle(b), 'b.json');
    expect(!r.ok && r.errors).toEqual([{ path: 'appeals[0].targets[0].entryId', message: '评分记录 "u1-web" 不是单位 "u2" 的 "website" 项' }]);
  });
});

describe('merging appeals', () => {
  it('plans: new added, higher revision wins, lower skipped, equal content unchanged, same revision differing is a conflict', () => {
    const here = [makeAppeal({ id: 'a' }), makeAppeal({ id: 'b', rev: 3 }), makeAppeal({ id: 'c' }), makeAppeal({ id: 'd' })];
    const there = [
      makeAppeal({ id: 'a', rev: 2, decision: rejected }),
      makeAppeal({ id: 'b', rev: 2, reason: '旧的' }),
      makeAppeal({ id: 'c', rev: 5 }),
      makeAppeal({ id: 'd', reason: '另一份理由' }),
      makeAppeal({ id: 'e' }),
    ];
    const plan = planAppealMerge(here, there);
    expect(plan.add.map((a) => a.id)).toEqual(['e']);
    expect(plan.update.map((u) => u.incoming.id)).toEqual(['a']);
    expect(plan.olderSkipped).toEqual(['b']);
    expect(plan.unchanged).toEqual(['c']);
    expect(plan.conflicts.map((c) => [c.local.reason, c.incoming.reason])).toEqual([['检查前已更新', '另一份理由']]);
  });

  it('imports: a decision made elsewhere arrives, a conflicting copy keeps the local one and is reported', async () => {
    const office = freshDb();
    dbs.push(office);
    await loadBundleAsNewAssessment(office, makeBundle({ entries: [ENTRY], appeals: [makeAppeal(), makeAppeal({ id: 'ap2' })] }));
    const incoming = await exportBundle(office, A, { kind: 'full' });
    incoming.appeals = [makeAppeal({ rev: 2, decision: rejected }), makeAppeal({ id: 'ap2', reason: '另一份理由' }), makeAppeal({ id: 'ap3' })];
    const report = await importBundle(office, A, incoming, '办公室');
    expect(report).toMatchObject({ appealsMerged: 2, appealConflicts: ['ap2'] });
    const now = await listAppeals(office, A);
    expect(now.map((a) => [a.id, a.rev, a.decision?.outcome ?? 'open', a.reason])).toEqual([
      ['ap1', 2, 'rejected', '检查前已更新'],
      ['ap2', 1, 'open', '检查前已更新'],
      ['ap3', 1, 'open', '检查前已更新'],
    ]);
    expect((await auditLog(office, A)).filter((r) => r.action === 'appeal.import').map((r) => (r.after as Appeal).id).sort()).toEqual(['ap1', 'ap3']);
    // the same file again changes nothing
    expect(await importBundle(office, A, incoming, '办公室')).toMatchObject({ appealsMerged: 0, appealConflicts: ['ap2'] });
  });

  it('a unit’s bundle carries only that unit’s sheet and appeals, and opens as its preliminary result', async () => {
    const office = freshDb();
    dbs.push(office);
    const other = makeEntry({ id: 'u2-basic', unitId: 'u2', value: 5 });
    await loadBundleAsNewAssessment(
      office,
      makeBundle({ entries: [ENTRY, other], appeals: [makeAppeal(), makeAppeal({ id: 'ap2', unitId: 'u2', targets: [{ entryId: 'u2-basic', node: 'basic' }] })], assessment: { stage: 'consultation' } }),
    );
    const b = await exportBundle(office, A, { kind: 'unit', unitId: 'u1' });
    expect(b.units.map((u) => u.id)).toEqual(['u1']);
    expect(b.entries.map((e) => e.id)).toEqual(['u1-web']);
    expect(b.appeals?.map((a) => a.id)).toEqual(['ap1']);
    expect(b.assessment.stage).toBe('consultation');
    const unitMachine = freshDb();
    dbs.push(unitMachine);
    const parsed = parseBundle(serializeBundle(b), 'u1.json');
    expect(parsed.ok).toBe(true);
    await loadBundleAsNewAssessment(unitMachine, parsed.ok ? parsed.bundle : b);
    expect(await listAppeals(unitMachine, A)).toEqual(b.appeals);
  });
});
