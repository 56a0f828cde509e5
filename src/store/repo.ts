/**
 * The repository: everything the app does with stored data. All functions are async; every write is
 * one transaction (the change and its audit row together) and resolves once it is durable.
 */
export { DEFAULT_DB_NAME, KaoheDb, openDb } from './database';
export { requestPersistence, type PersistenceState } from './persistence';
export { openDatabase } from './versionGuard';
export { confirmNoAssessments } from './emptiness';
export {
  createEmptyAssessment,
  deleteAssessment,
  ensureDemo,
  getAssessment,
  listAssessments,
  loadAssessmentData,
  loadAssessmentFrame,
  loadBundleAsNewAssessment,
  resetDemo,
  type AssessmentData,
  type AssessmentFrame,
  type LoadBundleOptions,
  type NewAssessment,
} from './assessments';
export { loadFedBundleAsNewAssessment, type FedBundle } from './fedBundle';
export { countUnitPacks, readAllUnitPacks, readUnitPacks, unitPackChunks, watchEntryPacks, type UnitPacksRead } from './watch';
export type { PacksStored } from './packs';
export { getCurrentAssessmentId, getCurrentAssessor, setCurrentAssessmentId, setCurrentAssessor } from './meta';
export { applyEntryChanges, deleteEntry, deleteUnit, saveEntries, saveEntry, upsertAssessor, upsertUnits } from './entries';
export { addRuleSet, listRuleSets, setGroupRuleSet } from './ruleSets';
export { deleteRuleDraft, getRuleDraft, listRuleDrafts, putRuleDraft } from './ruleDrafts';
export { changeGroupRuleSet, type RuleSetChangeWrites } from './ruleSetChange';
export { latestSnapshot, lockAssessment, unlockAssessment, type LockSnapshot } from './lock';
export { auditLog, type AuditFilter } from './audit';
export { decideAppeal, listAppeals, recordAppeal, upheldReason, type Decision, type NewAppeal } from './appeals';
export { setStage, stageName } from './stage';
export {
  assessmentSize,
  copyAssessmentToYear,
  deleteAssessmentAudited,
  editAssessment,
  readPastYear,
  storePastYear,
  type CopySpec,
  type PastYearSpec,
} from './yearSetup';
export { getMeta, setMeta } from './meta';
export {
  exportBundle,
  importBundle,
  listConflicts,
  resolveConflicts,
  WHY_KEPT_LOCAL,
  WHY_TOOK_INCOMING,
  type ConflictChoice,
  type ExportScope,
  type ImportReport,
} from './exchange';
export * from './errors';
export type { RuleDraftOrigin, RuleDraftRow } from './schema';
export type { AppealRow, AssessmentGroup, AssessmentRow, AuditAction, AuditRow, ConflictRow, SnapshotRow } from './schema';
export type { Conflict, RuleSetMismatch } from '../sync/merge';
export {
  addAttachment,
  attachmentUsage,
  listAttachments,
  readFile,
  releaseOwners,
  removeAttachment,
  storedFileHashes,
  AttachmentLimitError,
  type AttachmentUsage,
  type NewAttachment,
} from './attachments';
export { exportBundleWithFiles, importBundleWithFiles, importWithFilesTables, type BundleWithFiles, type ImportFilesReport } from './attachmentExchange';
export type { AttachmentRow, FileRow } from './schema';
export { openBundleAsAssessment, type OpenBundleInput, type OpenBundleOptions, type OpenedBundle } from './openBundle';
export { importTables } from './exchange';
export {
  getSelfAssessment,
  importSelfResult,
  listSelfAssessments,
  openSelfPackage,
  saveSelfItem,
  selfCopyId,
  selfOwnerId,
  type SelfImport,
} from './selfAssessments';
export type { SelfAssessmentRow, SelfOrigin, SelfConflictRow, SelfVersion } from './schema';
export { listSelfConflicts, recordSelfConflicts } from './selfConflicts';
export { resolveSelfConflicts, unpushedSelf, SYNCED_SELF_SOURCE, type SelfConflictChoice } from './selfSync';
export {
  applyPulled,
  getSyncSettings,
  heldDocIds,
  putSyncSettings,
  readFileBytes,
  readSyncEntities,
  readSyncEntitiesOf,
  storedHashes,
  storeJoined,
  watchSyncedWrites,
  WHY_SYNCED,
  type SyncSettings,
  type SyncedWrite,
} from './sync';
export { getSyncState, getSyncSummary, putInStepMark, putSyncState, readInStep, type InStepMark } from './syncState';
export { assessmentInputsStamp } from './inputsStamp';
export { INPUT_TABLES, readInputChanges, readPackChanges } from './inputChanges';
export { loadCountedData, readResultSnapshot, storeResultSnapshot } from './resultSnapshots';
export type { ResultSnapshotRow } from './schema';
