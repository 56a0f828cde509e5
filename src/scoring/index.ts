/** The scoring engine's public API: pure TypeScript, the same in the browser, the CLI and tests. */
export * from './ruleSchema';
export * from './sheetSchema';
export type * from './result';
export { compileRuleSet, isGroup, leafMax, type CompiledRuleSet } from './compile';
export { evaluateUnit, type EvaluateOptions } from './evaluate';
export { rankUnits } from './rank';
export { assignTiers } from './tier';
export { indicatorStatistics, tierCounts } from './statistics';
export { scoreGroup, scoreCompiledGroup, scoreIndexedGroup, indexEntries, entriesByUnit, type GroupSheets } from './scoreGroup';
export { GroupScorer } from './groupScorer';
export { circularText, groupSentences, indicatorSentences } from './circularText';
export { parseRuleSet, parseRuleSetText } from './ruleValidate';
export { ruleSetWarnings, type RuleWarning, type RuleWarningCode } from './ruleWarnings';
export { validateEntries, validateEntry } from './entryValidate';
export { contentHash, canonicalJson } from './hash';
export type { ValidationIssue } from './issues';
export * as exact from './exact';
