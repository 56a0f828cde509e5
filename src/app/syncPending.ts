/**
 * What a sync round has to push, found without reading and hashing the whole assessment every round.
 * Entries are nearly all of an assessment (a nation: 3,000 units × 150 check points × assessors), kept
 * in packs of one unit × assessor, a unit's packs in one row; the store says which units each committed
 * write touched (watchSyncedWrites). A round looks at the units written since the last one, the units that
 * still had documents to push, and the units of what it pulled, with those entries' files. The rest (assessment,
 * rule sets, units, assessors, deletions, appeals) is read and hashed again only after a write or a pull
 * of it, else only its documents still pending at the last look are; audit records only ever get added,
 * so only those added since the last look are read. A change of files marks every unit. The first round
 * of a runner looks at everything, hashing in slices with a pause between them, so the page keeps answering —
 * but not at the entries when the store's in-step mark (store/syncState.ts) says none was pending at the
 * inputs' change count that still holds: after a join, or a look that found nothing to push, a nation's
 * 1.35 million entries are not hashed again when the page is opened next.
 */
import type { SyncEntity } from '../sync/couch/docs';
import { byDocId, pendingDoc, type PendingDoc } from '../sync/couch/plan';
import { pause } from '../sync/pause';
import type { ReplicationState } from '../sync/couch/replicate';
import { putInStepMark, readInStep, readSyncEntitiesOf, type InStepMark, type KaoheDb, type SyncedWrite } from '../store/repo';

/** documents hashed between two pauses of the first, whole look */
const SLICE = 2000;

export class PendingTracker {
  /** units whose packs were written since the last look; 'all' before the first */
  private dirty: Set<string> | 'all' = 'all';
  /** units holding documents that were still to push at the last look */
  private withPending = new Set<string>();
  /** the rest (all but entries and audit records) written, or pulled, since the last look */
  private restDirty = true;
  /** the rest's documents, and the audit records, still to push at the last look (whoever may write them) */
  private restPending: SyncEntity[] = [];
  private auditPending: SyncEntity[] = [];
  /** the last audit row looked at: audit rows are only ever added */
  private auditSeq = 0;
  /** the login the last look read audit records for (null: none yet) */
  private by: string | undefined | null = null;
  /** the in-step mark as this tracker last read or wrote it (undefined: not known yet) */
  private mark: InStepMark | null | undefined;

  constructor(
    private readonly db: KaoheDb,
    private readonly assessmentId: string,
  ) {}

  /** A committed write: its units are looked at in the next round. */
  note(write: SyncedWrite): void {
    if (write.rest) this.restDirty = true;
    if (this.dirty === 'all') return;
    if (write.units === 'all') this.dirty = 'all';
    else for (const u of write.units) this.dirty.add(u);
  }

  /** Documents pulled from the server: what the server is known to have changed, so their units are looked at. */
  notePulled(batch: readonly SyncEntity[]): void {
    // the server's version of a unit or deletion, say, now decides whether the one here is pending
    if (batch.some((e) => e.kind !== 'entry' && e.kind !== 'audit')) this.restDirty = true;
    if (this.dirty === 'all') return;
    for (const e of batch) if (e.kind === 'entry' || e.kind === 'removal') this.dirty.add(e.data.unitId);
  }

  /** The local documents the server does not have yet, in id order (as pendingDocs over everything). */
  /** `by`: the login that sends them (whose audit records go with them) */
  async pending(state: ReplicationState, mayWrite: (e: SyncEntity) => boolean, by?: string): Promise<PendingDoc[]> {
    const whole = this.dirty === 'all' || this.by !== by;
    let scope: Set<string> | 'all' = whole ? 'all' : new Set([...this.dirty, ...this.withPending]);
    if (this.dirty === 'all') {
      // nothing written since the mark: no entry is pending, so none is read (the writes noted from now on are)
      const { mark, holds } = await readInStep(this.db, this.assessmentId);
      this.mark = mark;
      if (holds && mark!.by === by) scope = new Set();
    }
    const look = { rest: whole || this.restDirty, auditAfter: whole ? 0 : this.auditSeq };
    // writes from now on count for the next look
    this.dirty = new Set();
    this.restDirty = false;
    try {
      const read = await readSyncEntitiesOf(this.db, this.assessmentId, scope, by, look);
      const out: PendingDoc[] = [];
      // the rest not written since the last look: only what was pending then can be pending now
      const still = (list: readonly SyncEntity[]) =>
        list.flatMap((e) => {
          const p = pendingDoc(e, state.synced);
          if (p && mayWrite(e)) out.push(p);
          return p ? [e] : [];
        });
      const restPending = still(read.rest ?? this.restPending);
      const auditPending = still(whole ? read.audit : [...this.auditPending, ...read.audit]);
      const withPending = new Set<string>();
      let hashed = 0;
      for (const [unit, list] of read.entries) {
        for (const e of list) {
          const p = mayWrite(e) ? pendingDoc(e, state.synced) : null;
          if (p) {
            out.push(p);
            withPending.add(unit);
          }
        }
        hashed += list.length;
        if (scope === 'all' && hashed >= SLICE) {
          hashed = 0;
          await pause();
        }
      }
      await this.keepMark(withPending.size === 0 ? { by, changes: read.changes, files: read.files } : null);
      this.withPending = withPending;
      this.restPending = restPending;
      this.auditPending = auditPending;
      this.auditSeq = read.auditSeq;
      this.by = by;
      return out.sort(byDocId);
    } catch (e) {
      this.dirty = 'all';
      this.restDirty = true;
      throw e;
    }
  }

  /** Stores the mark when it changes: set after a look with no entry pending, removed after one with some. */
  private async keepMark(mark: InStepMark | null): Promise<void> {
    const kept = this.mark;
    const same = mark === null ? kept === null : kept != null && kept.by === mark.by && kept.changes === mark.changes && kept.files === mark.files;
    if (same) return;
    await putInStepMark(this.db, this.assessmentId, mark);
    this.mark = mark;
  }
}
