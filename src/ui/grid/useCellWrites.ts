/**
 * The grid's writes: each action's cells go through one queue (so saves, undos and redos reach the
 * database in the order they were made), show as "pending" until their transaction is on disk, then
 * as saved. Undo and redo steps are taken from the history only when their turn in the queue comes,
 * after every earlier edit has been recorded. A write that fails (a full disk) keeps the typed value in
 * its cell, marked unsaved, until it is retried or typed over: nothing typed is silently dropped.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ScoreEntry } from '../../engine';
import { useI18n } from '../useT';
import { useApp } from '../appContext';
import { errorText } from '../errorText';
import type { CellChange } from './cellPlan';
import { revisionKey } from './changedElsewhere';
import { EMPTY_HISTORY, record, redoStep, undoStep, type History } from './history';
import { cellKey } from './progress';
import type { GridData } from './useGridData';
import { WHY_REDO, WHY_UNDO, writeCells } from './writeCells';

export interface PendingCell {
  entry: ScoreEntry | undefined;
  state: 'pending' | 'saved' | 'error';
  seq: number;
  message?: string;
}

export type WriteKind = 'edit' | 'undo' | 'redo';

export interface CellWrites {
  overlay: ReadonlyMap<string, PendingCell>;
  /** cells of the last action, from its keystroke on (shown with a "saved" mark once written) */
  recent: ReadonlySet<string>;
  /** the entry a cell shows: a pending or just-saved write, else the stored one */
  displayed(unitId: string, node: string): ScoreEntry | undefined;
  edit(changes: readonly CellChange[], why?: string): Promise<boolean>;
  /** runs an undo or redo when its turn comes; resolves to the cells written, or null */
  step(kind: 'undo' | 'redo'): Promise<readonly CellChange[] | null>;
  /** writes again every cell whose save failed and that was not typed over since */
  retry(): Promise<boolean>;
  /** cells whose last save failed */
  unsaved: number;
  /** revisions this tab has written (see changedElsewhere) */
  ownRevisions(): ReadonlySet<string>;
  canUndo: boolean;
  canRedo: boolean;
}

const changeKey = (c: CellChange) => cellKey(c.unitId, c.node);

export function useCellWrites(data: GridData, onError: (message: string) => void): CellWrites {
  const { db, assessment, who } = useApp();
  const { t } = useI18n();
  // the failed writes by cell, with the attempt that failed (a later edit of the cell supersedes it)
  const failed = useRef(new Map<string, { change: CellChange; why: string | undefined; seq: number }>());
  const own = useRef(new Set<string>());
  const [overlay, setOverlay] = useState<ReadonlyMap<string, PendingCell>>(new Map());
  const [recent, setRecent] = useState<ReadonlySet<string>>(new Set());
  const history = useRef<History>(EMPTY_HISTORY);
  const [can, setCan] = useState({ undo: false, redo: false });
  const queue = useRef<Promise<unknown>>(Promise.resolve());
  const seq = useRef(0);
  const latest = useRef({ data, onError, overlay, recent });
  latest.current = { data, onError, overlay, recent };

  const setHistory = (h: History) => {
    history.current = h;
    setCan({ undo: h.done.length > 0, redo: h.undone.length > 0 });
  };

  // a saved cell hands over to the stored entry once the live read has caught up with it
  const stored = data.stored;
  useEffect(() => {
    let stale = false;
    for (const [k, o] of overlay) if (o.state === 'saved' && caughtUp(stored.get(k), o.entry)) stale = true;
    if (!stale) return;
    setOverlay((prev) => {
      const next = new Map(prev);
      for (const [k, o] of prev) if (o.state === 'saved' && caughtUp(stored.get(k), o.entry)) next.delete(k);
      return next;
    });
  }, [stored, overlay]);

  const write = useCallback(
    async (changes: readonly CellChange[], why: string | undefined, mine: number): Promise<readonly CellChange[] | null> => {
      const keys = changes.map(changeKey);
      // an edit shows as pending from its keystroke on (edit()), and the grid has drawn that by the time
      // its save starts: setting the same state again would still run the grid once more in the
      // keystroke's task, so it is set only when it differs (an undo, a redo, a retry, or not drawn yet)
      const drawn = latest.current;
      if (!changes.every((c, i) => isPending(drawn.overlay.get(keys[i]!), c, mine))) {
        setOverlay((prev) => {
          const next = new Map(prev);
          changes.forEach((c, i) => next.set(keys[i]!, { entry: c.after, state: 'pending', seq: mine }));
          return next;
        });
      }
      if (!sameCells(drawn.recent, keys)) setRecent(new Set(keys));
      for (const k of keys) failed.current.delete(k);
      try {
        const written = await writeCells(db, assessment.id, changes, who, why);
        for (const e of written.saved) own.current.add(revisionKey(e));
        const byId = new Map(written.saved.map((e) => [e.id, e]));
        const committed = changes.map((c) => ({ ...c, after: c.after && (byId.get(c.after.id) ?? c.after) }));
        setOverlay((prev) => {
          const next = new Map(prev);
          committed.forEach((c, i) => {
            if (prev.get(keys[i]!)?.seq === mine) next.set(keys[i]!, { entry: c.after, state: 'saved', seq: mine });
          });
          return next;
        });
        return committed;
      } catch (e) {
        const message = errorText(e, t);
        changes.forEach((c, i) => failed.current.set(keys[i]!, { change: c, why, seq: mine }));
        setOverlay((prev) => {
          const next = new Map(prev);
          changes.forEach((c, i) => {
            const k = keys[i]!;
            if (prev.get(k)?.seq === mine) next.set(k, { entry: c.after, state: 'error', seq: mine, message });
          });
          return next;
        });
        latest.current.onError(message);
        return null;
      }
    },
    [db, assessment.id, who, t],
  );

  const enqueue = <T>(job: () => Promise<T>): Promise<T> => {
    const run = queue.current.then(job);
    queue.current = run.catch(() => undefined);
    return run;
  };

  // stable between writes, so that rows whose cells did not change are not drawn again
  const displayed = useCallback(
    (unitId: string, node: string) => {
      const k = cellKey(unitId, node);
      const o = overlay.get(k);
      return o ? o.entry : stored.get(k);
    },
    [overlay, stored],
  );

  return {
    overlay,
    recent,
    displayed,
    ownRevisions: () => own.current,
    unsaved: [...overlay.values()].filter((o) => o.state === 'error').length,
    canUndo: can.undo,
    canRedo: can.redo,
    edit(changes, why) {
      if (changes.length === 0) return Promise.resolve(true);
      // shown as pending at once; written when the earlier writes are done
      const mine = ++seq.current;
      setOverlay((prev) => {
        const next = new Map(prev);
        for (const c of changes) next.set(changeKey(c), { entry: c.after, state: 'pending', seq: mine });
        return next;
      });
      setRecent(new Set(changes.map(changeKey)));
      return enqueue(async () => {
        const committed = await write(changes, why, mine);
        if (committed) setHistory(record(history.current, { changes: committed }));
        return committed !== null;
      });
    },
    retry() {
      const again = [...failed.current.entries()].filter(([k, f]) => overlay.get(k)?.seq === f.seq && overlay.get(k)?.state === 'error');
      if (again.length === 0) return Promise.resolve(true);
      const changes = again.map(([, f]) => f.change);
      const mine = ++seq.current;
      return enqueue(async () => {
        const committed = await write(changes, again[0]![1].why, mine);
        if (committed) setHistory(record(history.current, { changes: committed }));
        return committed !== null;
      });
    },
    step(kind) {
      return enqueue(async () => {
        const s = kind === 'undo' ? undoStep(history.current) : redoStep(history.current);
        if (!s) return null;
        const committed = await write(s.edit.changes, kind === 'undo' ? WHY_UNDO : WHY_REDO, ++seq.current);
        if (!committed) return null;
        setHistory(s.next);
        return committed;
      });
    },
  };
}

function isPending(o: PendingCell | undefined, c: CellChange, seq: number): boolean {
  return o !== undefined && o.seq === seq && o.state === 'pending' && o.entry === c.after;
}

function sameCells(a: ReadonlySet<string>, keys: readonly string[]): boolean {
  return a.size === keys.length && keys.every((k) => a.has(k));
}

function caughtUp(stored: ScoreEntry | undefined, written: ScoreEntry | undefined): boolean {
  if (!written) return stored === undefined;
  return stored !== undefined && stored.id === written.id && stored.rev >= written.rev;
}
