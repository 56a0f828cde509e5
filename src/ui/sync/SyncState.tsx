/**
 * The header's sync status (已同步 / 同步中 / 离线, pending changes, last sync time), shown only when the
 * open assessment syncs with a server. It also starts (or stops) replication when the open assessment
 * changes, so sync runs whatever page is open.
 */
import { useEffect } from 'react';
import { resumeSync } from '../../app/syncControl';
import { useSyncStatus } from '../../app/syncStatus';
import { useApp } from '../appContext';
import { useI18n } from '../useT';
import './sync.css';

export function SyncState() {
  const { t, dateTime } = useI18n();
  const { db, assessment } = useApp();
  const { phase, pending, lastSyncAt } = useSyncStatus();
  useEffect(() => {
    void resumeSync(db, assessment.id);
  }, [db, assessment.id]);
  if (phase === 'off') return null;
  const last = lastSyncAt ? t('sync.lastAt', { at: dateTime(lastSyncAt) }) : t('sync.never');
  return (
    <span className={`save-state sync-state ${phase}`} data-testid="sync-state" data-state={phase} data-pending={pending} title={last} role="status">
      <span className="dot" aria-hidden="true" />
      {t(`sync.state.${phase}`)}
      {pending > 0 && <span className="sync-pending"> · {t('sync.pending', { n: pending })}</span>}
      <span className="sync-last"> · {last}</span>
    </span>
  );
}
