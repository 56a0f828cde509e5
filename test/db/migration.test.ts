import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import { KaoheDb } from '../../src/db/database';
import { auditLog, loadAssessmentData, lockAssessment, saveEntry } from '../../src/db/repo';
import { upgradeAssessmentToV2, upgradeEntryToV2, type EntryRowV1 } from '../../src/db/schema';
import { contentHash } from '../../src/scoring/hash';
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

describe('migration from version 1', () => {
  it('gives every entry rev 1 and every assessment the status open, keeping all other data', async () => {
    const name = `migration-${Date.now()}`;
    const fixture = deepFreeze(v1Rows());
    const pristine = structuredClone(fixture);
    await writeV1Database(name, fixture);

    const db = new KaoheDb(name, fakeIdb);
    await db.open();
    expect(db.verno).toBe(2);
    const data = await loadAssessmentData(db, 'a1');
    expect(data.assessment).toEqual({ ...pristine.assessments[0], status: 'open' });
    expect(data.entries).toEqual([
      { id: 'e1', unitId: 'u1', node: 'basic', assessorId: 'as1', value: 8, rev: 1, updatedAt: '2023-10-02T00:00:00.000Z', updatedBy: 'as1' },
      { id: 'e2', unitId: 'u2', node: 'website', assessorId: 'as1', findings: [{ id: 'f1', count: 2, reason: '栏目长期未更新' }], rev: 1 },
    ]);
    // the stored rows themselves carry the revision (not only the schema default on reading)
    expect((await db.entries.toArray()).map((row) => row.rev)).toEqual([1, 1]);
    expect(data.units.map((u) => u.name)).toEqual(['甲市', '乙市']);
    expect(data.ruleSets).toEqual([ruleSet]);
    expect(await auditLog(db, 'a1')).toEqual(pristine.audit);
    expect(fixture).toEqual(pristine);
    db.close();
  });

  it('serves the new per-unit index and continues revisions and locking after the upgrade', async () => {
    const name = `migration-use-${Date.now()}`;
    await writeV1Database(name, v1Rows());
    const db = new KaoheDb(name, fakeIdb);
    const ofU2 = await db.entries.where('[assessmentId+unitId]').equals(['a1', 'u2']).toArray();
    expect(ofU2.map((e) => e.id)).toEqual(['e2']);
    const saved = await saveEntry(db, 'a1', makeEntry({ id: 'e1', value: 9 }), 'as1');
    expect(saved.rev).toBe(2);
    expect((await auditLog(db, 'a1')).map((r) => r.seq)).toEqual([2, 1]);
    await lockAssessment(db, 'a1', { inputsHash: 'sha256:00', results: {} }, '办公室');
    expect((await loadAssessmentData(db, 'a1')).assessment.status).toBe('locked');
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

  it('keep a revision or status a row already has', () => {
    expect(upgradeEntryToV2({ assessmentId: 'a1', id: 'e1', unitId: 'u1', node: 'basic', assessorId: 'as1', rev: 4 }).rev).toBe(4);
    expect(upgradeAssessmentToV2({ id: 'a1', name: '考核', year: 2023, groups: [], createdAt: '', status: 'locked' }).status).toBe('locked');
  });
});
