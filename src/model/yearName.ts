/**
 * The year an assessment's name speaks of ("2025年度政务公开考核", "二〇二五年…"), to flag a name that
 * says one year while the year field says another, and to name next year's copy.
 */

const CN_DIGITS: Record<string, string> = { 〇: '0', 零: '0', 一: '1', 二: '2', 三: '3', 四: '4', 五: '5', 六: '6', 七: '7', 八: '8', 九: '9' };

/** Every four-digit year 2000–2100 the name mentions, Arabic or Chinese numerals, in order of appearance. */
export function yearsInName(name: string): number[] {
  const out: number[] = [];
  const re = /(?<![0-9])(20[0-9]{2}|2100)(?![0-9])|([二][〇零][一二三四五六七八九〇零][〇零一二三四五六七八九])/g;
  for (const m of name.matchAll(re)) {
    const text = m[1] ?? [...m[2]!].map((c) => CN_DIGITS[c] ?? '').join('');
    const y = Number(text);
    if (y >= 2000 && y <= 2100) out.push(y);
  }
  return out;
}

/** The year the name states when it differs from `year` (null when the name states none or the same). */
export function nameYearMismatch(name: string, year: number): number | null {
  const years = yearsInName(name);
  if (years.length === 0 || years.includes(year)) return null;
  return years[0]!;
}

/** The name for a copy in `toYear`: the name's year (Arabic numerals) replaced, or the year put in front. */
export function nameForYear(name: string, fromYear: number, toYear: number): string {
  const re = new RegExp(`(?<![0-9])${fromYear}(?![0-9])`, 'g');
  if (re.test(name)) return name.replace(re, String(toYear));
  return `${toYear}年度${name}`;
}
