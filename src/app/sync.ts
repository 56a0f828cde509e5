/**
 * Live replication of the open assessment through a CouchDB server, when its settings turn it on: log in
 * (CouchDB cookie session), then replicate in rounds (sync/couch/replicate.ts) — waiting on the server's
 * changes feed (longpoll) when nothing is pending here, woken at once by a local write, retrying with a
 * growing pause while the server cannot be reached. The header shows the status (useSyncStatus).
 * Everything works without it: turning it off keeps the complete local copy.
 */
import { create } from 'zustand';
import { newId } from '../store/ids';
import { CouchClient, CouchError } from '../sync/couch/http';
import { pendingCount, replicateOnce, type LocalSide } from '../sync/couch/replicate';
import type { SyncEntity } from '../sync/couch/docs';
import {
  applyPulled,
  getSyncSettings,
  getSyncState,
  heldDocIds,
  putSyncSettings,
  putSyncState,
  readFileBytes,
  readSyncEntities,
  storedHashes,
  watchSyncedWrites,
  type KaoheDb,
  type SyncSettings,
} from '../store/repo';

export type { SyncSettings } from '../store/repo';

/** off: not set up; synced 已同步; syncing 同步中; offline 离线 (retrying); login: the session ended */
export type SyncPhase = 'off' | 'synced' | 'syncing' | 'offline' | 'login';

export interface SyncStatus {
  phase: SyncPhase;
  /** local changes not yet on the server */
  pending: number;
  lastSyncAt: string | null;
  /** documents the server refused (not allowed for this login), with its reasons */
  refused: string[];
  /** why the last round stopped, for the settings page */
  problem: string | null;
}

export const useSyncStatus = create<SyncStatus>()(() => ({ phase: 'off', pending: 0, lastSyncAt: null, refused: [], problem: null }));

/** What this login may write: the server checks the same (sync/couch/security.ts). */
export function writableBy(name: string, roles: readonly string[]): (e: SyncEntity) => boolean {
  if (roles.includes('_admin') || roles.includes('coordinator')) return () => true;
  if (roles.includes('assessor'))
    return (e) => ((e.kind === 'entry' || e.kind === 'removal') && e.data.assessorId === name) || e.kind === 'attachmentRemoval' || (e.kind === 'audit' && e.data.by === name);
  // a unit's login, in its unit's database
  if (roles.some((r) => r.startsWith('unit:'))) return (e) => e.kind === 'self' && roles.includes(`unit:${e.data.unitId}`);
  return () => false;
}

export function syncLocalSide(db: KaoheDb, assessmentId: string, who: string): LocalSide {
  return {
    entities: () => readSyncEntities(db, assessmentId, who),
    held: () => heldDocIds(db, assessmentId),
    apply: (batch, files, note) => applyPulled(db, assessmentId, batch, who, files, note),
    readFiles: (hashes) => readFileBytes(db, hashes),
    storedFiles: (hashes) => storedHashes(db, hashes),
    loadState: () => getSyncState(db, assessmentId),
    saveState: (s) => putSyncState(db, assessmentId, s),
  };
}

const sleep = (ms: number, wake: AbortSignal) =>
  new Promise<void>((resolve) => {
    const t = setTimeout(resolve, ms);
    wake.addEventListener('abort', () => {
      clearTimeout(t);
      resolve();
    });
  });

/** One assessment's replication loop. */
export class SyncRunner {
  private running = false;
  private wake = new AbortController();
  private stopWatching: (() => void) | null = null;
  /** the login's rights as last seen, to count pending changes while the server is away */
  private lastLogin: { name: string; mayWrite: (e: SyncEntity) => boolean } | null = null;
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
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.stopWatching = watchSyncedWrites(this.db, () => this.nudge());
    void this.loop().finally(() => this.resolveDone());
  }

  /** Ends the wait for the server (or the pause before a retry): a round starts now. */
  nudge(): void {
    this.wake.abort();
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
        const session = await this.client.session();
        if (!session.name) {
          useSyncStatus.setState({ phase: 'login', problem: '服务器登录已过期，请重新登录' });
          return;
        }
        const mayWrite = writableBy(session.name, session.roles);
        this.lastLogin = { name: session.name, mayWrite };
        const local = syncLocalSide(this.db, this.assessmentId, session.name);
        const pending = await pendingCount(local, mayWrite);
        useSyncStatus.setState((s) => ({ pending, phase: pending > 0 || first || s.phase === 'offline' ? 'syncing' : s.phase }));
        const report = await replicateOnce(this.client, local, {
          db: this.settings.db,
          replicationId: `${this.settings.server}|${this.settings.db}|${this.assessmentId}|${this.settings.clientId}`,
          mayWrite,
          ...(!first && { waitMs: this.options.waitMs ?? 20_000 }),
          signal: this.wake.signal,
        });
        first = false;
        pause = 500;
        const state = await getSyncState(this.db, this.assessmentId);
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
        if (!(e instanceof CouchError)) {
          useSyncStatus.setState({ phase: 'offline', problem: e instanceof Error ? e.message : String(e) });
        } else if (e.error === 'aborted') {
          continue;
        } else if (e.status === 401) {
          useSyncStatus.setState({ phase: 'login', problem: '服务器登录已过期，请重新登录' });
          return;
        } else {
          useSyncStatus.setState({ phase: 'offline', problem: e.message });
        }
        if (this.lastLogin) {
          const pending = await pendingCount(syncLocalSide(this.db, this.assessmentId, this.lastLogin.name), this.lastLogin.mayWrite);
          useSyncStatus.setState({ pending });
        }
        await sleep(pause, this.wake.signal);
        pause = Math.min(pause * 2, this.options.maxPauseMs ?? 15_000);
      }
    }
  }
}

let current: { assessmentId: string; runner: SyncRunner } | null = null;

/** Starts replicating the assessment if its sync is on (and stops any other); at app start and on switching. */
export async function resumeSync(db: KaoheDb, assessmentId: string): Promise<void> {
  if (current?.assessmentId === assessmentId) return;
  await stopSync();
  const settings = await getSyncSettings(db, assessmentId);
  if (!settings?.enabled) {
    useSyncStatus.setState({ phase: 'off', pending: 0, refused: [], problem: null, lastSyncAt: null });
    return;
  }
  const state = await getSyncState(db, assessmentId);
  useSyncStatus.setState({ lastSyncAt: state.lastSyncAt ?? null });
  const runner = new SyncRunner(db, assessmentId, settings, new CouchClient(settings.server));
  current = { assessmentId, runner };
  runner.start();
}

export async function stopSync(): Promise<void> {
  const was = current;
  current = null;
  await was?.runner.stop();
}

export type LogInOutcome = { ok: true } | { ok: false; message: string };

/** Logs in to the server and turns sync on for the assessment; the password is not stored. */
export async function enableSync(
  db: KaoheDb,
  assessmentId: string,
  input: { server: string; db: string; user: string; password: string },
): Promise<LogInOutcome> {
  const server = input.server.trim().replace(/\/+$/, '');
  if (!/^https?:\/\/[^/\s]+/.test(server)) return { ok: false, message: '服务器地址须以 http:// 或 https:// 开头，例如 https://couch.example.gov.cn:6984' };
  if (!/^[a-z][a-z0-9_$()+/-]*$/.test(input.db.trim())) return { ok: false, message: '数据库名须以小写字母开头，只含小写字母、数字和 _$()+-/' };
  const client = new CouchClient(server);
  try {
    await client.logIn(input.user.trim(), input.password);
    await client.request('GET', `/${encodeURIComponent(input.db.trim())}`);
  } catch (e) {
    if (e instanceof CouchError && e.status === 401) return { ok: false, message: '用户名或密码不正确' };
    if (e instanceof CouchError && e.status === 403) return { ok: false, message: `此账号无权访问数据库 ${input.db.trim()}` };
    if (e instanceof CouchError && e.status === 404) return { ok: false, message: `服务器上没有数据库 ${input.db.trim()}（请先运行 npm run server -- setup）` };
    return { ok: false, message: e instanceof CouchError ? e.message : '无法连接服务器' };
  }
  const before = await getSyncSettings(db, assessmentId);
  const clientId = before?.clientId ?? newId('client-');
  await putSyncSettings(db, assessmentId, { enabled: true, server, db: input.db.trim(), user: input.user.trim(), clientId });
  await stopSync();
  await resumeSync(db, assessmentId);
  return { ok: true };
}

/** Turns sync off for the assessment: the local copy stays complete; the settings are kept to turn it on again. */
export async function disableSync(db: KaoheDb, assessmentId: string): Promise<void> {
  const settings = await getSyncSettings(db, assessmentId);
  await stopSync();
  if (settings) await putSyncSettings(db, assessmentId, { ...settings, enabled: false });
  useSyncStatus.setState({ phase: 'off', pending: 0, refused: [], problem: null });
}

export { getSyncSettings };
