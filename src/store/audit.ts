/**
 * The audit log: who changed what, when, from what to what, and why. Rows are written inside the
 * transaction of the change they describe, so a change is never stored without its record.
 */
import type { KaoheDb } from './database';
import type { AuditAction, AuditRow } from './schema';

export function nowIso(): string {
  return new Date().toISOString();
}

export interface AuditInput {
  assessmentId: string;
  who: string;
  action: AuditAction;
  entryId?: string;
  unitId?: string;
  node?: string;
  before?: unknown;
  after?: unknown;
  why?: string;
}

export function auditRow(input: AuditInput, at: string = nowIso()): AuditRow {
  const { before = null, after = null, why, ...rest } = input;
  return { ...rest, at, before, after, ...(why !== undefined && why !== '' && { why }) };
}

export interface AuditFilter {
  unitId?: string;
  node?: string;
  who?: string;
  /** ISO date or date-time, inclusive */
  from?: string;
  /** ISO date or date-time, inclusive (a bare date includes that whole day) */
  to?: string;
}

/** The assessment's audit log, newest first. */
export async function auditLog(db: KaoheDb, assessmentId: string, filter: AuditFilter = {}): Promise<AuditRow[]> {
  // A bare date "2024-05-01" as upper bound should include that day's times; '\uffff' sorts after them.
  const to = filter.to !== undefined && filter.to.length <= 10 ? `${filter.to}\uffff` : filter.to;
  return db.audit
    .where('assessmentId')
    .equals(assessmentId)
    .reverse()
    .filter(
      (r) =>
        (filter.unitId === undefined || r.unitId === filter.unitId) &&
        (filter.node === undefined || r.node === filter.node) &&
        (filter.who === undefined || r.who === filter.who) &&
        (filter.from === undefined || r.at >= filter.from) &&
        (to === undefined || r.at <= to),
    )
    .toArray();
}
