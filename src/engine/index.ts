/** The scoring engine's public API: pure TypeScript, the same in the browser, the CLI and tests. */
export * from '../model/ruleSet';
export * from '../model/entries';
export type * from './result';
export { compileRuleSet, isGroup, leafMax, type CompiledRuleSet } from './rules/compile';
export { evaluateUnit, type EvaluateOptions } from './unit/evaluate';
export { rankUnits } from './group/rank';
export { assignTiers } from './group/tier';
export { indicatorStatistics, tierCounts } from './group/statistics';
export { scoreGroup, scoreCompiledGroup, scoreIndexedGroup, indexEntries, entriesByUnit, type GroupSheets } from './group/pipeline';
export { GroupScorer } from './group/incremental';
export { circularText, groupSentences, indicatorSentences } from '../report/circularText';
export { parseRuleSet, parseRuleSetText } from './validate/ruleValidate';
export { validateEntries, validateEntry } from './validate/entryValidate';
export { contentHash, canonicalJson } from '../sync/contentHash';
export type { ValidationIssue } from '../model/issues';
export * as exact from './arith/exact';
