/**
 * The replication state in parts: a save writes the parts of the documents it names and nothing else,
 * what is read back is exactly what was saved (no version lost, none come back), the parts are laid out
 * again when the assessment outgrows them, and a state written whole by an earlier version is read and
 * then split.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { getSyncState, getSyncSummary, putSyncState, partOf, partsFor, PER_PART, deleteSyncState } from '../../src/store/syncState';
import { emptyState, type ReplicationState } from '../../src/sync/couch/replicate';
import type { SyncedMap } from '../../src/sync/couch/plan';
import { freshDb } from './testDb';
import { partsWritten as partsIn, recordingDb, versionsWritten as versionsIn } from './metaWrites';

const AID = 'a-1';

const version = (n: number) => ({ rev: `${n}-r${n}`, hash: `sha256:h${n}` });
const stateWith = (synced: SyncedMap): ReplicationState => ({ since: '7-x', session: 's1', synced, refused: {} });
const partsWritten = (written: Map<string, unknown>) => partsIn(written, AID);
const versionsWritten = (written: Map<string, unknown>) => versionsIn(written, AID);

describe('the replication state kept in parts', () => {
  it('writes only the parts of the documents a save names, and reads back every version', async () => {
    const { db, written, clear } = recordingDb();
    const synced: SyncedMap = {};
    for (let i = 0; i < 5000; i++) synced[`entry:u${i % 50}:n${i}:as1`] = version(i);
    const state = stateWith(synced);
    await putSyncState(db, AID, state);
    // 5000 documents: 32 parts of about 156
    expect(partsFor(5000)).toBe(32);
    expect(new Set(partsWritten(written)).size).toBe(32);
    // the header holds no versions
    expect(written.get(`sync.state:${AID}`)).not.toHaveProperty('synced');

    clear();
    state.synced['entry:u3:n3:as1'] = version(9003);
    delete state.synced['entry:u4:n4:as1'];
    state.since = '8-y';
    await putSyncState(db, AID, state, ['entry:u3:n3:as1', 'entry:u4:n4:as1']);
    expect(partsWritten(written).sort((a, b) => a - b)).toEqual([...new Set([partOf('entry:u3:n3:as1', 32), partOf('entry:u4:n4:as1', 32)])].sort((a, b) => a - b));
    // two parts of about 156 versions, not 5000
    expect(versionsWritten(written)).toBeLessThan(2 * PER_PART);
    expect(await getSyncState(db, AID)).toEqual(state);
    expect(await getSyncSummary(db, AID)).toEqual({ since: '8-y', session: 's1', refused: {} });
  });

  it('reads back what was saved, whatever the saves (fast-check)', async () => {
    const ids = Array.from({ length: 60 }, (_, i) => `entry:u${i}:basic:as1`);
    const op = fc.oneof(
      fc.record({ set: fc.constantFrom(...ids), n: fc.integer({ min: 1, max: 99 }) }),
      fc.record({ drop: fc.constantFrom(...ids) }),
      fc.constant({ save: true as const }),
      fc.constant({ whole: true as const }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(op, { maxLength: 40 }), async (ops) => {
        const db = freshDb();
        const state = stateWith({});
        let changed = new Set<string>();
        for (const o of ops) {
          if ('set' in o) {
            state.synced[o.set] = version(o.n);
            changed.add(o.set);
          } else if ('drop' in o) {
            delete state.synced[o.drop];
            changed.add(o.drop);
          } else {
            await putSyncState(db, AID, state, 'whole' in o ? undefined : [...changed]);
            changed = new Set();
          }
        }
        await putSyncState(db, AID, state, [...changed]);
        expect(await getSyncState(db, AID)).toEqual(state);
        db.close();
      }),
      { numRuns: 40 },
    );
  });

  it('lays the parts out again when the assessment outgrows them, then writes one part for one change', async () => {
    const { db, written, clear } = recordingDb();
    const state = stateWith({ assessment: version(1) });
    await putSyncState(db, AID, state);
    expect(new Set(partsWritten(written)).size).toBe(16);
    // a first pull of a large database, saved batch by batch
    for (let batch = 0; batch < 5; batch++) {
      const names: string[] = [];
      for (let i = 0; i < 4000; i++) {
        const id = `entry:u${batch}:n${i}:as2`;
        state.synced[id] = version(i);
        names.push(id);
      }
      await putSyncState(db, AID, state, names);
    }
    expect(await getSyncState(db, AID)).toEqual(state);
    const parts = partsFor(20_001);
    expect(parts).toBe(128);
    clear();
    state.synced['entry:u2:n17:as2'] = version(5000);
    await putSyncState(db, AID, state, ['entry:u2:n17:as2']);
    expect(partsWritten(written)).toEqual([partOf('entry:u2:n17:as2', parts)]);
    expect(versionsWritten(written)).toBeLessThan(PER_PART * 2);
    expect(await getSyncState(db, AID)).toEqual(state);
  });

  it('reads a state an earlier version wrote whole, and splits it at the next save', async () => {
    const { db, written, clear } = recordingDb();
    const old = { since: 12, session: 'old', synced: { 'entry:u1:basic:as1': version(2), 'unit:u1': version(1) }, refused: { 'ruleSet:x': 'sha256:y' }, lastSyncAt: '2025-01-01T00:00:00.000Z' };
    await db.meta.put({ key: `sync.state:${AID}`, value: old });
    expect(await getSyncState(db, AID)).toEqual(old);
    const state = await getSyncState(db, AID);
    state.synced['unit:u2'] = version(1);
    clear();
    await putSyncState(db, AID, state, ['unit:u2']);
    expect(written.get(`sync.state:${AID}`)).not.toHaveProperty('synced');
    expect(await getSyncState(db, AID)).toEqual(state);
    await deleteSyncState(db, AID);
    expect(await getSyncState(db, AID)).toEqual(emptyState());
    expect(await db.meta.where('key').startsWith('sync.').count()).toBe(0);
  });
});
