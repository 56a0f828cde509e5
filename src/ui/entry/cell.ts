/** One cell of the sheet: an assessor's entry for a unit × node (× object); its entry id is `cellEntryId`. */
import type { ScoreEntry } from '../../engine';
import { cellEntryId, type CellRef } from '../../model/cellId';

export { cellEntryId };
export type Cell = CellRef;

export function findEntry(entries: readonly ScoreEntry[], c: Cell): ScoreEntry | undefined {
  return entries.find(
    (e) => e.unitId === c.unitId && e.node === c.node && e.assessorId === c.assessorId && (e.objectId ?? '') === (c.objectId ?? ''),
  );
}

/** What one entry says, without its old content: a fresh entry for the cell with the given fields. */
export function entryFor(
  c: Cell,
  existing: ScoreEntry | undefined,
  fields: Pick<ScoreEntry, 'value' | 'checks' | 'findings' | 'triggered' | 'notApplicable'>,
): ScoreEntry {
  const entry: ScoreEntry = {
    id: existing?.id ?? cellEntryId(c),
    unitId: c.unitId,
    node: c.node,
    assessorId: c.assessorId,
    rev: existing?.rev ?? 1,
  };
  if (c.objectId) entry.objectId = c.objectId;
  if (existing?.note !== undefined) entry.note = existing.note;
  for (const [k, v] of Object.entries(fields) as [keyof typeof fields, unknown][]) {
    if (v !== undefined) (entry as unknown as Record<string, unknown>)[k] = v;
  }
  return entry;
}

/**
 * A number as typed in an office: full-width digits and point (３．５), a comma as decimal separator,
 * spaces. Returns undefined for text that is not a number; empty text is null (clear the cell).
 */
export function parseTypedNumber(text: string): number | null | undefined {
  const ascii = text
    .replace(/[\uFF10-\uFF19]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xff10 + 48))
    .replace(/[\uFF0E\u3002]/g, '.')
    .replace(/\uFF0D/g, '-')
    .replace(/[%\uFF05]$/, '')
    .replace(/,/g, '.')
    .trim();
  if (ascii === '') return null;
  if (!/^-?(\d+(\.\d*)?|\.\d+)$/.test(ascii)) return undefined;
  const n = Number(ascii);
  return Number.isFinite(n) ? n : undefined;
}
