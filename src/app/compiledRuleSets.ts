/** Compiled rule sets, kept by content hash for the life of the page. */
import { compileRuleSet, type CompiledRuleSet, type RuleSet } from '../engine';

// Rule sets are pinned by content hash, so a compiled index can be reused across reloads of the data.
const compiledByHash = new Map<string, CompiledRuleSet>();

export function compiledFor(hash: string, ruleSet: RuleSet): CompiledRuleSet {
  let c = compiledByHash.get(hash);
  if (!c) {
    c = compileRuleSet(ruleSet);
    compiledByHash.set(hash, c);
  }
  return c;
}
