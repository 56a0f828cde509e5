/**
 * Cross-checks of a bundle's appeals (the schema has checked each one's shape): ids unique, each of a
 * unit in the file, each target naming an entry of that unit when the file carries it.
 */
import type { Bundle } from '../model/assessment';
import type { Unit } from '../model/entries';
import { quote as q, subPath, type ValidationIssue } from '../model/issues';

export function checkAppeals(b: Bundle, units: ReadonlyMap<string, Unit>): ValidationIssue[] {
  const errors: ValidationIssue[] = [];
  const seen = new Map<string, number>();
  const entries = new Map(b.entries.map((e) => [e.id, e]));
  (b.appeals ?? []).forEach((a, i) => {
    const path = subPath('appeals', i);
    const first = seen.get(a.id);
    if (first !== undefined) errors.push({ path: subPath(path, 'id'), message: `申诉 id ${q(a.id)} 重复（已用于 ${subPath('appeals', first)}）` });
    else seen.set(a.id, i);
    if (!units.has(a.unitId)) errors.push({ path: subPath(path, 'unitId'), message: `未知的单位 ${q(a.unitId)}` });
    a.targets.forEach((t, j) => {
      const e = entries.get(t.entryId);
      // an entry deleted since the appeal (or outside an assessor's file) is not in the file: that is allowed
      if (e && (e.unitId !== a.unitId || e.node !== t.node)) {
        errors.push({ path: subPath(path, 'targets', j, 'entryId'), message: `评分记录 ${q(t.entryId)} 不是单位 ${q(a.unitId)} 的 ${q(t.node)} 项` });
      }
    });
  });
  return errors;
}
