/** The audit log: every stored change with who, when, before and after, and the reason where one is asked. */
export { auditLog, type AuditAction, type AuditFilter, type AuditRow } from '../store/repo';
