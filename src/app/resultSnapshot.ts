/**
 * The stored results snapshot as the app sees it: what is kept of each group's result, and reading it
 * back as first results (firstResults.ts storedFirstResults) when it still matches the stored inputs (store/resultSnapshots.ts).
 *
 * Of each unit only what the ranking page draws while the entries load is kept: rank, total, tier and its
 * reason, vetoes, the provisional mark and its missing cells, and the nodes of the table's columns (the
 * first-level indicators and the root's parts). The why-trail and the deeper nodes, most of a result's
 * size, are left out: at 3,000 units × 150 leaves they would make the snapshot hundreds of megabytes,
 * and every page that shows them waits for the entries anyway.
 */
import type { CompiledRuleSet, GroupResult, UnitResult } from '../engine';
import { storeResultSnapshot, type KaoheDb, type ResultSnapshotRow } from '../store/repo';
import type { GroupView } from './assessmentView';

/** The node keys the ranking draws: the root, the first-level indicators, the root's parts. */
export function shownNodeKeys(compiled: CompiledRuleSet): Set<string> {
  const root = compiled.ruleSet.root;
  return new Set([root.key, ...compiled.indicators.map((i) => i.key), ...root.children.map((c) => c.key)]);
}

/** A group's result with each unit cut down to what the ranking draws. */
export function trimGroupResult(result: GroupResult, compiled: CompiledRuleSet): GroupResult {
  const keys = shownNodeKeys(compiled);
  const unit = (u: UnitResult): UnitResult => {
    const nodes: UnitResult['nodes'] = {};
    for (const key of keys) if (u.nodes[key]) nodes[key] = u.nodes[key];
    return { ...u, nodes, trail: [] };
  };
  return { ...result, units: result.units.map(unit) };
}

/** The row to store for results scored from one read of the inputs, at that read's change count. */
export function snapshotRow(assessmentId: string, changes: number, frame: string, groups: readonly GroupView[], at: string): ResultSnapshotRow {
  return { assessmentId, changes, frame, groups: groups.map((g) => trimGroupResult(g.result, g.compiled)), at };
}

/** Stores it unless the inputs changed since they were read; whether it was stored. */
export function storeSnapshot(db: KaoheDb, row: ResultSnapshotRow): Promise<boolean> {
  return storeResultSnapshot(db, row);
}
