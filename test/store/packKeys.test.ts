/**
 * Packs read and deleted by primary key, not through the packs' indexes: an assessment's packs are a key
 * range, one assessor's are read by key (one per unit of the assessment), and deleting an assessment
 * deletes its packs by key. Shown on a database as version 8 wrote it (packs in columns).
 */
import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import { KaoheDb } from '../../src/store/database';
import { encodePack } from '../../src/store/packCodec';
import { assessorPacks } from '../../src/store/packs';
import { deleteAssessment } from '../../src/store/repo';
import { STORES_V1, STORES_V2, STORES_V3, STORES_V4, STORES_V5, STORES_V6, STORES_V7, STORES_V8, type EntryPackRow } from '../../src/store/schema';
import { cellEntryId } from '../../src/model/cellId';
import { fakeIdb } from './testDb';

const pack = (assessmentId: string, unitId: string, assessorId: string, values: number[]): EntryPackRow => ({
  assessmentId,
  unitId,
  assessorId,
  entries: values.map((value, i) => ({ id: cellEntryId({ unitId, node: `n${i}`, assessorId }), unitId, node: `n${i}`, assessorId, value, rev: 1 })),
});

// units u1–u3 in both assessments; as2 has no pack for u2, as1 one for a unit no longer listed (u9)
const PACKS = [
  pack('a1', 'u1', 'as1', [1, 2]),
  pack('a1', 'u1', 'as2', [3]),
  pack('a1', 'u2', 'as1', [4]),
  pack('a1', 'u3', 'as1', [5, 6, 7]),
  pack('a1', 'u3', 'as2', [8]),
  pack('a1', 'u9', 'as1', [9]),
  pack('a2', 'u1', 'as1', [10]),
  pack('a2', 'u2', 'as2', [11]),
];

/** A database as version 8 left it: packs in columns, with their two indexes. */
async function versionEight(name: string): Promise<void> {
  const v8 = new Dexie(name, fakeIdb);
  for (const [n, stores] of [STORES_V1, STORES_V2, STORES_V3, STORES_V4, STORES_V5, STORES_V6, STORES_V7, STORES_V8].entries()) v8.version(n + 1).stores(stores);
  await v8.open();
  for (const a of ['a1', 'a2']) {
    await v8.table('assessments').add({ id: a, name: a, year: 2026, status: 'open', groups: [], createdAt: '2026-12-01T00:00:00.000Z' });
    await v8.table('units').bulkAdd(['u1', 'u2', 'u3'].map((id) => ({ assessmentId: a, id, name: id, group: 'city', objects: [] })));
  }
  await v8.table('entryPacks').bulkAdd(PACKS.map(encodePack));
  expect(v8.table('entryPacks').schema.indexes.map((i) => i.name)).toEqual(['assessmentId', '[assessmentId+assessorId]']);
  v8.close();
}

describe('packs by key', () => {
  it("reads one assessor's packs by key, one per listed unit, in the units' order", async () => {
    const name = `assessor-packs-${Date.now()}`;
    await versionEight(name);
    const db = new KaoheDb(name, fakeIdb);
    const keys = (rows: EntryPackRow[]) => rows.map((p) => `${p.assessmentId}/${p.unitId}/${p.assessorId}`);
    expect(keys(await assessorPacks(db, 'a1', 'as1'))).toEqual(['a1/u1/as1', 'a1/u2/as1', 'a1/u3/as1']);
    expect(keys(await assessorPacks(db, 'a1', 'as2'))).toEqual(['a1/u1/as2', 'a1/u3/as2']);
    expect(keys(await assessorPacks(db, 'a2', 'as2'))).toEqual(['a2/u2/as2']);
    expect(await assessorPacks(db, 'a1', 'nobody')).toEqual([]);
    expect((await assessorPacks(db, 'a1', 'as1'))[2]).toEqual(PACKS[3]);
    db.close();
  });

  it("deletes an assessment's packs and no other's", async () => {
    const name = `delete-packs-${Date.now()}`;
    await versionEight(name);
    const db = new KaoheDb(name, fakeIdb);
    await deleteAssessment(db, 'a1');
    expect(await db.entryPacks.toArray()).toEqual(PACKS.filter((p) => p.assessmentId === 'a2'));
    db.close();
  });
});
