/**
 * The open draft of the rule editor: its undo history in memory, saved to IndexedDB after every edit
 * (one write at a time, in order, so a later state never loses to an earlier one).
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { listRuleDrafts, saveRuleDraft, type RuleDraftRow } from '../../app/ruleDraft';
import type { KaoheDb } from '../../app/session';
import { checkDraft, type DraftCheck } from '../../report/ruleDraft/issues';
import { record, redo, undo, type DraftHistory } from '../../report/ruleDraft/history';
import type { RuleSet } from '../../engine';

export interface RuleEditor {
  loaded: boolean;
  row: RuleDraftRow | null;
  history: DraftHistory | null;
  check: DraftCheck | null;
  saveError: unknown;
  open(row: RuleDraftRow | null): void;
  change(next: RuleSet, mergeKey?: string): void;
  undo(): void;
  redo(): void;
}

export function useRuleEditor(db: KaoheDb, assessmentId: string): RuleEditor {
  const [loaded, setLoaded] = useState(false);
  const [row, setRow] = useState<RuleDraftRow | null>(null);
  const [history, setHistory] = useState<DraftHistory | null>(null);
  const [saveError, setSaveError] = useState<unknown>(null);
  const rowRef = useRef<RuleDraftRow | null>(null);
  const chain = useRef<Promise<void>>(Promise.resolve());
  const dirty = useRef(false);

  const open = useCallback((r: RuleDraftRow | null) => {
    rowRef.current = r;
    dirty.current = false;
    setRow(r);
    setHistory(r ? { past: r.past, present: r.ruleSet, future: r.future } : null);
  }, []);

  useEffect(() => {
    let live = true;
    setLoaded(false);
    void listRuleDrafts(db, assessmentId).then(
      (rows) => {
        if (!live) return;
        open(rows[0] ?? null);
        setLoaded(true);
      },
      (e: unknown) => {
        if (live) {
          setSaveError(e);
          setLoaded(true);
        }
      },
    );
    return () => {
      live = false;
    };
  }, [db, assessmentId, open]);

  useEffect(() => {
    if (!history || !dirty.current) return;
    dirty.current = false;
    chain.current = chain.current.then(async () => {
      const current = rowRef.current;
      if (!current) return;
      try {
        rowRef.current = await saveRuleDraft(db, current, history);
        setSaveError(null);
      } catch (e) {
        setSaveError(e);
      }
    });
  }, [db, history]);

  const step = useCallback((f: (h: DraftHistory) => DraftHistory) => {
    setHistory((h) => {
      if (!h) return h;
      const next = f(h);
      if (next !== h) dirty.current = true;
      return next;
    });
  }, []);

  const present = history?.present;
  const check = useMemo(() => (present ? checkDraft(present) : null), [present]);
  return {
    loaded,
    row,
    history,
    check,
    saveError,
    open,
    change: useCallback((next: RuleSet, mergeKey?: string) => step((h) => record(h, next, mergeKey)), [step]),
    undo: useCallback(() => step(undo), [step]),
    redo: useCallback(() => step(redo), [step]),
  };
}
