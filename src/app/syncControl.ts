/**
 * Starting and stopping the open assessment's replication. The replication code (app/sync.ts and the
 * CouchDB client under it) is loaded only when the assessment's sync is on: most offices never use a
 * server, and their first screen should not wait for it.
 */
import { getSyncSettings, getSyncSummary, type KaoheDb } from '../store/repo';
import { showSyncOff, useSyncStatus } from './syncStatus';

/** A running replication loop, as this module needs it. */
export interface Runner {
  start(): void;
  stop(): Promise<void>;
}

let current: { assessmentId: string; runner: Runner } | null = null;
/** counts stops: a start that finds another stop (or start) made while it waited gives way to it */
let stops = 0;
/** the assessment a start is under way for */
let starting: string | null = null;

/** Starts replicating the assessment if its sync is on (and stops any other); at app start and on switching. */
export async function resumeSync(db: KaoheDb, assessmentId: string): Promise<void> {
  if (current?.assessmentId === assessmentId) return;
  const stopping = stopSync();
  const call = stops;
  starting = assessmentId;
  await stopping;
  const settings = await getSyncSettings(db, assessmentId);
  const on = settings?.enabled ? { settings, state: await getSyncSummary(db, assessmentId), code: await import('./sync') } : null;
  // another assessment opened, or sync stopped, while this one waited
  if (call !== stops) return;
  starting = null;
  if (!on) return showSyncOff();
  useSyncStatus.setState({ lastSyncAt: on.state.lastSyncAt ?? null });
  const runner = on.code.newRunner(db, assessmentId, on.settings);
  current = { assessmentId, runner };
  runner.start();
}

export async function stopSync(): Promise<void> {
  const was = current;
  current = null;
  stops++;
  await was?.runner.stop();
}

/** Stops replicating the assessment if it is the one syncing: before it is deleted or put back as shipped. */
export async function stopSyncOf(assessmentId: string): Promise<void> {
  if (current?.assessmentId !== assessmentId && starting !== assessmentId) return;
  starting = null;
  await stopSync();
  showSyncOff();
}
