/** Shared plumbing of the settings panels: edit a top-level field of the draft by its path. */
import type { RuleSet } from '../../engine';
import { setAt, type FieldPath } from '../../report/ruleDraft/fields';
import type { PlacedIssue } from '../../report/ruleDraft/issues';

export interface PanelProps {
  ruleSet: RuleSet;
  issues: readonly PlacedIssue[];
  onChange(next: RuleSet, mergeKey?: string): void;
}

/** A setter for one path: `set(['tiers', 0, 'atLeast'])(90)`. */
export function setterOf({ ruleSet, onChange }: PanelProps) {
  return (path: FieldPath) => (value: unknown, mergeKey?: string) => onChange(setAt(ruleSet, path, value), mergeKey && path.join('.'));
}

/** Issues of a list row (or of a top-level object when index is undefined), by field. */
export function rowIssues(issues: readonly PlacedIssue[], list: string, index?: number): PlacedIssue[] {
  return issues.filter((i) => i.place.kind === 'list' && i.place.list === list && i.place.index === index);
}
