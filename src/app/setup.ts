/**
 * Setting an assessment up: a new assessment, the demo reset, rule sets per group, units and
 * assessors. Each command is one transaction that refuses a locked assessment and writes its audit row.
 */
export {
  createEmptyAssessment,
  listRuleSets,
  setGroupRuleSet,
  upsertAssessor,
  upsertUnits,
  type NewAssessment,
} from '../store/repo';
import { resetDemo as storeReset, type KaoheDb } from '../store/repo';
import type { Bundle } from '../model/assessment';
import { stopSyncOf } from './syncControl';

/** Puts the demo back as shipped (not synced): its replication, if running, stops first. */
export async function resetDemo(db: KaoheDb, bundle: Bundle): Promise<string> {
  await stopSyncOf(bundle.assessment.id);
  return storeReset(db, bundle);
}

/** Identifiers for units, assessors and findings made on this machine. */
export { newId } from '../store/ids';
