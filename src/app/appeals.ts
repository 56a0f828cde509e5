/**
 * 申诉: recording a unit's appeal against findings or cells, and deciding it. Upheld, the appealed
 * findings are withdrawn (a whole deduction cell loses its findings, a veto is lifted) by new revisions
 * of the entries, saved with the decision in one transaction; the scores follow like after any edit.
 * A value cell (points, ratio, checklist) has no automatic withdrawal: the office enters the changed
 * value in the sheet, and the decision's reply says so.
 */
import type { Appeal, AppealTarget } from '../model/appeal';
import type { ScoreEntry } from '../model/entries';
import { decideAppeal as storeDecide, listAppeals, recordAppeal as storeRecord, type Decision, type KaoheDb, type NewAppeal } from '../store/repo';
import { trackSave } from './saveStatus';

export { appealStatus, type Appeal, type AppealStatus, type AppealTarget } from '../model/appeal';
export { listAppeals, type Decision, type NewAppeal };

export function recordAppeal(db: KaoheDb, assessmentId: string, input: NewAppeal, who: string): Promise<Appeal> {
  return trackSave(() => storeRecord(db, assessmentId, input, who));
}

/** A target as something an office user recognises: the finding or cell it points at. */
export interface TargetEntry {
  target: AppealTarget;
  entry: ScoreEntry | undefined;
}

export const targetEntries = (a: Appeal, entries: readonly ScoreEntry[]): TargetEntry[] =>
  a.targets.map((target) => ({ target, entry: entries.find((e) => e.id === target.entryId) }));

/**
 * The entries as an upheld decision leaves them: the appealed findings withdrawn. Only entries that
 * change are returned; `manual` lists the targets the office must change by hand.
 */
export function withdrawals(a: Appeal, entries: readonly ScoreEntry[]): { revisions: ScoreEntry[]; manual: AppealTarget[] } {
  const revised = new Map<string, ScoreEntry>();
  const manual: AppealTarget[] = [];
  for (const { target, entry } of targetEntries(a, entries)) {
    const current = entry && (revised.get(entry.id) ?? entry);
    if (!current) continue; // deleted since: nothing left to withdraw
    if (current.findings !== undefined) {
      const findings = target.findingId === undefined ? [] : current.findings.filter((f) => f.id !== target.findingId);
      if (findings.length !== current.findings.length) revised.set(current.id, { ...current, findings });
    } else if (current.triggered === true) {
      revised.set(current.id, { ...current, triggered: false });
    } else if (current.triggered === undefined) {
      manual.push(target);
    }
  }
  return { revisions: [...revised.values()], manual };
}

/** Decides the appeal; upheld withdraws its findings (see `withdrawals`) in the same transaction. */
export function decideAppeal(db: KaoheDb, assessmentId: string, a: Appeal, decision: Decision, entries: readonly ScoreEntry[], who: string): Promise<Appeal> {
  const revisions = decision.outcome === 'upheld' ? withdrawals(a, entries).revisions : [];
  return trackSave(() => storeDecide(db, assessmentId, a.id, decision, revisions, who));
}

/** Open appeals of the assessment (for the header's count). */
export async function openAppealCount(db: KaoheDb, assessmentId: string): Promise<number> {
  return (await listAppeals(db, assessmentId)).filter((a) => a.decision === undefined).length;
}
