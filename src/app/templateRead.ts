/**
 * Reading a filled template (loaded on demand with the xlsx reader): which group and assessor it is
 * for, every problem with its place, or else what importing it would change.
 */
import { diffEntries, importTemplate, type EntryDiff } from '../formats/xlsx/templateImport';

export type { EntryDiff };
import type { Assessor, ValidationIssue } from '../engine';
import type { AssessmentView, GroupView } from './assessmentView';
import { AppError } from './appError';
import { templateTarget } from './templateTarget';

export interface TemplateAbout {
  groupName: string;
  assessorName: string;
}

export type TemplateReading =
  | { kind: 'invalid'; errors: ValidationIssue[] }
  | ({ kind: 'read'; diff: EntryDiff; group: GroupView } & TemplateAbout);

/** The group and assessor named in the file when this assessment has them, else the ones chosen on screen. */
export async function readTemplate(
  bytes: Uint8Array,
  view: AssessmentView,
  assessors: readonly Assessor[],
  chosen: { group: string; assessorId: string },
): Promise<TemplateReading> {
  const target = await templateTarget(bytes);
  const g = view.groups.find((x) => x.group.key === target.group) ?? view.groups.find((x) => x.group.key === chosen.group);
  if (!g) throw new AppError('export.templateNoTarget');
  const assessorId = assessors.find((a) => a.id === target.assessorId)?.id ?? chosen.assessorId;
  const { units, entries } = view.data;
  const result = await importTemplate(bytes, { ruleSet: g.ruleSet, units, assessorId, entries });
  if (!result.ok) return { kind: 'invalid', errors: result.errors };
  const diff = diffEntries(entries, result.entries);
  return {
    kind: 'read',
    diff,
    group: g,
    groupName: g.group.name,
    assessorName: assessors.find((a) => a.id === assessorId)?.name ?? assessorId,
  };
}
