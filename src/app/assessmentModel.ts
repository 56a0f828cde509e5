/**
 * The open assessment kept up to date in memory: its setup as read live, its entries followed pack by
 * pack (store/watch.ts), and one GroupScorer per group that evaluates again only the units an edit touched.
 * A score saved at nation scale then costs one small read and one unit's evaluation, where reading and
 * scoring every entry again took seconds and froze the page after each keystroke.
 *
 * Work is done in arrival order (one queue), so a change never overtakes the read it follows.
 */
import type { AssessmentData, AssessmentFrame, KaoheDb } from './session';
import { readAllEntryPacks, readEntryPacks, watchEntryPacks, type PackRef } from '../store/repo';
import { circularText } from '../report/circularText';
import { GroupScorer, type ScoreEntry, type Unit } from '../engine';
import { compiledFor } from './compiledRuleSets';
import type { AssessmentView, GroupView } from './assessmentView';
import type { Live } from './live';
import { UnitEntries } from './unitEntries';

const compareIds = (a: ScoreEntry, b: ScoreEntry) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Another revision of the entry: every save through the repository moves rev and updatedAt. */
const changed = (before: ScoreEntry, after: ScoreEntry) =>
  before.rev !== after.rev || before.updatedAt !== after.updatedAt || before.updatedBy !== after.updatedBy;

/**
 * The frame with every entry, sorted by id, made on first use: a page showing one unit, or the grid,
 * never needs the whole list; an export or a lock reads it once. The per-unit lists are sorted runs,
 * which the sort merges.
 */
function withEntries(frame: AssessmentFrame, byUnit: ReadonlyMap<string, readonly ScoreEntry[]>): AssessmentData {
  let entries: ScoreEntry[] | undefined;
  return {
    ...frame,
    get entries(): ScoreEntry[] {
      entries ??= [...byUnit.values()].flat().sort(compareIds);
      return entries;
    },
  };
}

export class AssessmentModel {
  private frame: AssessmentFrame | null = null;
  /** stored entries by unit, then assessor */
  private packs = new Map<string, Map<string, ScoreEntry[]>>();
  /** every assessor's entries of each unit, sorted by id; a new map (sharing the unchanged lists) per change */
  private byUnit: UnitEntries | null = null;
  private groups: { base: Omit<GroupView, 'result'>; scorer: GroupScorer }[] = [];
  private unitsById = new Map<string, Unit>();
  private snapshot: Live<AssessmentView | null> = { status: 'loading' };
  private readonly listeners = new Set<() => void>();
  private queue: Promise<void> = Promise.resolve();
  private readonly stopWatching: () => void;
  private disposed = false;

  constructor(
    private readonly db: KaoheDb,
    private readonly assessmentId: string,
  ) {
    this.stopWatching = watchEntryPacks(db, assessmentId, (packs) => this.enqueue(() => (packs ? this.reread(packs) : this.loadAll())));
    this.enqueue(() => this.loadAll());
  }

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly getSnapshot = (): Live<AssessmentView | null> => this.snapshot;

  /** The setup as read live (units, assessors, rule sets, the assessment row): every group is scored again. */
  setFrame(frame: AssessmentFrame): void {
    this.enqueue(async () => {
      this.frame = frame;
      this.unitsById = new Map(frame.units.map((u) => [u.id, u]));
      this.rebuild();
    });
  }

  fail(error: Error): void {
    this.enqueue(async () => this.publish({ status: 'error', error }));
  }

  dispose(): void {
    this.disposed = true;
    this.stopWatching();
    this.listeners.clear();
  }

  private enqueue(work: () => Promise<void>): void {
    this.queue = this.queue
      .then(() => (this.disposed ? undefined : work()))
      .catch((e: unknown) => this.publish({ status: 'error', error: e instanceof Error ? e : new Error(String(e)) }));
  }

  private async loadAll(): Promise<void> {
    const all = await readAllEntryPacks(this.db, this.assessmentId);
    this.packs = new Map();
    for (const { pack, entries } of all) this.packOf(pack.unitId).set(pack.assessorId, entries);
    this.byUnit = UnitEntries.of(new Map([...this.packs.keys()].map((unitId) => [unitId, this.unitEntries(unitId)])));
    this.rebuild();
  }

  private packOf(unitId: string): Map<string, ScoreEntry[]> {
    let byAssessor = this.packs.get(unitId);
    if (!byAssessor) this.packs.set(unitId, (byAssessor = new Map()));
    return byAssessor;
  }

  private unitEntries(unitId: string): ScoreEntry[] {
    const packs = [...(this.packs.get(unitId)?.values() ?? [])];
    return packs.length === 1 ? packs[0]! : packs.flat().sort(compareIds);
  }

  /** Reads the packs a commit touched and applies what changed in them. */
  private async reread(packs: readonly PackRef[]): Promise<void> {
    if (!this.byUnit) return; // the first full read is still to come and will see them
    const fresh = await readEntryPacks(this.db, this.assessmentId, packs);
    const saved: ScoreEntry[] = [];
    const removed: ScoreEntry[] = [];
    packs.forEach((p, k) => {
      const after = fresh[k]!;
      const before = new Map((this.packs.get(p.unitId)?.get(p.assessorId) ?? []).map((e) => [e.id, e]));
      for (const e of after) {
        const old = before.get(e.id);
        if (!old || changed(old, e)) saved.push(e);
        before.delete(e.id);
      }
      removed.push(...before.values());
      if (after.length > 0) this.packOf(p.unitId).set(p.assessorId, after);
      else this.packs.get(p.unitId)?.delete(p.assessorId);
    });
    if (saved.length === 0 && removed.length === 0) return;
    const lists = new Map<string, ScoreEntry[]>();
    for (const unitId of new Set(packs.map((p) => p.unitId))) {
      const list = this.unitEntries(unitId);
      lists.set(unitId, list);
      if (list.length === 0) this.packs.delete(unitId);
    }
    this.byUnit = this.byUnit.with(lists);
    for (const { scorer } of this.groups) {
      for (const e of removed) scorer.remove(e);
      for (const e of saved) scorer.update(e);
    }
    this.publishView();
  }

  /** Scores every group from scratch: the setup changed, or every entry was read again. */
  private rebuild(): void {
    const frame = this.frame;
    const byUnit = this.byUnit;
    if (!frame || !byUnit) return;
    const entries = [...byUnit.values()].flat();
    this.groups = frame.groupRuleSets.map(({ group, ruleSet }) => {
      const compiled = compiledFor(group.ruleSetHash, ruleSet);
      return { base: { group, ruleSet, compiled }, scorer: new GroupScorer(compiled, frame.units, entries, frame.assessors, { selfScores: frame.selfScores }) };
    });
    this.publishView();
  }

  private publishView(): void {
    const frame = this.frame;
    const byUnit = this.byUnit;
    if (!frame || !byUnit) return;
    // the assessment's own name for a group wins over the rule set's
    const groups = this.groups.map(({ base, scorer }) => ({ ...base, result: { ...scorer.result(), groupName: base.group.name } }));
    // the circular's sentences walk every unit: written when a page first asks for them, not per save
    let circular: AssessmentView['circular'] | undefined;
    this.publish({
      status: 'ready',
      value: {
        data: withEntries(frame, byUnit),
        entriesByUnit: byUnit,
        groups,
        get circular() {
          return (circular ??= circularText(groups.map((g) => g.result)));
        },
        unitsById: this.unitsById,
      },
    });
  }

  private publish(snapshot: Live<AssessmentView | null>): void {
    if (this.disposed) return;
    this.snapshot = snapshot;
    for (const l of this.listeners) l();
  }
}
