/**
 * Live replication of the open assessment through a CouchDB server, when its settings turn it on: log in
 * (CouchDB cookie session), then replicate in rounds (sync/couch/replicate.ts) — waiting on the server's
 * changes feed (longpoll) when nothing is pending here, woken at once by a local write, retrying with a
 * growing pause while the server cannot be reached. The header shows the status (useSyncStatus).
 * Everything works without it: turning it off keeps the complete local copy. Started and stopped by
 * app/syncControl.ts; logging in, turning sync on or off and joining from a server are app/syncLogin.ts.
 */
import { CouchClient, CouchError } from '../sync/couch/http';
import { pendingCount, replicateOnce, type LocalSide, type ReplicationState } from '../sync/couch/replicate';
import type { SyncEntity } from '../sync/couch/docs';
import { useSyncStatus } from './syncStatus';
import { PendingTracker } from './syncPending';
import {
  applyPulled,
  getSyncState,
  heldDocIds,
  putSyncState,
  readFileBytes,
  readSyncEntities,
  recordSelfConflicts,
  storedHashes,
  unpushedSelf,
  watchSyncedWrites,
  type KaoheDb,
  type SyncSettings,
} from '../store/repo';

export type { SyncSettings } from '../store/repo';

/** What this login may write: the server checks the same (sync/couch/security.ts). */
export function writableBy(name: string, roles: readonly string[]): (e: SyncEntity) => boolean {
  if (roles.includes('_admin') || roles.includes('coordinator')) return () => true;
  if (roles.includes('assessor'))
    return (e) => ((e.kind === 'entry' || e.kind === 'removal') && e.data.assessorId === name) || e.kind === 'attachmentRemoval' || (e.kind === 'audit' && e.data.by === name);
  // a unit's login, in its unit's database
  if (roles.some((r) => r.startsWith('unit:'))) return (e) => e.kind === 'self' && roles.includes(`unit:${e.data.unitId}`);
  return () => false;
}

/** Whether this login closes the other versions of a conflicted document it writes: a unit's may not delete. */
export const closesConflicts = (roles: readonly string[]): boolean => roles.includes('_admin') || !roles.some((r) => r.startsWith('unit:'));

/**
 * A runner's replication state: read from the store once, then kept here between rounds; each save writes
 * only the documents it names (with any a failed save left unwritten).
 */
export class KeptState {
  private state: ReplicationState | null = null;
  private unsaved = new Set<string>();
  private whole = false;

  constructor(
    private readonly db: KaoheDb,
    private readonly assessmentId: string,
  ) {}

  async load(): Promise<ReplicationState> {
    return (this.state ??= await getSyncState(this.db, this.assessmentId));
  }

  async save(state: ReplicationState, changed?: readonly string[]): Promise<void> {
    this.state = state;
    if (changed === undefined) this.whole = true;
    else for (const id of changed) this.unsaved.add(id);
    const ids = [...this.unsaved];
    const whole = this.whole;
    await putSyncState(this.db, this.assessmentId, state, whole ? undefined : ids);
    if (whole) this.whole = false;
    for (const id of ids) this.unsaved.delete(id);
  }
}

export function syncLocalSide(db: KaoheDb, assessmentId: string, who: string, tracker?: PendingTracker, kept: KeptState = new KeptState(db, assessmentId)): LocalSide {
  return {
    entities: () => readSyncEntities(db, assessmentId, who),
    ...(tracker && { pending: (state, mayWrite) => tracker.pending(state, mayWrite, who) }),
    held: () => heldDocIds(db, assessmentId),
    conflicted: async (sets, files) => {
      await recordSelfConflicts(db, assessmentId, sets, files);
    },
    apply: (batch, files, note, leaves) => {
      tracker?.notePulled(batch);
      return applyPulled(db, assessmentId, batch, who, files, note, leaves);
    },
    keeps: (state) => unpushedSelf(db, assessmentId, state.synced),
    readFiles: (hashes) => readFileBytes(db, hashes),
    storedFiles: (hashes) => storedHashes(db, hashes),
    loadState: () => kept.load(),
    saveState: (s, changed) => kept.save(s, changed),
  };
}

/** Names this copy's replication of the assessment (its checkpoint on the server). */
/** The id of this copy's replication with the server: a new server, database or copy starts afresh. */
export const replicationIdOf = (settings: SyncSettings, assessmentId: string) => `${settings.server}|${settings.db}|${assessmentId}|${settings.clientId}`;

/**
 * Waits `ms`, or until `wake` is aborted. A signal aborted already (a local write during the round that
 * failed) ends it at once: an abort event is sent only once, and the loop would sit out the whole pause.
 */
export const sleep = (ms: number, wake: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (wake.aborted) return resolve();
    const t = setTimeout(resolve, ms);
    wake.addEventListener(
      'abort',
      () => {
        clearTimeout(t);
        resolve();
      },
      { once: true },
    );
  });

/**
 * How long a login, once checked with the server, is taken as it is before the next round asks again.
 * Each round asked, one request more before an edit could be pushed; a session that ended meanwhile
 * is told by the next request the server refuses (401), and any failed round asks again.
 */
const SESSION_RECHECK_MS = 60_000;

/** One assessment's replication loop. */
export class SyncRunner {
  private running = false;
  private wake = new AbortController();
  private stopWatching: (() => void) | null = null;
  /** the login's rights as last seen, to count pending changes while the server is away */
  private lastLogin: { name: string; mayWrite: (e: SyncEntity) => boolean } | null = null;
  /** the server's answer about the login, and when it was given; null: ask at the next round */
  private session: { name: string | null; roles: string[]; at: number } | null = null;
  /** what changed here since the last round, so a round need not hash the whole assessment */
  private readonly tracker: PendingTracker;
  /** the replication state, read once and saved by parts */
  private readonly kept: KeptState;
  readonly done: Promise<void>;
  private resolveDone!: () => void;

  constructor(
    private readonly db: KaoheDb,
    private readonly assessmentId: string,
    private readonly settings: SyncSettings,
    private readonly client: CouchClient,
    private readonly options: { waitMs?: number; maxPauseMs?: number } = {},
  ) {
    this.done = new Promise((r) => (this.resolveDone = r));
    this.tracker = new PendingTracker(db, assessmentId);
    this.kept = new KeptState(db, assessmentId);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.stopWatching = watchSyncedWrites(
      this.db,
      (write) => {
        this.tracker.note(write);
        this.nudge();
      },
      this.assessmentId,
    );
    void this.loop().finally(() => this.resolveDone());
  }

  /**
   * Ends the wait for the server (or the pause before a retry): a round starts now. From a timer, not from
   * the caller: a local write calls this from Dexie's notice of the write, and a round begun straight from
   * there read the store in that notice's context; under the tests' IndexedDB such a read sometimes never
   * answered, and the loop stopped (test/app/syncRunner.test.ts: 3 runs of 80 hung before, none of 100 since).
   */
  nudge(): void {
    const wake = this.wake;
    setTimeout(() => wake.abort(), 0);
  }

  stop(): Promise<void> {
    this.running = false;
    this.stopWatching?.();
    this.nudge();
    return this.done;
  }

  private async loop(): Promise<void> {
    let pause = 500;
    let first = true;
    while (this.running) {
      this.wake = new AbortController();
      try {
        if (!this.session || Date.now() - this.session.at > SESSION_RECHECK_MS) this.session = { ...(await this.client.session()), at: Date.now() };
        const { session } = this;
        if (!session.name) {
          useSyncStatus.setState({ phase: 'login', problem: '服务器登录已过期，请重新登录' });
          return;
        }
        const mayWrite = writableBy(session.name, session.roles);
        this.lastLogin = { name: session.name, mayWrite };
        const decides = session.roles.includes('_admin') || session.roles.includes('coordinator');
        const known = useSyncStatus.getState().login;
        if (known?.name !== session.name || known.decides !== decides) useSyncStatus.setState({ login: { name: session.name, decides } });
        const local = syncLocalSide(this.db, this.assessmentId, session.name, this.tracker, this.kept);
        const pending = await pendingCount(local, mayWrite);
        useSyncStatus.setState((s) => ({ pending, phase: pending > 0 || first || s.phase === 'offline' ? 'syncing' : s.phase }));
        const report = await replicateOnce(this.client, local, {
          db: this.settings.db,
          replicationId: replicationIdOf(this.settings, this.assessmentId),
          mayWrite,
          mayClose: closesConflicts(session.roles),
          ...(!first && { waitMs: this.options.waitMs ?? 20_000 }),
          signal: this.wake.signal,
        });
        first = false;
        pause = 500;
        const state = await this.kept.load();
        const left = await pendingCount(local, mayWrite);
        useSyncStatus.setState({
          phase: left > 0 ? 'syncing' : 'synced',
          pending: left,
          lastSyncAt: state.lastSyncAt ?? null,
          refused: Object.keys(state.refused),
          problem: report.applyRefused ?? (report.unreadable.length > 0 ? report.unreadable.slice(0, 3).join('；') : null),
        });
        if (report.applyRefused) await sleep(this.options.maxPauseMs ?? 15_000, this.wake.signal);
      } catch (e) {
        // a wait cut short by a local write is no failure: the next round starts at once, as it is
        if (e instanceof CouchError && e.error === 'aborted') continue;
        // whatever went wrong, the next round asks the server about the login again
        this.session = null;
        if (!(e instanceof CouchError)) {
          useSyncStatus.setState({ phase: 'offline', problem: e instanceof Error ? e.message : String(e) });
        } else if (e.status === 401) {
          useSyncStatus.setState({ phase: 'login', problem: '服务器登录已过期，请重新登录' });
          return;
        } else {
          useSyncStatus.setState({ phase: 'offline', problem: e.message });
        }
        if (this.lastLogin) {
          const pending = await pendingCount(syncLocalSide(this.db, this.assessmentId, this.lastLogin.name, this.tracker, this.kept), this.lastLogin.mayWrite);
          useSyncStatus.setState({ pending });
        }
        await sleep(pause, this.wake.signal);
        pause = Math.min(pause * 2, this.options.maxPauseMs ?? 15_000);
      }
    }
  }
}

/** The loop for an assessment whose sync is on (started by syncControl.ts). */
export const newRunner = (db: KaoheDb, assessmentId: string, settings: SyncSettings): SyncRunner => new SyncRunner(db, assessmentId, settings, new CouchClient(settings.server));
