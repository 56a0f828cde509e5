/**
 * Live totals for the grid: a GroupScorer that re-evaluates only the units whose entries changed.
 * The grid applies its own saves at once (`apply`), and `sync` brings in whatever else changed in the
 * database (another tab, an import) by comparing each entry's revision and time with what the scorer
 * has seen — linear in entries, without evaluating unchanged units. Many changes at once (an import)
 * rebuild the scorer instead, which is then cheaper than one update per entry.
 */
import { GroupScorer } from '../../scoring/groupScorer';
import type { Assessor, CompiledRuleSet, GroupResult, ScoreEntry, Unit } from '../../scoring';

const stamp = (e: ScoreEntry) => `${e.rev}|${e.updatedAt ?? ''}`;

export class LiveScorer {
  private scorer: GroupScorer;
  /** entry id → what the scorer has seen of it */
  private known = new Map<string, { stamp: string; unitId: string }>();
  private readonly unitIds: Set<string>;

  constructor(
    private readonly c: CompiledRuleSet,
    private readonly units: readonly Unit[],
    entries: readonly ScoreEntry[],
    private readonly assessors: readonly Assessor[],
  ) {
    this.unitIds = new Set(units.filter((u) => u.group === c.ruleSet.group.key).map((u) => u.id));
    this.scorer = this.rebuild(entries);
  }

  private rebuild(entries: readonly ScoreEntry[]): GroupScorer {
    const own = entries.filter((e) => this.unitIds.has(e.unitId));
    this.known = new Map(own.map((e) => [e.id, { stamp: stamp(e), unitId: e.unitId }]));
    return new GroupScorer(this.c, this.units, own, this.assessors);
  }

  /** Takes in the stored entries; returns how many entries had changed. */
  sync(entries: readonly ScoreEntry[]): number {
    const changed: ScoreEntry[] = [];
    const seen = new Set<string>();
    for (const e of entries) {
      if (!this.unitIds.has(e.unitId)) continue;
      seen.add(e.id);
      if (this.known.get(e.id)?.stamp !== stamp(e)) changed.push(e);
    }
    const gone = [...this.known.keys()].filter((id) => !seen.has(id));
    const count = changed.length + gone.length;
    if (count === 0) return 0;
    if (count > Math.max(50, this.unitIds.size / 4)) {
      this.scorer = this.rebuild(entries);
      return count;
    }
    for (const e of changed) this.see(e);
    for (const id of gone) this.forget(id);
    return count;
  }

  /** The grid's own committed writes, applied before the database read comes back. */
  apply(saved: readonly ScoreEntry[], deleted: readonly ScoreEntry[]): void {
    for (const e of saved) if (this.unitIds.has(e.unitId)) this.see(e);
    for (const e of deleted) if (this.known.has(e.id)) this.forget(e.id);
  }

  private see(e: ScoreEntry): void {
    this.scorer.update(e);
    this.known.set(e.id, { stamp: stamp(e), unitId: e.unitId });
  }

  private forget(id: string): void {
    const k = this.known.get(id);
    if (!k) return;
    // GroupScorer finds a removed entry by its unit and id
    this.scorer.remove({ id, unitId: k.unitId, node: '', assessorId: '', rev: 0 });
    this.known.delete(id);
  }

  result(): GroupResult {
    return this.scorer.result();
  }
}
