/**
 * Saving one cell: the entry is checked against the rule set first (validateEntry); an invalid value
 * is refused with the message at the field and nothing is written. A valid one is written through the
 * repository (one transaction with its audit row) and the header shows 保存中 until it is on disk.
 */
import { useEffect, useState } from 'react';
import { deleteEntry, saveEntry } from '../../app/editEntries';
import { validateEntry, type CompiledRuleSet, type ScoreEntry, type Unit } from '../../engine';
import { trackSave } from '../../app/saveStatus';
import { useI18n } from '../useT';
import { useApp } from '../appContext';
import { entryFor, findEntry, type Cell } from './cell';
import { errorText } from '../errorText';

type Fields = Parameters<typeof entryFor>[2];

export interface CellSave {
  existing: ScoreEntry | undefined;
  error: string | null;
  setError(message: string | null): void;
  /** validate and save; resolves true when stored */
  save(fields: Fields): Promise<boolean>;
  /** remove this assessor's entry for the cell (the cell becomes unscored by them) */
  clear(): Promise<boolean>;
}

/** What a cell says, for comparing a written entry with the one read back. */
const content = (e: ScoreEntry | undefined) =>
  e === undefined ? null : JSON.stringify([e.value, e.checks, e.findings, e.triggered, e.notApplicable]);

/**
 * The cell shows what was just written until the live read of the database catches up (one tick
 * later), so a saved value never flickers back to the old one.
 */
interface Written {
  entry: ScoreEntry | undefined;
  /** revision of the stored entry when the write finished (undefined: there was none) */
  baseRev: number | undefined;
}

export function useCellSave(compiled: CompiledRuleSet, unit: Unit, cell: Cell | null, entries: readonly ScoreEntry[]): CellSave {
  const { db, assessment, who } = useApp();
  const { t } = useI18n();
  const [error, setError] = useState<string | null>(null);
  const [written, setWritten] = useState<Written | null>(null);
  const stored = cell ? findEntry(entries, cell) : undefined;
  const existing = written ? written.entry : stored;

  useEffect(() => {
    if (!written) return;
    if (stored?.rev !== written.baseRev || content(stored) === content(written.entry)) setWritten(null);
  }, [stored, written]);

  const write = async (op: () => Promise<unknown>, after: ScoreEntry | undefined): Promise<boolean> => {
    const baseRev = stored?.rev;
    try {
      await trackSave(op);
      setError(null);
      setWritten({ entry: after, baseRev });
      return true;
    } catch (e) {
      setError(errorText(e, t));
      return false;
    }
  };

  return {
    existing,
    error,
    setError,
    async save(fields) {
      if (!cell) return false;
      const entry = entryFor(cell, existing, fields);
      const problems = validateEntry(compiled, unit, entry);
      if (problems.length > 0) {
        setError(problems.map((p) => p.message).join('；'));
        return false;
      }
      return write(() => saveEntry(db, assessment.id, entry, who), entry);
    },
    async clear() {
      if (!existing) {
        setError(null);
        return true;
      }
      return write(() => deleteEntry(db, assessment.id, existing, who), undefined);
    },
  };
}
