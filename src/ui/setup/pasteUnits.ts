/**
 * Units pasted from a spreadsheet: tab-separated lines "name, group[, short name]" as Excel/WPS copy
 * them. Every line is checked before anything is stored; problems name the line and column.
 */
import type { T } from '../useT';
import type { Unit, ValidationIssue } from '../../engine';

export interface PasteGroup {
  key: string;
  name: string;
}

export type PasteResult = { ok: true; units: Unit[] } | { ok: false; errors: ValidationIssue[] };

/** Cells as a spreadsheet copies them: tabs between cells; quotes only around cells with tabs/newlines. */
function cells(line: string): string[] {
  return line.split('\t').map((c) => c.trim().replace(/^"(.*)"$/s, '$1').replace(/""/g, '"').trim());
}

export function parsePastedUnits(
  text: string,
  groups: readonly PasteGroup[],
  existing: readonly Unit[],
  newId: () => string,
  t: T,
): PasteResult {
  const errors: ValidationIssue[] = [];
  const units: Unit[] = [];
  const seen = new Map<string, number>();
  const groupList = groups.map((g) => `“${g.name}”（${g.key}）`).join('、');
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  lines.forEach((raw, i) => {
    const line = i + 1;
    if (raw.trim() === '') return;
    const [name = '', groupText = '', shortName = ''] = cells(raw);
    const at = (column: number) => t('setup.pasteAt', { line, column });
    if (name === '') {
      errors.push({ path: at(1), message: t('setup.pasteMissingName') });
      return;
    }
    if (groupText === '') {
      errors.push({ path: at(2), message: t('setup.pasteMissingGroup', { groups: groupList }) });
      return;
    }
    const group = groups.find((g) => g.key === groupText || g.name === groupText);
    if (!group) {
      errors.push({ path: at(2), message: t('setup.pasteUnknownGroup', { group: groupText, groups: groupList }) });
      return;
    }
    const key = `${group.key}\u0000${name}`;
    const other = seen.get(key);
    if (other !== undefined) {
      errors.push({ path: at(1), message: t('setup.pasteDuplicateLine', { name, other }) });
      return;
    }
    seen.set(key, line);
    if (existing.some((u) => u.group === group.key && u.name === name)) {
      errors.push({ path: at(1), message: t('setup.pasteDuplicate', { name }) });
      return;
    }
    units.push({ id: newId(), name, group: group.key, objects: [], ...(shortName !== '' && { shortName }) });
  });
  if (errors.length > 0) return { ok: false, errors };
  if (units.length === 0) return { ok: false, errors: [{ path: '—', message: t('setup.pasteEmpty') }] };
  return { ok: true, units };
}
