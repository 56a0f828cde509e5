/** The audit log: every stored change with who, when, before and after, and the reason where one is asked. */
import type { AuditAction } from '../store/repo';

export { auditLog, type AuditAction, type AuditFilter, type AuditRow } from '../store/repo';

/**
 * Every kind of audit row, in the order the log's filter offers them: scores first, then the year's
 * stages and appeals, merges, files, set-up. Typed as a record over the whole union, so a kind added
 * to AuditAction does not compile until it is placed here (its label, `action.<kind>`, is checked by
 * a test of the catalogue).
 */
const ORDER: Record<AuditAction, number> = {
  'entry.save': 1,
  'entry.delete': 2,
  'assessment.lock': 3,
  'assessment.unlock': 4,
  'assessment.stage': 5,
  'appeal.record': 6,
  'appeal.decide': 7,
  'appeal.import': 8,
  import: 9,
  'import.add': 10,
  'import.update': 11,
  'import.delete': 12,
  'conflict.resolve': 13,
  'attachment.add': 14,
  'attachment.remove': 15,
  'attachment.removalRefused': 16,
  'selfAssessment.save': 17,
  'selfAssessment.import': 18,
  'ruleSet.set': 19,
  'unit.upsert': 20,
  'unit.delete': 21,
  'assessor.upsert': 22,
  'assessment.pastYear': 23,
  'assessment.create': 24,
  'assessment.edit': 25,
  'assessment.delete': 26,
  'assessment.load': 27,
};

export const AUDIT_ACTIONS: readonly AuditAction[] = (Object.keys(ORDER) as AuditAction[]).sort((a, b) => ORDER[a] - ORDER[b]);
