/**
 * Undo and redo of a draft: every edit is a step, except that consecutive keystrokes in one box
 * (the same `mergeKey`) are one step, as a word processor undoes a typed word at once.
 */
import type { RuleSet } from '../../model/ruleSet';

export interface DraftHistory {
  past: RuleSet[];
  present: RuleSet;
  future: RuleSet[];
  /** the box the last step was typed in, so that the next keystroke there joins it */
  mergeKey?: string | undefined;
}

/** Steps kept: enough for an afternoon's changes, small enough to save with every keystroke. */
export const HISTORY_LIMIT = 50;

export function startHistory(ruleSet: RuleSet): DraftHistory {
  return { past: [], present: ruleSet, future: [] };
}

export function record(h: DraftHistory, next: RuleSet, mergeKey?: string): DraftHistory {
  if (next === h.present) return h;
  if (mergeKey !== undefined && mergeKey === h.mergeKey && h.past.length > 0) {
    return { past: h.past, present: next, future: [], mergeKey };
  }
  return { past: [...h.past, h.present].slice(-HISTORY_LIMIT), present: next, future: [], mergeKey };
}

export function undo(h: DraftHistory): DraftHistory {
  const prev = h.past[h.past.length - 1];
  if (!prev) return h;
  return { past: h.past.slice(0, -1), present: prev, future: [h.present, ...h.future] };
}

export function redo(h: DraftHistory): DraftHistory {
  const [next, ...rest] = h.future;
  if (!next) return h;
  return { past: [...h.past, h.present].slice(-HISTORY_LIMIT), present: next, future: rest };
}
