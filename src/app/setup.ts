/**
 * Setting an assessment up: a new assessment, the demo reset, rule sets per group, units and
 * assessors. Each command is one transaction that refuses a locked assessment and writes its audit row.
 */
export {
  createEmptyAssessment,
  listRuleSets,
  resetDemo,
  setGroupRuleSet,
  upsertAssessor,
  upsertUnits,
  type NewAssessment,
} from '../store/repo';
/** Identifiers for units, assessors and findings made on this machine. */
export { newId } from '../store/ids';
