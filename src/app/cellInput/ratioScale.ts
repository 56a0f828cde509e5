/**
 * A ratio cell holds a measured percentage (政策解读率 90 means 90%). A spreadsheet formatted as percent
 * copies 90% as 0.9, so a value above 0 and at most 1 typed without a percent sign is probably a
 * fraction: the assessor is asked whether 90% was meant, with both readings offered.
 */
export interface RatioReading {
  /** the number as typed */
  typed: number;
  /** the number read as a fraction, in percent */
  percent: number;
}

/** The two readings when `text` looks like a fraction of 1, otherwise null (the number is taken as typed). */
export function fractionReading(text: string, value: number): RatioReading | null {
  if (/[%\uFF05]\s*$/.test(text)) return null;
  if (!(value > 0 && value <= 1)) return null;
  // ×100 without binary drift: 0.07 → 7, 0.905 → 90.5
  const percent = Number((value * 100).toFixed(10));
  return { typed: value, percent };
}
