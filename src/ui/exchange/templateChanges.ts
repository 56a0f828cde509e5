/** What importing a filled template would change, cell by cell, in the words of the entry page. */
import { sectionOf } from '../../report/reportTables';
import type { EntryDiff } from '../../app/templateRead';
import type { T } from '../useT';
import { exact as X, findingDeduction, type ScoreEntry } from '../../engine';
import { describeEntry } from '../describe';
import type { AssessmentView, GroupView } from '../useAssessment';

export interface ChangeRow {
  id: string;
  kind: 'added' | 'changed';
  unit: string;
  /** website / account for per-object items, else "" */
  object: string;
  section: string;
  item: string;
  before: string;
  after: string;
  /** deduction and penalty items: "扣分 1 → 1.5", the points off before and after */
  deduction?: string;
  /** the check point a re-typed reason was recognised as */
  checkpoint?: string;
}

/** Points off a deduction or penalty entry gives (all its findings, before any cap), or null for other items. */
function pointsOff(g: GroupView, e: ScoreEntry | null): string | null {
  const leaf = e ? g.compiled.byKey.get(e.node) : undefined;
  if (!e || !leaf || (leaf.type !== 'deduction' && leaf.type !== 'penalty')) return null;
  return X.formatShort(X.sum((e.findings ?? []).map((f) => findingDeduction(leaf, f))));
}

export function changeRows(diff: EntryDiff, view: AssessmentView, g: GroupView, t: T): ChangeRow[] {
  const row = (kind: ChangeRow['kind'], before: ScoreEntry | null, after: ScoreEntry): ChangeRow => {
    const unit = view.unitsById.get(after.unitId);
    const veto = g.ruleSet.vetoes.find((v) => v.key === after.node);
    const node = g.compiled.byKey.get(after.node);
    const out: ChangeRow = {
      id: after.id,
      kind,
      unit: unit?.name ?? after.unitId,
      object: after.objectId !== undefined ? (unit?.objects.find((o) => o.id === after.objectId)?.name ?? after.objectId) : '',
      section: veto ? t('export.vetoSection') : node ? sectionOf(g.compiled, after.node).name : '',
      item: veto?.name ?? node?.name ?? after.node,
      before: describeEntry(before, t),
      after: describeEntry(after, t),
    };
    const off = pointsOff(g, after);
    if (off !== null) out.deduction = t('paste.templateDeduction', { before: pointsOff(g, before) ?? '0', after: off });
    const leaf = node && (node.type === 'deduction' || node.type === 'penalty') ? node : undefined;
    const named = after.findings?.map((f) => leaf?.checkpoints?.find((c) => c.key === f.checkpoint)?.name).filter((n): n is string => n !== undefined) ?? [];
    if (named.length > 0) out.checkpoint = t('paste.templateCheckpoint', { name: named.join('、') });
    return out;
  };
  return [...diff.changed.map((c) => row('changed', c.before, c.after)), ...diff.added.map((e) => row('added', null, e))];
}
