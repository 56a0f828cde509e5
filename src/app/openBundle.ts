/**
 * 打开为新考核: a bundle file (JSON of any version, or a zip with its attached files), read and checked
 * off the page's thread (readBundleInWorker.ts), becomes an assessment of this browser with everything
 * it carries, and the open one. When an assessment with the bundle's id is already here (the demo of a
 * fresh browser, or an earlier copy), the user chooses: open it as a copy under a new id, or merge it
 * into that assessment (exchange.ts). A file that opens locked keeps its lock with a snapshot of the
 * results scored from what was stored, so 核验 can show them unchanged.
 */
import { scoreGroup } from '../engine';
import type { Bundle } from '../model/assessment';
import {
  getAssessment,
  loadAssessmentData,
  NotFoundError,
  openBundleAsAssessment,
  setCurrentAssessmentId,
  storedFileHashes,
  type AssessmentRow,
  type KaoheDb,
  type OpenedBundle,
  type PacksStored,
} from '../store/repo';
import { inputsHash, snapshotResults } from './inputsHash';
import { trackSave } from './saveStatus';

export type { OpenedBundle };

export interface ReadBundle {
  bundle: Bundle;
  /** attached files by hash, when the file was a zip */
  files?: ReadonlyMap<string, Uint8Array>;
}

/** The assessment of this browser with the bundle's id, if there is one: then a copy or a merge is asked for. */
export async function sameAssessment(db: KaoheDb, bundle: Bundle): Promise<AssessmentRow | undefined> {
  try {
    return await getAssessment(db, bundle.assessment.id);
  } catch (e) {
    if (e instanceof NotFoundError) return undefined;
    throw e;
  }
}

/** The results of an assessment that opens locked, kept as its lock's snapshot. */
export async function lockSnapshot(db: KaoheDb, id: string) {
  const data = await loadAssessmentData(db, id);
  const results = data.groupRuleSets.map(({ group, ruleSet }) => ({ ...scoreGroup(ruleSet, data.units, data.entries, data.assessors, { selfScores: data.selfScores }), groupName: group.name }));
  return {
    inputsHash: inputsHash({ groups: data.assessment.groups, units: data.units, assessors: data.assessors, entries: data.entries, selfScores: data.selfScores }),
    results: snapshotResults(results),
  };
}

/**
 * Stores the bundle as a new assessment (a copy under a new id with `asCopy`) in one transaction and
 * makes it the open one. An assessment with the same id refuses the plain open (AssessmentExistsError).
 */
export async function openBundleAsNew(db: KaoheDb, read: ReadBundle, who: string, asCopy = false, stored?: PacksStored): Promise<OpenedBundle> {
  const opened = await trackSave(() =>
    openBundleAsAssessment(db, { bundle: read.bundle, ...(read.files && { files: read.files }) }, { who, asCopy, snapshot: (id) => lockSnapshot(db, id), ...(stored && { stored }) }),
  );
  await setCurrentAssessmentId(db, opened.id);
  return opened;
}

/** Hashes of the files this browser stores: a zip read for it need not carry them (readBundleFile's `present`). */
export const presentFiles = (db: KaoheDb): Promise<Set<string>> => storedFileHashes(db);
