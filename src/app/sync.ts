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
import { pendingCount, replicateOnce, saveCheckpoint, type LocalSide, type ReplicationState } from '../sync/couch/replicate';
import { accessProblem, readWholeDatabase } from '../sync/couch/join';
import type { SyncEntity } from '../sync/couch/docs';
import { checkBundle } from '../formats/bundle';
import { lockSnapshot, sameAssessment } from './openBundle';
import { trackSave } from './saveStatus';
import { PendingTracker } from './syncPending';
import {
  applyPulled,
  setCurrentAssessmentId,
  setCurrentAssessor,
  storeJoined,
  getSyncSettings,
  getSyncState,
  getSyncSummary,
  heldDocIds,
  putSyncSettings,
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
  /**
   * The server login, once a round has asked for it, and whether the server takes its decisions on other
   * machines' documents (a coordinator's): another login's choice would stay on this machine.
   */
  login: { name: string; decides: boolean } | null;
}

export const useSyncStatus = create<SyncStatus>()(() => ({ phase: 'off', pending: 0, lastSyncAt: null, refused: [], problem: null, login: null }));

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
const replicationIdOf = (settings: SyncSettings, assessmentId: string) => `${settings.server}|${settings.db}|${assessmentId}|${settings.clientId}`;

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
          const pending = await pendingCount(syncLocalSide(this.db, this.assessmentId, this.lastLogin.name, this.tracker, this.kept), this.lastLogin.mayWrite);
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
    useSyncStatus.setState({ phase: 'off', pending: 0, refused: [], problem: null, lastSyncAt: null, login: null });
    return;
  }
  const state = await getSyncSummary(db, assessmentId);
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

/** Stops replicating the assessment if it is the one syncing: before it is deleted or put back as shipped. */
export async function stopSyncOf(assessmentId: string): Promise<void> {
  if (current?.assessmentId !== assessmentId) return;
  await stopSync();
  useSyncStatus.setState({ phase: 'off', pending: 0, refused: [], problem: null, lastSyncAt: null, login: null });
}

export type LogInOutcome = { ok: true } | { ok: false; message: string };

export interface ServerLogin {
  server: string;
  db: string;
  user: string;
  password: string;
}

/** The address and database name as typed, checked; or what is wrong with them. */
function checkLogin(input: ServerLogin): { ok: true; server: string; db: string; user: string } | { ok: false; message: string } {
  const server = input.server.trim().replace(/\/+$/, '');
  const db = input.db.trim();
  if (!/^https?:\/\/[^/\s]+/.test(server)) return { ok: false, message: '服务器地址须以 http:// 或 https:// 开头，例如 https://couch.example.gov.cn:6984' };
  if (!/^[a-z][a-z0-9_$()+/-]*$/.test(db)) return { ok: false, message: '数据库名须以小写字母开头，只含小写字母、数字和 _$()+-/' };
  if (!input.user.trim()) return { ok: false, message: '请填写用户名' };
  return { ok: true, server, db, user: input.user.trim() };
}

/** Logs in and opens the database: the client with its session, or the reason in words. */
async function openServer(login: { server: string; db: string; user: string }, password: string): Promise<{ ok: true; client: CouchClient } | { ok: false; message: string }> {
  const client = new CouchClient(login.server);
  try {
    await client.logIn(login.user, password);
  } catch (e) {
    if (e instanceof CouchError && e.status === 401) return { ok: false, message: '用户名或密码不正确' };
    if (e instanceof CouchError && e.status === 0) return { ok: false, message: `无法连接服务器 ${login.server}：请检查服务器地址和网络` };
    if (e instanceof CouchError) return { ok: false, message: `${login.server} 不像是 CouchDB 服务器（登录时返回 ${e.status}），请检查服务器地址` };
    throw e;
  }
  try {
    await client.request('GET', `/${encodeURIComponent(login.db)}`);
  } catch (e) {
    return { ok: false, message: accessProblem(e, login.db) };
  }
  return { ok: true, client };
}

/** Logs in to the server and turns sync on for the assessment; the password is not stored. */
export async function enableSync(db: KaoheDb, assessmentId: string, input: ServerLogin): Promise<LogInOutcome> {
  const login = checkLogin(input);
  if (!login.ok) return login;
  const opened = await openServer(login, input.password);
  if (!opened.ok) return opened;
  const before = await getSyncSettings(db, assessmentId);
  const clientId = before?.clientId ?? newId('client-');
  await putSyncSettings(db, assessmentId, { enabled: true, server: login.server, db: login.db, user: login.user, clientId });
  await stopSync();
  await resumeSync(db, assessmentId);
  return { ok: true };
}

export type JoinOutcome =
  | { ok: true; assessmentId: string; name: string; entries: number; units: number; conflicts: number; unreadable: string[] }
  | { ok: false; message: string };

/**
 * 从服务器加入考核: on a browser without the assessment, logs in, reads the whole database into a new
 * local assessment (everything the server has: the assessment, rule sets, units, assessors, entries,
 * deletions, appeals), stores it with sync turned on in one transaction, makes it the open one and
 * starts syncing. Refused with the reason, storing nothing, when the address, login or database is
 * wrong, the database holds no assessment, or this browser already has that assessment.
 */
export type JoinStep = { stage: 'reading'; docs: number } | { stage: 'storing' };

export async function joinFromServer(db: KaoheDb, input: ServerLogin, who: string, progress?: (step: JoinStep) => void): Promise<JoinOutcome> {
  const login = checkLogin(input);
  if (!login.ok) return login;
  const opened = await openServer(login, input.password);
  if (!opened.ok) return opened;
  const { client } = opened;
  let read;
  try {
    read = await readWholeDatabase(client, login.db, { progress: (docs) => progress?.({ stage: 'reading', docs }) });
  } catch (e) {
    if (e instanceof CouchError) return { ok: false, message: `读取服务器数据时中断，本机未保存任何内容：${e.message}` };
    throw e;
  }
  if (!read.ok) return read;
  const { bundle, state, leaves, unreadable } = read.joined;
  const issues = checkBundle(bundle);
  if (issues.length > 0) return { ok: false, message: `服务器上的考核数据有误，本机未保存任何内容：${issues[0]!.path}：${issues[0]!.message}${issues.length > 1 ? `（共 ${issues.length} 处）` : ''}` };
  const here = await sameAssessment(db, bundle);
  if (here) return { ok: false, message: `本机已有考核“${here.name}”：请在“考核设置”中打开它，再到“导入导出 → 服务器同步”登录，本机数据会与服务器合并。` };
  const settings: SyncSettings = { enabled: true, server: login.server, db: login.db, user: login.user, clientId: newId('client-') };
  await stopSync();
  progress?.({ stage: 'storing' });
  const stored = await trackSave(() => storeJoined(db, { bundle, settings, state }, { who, snapshot: (id) => lockSnapshot(db, id) }));
  // the other versions of documents in a CouchDB conflict: pending conflicts for the coordinator
  for (const leaf of leaves) await applyPulled(db, stored.id, [leaf], who);
  // where this copy got to, on the server too: the first round reads only what changed since
  await saveCheckpoint(client, login.db, replicationIdOf(settings, stored.id), state.since, state.session).catch(() => undefined);
  if (bundle.assessors.some((a) => a.id === login.user)) await setCurrentAssessor(db, login.user);
  await setCurrentAssessmentId(db, stored.id);
  const conflicts = new Set(leaves.map((l) => (l.kind === 'entry' || l.kind === 'removal' ? l.data.id : ''))).size;
  return { ok: true, assessmentId: stored.id, name: bundle.assessment.name, entries: bundle.entries.length, units: bundle.units.length, conflicts, unreadable };
}

/** Turns sync off for the assessment: the local copy stays complete; the settings are kept to turn it on again. */
export async function disableSync(db: KaoheDb, assessmentId: string): Promise<void> {
  const settings = await getSyncSettings(db, assessmentId);
  await stopSync();
  if (settings) await putSyncSettings(db, assessmentId, { ...settings, enabled: false });
  useSyncStatus.setState({ phase: 'off', pending: 0, refused: [], problem: null, login: null });
}

export { getSyncSettings };
