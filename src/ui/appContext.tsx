/**
 * What every page needs: the database, the open assessment, and who is working. The current assessment
 * and assessor are stored in the database (per machine), read live so that a change shows everywhere.
 */
import { createContext, useContext } from 'react';
import type { AssessmentRow, KaoheDb, PersistenceState } from '../app/session';
import type { Assessor } from '../engine';

export interface AppContextValue {
  db: KaoheDb;
  assessment: AssessmentRow;
  /** every assessment on this machine, newest year first */
  assessments: AssessmentRow[];
  assessors: Assessor[];
  /** the assessor entering scores on this machine, if chosen */
  assessor: Assessor | null;
  /** the name written into every edit and audit row */
  who: string;
  persistence: PersistenceState | null;
  refreshPersistence(): void;
}

export const AppContext = createContext<AppContextValue | null>(null);

export function useApp(): AppContextValue {
  const ctx = useContext(AppContext);
  if (!ctx) throw new Error('useApp outside of AppContext');
  return ctx;
}

/** Fallback author of setup changes made before anyone chose an assessor. */
export const COORDINATOR = '考核管理员';
