/**
 * The header's 保存中 / 已保存 indicator. Every write goes through `trackSave`, so "已保存" is shown only
 * once IndexedDB has committed every pending write (the database resolves after the data is on disk).
 */
import { create } from 'zustand';

export interface SaveStatus {
  pending: number;
  /** the last failed write's error (worded by ui/errorText where shown), cleared by the next successful one */
  error: unknown;
  lastSavedAt: Date | null;
  /** writes committed since start: lets anyone wait for "this edit is on disk", not just "nothing pending" */
  saved: number;
}

export const useSaveStatus = create<SaveStatus>()(() => ({ pending: 0, error: null, lastSavedAt: null, saved: 0 }));

export async function trackSave<T>(write: Promise<T> | (() => Promise<T>)): Promise<T> {
  useSaveStatus.setState((s) => ({ pending: s.pending + 1 }));
  try {
    const result = await (typeof write === 'function' ? write() : write);
    useSaveStatus.setState((s) => ({ pending: s.pending - 1, error: null, lastSavedAt: new Date(), saved: s.saved + 1 }));
    return result;
  } catch (e) {
    useSaveStatus.setState((s) => ({ pending: s.pending - 1, error: e ?? new Error('write failed') }));
    throw e;
  }
}
