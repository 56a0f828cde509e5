/**
 * UI state only: language, the group and unit being looked at, filters. Everything that is data lives
 * in IndexedDB (src/store); nothing here is a score or a derived number.
 */
import { create } from 'zustand';
import { persist } from 'zustand/middleware';
import * as z from 'zod';
import { loadLanguage, type Lang } from '../i18n/messages';

export interface AuditFilterState {
  unitId: string;
  who: string;
}

export interface UiState {
  lang: Lang;
  /** selected group key per page family (rankings and entry share it: one group on the screen at a time) */
  group: string | null;
  /** unit open in the entry page */
  entryUnit: string | null;
  auditFilter: AuditFilterState;
  setLang(lang: Lang): void;
  setGroup(group: string | null): void;
  setEntryUnit(unitId: string | null): void;
  setAuditFilter(filter: Partial<AuditFilterState>): void;
}

/** What is kept in localStorage: read back through this schema, as anything from outside the app is. */
const storedPreferences = z.object({ lang: z.enum(['zh-CN', 'en']) }).partial();

/** The stored preferences over the defaults; a value edited by hand or left by another version is dropped. */
export function withStoredPreferences(stored: unknown, current: UiState): UiState {
  const parsed = storedPreferences.safeParse(stored);
  return parsed.success ? { ...current, ...parsed.data } : current;
}

export const useUi = create<UiState>()(
  persist(
    (set) => ({
      lang: 'zh-CN',
      group: null,
      entryUnit: null,
      auditFilter: { unitId: '', who: '' },
      // the language's table first (English is a chunk of its own), then the switch: never a half-translated page
      setLang: (lang) => void loadLanguage(lang).then(() => set({ lang })),
      setGroup: (group) => set({ group }),
      setEntryUnit: (entryUnit) => set({ entryUnit }),
      setAuditFilter: (filter) => set((s) => ({ auditFilter: { ...s.auditFilter, ...filter } })),
    }),
    {
      name: 'zwgk-ui',
      version: 1,
      // only the language is a preference worth keeping across starts; selections start fresh
      partialize: (s) => ({ lang: s.lang }),
      merge: withStoredPreferences,
    },
  ),
);
