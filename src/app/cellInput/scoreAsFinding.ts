/**
 * A bare score put into a deduction cell (points off into a penalty cell), typed or pasted as from the
 * office's old workbook: the findings that give exactly that score. Findings with a written reason are
 * kept; whatever difference remains is one finding marked 理由待补充 (it replaces any earlier such
 * finding, so pasting the column again corrects it). A score better than the written findings allow
 * cannot be reached this way: those findings are removed one by one in the findings editor.
 */
import { exact as X, PENDING_REASON, findingDeduction, isReasonPending, type DeductionLeaf, type Finding, type PenaltyLeaf } from '../../engine';

export type FindingLeaf = DeductionLeaf | PenaltyLeaf;

export type ScoreFindings =
  | { ok: true; findings: Finding[] }
  /** the written findings already give `recorded` (a score for a deduction, points off for a penalty) */
  | { ok: false; recorded: number };

/** The score (deduction) or points off (penalty) that a list of findings gives. */
export function findingsResult(leaf: FindingLeaf, findings: readonly Finding[]): X.Q {
  const d = X.sum(findings.map((f) => findingDeduction(leaf, f)));
  if (leaf.type === 'penalty') return leaf.cap === null ? d : X.min(d, X.dec(leaf.cap));
  const max = X.dec(leaf.max);
  return leaf.floor === false ? X.sub(max, d) : X.sub(max, X.min(max, d));
}

/**
 * The findings for a wanted score (deduction leaf) or wanted points off (penalty leaf). `id` names the
 * new 理由待补充 finding when there was none to reuse. No findings yet and no difference gives the empty
 * list: 本项无问题.
 */
export function findingsForScore(leaf: FindingLeaf, findings: readonly Finding[] | undefined, wanted: number, id: string): ScoreFindings {
  const written = (findings ?? []).filter((f) => !isReasonPending(f));
  const recorded = findingsResult(leaf, written);
  const gap = leaf.type === 'deduction' ? X.sub(recorded, X.dec(wanted)) : X.sub(X.dec(wanted), recorded);
  if (X.lt(gap, X.ZERO)) return { ok: false, recorded: X.toNumber(recorded) };
  if (X.eq(gap, X.ZERO)) return { ok: true, findings: written };
  const earlier = (findings ?? []).find(isReasonPending);
  const pending: Finding = { id: earlier?.id ?? id, count: 1, points: X.toNumber(gap), reason: PENDING_REASON };
  return { ok: true, findings: [...written, pending] };
}
