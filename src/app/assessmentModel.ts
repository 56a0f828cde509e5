/**
 * The open assessment kept up to date in memory: its setup as read live, its entries followed pack by
 * pack (store/watch.ts), and one GroupScorer per group that evaluates again only the units an edit touched.
 * A score saved at nation scale then costs one small read and one unit's evaluation, where reading and
 * scoring every entry again took seconds and froze the page after each keystroke.
 *
 * Work is done in arrival order (one queue), so a change never overtakes the read it follows.
 */
import type { AssessmentData, AssessmentFrame, KaoheDb } from './session';
import { countUnitPacks, readPackChanges, readUnitPacks, unitPackChunks, watchEntryPacks } from '../store/repo';
import { circularText } from '../report/circularText';
import { GroupScorer, type ScoreEntry, type Unit } from '../engine';
import { compiledFor } from './compiledRuleSets';
import type { AssessmentView, GroupView } from './assessmentView';
import type { Live } from './live';
import { UnitEntries } from './unitEntries';
import { firstResultsInWorker, frameSignature, storedFirstResults, type FirstResults, type FirstResultsRun } from './firstResults';

/** units read per chunk on opening (each with its assessors' packs): some thousands of entries, a short task each */
const CHUNK_UNITS = 14;
/** units from which results are shown first (stored snapshot, else scored in a worker): some hundred thousand entries */
const RESULTS_FIRST_UNITS = 200;
/**
 * quiet time after the last change before the snapshot is stored again (a worker reads and scores every
 * entry, several seconds at nation scale): a burst of edits costs one, not one per keystroke
 */
const SNAPSHOT_AFTER_MS = 20_000;

const NO_ENTRIES: ReadonlyMap<string, readonly ScoreEntry[]> = new Map();

/** All of a frame that the view shows or scores from, as text: frames of the same text are the same setup. */
const frameText = (f: AssessmentFrame): string => `${JSON.stringify([f.assessment, f.ruleSets])}\n${frameSignature(f)}`;

/** Gives the page its turn: input and drawing run before the next chunk. */
const pageTurn = () => new Promise<void>((ok) => setTimeout(ok, 0));

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
  /** opening: results scored in a worker, shown until every entry is read here */
  private first: FirstResults | null = null;
  private firstRun: FirstResultsRun | null = null;
  private readonly resultsFirst: boolean;
  private readonly snapshotAfterMs: number;
  /** opening: packs read so far, of all; null once every entry has been read */
  private progress: { read: number; total: number } | null = { read: 0, total: 0 };
  /** opening: the entries or the setup changed after the worker began to read */
  private firstOutdated = false;
  /** the frame last compared with the first results' setup, and whether it was the same */
  private firstFrame: AssessmentFrame | null = null;
  private firstSameSetup = false;
  /** the results shown first came from the stored snapshot, which was current when read */
  private fromSnapshot = false;
  /** a large assessment: its snapshot is stored again once the page has been quiet a while after a change */
  private large = false;
  private snapshotTimer: ReturnType<typeof setTimeout> | undefined;
  private snapshotRun: FirstResultsRun | null = null;
  /** the writes to this assessment's packs when the last full read began (readPackChanges) */
  private packsRead: string | null = null;
  /** the last frame set, as frameText */
  private frameText: string | null = null;

  constructor(
    private readonly db: KaoheDb,
    private readonly assessmentId: string,
    { resultsFirst = true, snapshotAfterMs = SNAPSHOT_AFTER_MS }: { resultsFirst?: boolean; snapshotAfterMs?: number } = {},
  ) {
    this.stopWatching = watchEntryPacks(db, assessmentId, (units) => {
      if (units) return this.packsWritten(units);
      // a write told only as "anything may have changed" (50 rows or more): read everything again unless
      // it wrote none of this assessment's packs, as when another year's file is opened
      void this.packsChangedSinceRead().then((changed) => changed && this.packsWritten(null));
    });
    this.resultsFirst = resultsFirst;
    this.snapshotAfterMs = snapshotAfterMs;
    this.enqueue(() => this.loadAll());
  }

  /** Packs of these units were written (null: which ones is not known): they are read again. */
  private packsWritten(units: string[] | null): void {
    if (this.progress) this.outdate();
    this.snapshotLater();
    this.enqueue(() => (units ? this.reread(units) : this.loadAll()));
  }

  /** Whether a write may have changed this assessment's packs since the last full read began. */
  private async packsChangedSinceRead(): Promise<boolean> {
    if (this.packsRead === null) return true;
    return readPackChanges(this.db, this.assessmentId).then(
      (now) => now !== this.packsRead,
      () => true,
    );
  }

  /** On opening a large assessment: its results scored in a worker, shown when they come. */
  private startFirstResults(): void {
    const run = firstResultsInWorker(this.db, this.assessmentId);
    this.firstRun = run;
    run.done.then((r) => {
      if (!r || !this.progress || this.disposed) return;
      this.first = r;
      this.publishFirst();
    }, () => undefined);
  }

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly getSnapshot = (): Live<AssessmentView | null> => this.snapshot;

  /**
   * The setup as read live (units, assessors, rule sets, the assessment row): every group is scored again
   * if it differs from the last. The live read runs again after any write to what it read (another year's
   * file opened stores the same rule set, kept by its hash), and scoring a nation again for an unchanged
   * setup held the page, and drew every chart again, for nothing.
   */
  setFrame(frame: AssessmentFrame): void {
    const text = frameText(frame);
    if (text === this.frameText) return;
    this.frameText = text;
    if (this.progress && !this.byUnit) {
      // opening: the full read, when done, scores with the frame it finds; meanwhile first results show
      // if they were scored with this setup (publishFirst compares)
      this.frame = frame;
      this.unitsById = new Map(frame.units.map((u) => [u.id, u]));
      this.publishFirst();
      return;
    }
    this.snapshotLater();
    this.enqueue(async () => {
      this.frame = frame;
      this.unitsById = new Map(frame.units.map((u) => [u.id, u]));
      await this.rebuild();
    });
  }

  /**
   * A large assessment's snapshot is stored again, in a worker that reads every input in one read, once
   * nothing has changed for a while; the worker's write is refused if something changed meanwhile.
   */
  private snapshotLater(): void {
    if (!this.large || this.disposed) return;
    clearTimeout(this.snapshotTimer);
    this.snapshotTimer = setTimeout(() => {
      if (this.disposed) return;
      if (this.progress || this.snapshotRun) return this.snapshotLater(); // still opening, or one is being stored
      const run = firstResultsInWorker(this.db, this.assessmentId, { snapshotOnly: true });
      this.snapshotRun = run;
      void run.stored.then(() => {
        if (this.snapshotRun === run) this.snapshotRun = null;
      });
    }, this.snapshotAfterMs);
  }

  fail(error: Error): void {
    // the next frame read is shown, even if it is the one shown before the error
    this.frameText = null;
    this.enqueue(async () => this.publish({ status: 'error', error }));
  }

  dispose(): void {
    this.disposed = true;
    clearTimeout(this.snapshotTimer);
    this.snapshotRun?.stop();
    this.firstRun?.stop();
    this.stopWatching();
    this.listeners.clear();
  }

  private enqueue(work: () => Promise<void>): void {
    this.queue = this.queue
      .then(() => (this.disposed ? undefined : work()))
      .catch((e: unknown) => this.publish({ status: 'error', error: e instanceof Error ? e : new Error(String(e)) }));
  }

  /**
   * Reads every entry, a chunk of packs at a time with the page's turn between chunks, then scores.
   * On opening, once the worker's results have come (or it could not run): they show meanwhile.
   */
  private async loadAll(): Promise<void> {
    const opening = this.progress !== null;
    if (opening) {
      // the snapshot before the count: the database answers in the order asked, and counting a nation's
      // unit rows goes through all of them, which held up the snapshot and the setup the first rows wait on
      const stored = this.resultsFirst ? await storedFirstResults(this.db, this.assessmentId) : null;
      if (stored) {
        // the stored results are those of the inputs as stored now (only a large assessment stores them):
        // shown at once, while every entry is read
        this.fromSnapshot = true;
        this.first = stored;
        this.publishFirst();
      }
      const total = await countUnitPacks(this.db, this.assessmentId);
      this.progress = { read: 0, total };
      // a small assessment is read sooner than a worker starts
      this.large = stored !== null || total >= RESULTS_FIRST_UNITS;
      if (this.resultsFirst && this.large && !stored) {
        this.startFirstResults();
        await this.firstRun?.done;
        // the worker stores the snapshot after it has scored; if it could not, it is stored later
        void this.firstRun?.stored.then((ok) => ok || this.snapshotLater());
      }
    }
    // before the first chunk: a write after this moves the count, and is read again when told
    this.packsRead = await readPackChanges(this.db, this.assessmentId);
    const packs = new Map<string, Map<string, ScoreEntry[]>>();
    const byUnit = new Map<string, readonly ScoreEntry[]>();
    for await (const chunk of unitPackChunks(this.db, this.assessmentId, CHUNK_UNITS)) {
      if (this.disposed) return;
      for (const unit of chunk) {
        packs.set(unit.unitId, new Map(unit.packs.map((p) => [p.assessorId, p.entries])));
        byUnit.set(unit.unitId, this.unitEntries(unit.unitId, packs));
      }
      if (this.progress) this.progress.read += chunk.length;
      await pageTurn();
    }
    this.packs = packs;
    this.byUnit = UnitEntries.of(byUnit);
    // the first results stay on screen, still loading, until every group is scored here
    if (!(await this.rebuild())) return;
    this.progress = null;
    this.first = null;
  }

  private unitEntries(unitId: string, from = this.packs): ScoreEntry[] {
    const packs = [...(from.get(unitId)?.values() ?? [])];
    return packs.length === 1 ? packs[0]! : packs.flat().sort(compareIds);
  }

  /** Reads the units a commit touched and applies what changed in their packs. */
  private async reread(units: readonly string[]): Promise<void> {
    if (!this.byUnit) return; // the first full read is still to come and will see them
    const fresh = await readUnitPacks(this.db, this.assessmentId, units);
    const saved: ScoreEntry[] = [];
    const removed: ScoreEntry[] = [];
    for (const unit of fresh) {
      const before = new Map<string, ScoreEntry>();
      for (const list of this.packs.get(unit.unitId)?.values() ?? []) for (const e of list) before.set(e.id, e);
      for (const { entries } of unit.packs)
        for (const e of entries) {
          const old = before.get(e.id);
          if (!old || changed(old, e)) saved.push(e);
          before.delete(e.id);
        }
      removed.push(...before.values());
      const packs = unit.packs.filter((p) => p.entries.length > 0);
      if (packs.length > 0) this.packs.set(unit.unitId, new Map(packs.map((p) => [p.assessorId, p.entries])));
      else this.packs.delete(unit.unitId);
    }
    if (saved.length === 0 && removed.length === 0) return;
    const lists = new Map<string, ScoreEntry[]>();
    for (const unitId of units) lists.set(unitId, this.unitEntries(unitId));
    this.byUnit = this.byUnit.with(lists);
    for (const { scorer } of this.groups) {
      for (const e of removed) scorer.remove(e);
      for (const e of saved) scorer.update(e);
    }
    this.publishView();
  }

  /**
   * Scores every group from scratch: the setup changed, or every entry was read again. Each group's
   * scorer is built a slice of units at a time with the page's turn between slices (at nation scale one
   * go held the page for seconds); what was shown stays until it is done. False if disposed meanwhile.
   */
  private async rebuild(): Promise<boolean> {
    const frame = this.frame;
    const byUnit = this.byUnit;
    if (!frame || !byUnit) return true;
    const groups: typeof this.groups = [];
    for (const { group, ruleSet } of frame.groupRuleSets) {
      const compiled = compiledFor(group.ruleSetHash, ruleSet);
      const scorer = await GroupScorer.inSlices(compiled, frame.units, (unitId) => byUnit.get(unitId) ?? [], frame.assessors, { selfScores: frame.selfScores }, pageTurn);
      if (this.disposed) return false;
      groups.push({ base: { group, ruleSet, compiled }, scorer });
    }
    this.groups = groups;
    this.publishView();
    return true;
  }

  private readonly readSoFar = () => ({ read: this.progress?.read ?? 1, total: this.progress?.total ?? 1 });

  private outdate(): void {
    if (this.firstOutdated) return;
    this.firstOutdated = true;
    this.publishFirst();
  }

  /**
   * While the entries are read on opening: the worker's results, with the loading mark. Results scored
   * with another setup than the page's are never shown; shown ones the stored data has since changed
   * under stay, marked outdated, until the full read replaces them.
   */
  private publishFirst(): void {
    const frame = this.frame;
    const first = this.first;
    if (!frame || !first || !this.progress || this.byUnit) return;
    const shown = this.snapshot.status === 'ready' ? this.snapshot.value : null;
    if (frame !== this.firstFrame) {
      this.firstFrame = frame;
      this.firstSameSetup = frameSignature(frame) === first.frame && first.groups.length === frame.groupRuleSets.length;
    }
    if (!this.firstSameSetup && !shown) return;
    let groups = shown?.groups;
    let circular = shown?.circular;
    if (!groups || !circular) {
      groups = frame.groupRuleSets.map(({ group, ruleSet }, i) => ({ group, ruleSet, compiled: compiledFor(group.ruleSetHash, ruleSet), result: first.groups[i]! }));
      circular = circularText(groups.map((g) => g.result));
    }
    this.publish({
      status: 'ready',
      value: {
        // the setup the results were scored with: a changed one only marks them outdated
        data: withEntries(shown?.data ?? frame, NO_ENTRIES),
        entriesByUnit: NO_ENTRIES,
        groups,
        circular,
        unitsById: shown?.unitsById ?? this.unitsById,
        loading: { progress: this.readSoFar, outdated: this.firstOutdated || !this.firstSameSetup, fromSnapshot: this.fromSnapshot },
      },
    });
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
