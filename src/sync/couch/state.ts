/**
 * Where a copy's replication with its database got to, as the store keeps it between rounds. Apart from
 * replicate.ts so that reading it (the header's last sync time) does not load the replication code.
 */
import type { SyncedMap } from './plan';

export interface ReplicationState {
  /** the `_changes` sequence read up to */
  since: string | number;
  /** the checkpoint document's session id: a new one means the server's checkpoint is not ours */
  session: string;
  synced: SyncedMap;
  /** doc id → content hash the server refused */
  refused: Record<string, string>;
  lastSyncAt?: string;
}

export const emptyState = (): ReplicationState => ({ since: 0, session: '', synced: {}, refused: {} });
