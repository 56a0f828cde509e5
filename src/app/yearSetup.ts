/**
 * The assessment as a year: correct its name and year, start next year from it, delete it (after
 * offering a full export), and the checks that flag a name speaking of another year.
 */
import {
  assessmentSize,
  copyAssessmentToYear as storeCopy,
  deleteAssessmentAudited,
  editAssessment as storeEdit,
  type CopySpec,
  type KaoheDb,
} from '../store/repo';
import { trackSave } from './saveStatus';
import { stopSyncOf } from './syncControl';

export { nameForYear, nameYearMismatch, yearsInName } from '../model/yearName';
export { assessmentSize, type CopySpec };

export function editAssessment(db: KaoheDb, assessmentId: string, change: { name: string; year: number }, who: string): Promise<void> {
  return trackSave(() => storeEdit(db, assessmentId, change, who));
}

export function copyAssessmentToYear(db: KaoheDb, fromId: string, spec: CopySpec, who: string): Promise<string> {
  return trackSave(() => storeCopy(db, fromId, spec, who));
}

/** Deletes the assessment with its sync settings and state; its replication, if running, stops first. */
export async function deleteAssessment(db: KaoheDb, assessmentId: string, who: string): Promise<void> {
  await stopSyncOf(assessmentId);
  return trackSave(() => deleteAssessmentAudited(db, assessmentId, who));
}
