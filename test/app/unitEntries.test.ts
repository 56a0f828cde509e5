/**
 * The live entry map made after each save shares the unchanged lists, reads like a Map edited the same
 * way (order included), and tells which units changed since an earlier map of its line.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UnitEntries, unitsChangedSince } from '../../src/app/unitEntries';
import type { ScoreEntry } from '../../src/model/entries';

const list = (unitId: string, n: number): ScoreEntry[] =>
  Array.from({ length: n }, (_, i) => ({ id: `${unitId}-e${i}`, unitId, node: 'basic_1', assessorId: 'a', value: i, rev: 1, updatedAt: '2025-01-01T00:00:00.000Z', updatedBy: 'a' }) as ScoreEntry);

describe('UnitEntries', () => {
  it('reads like a Map given the same saves, across folds of the changes', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 300 }), fc.integer({ min: 0, max: 2 })), { maxLength: 800 }), (saves) => {
        const model = new Map<string, readonly ScoreEntry[]>([['u0', list('u0', 1)], ['u1', list('u1', 2)]]);
        let m = UnitEntries.of(new Map(model));
        for (const [u, n] of saves) {
          const id = `u${u}`;
          const l = list(id, n);
          // a Map edited as the model did before: replaced in place, removed when empty, new at the end
          if (n > 0) model.set(id, l);
          else model.delete(id);
          const before = m;
          m = m.with(new Map([[id, l]]));
          expect(m.parent).toBe(before);
          expect(unitsChangedSince(m, before)).toEqual(new Set([id]));
        }
        expect([...m.entries()]).toEqual([...model.entries()]);
        expect(m.size).toBe(model.size);
        expect([...m.keys()].every((k) => m.has(k) && m.get(k) === model.get(k))).toBe(true);
      }),
      { numRuns: 60 },
    );
  });

  it('collects the units changed over several saves, and does not know them from an unrelated map', () => {
    const start = UnitEntries.of(new Map([['u1', list('u1', 1)]]));
    const a = start.with(new Map([['u2', list('u2', 1)]]));
    const b = a.with(new Map([['u1', list('u1', 3)]]));
    expect(unitsChangedSince(b, start)).toEqual(new Set(['u1', 'u2']));
    expect(unitsChangedSince(b, b)).toEqual(new Set());
    expect(unitsChangedSince(b, new Map())).toBeNull();
    // the unchanged list is the same object
    expect(b.get('u2')).toBe(a.get('u2'));
  });
});
