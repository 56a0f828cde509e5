/**
 * A bare score in a deduction or penalty cell: written findings stay, the rest is one finding 理由待补充,
 * and the cell then scores exactly the number given.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { findingsForScore, findingsResult } from '../../../src/app/cellInput/scoreAsFinding';
import { exact as X, type DeductionLeaf, type Finding, type PenaltyLeaf } from '../../../src/engine';

const deduction = (max: number, extra: Partial<DeductionLeaf> = {}): DeductionLeaf => ({ type: 'deduction', key: 'd', name: '预决算公开', max, perFinding: 1, ...extra }) as DeductionLeaf;
const penalty = (cap: number | null): PenaltyLeaf => ({ type: 'penalty', key: 'p', name: '重大扣分项', cap, perFinding: 1 }) as PenaltyLeaf;
const written = (id: string, points: number): Finding => ({ id, count: 1, points, reason: '未公开' });

describe('findingsForScore', () => {
  it('records max − score as one finding 理由待补充 on an empty cell', () => {
    expect(findingsForScore(deduction(4), undefined, 2.5, 'n1')).toEqual({ ok: true, findings: [{ id: 'n1', count: 1, points: 1.5, reason: '理由待补充' }] });
  });

  it('records full marks on an empty cell as 本项无问题 (an empty list)', () => {
    expect(findingsForScore(deduction(4), undefined, 4, 'n1')).toEqual({ ok: true, findings: [] });
  });

  it('keeps written findings and replaces an earlier pending one (same id)', () => {
    const before = [written('w', 1), { id: 'old', count: 1, points: 2, reason: '理由待补充' }];
    expect(findingsForScore(deduction(10), before, 6, 'n1')).toEqual({
      ok: true,
      findings: [written('w', 1), { id: 'old', count: 1, points: 3, reason: '理由待补充' }],
    });
  });

  it('refuses a score above what the written findings leave, saying what they leave', () => {
    expect(findingsForScore(deduction(10), [written('w', 2)], 9, 'n1')).toEqual({ ok: false, recorded: 8 });
  });

  it('reads a penalty as points off: 3 typed with 1 written adds 2 pending', () => {
    expect(findingsForScore(penalty(5), [written('w', 1)], 3, 'n1')).toEqual({
      ok: true,
      findings: [written('w', 1), { id: 'n1', count: 1, points: 2, reason: '理由待补充' }],
    });
    expect(findingsForScore(penalty(5), [written('w', 4)], 3, 'n1')).toEqual({ ok: false, recorded: 4 });
  });

  // scores on a 0.5 step, as the office's workbooks hold them
  const halfSteps = (max: number) => fc.integer({ min: 0, max: max * 2 }).map((n) => n / 2);

  it('any valid score on a deduction leaf gives exactly that score', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), fc.nat(), (max, seed) => {
        const score = (seed % (max * 2 + 1)) / 2;
        const r = findingsForScore(deduction(max), undefined, score, 'n');
        expect(r.ok).toBe(true);
        if (r.ok) expect(X.toNumber(findingsResult(deduction(max), r.findings))).toBe(score);
      }),
    );
  });

  it('with written findings, any score at or below what they leave is reached exactly and keeps them', () => {
    fc.assert(
      fc.property(fc.array(halfSteps(3).filter((p) => p > 0), { maxLength: 4 }), halfSteps(20), (points, wanted) => {
        const leaf = deduction(20);
        const findings = points.map((p, i) => written(`w${i}`, p));
        const left = X.toNumber(findingsResult(leaf, findings));
        const r = findingsForScore(leaf, findings, wanted, 'n');
        if (wanted > left) expect(r).toEqual({ ok: false, recorded: left });
        else {
          expect(r.ok && X.toNumber(findingsResult(leaf, r.findings))).toBe(wanted);
          expect(r.ok && r.findings.slice(0, findings.length)).toEqual(findings);
        }
      }),
    );
  });
});
