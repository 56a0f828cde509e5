/**
 * 理由待补充: a finding recorded from a bare score (a number pasted or typed into a deduction or
 * penalty cell) before anyone has written why. Its reason is this fixed text, so the finding travels
 * through bundles, templates and problem lists unchanged and says what it is wherever it is shown;
 * writing a reason replaces the text and ends the state. The unit stays 未完成 until then
 * (docs/rules.md, "Complete or provisional").
 */
import type { Finding, ScoreEntry } from './entries';

export const PENDING_REASON = '理由待补充';

export const isReasonPending = (f: Pick<Finding, 'reason'>): boolean => f.reason.trim() === PENDING_REASON;

/** Whether an entry holds a finding whose reason is still to be written. */
export const hasPendingReason = (e: Pick<ScoreEntry, 'findings'>): boolean => (e.findings ?? []).some(isReasonPending);
