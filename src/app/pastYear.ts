/**
 * 往年成绩（导入）: a past year's results spreadsheet read through a column mapping, matched by unit
 * name to the open assessment, and stored as a past edition for year-over-year. The mapping is
 * remembered (per machine) and offered again for the next file.
 */
import * as z from 'zod';
import { readSheetGrids } from '../formats/xlsx/sheetGrid';
import type { RememberedMapping } from '../formats/pastResultsTable';
import { getMeta, readPastYear, storePastYear, type KaoheDb, type PastYearSpec } from '../store/repo';
import { trackSave } from './saveStatus';

export {
  guessHeaderRow,
  guessMapping,
  headersOf,
  letter,
  matchPastRows,
  readPastRows,
  rememberMapping,
  type Grid,
  type Header,
  type PastMapping,
  type PastMatch,
  type PastRow,
  type RememberedMapping,
} from '../formats/pastResultsTable';
export type { PastResults } from '../model/pastResults';

export const META_PAST_MAPPING = 'pastYearMapping';

const remembered = z.object({
  unit: z.string().optional(),
  total: z.string().optional(),
  tier: z.string().optional(),
  rank: z.string().optional(),
  indicators: z.record(z.string(), z.string()),
});

export const readPastWorkbook = readSheetGrids;

/** The mapping used last time, or undefined (never imported, or a stored value this release cannot read). */
export async function rememberedMapping(db: KaoheDb): Promise<RememberedMapping | undefined> {
  const r = remembered.safeParse(await getMeta(db, META_PAST_MAPPING));
  if (!r.success) return undefined;
  const { unit, total, tier, rank, indicators } = r.data;
  return { indicators, ...(unit !== undefined && { unit }), ...(total !== undefined && { total }), ...(tier !== undefined && { tier }), ...(rank !== undefined && { rank }) };
}

/** Stores the past year and remembers its mapping, in one transaction. */
export function importPastYear(db: KaoheDb, spec: Omit<PastYearSpec, 'mapping'>, mapping: RememberedMapping, who: string): Promise<string> {
  return trackSave(() => storePastYear(db, { ...spec, mapping: { key: META_PAST_MAPPING, value: mapping } }, who));
}

export { readPastYear };
