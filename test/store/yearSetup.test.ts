import { afterEach, describe, expect, it } from 'vitest';
import type { KaoheDb } from '../../src/store/database';
import {
  auditLog,
  copyAssessmentToYear,
  deleteAssessmentAudited,
  editAssessment,
  getMeta,
  IntegrityError,
  listAssessments,
  loadAssessmentData,
  loadBundleAsNewAssessment,
  readPastYear,
  saveEntry,
  setCurrentAssessmentId,
  getCurrentAssessmentId,
  storePastYear,
  upsertAssessor,
} from '../../src/store/repo';
import type { PastResults } from '../../src/model/pastResults';
import { makeBundle, makeEntry } from '../fixtures/bundles';
import { freshDb } from './testDb';
import { assessmentUnitRange } from '../../src/store/packs';

const A = 'a-2024';
let db: KaoheDb;

async function withBase(): Promise<KaoheDb> {
  db = freshDb();
  await loadBundleAsNewAssessment(db, makeBundle());
  return db;
}

afterEach(() => db?.close());

describe('editAssessment', () => {
  it('changes name and year with an audit row before → after', async () => {
    await withBase();
    await editAssessment(db, A, { name: ' 2025年度考核 ', year: 2025 }, '管理员');
    const [row] = await listAssessments(db);
    expect(row).toMatchObject({ name: '2025年度考核', year: 2025 });
    const [audit] = await auditLog(db, A);
    expect(audit).toMatchObject({ action: 'assessment.edit', before: { name: '2024年度政务公开考核', year: 2024 }, after: { name: '2025年度考核', year: 2025 } });
  });

  it('refuses a year outside 2000–2100 and changes nothing', async () => {
    await withBase();
    await expect(editAssessment(db, A, { name: 'x', year: 1999 }, '管理员')).rejects.toBeInstanceOf(IntegrityError);
    expect((await listAssessments(db))[0]).toMatchObject({ year: 2024 });
  });
});

describe('copyAssessmentToYear', () => {
  it('copies groups, units and assessors with their owned indicators, and no entries', async () => {
    await withBase();
    await upsertAssessor(db, A, { id: 'as1', name: '张三', owns: ['basic'] }, '管理员');
    await saveEntry(db, A, makeEntry({ id: 'e1', value: 7 }), 'as1');
    const id = await copyAssessmentToYear(db, A, { name: '2025年度政务公开考核', year: 2025 }, '管理员');
    const [from, copy] = await Promise.all([loadAssessmentData(db, A), loadAssessmentData(db, id)]);
    expect(copy.assessment).toMatchObject({ name: '2025年度政务公开考核', year: 2025, status: 'open', groups: from.assessment.groups });
    expect(copy.units).toEqual(from.units);
    expect(copy.assessors).toEqual(from.assessors);
    expect(copy.assessors.find((a) => a.id === 'as1')!.owns).toEqual(['basic']);
    expect(copy.entries).toEqual([]);
    expect(from.entries).toHaveLength(1);
    const [audit] = await auditLog(db, id);
    expect(audit).toMatchObject({ action: 'assessment.create', after: { copiedFrom: { id: A, year: 2024 }, units: 2, assessors: 2 } });
  });
});

describe('deleteAssessmentAudited', () => {
  it('removes every row of the assessment but one audit row saying what was deleted', async () => {
    await withBase();
    await saveEntry(db, A, makeEntry({ id: 'e1', value: 7 }), 'as1');
    await setCurrentAssessmentId(db, A);
    await deleteAssessmentAudited(db, A, '管理员');
    expect(await listAssessments(db)).toEqual([]);
    expect(await db.units.where('assessmentId').equals(A).count()).toBe(0);
    expect(await assessmentUnitRange(db, A).count()).toBe(0);
    expect(await getCurrentAssessmentId(db)).toBeNull();
    const log = await auditLog(db, A);
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({ action: 'assessment.delete', who: '管理员', before: { name: '2024年度政务公开考核', year: 2024, units: 2, entries: 1 } });
  });
});

describe('storePastYear', () => {
  const results: PastResults = {
    type: 'zwgk-past-results',
    version: 1,
    source: { file: '2023结果.xlsx', sheet: '成绩' },
    groups: [
      {
        group: 'city',
        groupName: '市（州）政府',
        indicators: [],
        units: [{ unitId: 'u1', unitName: '甲市', total: 91, display: '91', rank: 1, tierName: '优秀', scores: {} }],
      },
    ],
  };

  it('keeps the table as the snapshot of a locked assessment of that year, and the mapping in meta, together', async () => {
    await withBase();
    const groups = (await loadAssessmentData(db, A)).assessment.groups;
    const id = await storePastYear(db, { name: '2023年度（导入）', year: 2023, groups, results, mapping: { key: 'm', value: { unit: '单位' } } }, '管理员');
    const row = (await listAssessments(db)).find((a) => a.id === id)!;
    expect(row).toMatchObject({ year: 2023, status: 'locked', stage: 'published', pastYear: { file: '2023结果.xlsx', sheet: '成绩' } });
    expect(await readPastYear(db, id)).toEqual(results);
    expect(await getMeta(db, 'm')).toEqual({ unit: '单位' });
    const [audit] = await auditLog(db, id);
    expect(audit).toMatchObject({ action: 'assessment.pastYear', after: { year: 2023, units: 1 } });
  });

  it('refuses results that do not match their schema, storing nothing', async () => {
    await withBase();
    const groups = (await loadAssessmentData(db, A)).assessment.groups;
    const bad = { ...results, groups: [{ ...results.groups[0]!, units: [{ ...results.groups[0]!.units[0]!, rank: 0 }] }] };
    await expect(storePastYear(db, { name: 'x', year: 2023, groups, results: bad, mapping: { key: 'm', value: 1 } }, '管理员')).rejects.toThrow('往年成绩格式不正确');
    expect(await listAssessments(db)).toHaveLength(1);
    expect(await getMeta(db, 'm')).toBeUndefined();
  });

  it('cannot be copied as a new year: it has no units or rule sets of its own', async () => {
    await withBase();
    const groups = (await loadAssessmentData(db, A)).assessment.groups;
    const id = await storePastYear(db, { name: '2023年度（导入）', year: 2023, groups, results }, '管理员');
    await expect(copyAssessmentToYear(db, id, { name: '2024', year: 2024 }, '管理员')).rejects.toBeInstanceOf(IntegrityError);
  });
});
