/** A checklist given as its points: all, none, or the combinations worth them. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { checksForPoints } from '../../../src/app/cellInput/checklistPoints';

const items = (...points: number[]) => ({ items: points.map((p, i) => ({ key: `i${i + 1}`, name: `第${i + 1}项`, points: p })) });

describe('checksForPoints', () => {
  it('reads full points as every item passed and 0 as none', () => {
    expect(checksForPoints(items(1, 1, 1, 1), 4)).toEqual({ type: 'checks', checks: { i1: true, i2: true, i3: true, i4: true } });
    expect(checksForPoints(items(1, 1, 1, 1), 0)).toEqual({ type: 'checks', checks: { i1: false, i2: false, i3: false, i4: false } });
  });

  it('asks which items for other points, offering the combinations worth them', () => {
    expect(checksForPoints(items(2, 1, 1), 2)).toEqual({
      type: 'choose',
      points: 2,
      matches: [
        { i1: true, i2: false, i3: false },
        { i1: false, i2: true, i3: true },
      ],
    });
  });

  it('says when no combination gives the points', () => {
    expect(checksForPoints(items(2, 2), 3)).toEqual({ type: 'unreachable', points: 3, total: 4 });
    expect(checksForPoints(items(2, 2), 5)).toEqual({ type: 'unreachable', points: 5, total: 4 });
  });

  it('every offered combination adds up to the points', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 8 }).map((n) => n / 2), { minLength: 1, maxLength: 6 }), fc.nat(), (pts, seed) => {
        const total = pts.reduce((a, b) => a + b, 0);
        const wanted = (seed % (total * 2 + 1)) / 2;
        const r = checksForPoints(items(...pts), wanted);
        if (r.type === 'choose') {
          for (const m of r.matches) expect(pts.reduce((s, p, i) => (m[`i${i + 1}`] ? s + p : s), 0)).toBeCloseTo(wanted, 9);
        } else if (r.type === 'checks') {
          expect(wanted === 0 || wanted === total).toBe(true);
        }
      }),
    );
  });
});
