import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { docContentHash, docId, fromDoc, toDoc, type SyncEntity } from '../../../src/sync/couch/docs';
import { nextRev } from '../../../src/sync/couch/revs';
import { bundleOfPulled, pendingDocs, pushDocs } from '../../../src/sync/couch/plan';
import { planMerge } from '../../../src/sync/merge';
import { scoreEntry, type ScoreEntry } from '../../../src/model/entries';
import { makeBundle, makeEntry } from '../../fixtures/bundles';

const idArb = fc.stringMatching(/^[a-z0-9]{1,8}$/);
const findingArb = fc.record(
  { id: idArb, count: fc.integer({ min: 1, max: 5 }), reason: fc.string({ minLength: 1, maxLength: 20 }), points: fc.option(fc.integer({ min: 1, max: 20 }).map((n) => n / 2), { nil: undefined }) },
  { requiredKeys: ['id', 'count', 'reason'] },
);
const entryArb = fc
  .record(
    {
      unitId: idArb,
      node: idArb,
      assessorId: idArb,
      objectId: idArb,
      value: fc.integer({ min: 0, max: 200 }).map((n) => n / 2),
      findings: fc.array(findingArb, { maxLength: 3 }),
      triggered: fc.boolean(),
      notApplicable: fc.boolean(),
      note: fc.string({ maxLength: 30 }),
      rev: fc.integer({ min: 1, max: 50 }),
      updatedBy: idArb,
    },
    { requiredKeys: ['unitId', 'node', 'assessorId', 'rev'] },
  )
  .map((e) => scoreEntry.parse({ ...e, id: [e.unitId, e.node, e.assessorId, e.objectId].filter(Boolean).join(':') }));

/** What a document looks like after a trip through the server: JSON, with CouchDB's fields added. */
const viaServer = (doc: object) => ({ ...JSON.parse(JSON.stringify(doc)), _rev: '3-abc' });

describe('CouchDB documents', () => {
  it('reads back every entry it writes, unchanged (round trip through JSON)', () => {
    fc.assert(
      fc.property(entryArb, (entry) => {
        const back = fromDoc(viaServer(toDoc({ kind: 'entry', data: entry })));
        expect(back).toEqual({ ok: true, entity: { kind: 'entry', data: entry } });
      }),
    );
  });

  it('gives an entry and its deletion the same document id, taken from the cell', () => {
    const entry = makeEntry({ id: 'u1:basic:as1', value: 3 });
    const removal = { id: entry.id, unitId: 'u1', node: 'basic', assessorId: 'as1', rev: 2, removedAt: '2024-11-02T00:00:00Z' };
    expect(docId({ kind: 'entry', data: entry })).toBe('entry:u1:basic:as1');
    expect(docId({ kind: 'removal', data: removal })).toBe('entry:u1:basic:as1');
    expect(docId({ kind: 'entry', data: { ...entry, value: 9, rev: 5 } })).toBe('entry:u1:basic:as1');
  });

  it('names units, assessors, appeals, rule sets and the assessment by their own ids', () => {
    const b = makeBundle();
    expect(docId({ kind: 'unit', data: b.units[0]! })).toBe('unit:u1');
    expect(docId({ kind: 'assessor', data: b.assessors[1]! })).toBe('assessor:as2');
    expect(docId({ kind: 'ruleSet', data: b.ruleSets[0]! })).toBe(`ruleSet:${b.assessment.groups[0]!.ruleSetHash}`);
    expect(docId({ kind: 'assessment', data: b.assessment })).toBe('assessment');
    for (const entity of [
      { kind: 'unit', data: b.units[0]! },
      { kind: 'ruleSet', data: b.ruleSets[0]! },
      { kind: 'assessment', data: b.assessment },
    ] as SyncEntity[])
      expect(fromDoc(viaServer(toDoc(entity)))).toEqual({ ok: true, entity });
  });

  it('refuses a document whose data does not parse, naming the document and the field', () => {
    expect(fromDoc({ _id: 'entry:u1:basic:as1', kind: 'entry', data: { id: 'u1:basic:as1', unitId: 'u1', node: 'basic', assessorId: 'as1', value: 'x' } })).toEqual({
      ok: false,
      message: expect.stringMatching(/^服务器文档“entry:u1:basic:as1”的 data\.value：/),
    });
    expect(fromDoc({ _id: 'x', kind: 'macro', data: {} })).toEqual({ ok: false, message: '服务器文档“x”的类型“macro”无法识别' });
  });

  it('refuses a document whose id is not the one its content gives', () => {
    const doc = { ...toDoc({ kind: 'entry', data: makeEntry({ id: 'u1:basic:as1' }) }), _id: 'entry:u2:basic:as1' };
    expect(fromDoc(doc)).toEqual({ ok: false, message: '服务器文档“entry:u2:basic:as1”的编号与内容不符（应为“entry:u1:basic:as1”）' });
  });
});

describe('revisions', () => {
  it('numbers a child one generation above its parent and lists the parent in its ancestry', () => {
    const first = nextRev(undefined, 'h1');
    expect(first.rev).toMatch(/^1-[0-9a-f]{32}$/);
    expect(first.revisions.ids).toHaveLength(1);
    const second = nextRev(first.rev, 'h2');
    expect(second.rev).toMatch(/^2-/);
    expect(second.revisions).toEqual({ start: 2, ids: [second.rev.slice(2), first.rev.slice(2)] });
  });

  it('gives the same revision for the same content on the same parent, another for other content', () => {
    expect(nextRev('1-aa', 'h').rev).toBe(nextRev('1-aa', 'h').rev);
    expect(nextRev('1-aa', 'h').rev).not.toBe(nextRev('1-aa', 'g').rev);
    expect(nextRev('1-aa', 'h').rev).not.toBe(nextRev('1-bb', 'h').rev);
  });
});

describe('replication plan', () => {
  const e1 = makeEntry({ id: 'u1:basic:as1', value: 3 });
  const e2 = makeEntry({ id: 'u2:basic:as1', unitId: 'u2', value: 4 });
  const local: SyncEntity[] = [
    { kind: 'entry', data: e2 },
    { kind: 'entry', data: e1 },
  ];

  it('pushes the documents whose content the server does not have, on top of its version', () => {
    const synced = { 'entry:u1:basic:as1': { rev: '1-aa', hash: docContentHash(toDoc(local[1]!)) }, 'entry:u2:basic:as1': { rev: '4-bb', hash: 'old' } };
    const pending = pendingDocs(local, synced);
    expect(pending.map((p) => p.doc._id)).toEqual(['entry:u2:basic:as1']);
    const [doc] = pushDocs(pending, synced);
    expect(doc!._rev).toMatch(/^5-/);
    expect(doc!._revisions.ids[1]).toBe('bb');
  });

  it("leaves out what this copy may not write and closes a conflict's other leaves", () => {
    expect(pendingDocs(local, {}, (e) => e.kind === 'entry' && e.data.unitId === 'u1').map((p) => p.doc._id)).toEqual(['entry:u1:basic:as1']);
    const synced = { 'entry:u1:basic:as1': { rev: '2-aa', hash: 'x', conflicts: ['2-cc'] } };
    const docs = pushDocs(pendingDocs([local[1]!], synced), synced);
    expect(docs.map((d) => [d._rev.slice(0, 2), d._deleted ?? false])).toEqual([
      ['3-', false],
      ['3-', true],
    ]);
    // a login that may not delete (a unit's) writes its version and leaves the other leaves to the coordinator
    expect(pushDocs(pendingDocs([local[1]!], synced), synced, false).map((d) => [d._rev.slice(0, 2), d._deleted ?? false])).toEqual([['3-', false]]);
  });

  it('merges pulled documents exactly as a bundle: a newer revision by the same assessor updates, another author conflicts', () => {
    const base = makeBundle();
    const mine = [makeEntry({ id: 'u1:basic:as1', value: 3, rev: 1, updatedBy: 'as1' }), makeEntry({ id: 'u2:basic:as1', unitId: 'u2', value: 3, rev: 1, updatedBy: 'as1' })];
    const pulled: ScoreEntry[] = [makeEntry({ id: 'u1:basic:as1', value: 5, rev: 2, updatedBy: 'as1' }), makeEntry({ id: 'u2:basic:as1', unitId: 'u2', value: 6, rev: 2, updatedBy: '办公室' })];
    const bundle = bundleOfPulled(
      pulled.map((data) => ({ kind: 'entry', data })),
      { assessment: base.assessment, ruleSets: base.ruleSets },
      '2024-11-03T00:00:00Z',
      'server',
    );
    const plan = planMerge({ assessment: base.assessment, ruleSets: base.ruleSets, units: base.units, assessors: base.assessors, entries: mine }, bundle);
    expect(plan.update.map((u) => u.incoming.value)).toEqual([5]);
    expect(plan.conflicts.map((c) => c.entryId)).toEqual(['u2:basic:as1']);
  });
});
