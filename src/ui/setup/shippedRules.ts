/**
 * The rule sets shipped in scoring-rules/, bundled as lazy chunks (precached by the service worker, so
 * a new assessment can be set up offline). Each file goes through the same door as an imported one.
 */
import { parseRuleSetText, type RuleSet, type ValidationIssue } from '../../engine';

const files = import.meta.glob<string>(['../../../scoring-rules/*.json', '!../../../scoring-rules/*.schema.json'], {
  query: '?raw',
  import: 'default',
});

export interface ShippedRuleSet {
  file: string;
  ruleSet: RuleSet;
}

export interface ShippedRules {
  ruleSets: ShippedRuleSet[];
  /** files that failed validation, with their problems (a broken shipped file is shown, never hidden) */
  broken: { file: string; errors: ValidationIssue[] }[];
}

export async function loadShippedRuleSets(): Promise<ShippedRules> {
  const out: ShippedRules = { ruleSets: [], broken: [] };
  const entries = Object.entries(files).sort(([a], [b]) => (a < b ? -1 : 1));
  for (const [path, load] of entries) {
    const file = path.slice(path.lastIndexOf('/') + 1);
    const parsed = parseRuleSetText(await load(), file);
    if (parsed.ok) out.ruleSets.push({ file, ruleSet: parsed.ruleSet });
    else out.broken.push({ file, errors: parsed.errors });
  }
  return out;
}
