/**
 * Opening this machine's database and what it has open: the assessments, the one chosen, the assessor
 * at the keyboard, and reads of an assessment's stored inputs.
 */
export {
  confirmNoAssessments,
  ensureDemo,
  openDatabase,
  getCurrentAssessmentId,
  getCurrentAssessor,
  listAssessments,
  loadAssessmentData,
  loadAssessmentFrame,
  openDb,
  requestPersistence,
  setCurrentAssessmentId,
  setCurrentAssessor,
  type AssessmentData,
  type AssessmentFrame,
  type AssessmentGroup,
  type AssessmentRow,
  type KaoheDb,
  type PersistenceState,
} from '../store/repo';
