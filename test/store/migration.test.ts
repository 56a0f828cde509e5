import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import { KaoheDb } from '../../src/store/database';
import { IntegrityError } from '../../src/store/errors';
import { loadData } from '../../src/store/assessments';
import { auditLog, deleteUnit, exportBundle, listConflicts, loadAssessmentData, lockAssessment, readInputChanges, saveEntry } from '../../src/store/repo';
import { packEntriesToV3, upgradeAssessmentToV2, upgradeEntryToV2, type EntryRow, type EntryRowV1 } from '../../src/store/schema';
import { contentHash } from '../../src/sync/contentHash';
import { makeEntry, makeTinyRuleSet } from '../fixtures/bundles';
import { fakeIdb } from './testDb';

/** The version 1 schema as it was released (a copy: the test must not follow later edits). */
const RELEASED_V1 = {
  assessments: 'id, year',
  ruleSets: 'hash, id',
  units: '[assessmentId+id], assessmentId, group',
  assessors: '[assessmentId+id], assessmentId',
  entries: '[assessmentId+id], assessmentId, unitId',
  audit: '++seq, assessmentId',
};

/** The version 2 additions as released (a copy, as above). */
const RELEASED_V2 = {
  assessments: 'id, year, status',
  entries: '[assessmentId+id], assessmentId, [assessmentId+unitId], [assessmentId+assessorId]',
  snapshots: '++id, assessmentId',
  meta: 'key',
  conflicts: '[assessmentId+id], assessmentId',
};

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

const ruleSet = makeTinyRuleSet();
const hash = contentHash(ruleSet);

/** Rows as a version 1 app wrote them: assessments without status, entries without rev. */
function v1Rows() {
  return {
    assessments: [
      { id: 'a1', name: '2023年度考核', year: 2023, groups: [{ key: 'city', name: '市（州）政府', ruleSetId: ruleSet.id, ruleSetHash: hash }], createdAt: '2023-10-01T00:00:00.000Z' },
    ],
    ruleSets: [{ hash, id: ruleSet.id, ruleSet }],
    units: [
      { assessmentId: 'a1', id: 'u1', name: '甲市', group: 'city', objects: [] },
      { assessmentId: 'a1', id: 'u2', name: '乙市', group: 'city', objects: [] },
    ],
    assessors: [{ assessmentId: 'a1', id: 'as1', name: '张三', owns: [] }],
    entries: [
      { assessmentId: 'a1', id: 'e1', unitId: 'u1', node: 'basic', assessorId: 'as1', value: 8, updatedAt: '2023-10-02T00:00:00.000Z', updatedBy: 'as1' },
      { assessmentId: 'a1', id: 'e2', unitId: 'u2', node: 'website', assessorId: 'as1', findings: [{ id: 'f1', count: 2, reason: '栏目长期未更新' }] },
    ],
    audit: [
      { seq: 1, assessmentId: 'a1', at: '2023-10-02T00:00:00.000Z', who: 'as1', action: 'entry.save', entryId: 'e1', unitId: 'u1', node: 'basic', before: null, after: { value: 8 } },
    ],
  };
}

async function writeV1Database(name: string, rows: ReturnType<typeof v1Rows>): Promise<void> {
  const v1 = new Dexie(name, fakeIdb);
  v1.version(1).stores(RELEASED_V1);
  await v1.transaction('rw', v1.tables, async () => {
    for (const [table, list] of Object.entries(rows)) await v1.table(table).bulkAdd(list);
  });
  v1.close();
}

/** Every pack as stored since version 10, unit row by unit row. */
const storedPacks = async (db: KaoheDb) => (await db.unitPacks.toArray()).flatMap((r) => r.packs);

describe('migration from version 1 to 3', () => {
  it('gives every entry rev 1 and every assessment the status open, keeping all other data', async () => {
    const name = `migration-${Date.now()}`;
    const fixture = deepFreeze(v1Rows());
    const pristine = structuredClone(fixture);
    await writeV1Database(name, fixture);

    const db = new KaoheDb(name, fakeIdb);
    await db.open();
    expect(db.verno).toBe(11); // on through version 11
    const data = await loadAssessmentData(db, 'a1');
    expect(data.assessment).toEqual({ ...pristine.assessments[0], status: 'open' });
    expect(data.entries).toEqual([
      { id: 'e1', unitId: 'u1', node: 'basic', assessorId: 'as1', value: 8, rev: 1, updatedAt: '2023-10-02T00:00:00.000Z', updatedBy: 'as1' },
      { id: 'e2', unitId: 'u2', node: 'website', assessorId: 'as1', findings: [{ id: 'f1', count: 2, reason: '栏目长期未更新' }], rev: 1 },
    ]);
    // the stored entries themselves carry the revision (not only the schema default on reading)
    expect((await storedPacks(db)).flatMap((p) => p.entries.map((e) => e.rev))).toEqual([1, 1]);
    expect(data.units.map((u) => u.name)).toEqual(['甲市', '乙市']);
    expect(data.ruleSets).toEqual([ruleSet]);
    expect(await auditLog(db, 'a1')).toEqual(pristine.audit);
    expect(fixture).toEqual(pristine);
    db.close();
  });

  it('continues revisions, unit deletion and locking after the upgrade', async () => {
    const name = `migration-use-${Date.now()}`;
    await writeV1Database(name, v1Rows());
    const db = new KaoheDb(name, fakeIdb);
    const ofAs1 = await loadData(db, 'a1', 'as1');
    expect(ofAs1.entries.map((e) => e.id)).toEqual(['e1', 'e2']);
    const saved = await saveEntry(db, 'a1', makeEntry({ id: 'e1', value: 9 }), 'as1');
    expect(saved.rev).toBe(2);
    expect((await auditLog(db, 'a1')).map((r) => r.seq)).toEqual([2, 1]);
    await deleteUnit(db, 'a1', 'u2', '办公室');
    expect((await loadAssessmentData(db, 'a1')).entries.map((e) => e.id)).toEqual(['e1']);
    expect((await auditLog(db, 'a1')).slice(0, 2).map((r) => [r.action, r.entryId ?? r.unitId])).toEqual([['unit.delete', 'u2'], ['entry.delete', 'e2']]);
    await lockAssessment(db, 'a1', { inputsHash: 'sha256:00', results: {} }, '办公室');
    expect((await loadAssessmentData(db, 'a1')).assessment.status).toBe('locked');
    db.close();
  });
});

/** Rows as a version 2 app wrote them: two assessments sharing entry ids, a lock, a conflict, settings. */
function v2Rows() {
  const v1 = v1Rows();
  const a2 = { ...v1.assessments[0]!, id: 'a2', name: '2023年度考核（副本）', status: 'locked', lockedAt: '2023-12-01T00:00:00.000Z' };
  const entry = (assessmentId: string, id: string, unitId: string, assessorId: string, value: number, rev: number): EntryRow => ({
    assessmentId, id, unitId, node: 'basic', assessorId, value, rev, updatedAt: '2023-11-01T00:00:00.000Z', updatedBy: assessorId,
  });
  return {
    assessments: [{ ...v1.assessments[0]!, status: 'open' }, a2],
    ruleSets: v1.ruleSets,
    units: [...v1.units, ...v1.units.map((u) => ({ ...u, assessmentId: 'a2' }))],
    assessors: [...v1.assessors, { assessmentId: 'a1', id: 'as2', name: '李四', owns: [] }, ...v1.assessors.map((a) => ({ ...a, assessmentId: 'a2' }))],
    entries: [
      entry('a1', 'e3', 'u1', 'as2', 6, 2),
      entry('a1', 'e1', 'u1', 'as1', 8, 3),
      entry('a1', 'e2', 'u2', 'as1', 5, 1),
      entry('a2', 'e1', 'u1', 'as1', 4, 1),
    ],
    audit: v1.audit,
    snapshots: [{ id: 1, assessmentId: 'a2', at: '2023-12-01T00:00:00.000Z', who: '办公室', inputsHash: 'sha256:ab', results: {} }],
    meta: [{ key: 'currentAssessmentId', value: 'a1' }],
    conflicts: [
      {
        assessmentId: 'a1', id: 'c1', entryId: 'e2', unitId: 'u2', node: 'basic', assessorId: 'as1',
        local: entry('a1', 'e2', 'u2', 'as1', 5, 1), incoming: { ...entry('a1', 'e2', 'u2', 'as1', 3, 1), updatedBy: 'as9' },
        detectedAt: '2023-11-02T00:00:00.000Z', status: 'pending',
      },
    ],
  };
}

async function writeV2Database(name: string, rows: ReturnType<typeof v2Rows>): Promise<void> {
  const v2 = new Dexie(name, fakeIdb);
  v2.version(1).stores(RELEASED_V1);
  v2.version(2).stores(RELEASED_V2);
  await v2.transaction('rw', v2.tables, async () => {
    for (const [table, list] of Object.entries(rows)) await v2.table(table).bulkAdd(list);
  });
  v2.close();
}

describe('migration from version 2 to 3', () => {
  it('moves every entry into its pack, keeping ids, revisions and all other data', async () => {
    const name = `migration-v2-${Date.now()}`;
    const fixture = deepFreeze(v2Rows());
    const pristine = structuredClone(fixture);
    await writeV2Database(name, fixture);

    const db = new KaoheDb(name, fakeIdb);
    await db.open();
    expect(db.verno).toBe(11); // on through version 11
    expect(db.tables.map((t) => t.name)).not.toContain('entries');
    const a1 = await loadAssessmentData(db, 'a1');
    const withoutAssessment = ({ assessmentId: _a, ...e }: EntryRow) => e;
    expect(a1.entries).toEqual([1, 2, 0].map((i) => withoutAssessment(pristine.entries[i]!)));
    expect((await loadAssessmentData(db, 'a2')).entries).toEqual([withoutAssessment(pristine.entries[3]!)]);
    expect((await loadData(db, 'a1', 'as2')).entries.map((e) => e.id)).toEqual(['e3']);
    // one pack per (assessment, unit, assessor), a unit's packs in one row
    expect(await storedPacks(db)).toHaveLength(4);
    expect(await db.unitPacks.count()).toBe(3);
    expect((await loadAssessmentData(db, 'a2')).assessment).toEqual(pristine.assessments[1]);
    expect(await auditLog(db, 'a1')).toEqual(pristine.audit);
    expect(await listConflicts(db, 'a1')).toEqual(pristine.conflicts);
    expect(await db.snapshots.toArray()).toEqual(pristine.snapshots);
    expect(await db.meta.toArray()).toEqual(pristine.meta);
    expect(fixture).toEqual(pristine);
    db.close();
  });

  it('continues revisions and exports the same bundle entries after the upgrade', async () => {
    const name = `migration-v2-use-${Date.now()}`;
    await writeV2Database(name, v2Rows());
    const db = new KaoheDb(name, fakeIdb);
    const saved = await saveEntry(db, 'a1', makeEntry({ id: 'e1', unitId: 'u1', value: 9 }), 'as1');
    expect(saved.rev).toBe(4);
    const bundle = await exportBundle(db, 'a1', { kind: 'full' });
    expect(bundle.entries.map((e) => [e.id, e.unitId, e.rev])).toEqual([['e1', 'u1', 4], ['e2', 'u2', 1], ['e3', 'u1', 2]]);
    // an entry never moves to another unit: its id is refused there, and nothing changes
    const before = await db.unitPacks.toArray();
    await expect(saveEntry(db, 'a1', makeEntry({ id: 'e1', unitId: 'u2', value: 7 }), 'as1')).rejects.toBeInstanceOf(IntegrityError);
    expect(await db.unitPacks.toArray()).toEqual(before);
    // the other assessment's e1 is untouched
    expect((await loadAssessmentData(db, 'a2')).entries[0]).toMatchObject({ id: 'e1', unitId: 'u1', value: 4, rev: 1 });
    db.close();
  });
});

/** The version 3 schema as released (a copy, as above). */
const RELEASED_V3 = {
  entries: null,
  entryPacks: '[assessmentId+unitId+assessorId], assessmentId, [assessmentId+assessorId], *ids',
};

describe('migration from version 3 to 4', () => {
  it('drops the index of entry ids and the ids in each pack, keeping every entry', async () => {
    const name = `migration-v3-${Date.now()}`;
    const v2 = v2Rows();
    const { entries: v2Entries, ...rest } = v2;
    const packs = deepFreeze(packEntriesToV3(v2Entries));
    const v3 = new Dexie(name, fakeIdb);
    v3.version(1).stores(RELEASED_V1);
    v3.version(2).stores(RELEASED_V2);
    v3.version(3).stores(RELEASED_V3);
    await v3.transaction('rw', v3.tables, async () => {
      for (const [table, list] of Object.entries({ ...rest, entryPacks: packs })) await v3.table(table).bulkAdd(list);
    });
    v3.close();

    const db = new KaoheDb(name, fakeIdb);
    await db.open();
    expect(db.verno).toBe(11); // on through version 11
    expect(db.tables.map((t) => t.name)).not.toContain('entryPacks');
    const stored = await storedPacks(db);
    expect(stored).toHaveLength(packs.length);
    expect(stored).toEqual(expect.arrayContaining(packs.map(({ ids: _ids, ...p }) => p)));
    for (const p of stored) expect(p).not.toHaveProperty('ids');
    const withoutAssessment = ({ assessmentId: _a, ...e }: EntryRow) => e;
    expect((await loadAssessmentData(db, 'a1')).entries).toEqual([1, 2, 0].map((i) => withoutAssessment(v2Entries[i]!)));
    const saved = await saveEntry(db, 'a1', makeEntry({ id: 'e3', unitId: 'u1', assessorId: 'as2', value: 1 }), 'as2');
    expect(saved.rev).toBe(3);
    await deleteUnit(db, 'a1', 'u2', '办公室');
    expect((await loadAssessmentData(db, 'a1')).entries.map((e) => e.id)).toEqual(['e1', 'e3']);
    db.close();
  });
});

describe('upgrade functions', () => {
  it('return new rows and leave their (frozen) input untouched', () => {
    const entry: EntryRowV1 = deepFreeze({ assessmentId: 'a1', id: 'e1', unitId: 'u1', node: 'basic', assessorId: 'as1', value: 3 });
    expect(upgradeEntryToV2(entry)).toEqual({ ...entry, rev: 1 });
    const assessment = deepFreeze({ id: 'a1', name: '考核', year: 2023, groups: [], createdAt: '2023-01-01T00:00:00.000Z' });
    expect(upgradeAssessmentToV2(assessment)).toEqual({ ...assessment, status: 'open' });
  });

  it('pack entries by assessment, unit and assessor, sorted by id, leaving their (frozen) input untouched', () => {
    const row = (assessmentId: string, id: string, unitId: string): EntryRow => ({ assessmentId, id, unitId, node: 'basic', assessorId: 'as1', rev: 1 });
    const rows = deepFreeze([row('a1', 'e2', 'u1'), row('a1', 'e1', 'u1'), row('a1', 'e3', 'u2'), row('a2', 'e1', 'u1')]);
    const entry = (id: string, unitId: string) => ({ id, unitId, node: 'basic', assessorId: 'as1', rev: 1 });
    expect(packEntriesToV3(rows)).toEqual([
      { assessmentId: 'a1', unitId: 'u1', assessorId: 'as1', ids: ['e1', 'e2'], entries: [entry('e1', 'u1'), entry('e2', 'u1')] },
      { assessmentId: 'a1', unitId: 'u2', assessorId: 'as1', ids: ['e3'], entries: [entry('e3', 'u2')] },
      { assessmentId: 'a2', unitId: 'u1', assessorId: 'as1', ids: ['e1'], entries: [entry('e1', 'u1')] },
    ]);
  });

  it('keep a revision or status a row already has', () => {
    expect(upgradeEntryToV2({ assessmentId: 'a1', id: 'e1', unitId: 'u1', node: 'basic', assessorId: 'as1', rev: 4 }).rev).toBe(4);
    expect(upgradeAssessmentToV2({ id: 'a1', name: '考核', year: 2023, groups: [], createdAt: '', status: 'locked' }).status).toBe('locked');
  });
});

/** The version 4 schema as released (a copy, as above). */
const RELEASED_V4 = {
  entryPacks: '[assessmentId+unitId+assessorId], assessmentId, [assessmentId+assessorId]',
  removals: '[assessmentId+id], assessmentId',
};

describe('migration from version 4 to 5', () => {
  it('adds the appeal, draft and evidence stores and keeps every row of version 4', async () => {
    const name = `migration-v4-${Date.now()}`;
    const { entries: v2Entries, ...rest } = v2Rows();
    const packs = packEntriesToV3(v2Entries).map(({ ids: _ids, ...p }) => p);
    const v4 = new Dexie(name, fakeIdb);
    v4.version(1).stores(RELEASED_V1);
    v4.version(2).stores(RELEASED_V2);
    v4.version(3).stores(RELEASED_V3);
    v4.version(4).stores(RELEASED_V4);
    await v4.transaction('rw', v4.tables, async () => {
      for (const [table, list] of Object.entries({ ...rest, entryPacks: packs })) await v4.table(table).bulkAdd(list);
    });
    v4.close();

    const db = new KaoheDb(name, fakeIdb);
    await db.open();
    expect(db.verno).toBe(11); // on through version 11
    for (const store of ['appeals', 'ruleDrafts', 'files', 'attachments', 'selfAssessments']) expect(await db.table(store).count()).toBe(0);
    expect(await storedPacks(db)).toEqual(expect.arrayContaining(packs));
    expect(await db.assessments.toArray()).toEqual(rest.assessments);
    db.close();
  });
});

/** The version 5 additions as released (a copy, as above). */
const RELEASED_V5 = {
  appeals: '[assessmentId+id], assessmentId, [assessmentId+unitId]',
  ruleDrafts: 'id, assessmentId',
  files: 'hash',
  attachments: '[assessmentId+id], assessmentId, [assessmentId+ownerId], hash',
  selfAssessments: '[assessmentId+unitId], assessmentId',
};

describe('migration from version 5 to 6', () => {
  it('adds the change count and the results snapshots, keeps every row of version 5, and counts writes from then on', async () => {
    const name = `migration-v5-${Date.now()}`;
    const { entries: v2Entries, ...rest } = v2Rows();
    const packs = packEntriesToV3(v2Entries).map(({ ids: _ids, ...p }) => p);
    const self = { assessmentId: 'a1', unitId: 'u1', kind: 'imported', ruleSetHash: hash, items: [], updatedAt: '2025-01-01T00:00:00.000Z', updatedBy: '甲市' };
    const appeal = { assessmentId: 'a1', id: 'ap1', unitId: 'u1', targets: [], appellant: '王五', filedAt: '2025-01-24', reason: '已更新', rev: 1, updatedAt: 'x', updatedBy: 'y' };
    const v5 = new Dexie(name, fakeIdb);
    v5.version(1).stores(RELEASED_V1);
    v5.version(2).stores(RELEASED_V2);
    v5.version(3).stores(RELEASED_V3);
    v5.version(4).stores(RELEASED_V4);
    v5.version(5).stores(RELEASED_V5);
    await v5.transaction('rw', v5.tables, async () => {
      for (const [table, list] of Object.entries({ ...rest, entryPacks: packs, selfAssessments: [self], appeals: [appeal] })) await v5.table(table).bulkAdd(list);
    });
    const before: Record<string, unknown[]> = {};
    for (const t of v5.tables) before[t.name] = await t.toArray();
    v5.close();

    const db = new KaoheDb(name, fakeIdb);
    await db.open();
    expect(db.verno).toBe(11);
    const { entryPacks: packsBefore, ...others } = before;
    for (const [table, rows] of Object.entries(others)) expect(await db.table(table).toArray()).toEqual(rows);
    // the packs lie in their units' rows since version 10
    expect(await storedPacks(db)).toEqual(packsBefore);
    expect(await db.inputChanges.count()).toBe(0);
    expect(await db.resultSnapshots.count()).toBe(0);
    expect(await readInputChanges(db)).toBe(0);
    await saveEntry(db, 'a1', makeEntry({ id: 'e9', unitId: 'u1', value: 5 }), 'as1');
    expect(await readInputChanges(db)).toBe(1);
    expect((await loadAssessmentData(db, 'a1')).entries.map((e) => e.id)).toContain('e9');
    db.close();
  });
});
