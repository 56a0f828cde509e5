/**
 * 征求意见 files for the units: per unit its preliminary score and problem list as Word (征求意见稿 on
 * every page, with its appeals and their decisions) and a bundle of only its own data that the unit
 * can open to see its preliminary result; or every unit's in one zip.
 */
import { problemListDocx } from '../formats/docx/problemListDocx';
import type { ProblemListAppeal } from '../formats/docx/problemListDocx';
import { feedbackFileStem, unitFeedbackZip } from '../formats/feedbackZip';
import { appealStatus, type Appeal } from '../model/appeal';
import type { AssessmentView, GroupView } from './assessmentView';
import { exportBundleFile } from './exchange';
import { groupProblems, type ProblemOptions } from './exportFiles';
import type { KaoheDb } from './session';
import { targetText } from './appealText';

export { targetText };

export const DRAFT_MARK = '征求意见稿';
const STATUS_WORDS = { open: '待处理', upheld: '申诉成立', rejected: '申诉不成立' } as const;

/** The unit's appeals as its feedback lists them. */
export function feedbackAppeals(view: AssessmentView, g: GroupView, appeals: readonly Appeal[], unitId: string): ProblemListAppeal[] {
  const entries = view.entriesByUnit.get(unitId) ?? [];
  return appeals
    .filter((a) => a.unitId === unitId)
    .map((a) => ({
      filedAt: a.filedAt.slice(0, 10),
      appellant: a.appellant,
      // the finding as appealed: an upheld appeal has withdrawn it since, so the decision's before is not here
      targets: a.targets.map((t) => targetText(g, t, entries.find((e) => e.id === t.entryId))),
      reason: [a.reason, ...a.links].join('\n'),
      status: STATUS_WORDS[appealStatus(a)],
      ...(a.decision && { reply: a.decision.reply }),
    }));
}

async function unitDocx(view: AssessmentView, g: GroupView, unitId: string, appeals: readonly Appeal[], options: ProblemOptions) {
  const list = groupProblems(view, g).find((p) => p.unitId === unitId);
  if (!list) return undefined;
  const bytes = await problemListDocx(list, { ...options, draft: DRAFT_MARK, appeals: feedbackAppeals(view, g, appeals, unitId) });
  return { unitName: list.unitName, bytes };
}

/** One unit's feedback Word; undefined when the unit is in no scored group. */
export async function makeUnitFeedback(
  view: AssessmentView,
  unitId: string,
  appeals: readonly Appeal[],
  options: ProblemOptions,
): Promise<{ unitName: string; fileName: string; bytes: Uint8Array } | undefined> {
  const unit = view.unitsById.get(unitId);
  const g = view.groups.find((x) => x.group.key === unit?.group);
  if (!unit || !g) return undefined;
  const doc = await unitDocx(view, g, unitId, appeals, options);
  return doc && { ...doc, fileName: `${feedbackFileStem(unit.name, unit.id)}.docx` };
}

/** One unit's own bundle (its sheet, removals and appeals only) as file text. */
export async function makeUnitBundle(db: KaoheDb, view: AssessmentView, unitId: string, who: string): Promise<{ fileName: string; text: string }> {
  const text = await exportBundleFile(db, view.data.assessment.id, { kind: 'unit', unitId }, who);
  const unit = view.unitsById.get(unitId);
  return { fileName: `${feedbackFileStem(unit?.name ?? unitId, unitId)}.json`, text };
}

/** Every unit's feedback Word and bundle in one zip, a folder per group. */
export async function makeFeedbackZip(db: KaoheDb, view: AssessmentView, appeals: readonly Appeal[], options: ProblemOptions, who: string): Promise<Uint8Array> {
  const files = [];
  for (const g of view.groups) {
    for (const p of groupProblems(view, g)) {
      const doc = await unitDocx(view, g, p.unitId, appeals, options);
      if (!doc) continue;
      const bundle = await exportBundleFile(db, view.data.assessment.id, { kind: 'unit', unitId: p.unitId }, who);
      files.push({ groupName: g.group.name, unitId: p.unitId, unitName: p.unitName, docx: doc.bytes, bundle });
    }
  }
  return unitFeedbackZip(files);
}
