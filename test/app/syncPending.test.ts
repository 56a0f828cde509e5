/**
 * The pending documents of a sync round found from what was written since the last round: the same
 * documents a comparison of the whole assessment finds, while the packs nobody wrote are not read again.
 */
import { describe, expect, it } from 'vitest';
import { PendingTracker } from '../../src/app/syncPending';
import { pendingDocs } from '../../src/sync/couch/plan';
import { emptyState } from '../../src/sync/couch/replicate';
import { addAttachment, applyPulled, deleteEntry, loadBundleAsNewAssessment, readSyncEntities, saveEntry, upsertUnits, watchSyncedWrites, type KaoheDb, type SyncedWrite } from '../../src/store/repo';
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

  it('names only the pack a pulled batch wrote: the merge\'s empty write of files is no change of files', async () => {
    const db = freshDb();
    await loadBundleAsNewAssessment(db, bundle);
    const writes: SyncedWrite[] = [];
    const stop = watchSyncedWrites(db, (w) => writes.push(w), AID);
    const pulled = makeEntry({ id: 'u1:basic:as2', assessorId: 'as2', value: 6, updatedBy: 'as2' });
    expect(await applyPulled(db, AID, [{ kind: 'entry', data: pulled }], 'as1')).toBeNull();
    await settle();
    expect(writes).toEqual([{ packs: new Set(['u1|as2']), rest: false }]);
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
