/**
 * Names of entries in the exported ZIP, made from unit and group names that anyone can type. Every
 * unzip tool must be able to create them: no path parts (`..`, `/`), no characters Windows refuses,
 * no reserved device names, no leading dots, and at most 50 characters (150 bytes in UTF-8) (a 4,200-character name made an
 * entry nobody could extract). Names that clean to the same text get （2）, （3）… to stay apart.
 */
const MAX_CHARS = 50;
const RESERVED = /^(con|prn|aux|nul|com\d|lpt\d)$/i;

/** One path segment: cleaned, capped, never empty. */
export function zipSegment(name: string, fallback: string): string {
  let s = [...name]
    .map((ch) => (ch < ' ' || ch === '\u007f' || '\\/:*?"<>|'.includes(ch) ? '_' : ch))
    .join('')
    .replace(/^[\s.]+|[\s.]+$/g, '');
  s = [...s].slice(0, MAX_CHARS).join('').replace(/[\s.]+$/, '');
  if (s === '' || /^_+$/.test(s)) s = fallback;
  if (RESERVED.test(s.split('.')[0] ?? '')) s = `_${s}`;
  return s;
}

/** Hands out names unique within one folder (compared case-insensitively, as Windows does). */
export class UniqueNames {
  private readonly taken = new Set<string>();

  take(name: string): string {
    let candidate = name;
    const dot = name.lastIndexOf('.');
    const [stem, ext] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ''];
    for (let n = 2; this.taken.has(candidate.toLowerCase()); n++) candidate = `${stem}（${n}）${ext}`;
    this.taken.add(candidate.toLowerCase());
    return candidate;
  }
}
