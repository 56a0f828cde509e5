/**
 * The pending documents of a sync round found from what was written since the last round: the same
 * documents a comparison of the whole assessment finds, while the packs nobody wrote are not read again.
 */
import { describe, expect, it } from 'vitest';
import { PendingTracker } from '../../src/app/syncPending';
import { pendingDocs } from '../../src/sync/couch/plan';
import { emptyState, type ReplicationState } from '../../src/sync/couch/replicate';
import {
  addAttachment,
  applyPulled,
  deleteEntry,
  loadBundleAsNewAssessment,
  readInStep,
  readSyncEntities,
  saveEntry,
  storeJoined,
  upsertUnits,
  watchSyncedWrites,
  type KaoheDb,
  type SyncedWrite,
} from '../../src/store/repo';
import { deleteSyncState } from '../../src/store/syncState';
import { makeBundle, makeEntry } from '../fixtures/bundles';
import { freshDb } from '../store/testDb';

const bundle = makeBundle({
  entries: [
    makeEntry({ id: 'u1:basic:as1', value: 1 }),
    makeEntry({ id: 'u2:basic:as1', unitId: 'u2', value: 2 }),
    makeEntry({ id: 'u2:basic:as2', unitId: 'u2', assessorId: 'as2', value: 3 }),
  ],
});
const AID = bundle.assessment.id;
const all = () => true;
const settle = () => new Promise((r) => setTimeout(r, 30));
const ids = (docs: { doc: { _id: string } }[]) => docs.map((d) => d.doc._id);

async function tracked(): Promise<{ db: KaoheDb; tracker: PendingTracker; stop(): void }> {
  const db = freshDb();
  await loadBundleAsNewAssessment(db, bundle);
  const tracker = new PendingTracker(db, AID);
  const stop = watchSyncedWrites(db, (w) => tracker.note(w), AID);
  return { db, tracker, stop };
}

describe('pending documents from what was written', () => {
  it('finds what a whole comparison finds, after edits, deletions and a first whole look', async () => {
    const { db, tracker, stop } = await tracked();
    const state = emptyState();
    const whole = async () => ids(pendingDocs(await readSyncEntities(db, AID), state.synced, all));
    expect(ids(await tracker.pending(state, all))).toEqual(await whole());
    // the server now has everything
    for (const p of await tracker.pending(state, all)) state.synced[p.doc._id] = { rev: '1-x', hash: p.hash };
    expect(await tracker.pending(state, all)).toEqual([]);
    await saveEntry(db, AID, makeEntry({ id: 'u2:basic:as1', unitId: 'u2', value: 5 }), 'as1');
    await deleteEntry(db, AID, { id: 'u1:basic:as1', unitId: 'u1', node: 'basic', assessorId: 'as1' }, 'as1');
    await settle();
    expect(ids(await tracker.pending(state, all))).toEqual(['entry:u1:basic:as1', 'entry:u2:basic:as1']);
    expect(ids(await tracker.pending(state, all))).toEqual(await whole());
    stop();
  });

  it('does not read again a pack nobody wrote to', async () => {
    const { db, tracker, stop } = await tracked();
    const state = emptyState();
    for (const p of await tracker.pending(state, all)) state.synced[p.doc._id] = { rev: '1-x', hash: p.hash };
    expect(await tracker.pending(state, all)).toEqual([]);
    // forget the server's version of u2 × as2 (a pack nobody writes): a whole comparison now finds it,
    // a look at the written packs does not, as it reads only u1 × as1
    delete state.synced['entry:u2:basic:as2'];
    await saveEntry(db, AID, makeEntry({ id: 'u1:basic:as1', value: 4 }), 'as1');
    await settle();
    expect(ids(await tracker.pending(state, all))).toEqual(['entry:u1:basic:as1']);
    expect(ids(pendingDocs(await readSyncEntities(db, AID), state.synced, all))).toEqual(['entry:u1:basic:as1', 'entry:u2:basic:as2']);
    stop();
  });

  it('looks at every pack again when a file is added to a finding, so the document of its entry goes with it', async () => {
    const { db, tracker, stop } = await tracked();
    const state = emptyState();
    await saveEntry(db, AID, makeEntry({ id: 'u1:website:as1', node: 'website', value: undefined, findings: [{ id: 'f-1', count: 1, reason: '栏目缺失' }] }), 'as1');
    await settle();
    for (const p of await tracker.pending(state, all)) state.synced[p.doc._id] = { rev: '1-x', hash: p.hash };
    expect(await tracker.pending(state, all)).toEqual([]);
    await addAttachment(db, AID, { ownerId: 'f-1', unitId: 'u1', name: '首页截图.png', type: 'image/png', bytes: new Uint8Array([137, 80, 78, 71, 1, 2, 3]) }, '张三');
    await settle();
    const pending = await tracker.pending(state, all);
    expect(ids(pending)).toEqual(['entry:u1:website:as1']);
    expect(pending[0]!.doc.files?.map((f) => f.name)).toEqual(['首页截图.png']);
    stop();
  });

  it('names only the unit a pulled batch wrote: the merge\'s empty write of files is no change of files', async () => {
    const db = freshDb();
    await loadBundleAsNewAssessment(db, bundle);
    const writes: SyncedWrite[] = [];
    const stop = watchSyncedWrites(db, (w) => writes.push(w), AID);
    const pulled = makeEntry({ id: 'u1:basic:as2', assessorId: 'as2', value: 6, updatedBy: 'as2' });
    expect(await applyPulled(db, AID, [{ kind: 'entry', data: pulled }], 'as1')).toBeNull();
    await settle();
    expect(writes).toEqual([{ units: new Set(['u1']), rest: false }]);
    stop();
  });

  it('reads units, assessors and deletions again only after one of them was written or pulled', async () => {
    const { db, tracker, stop } = await tracked();
    const state = emptyState();
    for (const p of await tracker.pending(state, all)) state.synced[p.doc._id] = { rev: '1-x', hash: p.hash };
    expect(await tracker.pending(state, all)).toEqual([]);
    // forget the server's version of unit u2: a whole comparison finds it; a look after an entry's edit
    // reads only that entry's pack, not the units
    delete state.synced['unit:u2'];
    await saveEntry(db, AID, makeEntry({ id: 'u1:basic:as1', value: 4 }), 'as1');
    await settle();
    expect(ids(await tracker.pending(state, all))).toEqual(['entry:u1:basic:as1']);
    expect(ids(pendingDocs(await readSyncEntities(db, AID), state.synced, all))).toEqual(['entry:u1:basic:as1', 'unit:u2']);
    // a unit written here: the units are read again
    await upsertUnits(db, AID, [{ id: 'u1', name: '甲市（新名）', group: 'city', objects: [] }], '办公室');
    await settle();
    expect(ids(await tracker.pending(state, all))).toEqual(['entry:u1:basic:as1', 'unit:u1', 'unit:u2']);
    for (const p of await tracker.pending(state, all)) state.synced[p.doc._id] = { rev: '2-x', hash: p.hash };
    expect(await tracker.pending(state, all)).toEqual([]);
    // a unit pulled from the server: read again too
    delete state.synced['unit:u2'];
    tracker.notePulled([{ kind: 'unit', data: { id: 'u1', name: '甲市（新名）', group: 'city', objects: [] } }]);
    expect(ids(await tracker.pending(state, all))).toEqual(['unit:u2']);
    stop();
  });

  it('reads only the audit rows added since the last look, and keeps the ones still to push', async () => {
    const { db, tracker, stop } = await tracked();
    const state = emptyState();
    const audit = (docs: { doc: { _id: string; kind: string } }[]) => docs.filter((d) => d.doc.kind === 'audit').map((d) => d.doc._id);
    const wholeAudit = async () => audit(pendingDocs(await readSyncEntities(db, AID, 'as1'), state.synced, all));
    await saveEntry(db, AID, makeEntry({ id: 'u1:basic:as1', value: 4 }), 'as1');
    await settle();
    const first = await tracker.pending(state, all, 'as1');
    expect(audit(first)).toEqual(await wholeAudit());
    expect(audit(first)).toHaveLength(2); // the opening of the bundle and the edit
    // the server takes everything but the edit's record
    const [loaded, edited] = audit(first);
    for (const p of first) if (p.doc._id !== edited) state.synced[p.doc._id] = { rev: '1-x', hash: p.hash };
    await saveEntry(db, AID, makeEntry({ id: 'u2:basic:as1', unitId: 'u2', value: 7 }), 'as1');
    await settle();
    const second = audit(await tracker.pending(state, all, 'as1'));
    expect(second).toEqual(await wholeAudit());
    expect(second).toHaveLength(2);
    expect(second).toContain(edited);
    // a row looked at and taken by the server is not read again: forgetting it is not noticed
    delete state.synced[loaded!];
    expect(audit(await tracker.pending(state, all, 'as1'))).toEqual(second);
    expect(await wholeAudit()).toHaveLength(3);
    // another login reads every row again
    expect(audit(await tracker.pending(state, all, 'as2'))).toHaveLength(3);
    stop();
  });

  it('sends an edited entry with its files, read for that entry alone', async () => {
    const { db, tracker, stop } = await tracked();
    const state = emptyState();
    const finding = (reason: string) => makeEntry({ id: 'u1:website:as1', node: 'website', value: undefined, findings: [{ id: 'f-1', count: 1, reason }] });
    await saveEntry(db, AID, finding('栏目缺失'), 'as1');
    await addAttachment(db, AID, { ownerId: 'f-1', unitId: 'u1', name: '首页截图.png', type: 'image/png', bytes: new Uint8Array([137, 80, 78, 71, 1, 2, 3]) }, '张三');
    await addAttachment(db, AID, { ownerId: 'u2:basic:as1', unitId: 'u2', name: '说明.pdf', type: 'application/pdf', bytes: new Uint8Array([37, 80, 68, 70]) }, '张三');
    await settle();
    for (const p of await tracker.pending(state, all)) state.synced[p.doc._id] = { rev: '1-x', hash: p.hash };
    expect(await tracker.pending(state, all)).toEqual([]);
    await saveEntry(db, AID, finding('栏目缺失，未更新'), 'as1');
    await settle();
    const pending = await tracker.pending(state, all);
    expect(ids(pending)).toEqual(['entry:u1:website:as1']);
    expect(pending[0]!.doc.files?.map((f) => f.name)).toEqual(['首页截图.png']);
    expect(pending).toEqual(pendingDocs(await readSyncEntities(db, AID), state.synced, all));
    stop();
  });
});

describe('the first look of a runner, after a join or a look with nothing to push', () => {
  /** The bundle stored as a join stores it: with the server's version of every document in the state. */
  async function joined(): Promise<{ db: KaoheDb; state: ReplicationState }> {
    const scratch = freshDb();
    await loadBundleAsNewAssessment(scratch, bundle);
    const state = emptyState();
    for (const p of pendingDocs(await readSyncEntities(scratch, AID, 'as1'), {}, all)) state.synced[p.doc._id] = { rev: '1-x', hash: p.hash };
    scratch.close();
    const db = freshDb();
    const settings = { enabled: true, server: 'http://127.0.0.1:5984', db: 'kaohe', user: 'as1', clientId: 'client-1' };
    await storeJoined(db, { bundle, settings, state }, { who: 'as1' });
    return { db, state };
  }

  /** the entries' documents (audit records of the join or of an attachment go too, as always) */
  const entryIds = (docs: { doc: { _id: string } }[]) => ids(docs).filter((id) => id.startsWith('entry:'));

  const runner = (db: KaoheDb) => {
    const tracker = new PendingTracker(db, AID);
    const stop = watchSyncedWrites(db, (w) => tracker.note(w), AID);
    return { tracker, stop };
  };

  it('reads no entry after a join, and every entry once anything was written since', async () => {
    const { db, state } = await joined();
    expect((await readInStep(db, AID)).holds).toBe(true);
    // the server's version of one entry forgotten: only a look at every entry would find it
    delete state.synced['entry:u2:basic:as2'];
    const first = runner(db);
    expect(entryIds(await first.tracker.pending(state, all, 'as1'))).toEqual([]);
    first.stop();
    // another login: the mark was made for as1's rights
    const other = runner(db);
    expect(entryIds(await other.tracker.pending(state, all, 'as2'))).toEqual(['entry:u2:basic:as2']);
    other.stop();
    // a write while no runner ran: the next runner looks at everything
    const { db: db2, state: state2 } = await joined();
    delete state2.synced['entry:u2:basic:as2'];
    await saveEntry(db2, AID, makeEntry({ id: 'u1:basic:as1', value: 7, rev: 2 }), 'as1');
    expect((await readInStep(db2, AID)).holds).toBe(false);
    const next = runner(db2);
    expect(entryIds(await next.tracker.pending(state2, all, 'as1'))).toEqual(['entry:u1:basic:as1', 'entry:u2:basic:as2']);
    next.stop();
  });

  it('after a look that found nothing to push, the next runner reads no entry until an input or a file changes', async () => {
    const { db, tracker, stop } = await tracked();
    const state = emptyState();
    for (const p of await tracker.pending(state, all, 'as1')) state.synced[p.doc._id] = { rev: '1-x', hash: p.hash };
    expect(await tracker.pending(state, all, 'as1')).toEqual([]);
    stop();
    expect((await readInStep(db, AID)).holds).toBe(true);
    delete state.synced['entry:u2:basic:as1'];
    const second = runner(db);
    expect(entryIds(await second.tracker.pending(state, all, 'as1'))).toEqual([]);
    second.stop();
    // a file added while no runner ran: an entry's document carries its files, so every entry is looked at
    await addAttachment(db, AID, { ownerId: 'u1:basic:as1', unitId: 'u1', name: '说明.pdf', type: 'application/pdf', bytes: new Uint8Array([37, 80, 68, 70]) }, '张三');
    expect((await readInStep(db, AID)).holds).toBe(false);
    const third = runner(db);
    expect(entryIds(await third.tracker.pending(state, all, 'as1'))).toEqual(['entry:u1:basic:as1', 'entry:u2:basic:as1']);
    third.stop();
  });

  it('is dropped with the replication state', async () => {
    const { db } = await joined();
    await deleteSyncState(db, AID);
    expect(await readInStep(db, AID)).toEqual({ mark: null, holds: false });
  });
});
