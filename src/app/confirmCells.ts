/**
 * "本项无问题" for many cells at once: the missing deduction and penalty cells of a unit (or of a column)
 * confirmed by one assessor as checked with no problems — an entry with an empty findings list. Cells of
 * other types need a value and are left alone; an entry the assessor already has keeps its note.
 */
import { cellEntryId } from '../model/cellId';
import type { CompiledRuleSet, MissingCell, ScoreEntry } from '../engine';
import { saveEntries } from '../store/repo';
import type { KaoheDb } from './session';

export const WHY_CONFIRM = '确认本项无问题';

/** The missing cells that an empty findings list would complete (not those waiting for a finding's reason). */
export function confirmableCells(c: CompiledRuleSet, missing: readonly MissingCell[]): MissingCell[] {
  return missing.filter((m) => {
    if (m.reasonPending === true) return false;
    const t = c.byKey.get(m.node)?.type;
    return t === 'deduction' || t === 'penalty';
  });
}

export function confirmationEntries(
  c: CompiledRuleSet,
  unitId: string,
  missing: readonly MissingCell[],
  assessorId: string,
  existing: readonly ScoreEntry[],
): ScoreEntry[] {
  return confirmableCells(c, missing).flatMap((m) => {
    const id = cellEntryId({ unitId, node: m.node, assessorId, objectId: m.objectId });
    const before = existing.find((e) => e.id === id);
    // an entry of this assessor with findings already decides the cell: someone else's is what is missing
    if (before?.findings !== undefined) return [];
    const e: ScoreEntry = { ...(before ?? { id, unitId, node: m.node, assessorId, rev: 1 }), findings: [] };
    if (m.objectId !== undefined) e.objectId = m.objectId;
    return [e];
  });
}

/** Confirms the unit's missing deduction and penalty cells as 本项无问题, in one transaction with audit rows. */
export function confirmNoProblems(
  db: KaoheDb,
  assessmentId: string,
  entries: readonly ScoreEntry[],
  who: string,
): Promise<ScoreEntry[]> {
  return saveEntries(db, assessmentId, entries, who, WHY_CONFIRM);
}
