/** The message catalogue bound to the chosen language, with zh-CN number and date formats. */
import { useUi } from './uiStore';
import { translate, type Lang, type MessageKey, type Params } from '../i18n/messages';

export type T = (key: MessageKey, params?: Params) => string;

export interface I18n {
  lang: Lang;
  t: T;
  /** a number with the given decimals, e.g. 89.50 */
  num(value: number, decimals?: number): string;
  /** date and time as offices write it: 2025/1/20 17:00:00 */
  dateTime(iso: string): string;
  bytes(n: number): string;
}

export function makeI18n(lang: Lang): I18n {
  const locale = lang === 'en' ? 'en-GB' : 'zh-CN';
  // made on first use: the first date formatter of a page costs tens of milliseconds, and a start-up
  // draws no date before the ranking
  let dt: Intl.DateTimeFormat | undefined;
  // one formatter per number of decimals: making one takes longer than formatting, and a ranking of
  // thousands of units formats a number per cell
  const formats = new Map<number | undefined, Intl.NumberFormat>();
  const numberFormat = (decimals: number | undefined) => {
    let f = formats.get(decimals);
    if (!f) {
      f = new Intl.NumberFormat(locale, { minimumFractionDigits: decimals ?? 0, maximumFractionDigits: decimals ?? 2, useGrouping: false });
      formats.set(decimals, f);
    }
    return f;
  };
  return {
    lang,
    t: (key, params) => translate(lang, key, params),
    num: (value, decimals) => numberFormat(decimals).format(value),
    dateTime: (iso) => {
      const d = new Date(iso);
      if (Number.isNaN(d.getTime())) return iso;
      dt ??= new Intl.DateTimeFormat(locale, { dateStyle: 'short', timeStyle: 'medium' });
      return dt.format(d);
    },
    bytes: (n) => {
      const units = ['B', 'KB', 'MB', 'GB'];
      let v = n;
      let i = 0;
      while (v >= 1024 && i < units.length - 1) {
        v /= 1024;
        i++;
      }
      return `${v.toFixed(i === 0 ? 0 : 1)} ${units[i]}`;
    },
  };
}

/** one per language, shared by every component (each making its own formatters slowed the first draw) */
const byLang = new Map<Lang, I18n>();

export function useI18n(): I18n {
  const lang = useUi((s) => s.lang);
  let i18n = byLang.get(lang);
  if (!i18n) byLang.set(lang, (i18n = makeI18n(lang)));
  return i18n;
}
