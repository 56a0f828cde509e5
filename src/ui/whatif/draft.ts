/**
 * What-if edits on a draft copy of a rule set: first-level indicator weights, tier thresholds, the
 * quota of a tier and the tie-break order. Every edit returns a new draft (the saved rule set and
 * earlier drafts are never changed); the draft is checked by the same door as any rule file
 * (parseRuleSet) before it is scored.
 */
import type { GroupNode, Quota, RuleNode, RuleSet, Tier } from '../../engine';

export type Threshold = { kind: 'atLeast' | 'above'; value: number } | null;

export function startDraft(saved: RuleSet): RuleSet {
  return structuredClone(saved);
}

function findNode(node: RuleNode, key: string): RuleNode | undefined {
  if (node.key === key) return node;
  if (node.type !== 'group') return undefined;
  for (const c of (node as GroupNode).children) {
    const hit = findNode(c, key);
    if (hit) return hit;
  }
  return undefined;
}

/** The weight a node's contribution is multiplied by (1 when none is declared). */
export function weightOf(ruleSet: RuleSet, key: string): number {
  return findNode(ruleSet.root, key)?.weight ?? 1;
}

/** Sets a node's weight; 1 is written as no weight at all, so a draft set back to 1 equals the original. */
export function withWeight(ruleSet: RuleSet, key: string, weight: number): RuleSet {
  const draft = structuredClone(ruleSet);
  const node = findNode(draft.root, key);
  if (!node) throw new Error(`no node "${key}" in rule set ${ruleSet.id}`);
  if (weight === 1) delete node.weight;
  else node.weight = weight;
  return draft;
}

function tierOf(ruleSet: RuleSet, tierKey: string): Tier {
  const tier = ruleSet.tiers.find((t) => t.key === tierKey);
  if (!tier) throw new Error(`no tier "${tierKey}" in rule set ${ruleSet.id}`);
  return tier;
}

export function thresholdOf(tier: Tier): Threshold {
  if (tier.atLeast !== undefined) return { kind: 'atLeast', value: tier.atLeast };
  if (tier.above !== undefined) return { kind: 'above', value: tier.above };
  return null;
}

export function withThreshold(ruleSet: RuleSet, tierKey: string, threshold: Threshold): RuleSet {
  const draft = structuredClone(ruleSet);
  const tier = tierOf(draft, tierKey);
  delete tier.atLeast;
  delete tier.above;
  if (threshold) tier[threshold.kind] = threshold.value;
  return draft;
}

export function withQuota(ruleSet: RuleSet, tierKey: string, quota: Quota | null): RuleSet {
  const draft = structuredClone(ruleSet);
  const tier = tierOf(draft, tierKey);
  if (quota) tier.quota = structuredClone(quota);
  else delete tier.quota;
  return draft;
}

export function withTieBreak(ruleSet: RuleSet, nodes: readonly string[]): RuleSet {
  const draft = structuredClone(ruleSet);
  draft.tieBreak = nodes.map((node) => ({ node }));
  return draft;
}

export type DraftChange =
  | { kind: 'weight'; key: string; name: string; from: number; to: number }
  | { kind: 'threshold'; key: string; name: string; from: Threshold; to: Threshold }
  | { kind: 'quota'; key: string; name: string; from: Quota | null; to: Quota | null }
  | { kind: 'tieBreak'; from: string[]; to: string[] };

const sameQuota = (a: Quota | undefined, b: Quota | undefined): boolean => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
const sameThreshold = (a: Threshold, b: Threshold): boolean => a?.kind === b?.kind && a?.value === b?.value;

/** What the draft changes, in the order a reader checks it: weights, then tiers, then tie-breaks. */
export function draftChanges(saved: RuleSet, draft: RuleSet, indicatorKeys: readonly string[]): DraftChange[] {
  const changes: DraftChange[] = [];
  for (const key of indicatorKeys) {
    const from = weightOf(saved, key);
    const to = weightOf(draft, key);
    if (from !== to) changes.push({ kind: 'weight', key, name: findNode(saved.root, key)?.name ?? key, from, to });
  }
  for (const before of saved.tiers) {
    const after = draft.tiers.find((t) => t.key === before.key);
    if (!after) continue;
    const [from, to] = [thresholdOf(before), thresholdOf(after)];
    if (!sameThreshold(from, to)) changes.push({ kind: 'threshold', key: before.key, name: before.name, from, to });
    if (!sameQuota(before.quota, after.quota))
      changes.push({ kind: 'quota', key: before.key, name: before.name, from: before.quota ?? null, to: after.quota ?? null });
  }
  const [fromTb, toTb] = [saved.tieBreak.map((t) => t.node), draft.tieBreak.map((t) => t.node)];
  if (fromTb.join('\n') !== toTb.join('\n')) changes.push({ kind: 'tieBreak', from: fromTb, to: toTb });
  return changes;
}

/** The draft as a rule file to hand on: same id (it replaces the group's rule set when imported), a version that says it is a trial. */
export function draftRuleFile(draft: RuleSet, versionSuffix: string): RuleSet {
  return { ...structuredClone(draft), version: `${draft.version}${versionSuffix}` };
}
