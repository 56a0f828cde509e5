/**
 * Logging in to a sync server: turning sync on for the open assessment, or off, and 从服务器加入考核
 * (reading a whole assessment from the server into a new local one). The replication itself is
 * app/sync.ts, started and stopped by app/syncControl.ts.
 */
import { newId } from '../store/ids';
import { CouchClient, CouchError } from '../sync/couch/http';
import { saveCheckpoint } from '../sync/couch/replicate';
import { accessProblem, readWholeDatabase } from '../sync/couch/join';
import { checkBundle } from '../formats/bundle';
import { lockSnapshot, sameAssessment } from './openBundle';
import { trackSave } from './saveStatus';
import { showSyncOff } from './syncStatus';
import { resumeSync, stopSync } from './syncControl';
import { replicationIdOf } from './sync';
import { applyPulled, getSyncSettings, putSyncSettings, setCurrentAssessmentId, setCurrentAssessor, storeJoined, type KaoheDb, type SyncSettings } from '../store/repo';

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
  showSyncOff();
}

export { getSyncSettings, type SyncSettings };
