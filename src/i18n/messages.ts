/**
 * Every string the UI shows, in Simplified Chinese (the default) and English. Placeholders are
 * written {name}. Each English table is typed against its Chinese one, so a missing key fails to compile.
 * Messages that come with data (validation problems, database refusals) are Chinese as produced.
 */
import { coreZh } from './catalogue/core';
import { appealZh } from './catalogue/appeal';
import { cycleZh } from './catalogue/cycle';
import { dashboardZh } from './catalogue/dashboard';
import { entryZh } from './catalogue/entry';
import { evidenceZh } from './catalogue/evidence';
import { exportZh } from './catalogue/export';
import { failureZh } from './catalogue/failure';
import type { helpZh } from './catalogue/help';
import { ingestZh } from './catalogue/ingest';
import { pasteZh } from './catalogue/paste';
import type { ruleEditorZh } from './catalogue/ruleEditor';
import { ruleTableZh } from './catalogue/ruleTable';
import { selfAssessmentZh } from './catalogue/selfAssessment';
import { syncZh } from './catalogue/serverSync';
import { setupYearZh } from './catalogue/setupYear';

export type Lang = 'zh-CN' | 'en';

/**
 * Pages with many strings keep them in their own catalogue file (src/i18n/catalogue/*.ts), merged here;
 * keys are prefixed by area so they cannot clash. The English tables (src/i18n/en/*.ts, each typed
 * against its Chinese table, so a missing key fails to compile) are a chunk of their own, loaded when
 * English is chosen: a Chinese start does not load them.
 */
const areas = [
  appealZh,
  cycleZh,
  dashboardZh,
  entryZh,
  evidenceZh,
  exportZh,
  failureZh,
  ingestZh,
  pasteZh,
  ruleTableZh,
  selfAssessmentZh,
  syncZh,
  setupYearZh,
] as const;
/**
 * Areas of one page each, added by that page's chunk when it loads (addArea), so the first screen does
 * not carry them. A test holds their keys to that page's files.
 */
type PageAreas = typeof ruleEditorZh | typeof helpZh;
/** every key of every area (distributed over the union, not only the keys they share) */
type KeysOf<T> = T extends unknown ? keyof T : never;
type AreaKey = KeysOf<(typeof areas)[number] | PageAreas>;

export type MessageKey = keyof typeof coreZh | AreaKey;

// the page areas are added by addArea before their page draws
const chinese = Object.assign({}, coreZh, ...areas) as Record<MessageKey, string>;

/** Adds a page's own Chinese strings; called at the top of the page's module. */
export function addArea(table: Partial<Record<MessageKey, string>>): void {
  Object.assign(chinese, table);
}

/** The tables loaded so far: Chinese always, English once loadLanguage('en') has resolved. */
export const messages: { 'zh-CN': Record<MessageKey, string>; en?: Record<MessageKey, string> } = { 'zh-CN': chinese };

/** Loads a language's table, if it is not loaded yet; call before showing the UI in that language. */
export async function loadLanguage(lang: Lang): Promise<void> {
  if (lang === 'en' && !messages.en) messages.en = (await import('./english')).english;
}

export const isLoaded = (lang: Lang): boolean => lang === 'zh-CN' || messages.en !== undefined;

export type Params = Record<string, string | number>;

export function translate(lang: Lang, key: MessageKey, params?: Params): string {
  // a language not loaded yet reads as Chinese (never a key, never blank)
  // (a page's area not added yet reads as its key, never as a crash)
  const template = (messages[lang] ?? chinese)[key] ?? key;
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m));
}
