/**
 * The scoring engine's only door: pure TypeScript, the same in the browser, the CLI and tests.
 * It re-exports the model it reads (rule sets, units, entries) so callers need one import.
 */
export * from '../model/ruleSet';
export * from '../model/entries';
export { PENDING_REASON, isReasonPending, hasPendingReason } from '../model/pendingReason';
export type * from './result';
export type { Q } from './arith/exact';
export * as exact from './arith/exact';
export { compileRuleSet, isGroup, leafMax, type CompiledRuleSet } from './rules/compile';
export { evaluateUnit, UnitEvaluator, UnitSheet, type EvaluateOptions } from './unit/evaluate';
export { findingDeduction } from './unit/leafScore';
export { entryDecides } from './unit/completeness';
export { rankUnits } from './group/rank';
export { assignTiers } from './group/tier';
export { indicatorStatistics, tierCounts } from './group/statistics';
export { scoreGroup, scoreCompiledGroup, scoreIndexedGroup, indexEntries, entriesByUnit, type GroupSheets, type SheetOf } from './group/pipeline';
export { scoreGroupUnitByUnit } from './group/unitByUnit';
export { GroupScorer } from './group/incremental';
export { checkRuleSet, parseRuleSet, parseRuleSetText } from './validate/ruleValidate';
export { ruleSetWarnings, type RuleWarning, type RuleWarningCode } from './validate/ruleWarnings';
export { adoptEntry, duplicateEntries, entryShape, validateEntries, validateEntry } from './validate/entryValidate';
export type { ValidationIssue } from '../model/issues';
export { ruleSetImpact, IMPACT_KINDS, CLAMPABLE, type ImpactKind, type ImpactDecision, type ImpactItem, type RuleSetImpact } from './change/impact';
