/** Pixel geometry of the grid: fixed row height, the frozen unit column and the frozen totals. */
export const ROW_H = 36;
export const HEAD_GROUP_H = 34;
export const HEAD_LEAF_H = 66;
export const HEADER_H = HEAD_GROUP_H + HEAD_LEAF_H;
export const LEFT_W = 210;

export const RIGHT_COLUMNS = [
  { id: 'progress', width: 96 },
  { id: 'total', width: 86 },
  { id: 'rank', width: 58 },
  { id: 'tier', width: 82 },
] as const;
export const RIGHT_W = RIGHT_COLUMNS.reduce((s, c) => s + c.width, 0);

/** Left offset of each column inside the scrolling middle part, and the part's width. */
export function offsetsOf(widths: readonly number[]): { offsets: number[]; width: number } {
  const offsets: number[] = [];
  let x = 0;
  for (const w of widths) {
    offsets.push(x);
    x += w;
  }
  return { offsets, width: x };
}
