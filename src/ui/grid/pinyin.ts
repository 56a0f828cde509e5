/**
 * Finding a unit by the initials of its name's pinyin ("lz" → 兰州市), as office users search.
 *
 * The initial of a character comes from the zh collation every browser ships (ICU sorts Chinese by
 * pinyin): the character sorts at or after the first character of its initial's block. The boundary
 * characters below are the first of each initial in that order (I, U and V start no syllable).
 * Polyphonic characters common in place and department names get all their readings, so that
 * 重庆 is found by "cq" (chóng) as well as the collation's "zq".
 */
const BOUNDARIES = '吖八嚓哒妸发旮哈讥咔垃呣拏噢妑七呥仨他屲夕丫帀';
const LETTERS = 'abcdefghjklmnopqrstwxyz';

const POLYPHONES: Record<string, string> = {
  重: 'cz',
  长: 'cz',
  厦: 'xs',
  单: 'sdc',
  行: 'xh',
  乐: 'ly',
  会: 'hk',
  藏: 'zc',
  朝: 'cz',
  省: 'sx',
  莞: 'gw',
  蔚: 'wy',
  番: 'fp',
  大: 'dt',
  尉: 'wy',
  解: 'jx',
  查: 'cz',
  曾: 'zc',
  堡: 'bp',
  传: 'cz',
  调: 'dt',
  都: 'd',
  石: 'sd',
  阿: 'ae',
  区: 'qo',
  沈: 's',
  色: 's',
  六: 'l',
  蚌: 'b',
  万: 'wm',
  柏: 'bp',
  涌: 'yc',
  铅: 'qy',
  济: 'j',
  泌: 'bm',
};

let collator: Intl.Collator | undefined;
const cache = new Map<string, string>();

const isHan = (ch: string) => /\p{Script=Han}/u.test(ch);

/** The possible initials of one character (lowercase); a non-Chinese character stands for itself. */
export function initialsOfChar(ch: string): string {
  const known = cache.get(ch);
  if (known !== undefined) return known;
  let out: string;
  if (!isHan(ch)) out = ch.toLowerCase();
  else {
    collator ??= new Intl.Collator('zh-Hans-CN');
    // binary search for the last boundary the character sorts at or after
    let lo = 0;
    let hi = BOUNDARIES.length - 1;
    let found = 0;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (collator.compare(ch, BOUNDARIES[mid]!) >= 0) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    const fromCollation = LETTERS[found]!;
    const extra = POLYPHONES[ch] ?? '';
    out = extra.includes(fromCollation) ? extra : fromCollation + extra;
  }
  cache.set(ch, out);
  return out;
}

/** For each character of the text, the set of its initials. */
export function initials(text: string): string[] {
  return [...text].map(initialsOfChar);
}

/** "兰州市" → "lzs" (the collation's reading of each character). */
export function initialsText(text: string): string {
  return initials(text)
    .map((s) => s[0] ?? '')
    .join('');
}

/**
 * Does a unit name match what was typed in the search box: a part of the name itself, or a run of
 * pinyin initials ("lz", "LZS", "zq" and "cq" for 重庆)? Spaces in the query are ignored.
 */
export function matchesName(name: string, query: string): boolean {
  const q = query.normalize('NFKC').replace(/\s+/g, '').toLowerCase();
  if (q === '') return true;
  if (name.toLowerCase().includes(q)) return true;
  if (!/^[a-z0-9]+$/.test(q)) return false;
  const sets = initials(name);
  for (let start = 0; start + q.length <= sets.length; start++) {
    let ok = true;
    for (let k = 0; k < q.length && ok; k++) ok = sets[start + k]!.includes(q[k]!);
    if (ok) return true;
  }
  return false;
}
