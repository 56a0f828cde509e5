/**
 * What the header and pages show of live replication (app/sync.ts), kept apart from the replication
 * itself so that a page showing the status does not load the sync code of an assessment that never syncs.
 */
import { create } from 'zustand';

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

/** The status of an assessment that does not sync (sync off, or stopped). */
export const showSyncOff = (): void => useSyncStatus.setState({ phase: 'off', pending: 0, refused: [], problem: null, lastSyncAt: null, login: null });
