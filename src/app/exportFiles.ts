/**
 * The office files of an assessment, made from what the screen shows (the live inputs and the results
 * computed from them). The generators load exceljs / docx / jszip themselves on first use, so none of
 * them weighs on the app's first screen.
 */
import { circularDocx, type CircularDocxOptions } from '../formats/docx/circularDocx';
import { problemListDocx, problemListsZip, type ProblemListOptions } from '../formats/docx/problemListDocx';
import { groupTable, unitProblems, type UnitProblems } from '../report/reportTables';
import { resultsCsv } from '../formats/resultsCsv';
import { resultsXlsx } from '../formats/xlsx/resultsXlsx';
import { templateXlsx } from '../formats/xlsx/templateXlsx';
import type { Assessor } from '../engine';
import type { AssessmentView, GroupView } from './assessmentView';

const scored = (view: AssessmentView) => view.groups.map((g) => ({ ruleSet: g.ruleSet, result: g.result }));

export function makeCircular(view: AssessmentView, options: CircularDocxOptions): Promise<Uint8Array> {
  return circularDocx(scored(view), options);
}

/** `evidenceNames`: each finding's files as named in its unit's evidence zip (evidence.ts evidenceNames). */
export function makeResultsXlsx(view: AssessmentView, evidenceNames?: ReadonlyMap<string, readonly string[]>): Promise<Uint8Array> {
  const { units, entries, assessors, assessment } = view.data;
  return resultsXlsx({ groups: scored(view), sheets: { units, entries, assessors }, title: `${assessment.name}考核结果`, ...(evidenceNames && { evidenceNames }) });
}

export function makeResultsCsv(view: AssessmentView): string {
  return resultsCsv(view.groups.map((g) => groupTable(g.ruleSet, g.result, g.compiled)));
}

/** Every unit's problem list of one group, in the group's display order. */
export function groupProblems(view: AssessmentView, g: GroupView): UnitProblems[] {
  const { units, entries, assessors } = view.data;
  return unitProblems(g.ruleSet, g.result, units, entries, assessors, g.compiled);
}

export interface ProblemOptions {
  year: number;
  issuer?: string;
  /** a unit's attached files by finding id (see evidence.ts problemEvidence) */
  evidence?: ProblemListOptions['evidence'];
  /** for the zip of all units: each unit's files, read as its list is written (evidence.ts problemEvidenceReader) */
  evidenceOf?: ProblemListOptions['evidenceOf'];
}

export function makeProblemZip(view: AssessmentView, options: ProblemOptions): Promise<Uint8Array> {
  return problemListsZip(
    view.groups.map((g) => ({ groupName: g.group.name, lists: groupProblems(view, g) })),
    options,
  );
}

/** One unit's list; undefined when the unit is in no scored group. */
export async function makeProblemList(view: AssessmentView, unitId: string, options: ProblemOptions): Promise<{ unitName: string; bytes: Uint8Array } | undefined> {
  const unit = view.unitsById.get(unitId);
  const g = view.groups.find((x) => x.group.key === unit?.group);
  if (!unit || !g) return undefined;
  const list = groupProblems(view, g).find((p) => p.unitId === unitId);
  if (!list) return undefined;
  return { unitName: list.unitName, bytes: await problemListDocx(list, options) };
}

export function makeTemplate(view: AssessmentView, g: GroupView, assessor: Assessor, prefilled: boolean): Promise<Uint8Array> {
  return templateXlsx({
    ruleSet: g.ruleSet,
    units: view.data.units,
    assessor,
    ...(prefilled ? { entries: view.data.entries.filter((e) => e.assessorId === assessor.id) } : {}),
  });
}
