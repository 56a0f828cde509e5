/**
 * Deleting an assessment deletes what this machine keeps about syncing it (settings, the replication
 * state's header and every part) in the same transaction; another assessment's sync is left as it was.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { KaoheDb } from '../../src/store/database';
import { deleteAssessment, deleteAssessmentAudited, getSyncSettings, getSyncState, loadBundleAsNewAssessment, putSyncSettings, putSyncState, resetDemo } from '../../src/store/repo';
import type { ReplicationState } from '../../src/sync/couch/replicate';
import type { SyncedMap } from '../../src/sync/couch/plan';
import { makeBundle } from '../fixtures/bundles';
import { freshDb } from './testDb';

const A = 'a-2024';
const B = 'a-2025';
let db: KaoheDb;

const settings = (dbName: string) => ({ enabled: true, server: 'https://couch.example.gov.cn:6984', db: dbName, user: 'as1', clientId: `client-${dbName}` });

/** A state of `n` documents: laid out in parts (16 or more), so the delete has parts to find. */
function stateOf(n: number, tag: string): ReplicationState {
  const synced: SyncedMap = {};
  for (let i = 0; i < n; i++) synced[`entry:u${i}:basic:as1`] = { rev: `1-${tag}${i}`, hash: `sha256:${tag}${i}` };
  return { since: `9-${tag}`, session: tag, synced, refused: { 'ruleSet:x': 'sha256:y' }, lastSyncAt: '2025-03-01T08:00:00.000Z' };
}

/** The meta keys that name the assessment. */
const keysOf = async (id: string) => (await db.meta.toCollection().primaryKeys()).map(String).filter((k) => k.includes(id));

beforeEach(async () => {
  db = freshDb();
  await loadBundleAsNewAssessment(db, makeBundle());
  const b = makeBundle();
  await loadBundleAsNewAssessment(db, { ...b, assessment: { ...b.assessment, id: B, name: '2025年度政务公开考核', year: 2025 } });
  for (const [id, n] of [
    [A, 5000],
    [B, 300],
  ] as const) {
    await putSyncSettings(db, id, settings(id));
    await putSyncState(db, id, stateOf(n, id));
  }
});
afterEach(() => db.close());

describe('deleting a synced assessment', () => {
  it.each([
    ['deleteAssessment', () => deleteAssessment(db, A)],
    ['deleteAssessmentAudited', () => deleteAssessmentAudited(db, A, '管理员')],
  ])('%s leaves no sync settings or state of it, and the other assessment syncs as before', async (_, remove) => {
    // the header, the settings and 32 parts (5000 documents)
    expect((await keysOf(A)).length).toBe(34);
    const otherBefore = await getSyncState(db, B);
    await remove();
    expect(await keysOf(A)).toEqual([]);
    expect(await getSyncSettings(db, A)).toBeNull();
    expect((await getSyncState(db, A)).synced).toEqual({});
    expect(await getSyncSettings(db, B)).toEqual(settings(B));
    expect(await getSyncState(db, B)).toEqual(otherBefore);
    expect(Object.keys(otherBefore.synced)).toHaveLength(300);
  });

  it('deletes nothing when the delete is refused (no such assessment)', async () => {
    await expect(deleteAssessment(db, 'a-none')).rejects.toThrow();
    expect((await keysOf(A)).length).toBe(34);
  });

  it('puts the demo back as shipped: not synced', async () => {
    await resetDemo(db, makeBundle());
    expect(await keysOf(A)).toEqual([]);
    expect(await getSyncSettings(db, B)).toEqual(settings(B));
  });
});
