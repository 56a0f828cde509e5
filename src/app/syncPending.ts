/**
 * What a sync round has to push, found without reading and hashing the whole assessment every round.
 * Entries are nearly all of an assessment (a nation: 3,000 units × 150 check points × assessors), kept
 * in packs of one unit × assessor; the store says which packs each committed write touched
 * (watchSyncedWrites). A round looks at the packs written since the last one, the packs that still had
 * documents to push, and the packs of what it pulled — plus the small rest (assessment, rule sets,
 * units, assessors, deletions, appeals, files, audit records) read whole; a change of files marks every pack. The first round of a runner looks at everything,
 * hashing in slices with a pause between them, so the page keeps answering.
 */
import type { SyncEntity } from '../sync/couch/docs';
import { byDocId, pendingDoc, type PendingDoc } from '../sync/couch/plan';
import type { ReplicationState } from '../sync/couch/replicate';
import { packKey, readSyncEntitiesOf, type KaoheDb, type SyncedWrite } from '../store/repo';

/** documents hashed between two pauses of the first, whole look */
const SLICE = 2000;

const pause = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

export class PendingTracker {
  /** packs written since the last look; 'all' before the first */
  private dirty: Set<string> | 'all' = 'all';
  /** packs holding documents that were still to push at the last look */
  private withPending = new Set<string>();

  constructor(
    private readonly db: KaoheDb,
    private readonly assessmentId: string,
  ) {}

  /** A committed write: its packs are looked at in the next round. */
  note(write: SyncedWrite): void {
    if (this.dirty === 'all') return;
    if (write.packs === 'all') this.dirty = 'all';
    else for (const k of write.packs) this.dirty.add(k);
  }

  /** Documents pulled from the server: what the server is known to have changed, so their packs are looked at. */
  notePulled(batch: readonly SyncEntity[]): void {
    if (this.dirty === 'all') return;
    for (const e of batch) if (e.kind === 'entry' || e.kind === 'removal') this.dirty.add(packKey(e.data.unitId, e.data.assessorId));
  }

  /** The local documents the server does not have yet, in id order (as pendingDocs over everything). */
  /** `by`: the login that sends them (whose audit records go with them) */
  async pending(state: ReplicationState, mayWrite: (e: SyncEntity) => boolean, by?: string): Promise<PendingDoc[]> {
    const scope = this.dirty === 'all' ? 'all' : new Set([...this.dirty, ...this.withPending]);
    // writes from now on count for the next look
    this.dirty = new Set();
    try {
      const { rest, entries } = await readSyncEntitiesOf(this.db, this.assessmentId, scope, by);
      const out: PendingDoc[] = [];
      for (const e of rest) {
        const p = mayWrite(e) ? pendingDoc(e, state.synced) : null;
        if (p) out.push(p);
      }
      const withPending = new Set<string>();
      let hashed = 0;
      for (const [pack, list] of entries) {
        for (const e of list) {
          const p = mayWrite(e) ? pendingDoc(e, state.synced) : null;
          if (p) {
            out.push(p);
            withPending.add(pack);
          }
        }
        hashed += list.length;
        if (scope === 'all' && hashed >= SLICE) {
          hashed = 0;
          await pause();
        }
      }
      this.withPending = withPending;
      return out.sort(byDocId);
    } catch (e) {
      this.dirty = 'all';
      throw e;
    }
  }
}
