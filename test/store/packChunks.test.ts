/**
 * Reading an assessment's units' packs a chunk of units at a time: whatever the chunk size, the chunks
 * together are every unit of that assessment once, in key order, as one full read gives them — and none
 * of another's.
 */
import 'fake-indexeddb/auto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { countUnitPacks, loadBundleAsNewAssessment, readAllUnitPacks, unitPackChunks, type KaoheDb } from '../../src/store/repo';
import { makeBundle, makeEntry } from '../fixtures/bundles';
import { freshDb } from './testDb';

async function chunked(db: KaoheDb, assessmentId: string, size: number) {
  const chunks = [];
  for await (const chunk of unitPackChunks(db, assessmentId, size)) chunks.push(chunk);
  return chunks;
}

describe('entry packs read in chunks of units', () => {
  it('gives two units in chunks of one, each with its packs, and nothing of another assessment', async () => {
    const db = freshDb();
    try {
      const entries = [
        makeEntry({ id: 'e1', unitId: 'u1', assessorId: 'as1' }),
        makeEntry({ id: 'e2', unitId: 'u1', assessorId: 'as2' }),
        makeEntry({ id: 'e3', unitId: 'u2', assessorId: 'as1', node: 'website', value: undefined, findings: [] }),
      ];
      await loadBundleAsNewAssessment(db, makeBundle({ entries }));
      await loadBundleAsNewAssessment(db, makeBundle({ assessment: { id: 'a-2024-b' }, entries }));
      const chunks = await chunked(db, 'a-2024', 1);
      expect(chunks.map((c) => c.map((u) => `${u.unitId}:${u.packs.map((p) => p.assessorId).join('+')}`))).toEqual([['u1:as1+as2'], ['u2:as1']]);
      expect(chunks.flat().map((u) => u.packs.map((p) => p.entries.map((e) => e.id)))).toEqual([[['e1'], ['e2']], [['e3']]]);
      expect(await countUnitPacks(db, 'a-2024')).toBe(2);
      expect(await chunked(db, 'nobody', 2)).toEqual([]);
    } finally {
      db.close();
    }
  });

  it('equals one full read for any packs and chunk size', async () => {
    const pack = fc.record({ unitId: fc.constantFrom('u1', 'u2'), assessorId: fc.constantFrom('as1', 'as2'), n: fc.integer({ min: 1, max: 3 }) });
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(pack, { selector: (p) => `${p.unitId}/${p.assessorId}` }), fc.integer({ min: 1, max: 5 }), async (packs, size) => {
        const entries = packs.flatMap(({ unitId, assessorId, n }) =>
          Array.from({ length: n }, (_, k) => makeEntry({ id: `${unitId}-${assessorId}-${k}`, unitId, assessorId, node: k === 0 ? 'basic' : 'website', value: k === 0 ? 5 : undefined, ...(k > 0 && { objectId: undefined, findings: [] }) })),
        );
        const db = freshDb();
        try {
          await loadBundleAsNewAssessment(db, makeBundle({ entries: entries.filter((e, i) => entries.findIndex((x) => x.unitId === e.unitId && x.assessorId === e.assessorId && x.node === e.node) === i) }));
          const chunks = await chunked(db, 'a-2024', size);
          expect(chunks.every((c) => c.length > 0 && c.length <= size)).toBe(true);
          expect(chunks.flat()).toEqual(await readAllUnitPacks(db, 'a-2024'));
          expect(chunks.flat()).toHaveLength(await countUnitPacks(db, 'a-2024'));
          expect(chunks.flat().flatMap((u) => u.packs)).toHaveLength(packs.length);
        } finally {
          db.close();
        }
      }),
      { numRuns: 30 },
    );
  });
});
