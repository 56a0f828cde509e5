/** What importing a filled template would change, cell by cell, in the words of the entry page. */
import { sectionOf } from '../../report/reportTables';
import type { EntryDiff } from '../../app/templateRead';
import type { T } from '../useT';
import type { ScoreEntry } from '../../engine';
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
}

export function changeRows(diff: EntryDiff, view: AssessmentView, g: GroupView, t: T): ChangeRow[] {
  const row = (kind: ChangeRow['kind'], before: ScoreEntry | null, after: ScoreEntry): ChangeRow => {
    const unit = view.unitsById.get(after.unitId);
    const veto = g.ruleSet.vetoes.find((v) => v.key === after.node);
    const node = g.compiled.byKey.get(after.node);
    return {
      id: after.id,
      kind,
      unit: unit?.name ?? after.unitId,
      object: after.objectId !== undefined ? (unit?.objects.find((o) => o.id === after.objectId)?.name ?? after.objectId) : '',
      section: veto ? t('export.vetoSection') : node ? sectionOf(g.compiled, after.node).name : '',
      item: veto?.name ?? node?.name ?? after.node,
      before: describeEntry(before, t),
      after: describeEntry(after, t),
    };
  };
  return [...diff.changed.map((c) => row('changed', c.before, c.after)), ...diff.added.map((e) => row('added', null, e))];
}
