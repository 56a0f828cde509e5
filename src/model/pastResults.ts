/**
 * A past year's published results, imported from its results spreadsheet: no rule set, no entries,
 * only what the table said (unit, total, tier, rank, first-level indicator scores). Stored as the
 * results snapshot of a locked assessment of that year, so it sits beside the years scored here.
 */
import * as z from 'zod';

export const PAST_RESULTS_TYPE = 'zwgk-past-results';

export const pastUnit = z.strictObject({
  /** the current assessment's unit of the same name (so year-over-year finds it by id) */
  unitId: z.string().min(1),
  unitName: z.string().min(1),
  total: z.number(),
  /** the total as the table wrote it */
  display: z.string(),
  rank: z.number().int().positive(),
  tierName: z.string(),
  /** first-level indicator key → score, for the columns that were mapped */
  scores: z.record(z.string(), z.number()),
});
export type PastUnit = z.infer<typeof pastUnit>;

export const pastGroup = z.strictObject({
  group: z.string().min(1),
  groupName: z.string().min(1),
  indicators: z.array(z.strictObject({ key: z.string().min(1), name: z.string().min(1) })),
  /** in rank order */
  units: z.array(pastUnit),
});
export type PastGroup = z.infer<typeof pastGroup>;

export const pastResults = z.strictObject({
  type: z.literal(PAST_RESULTS_TYPE),
  version: z.literal(1),
  /** where the table came from: file and sheet name */
  source: z.strictObject({ file: z.string(), sheet: z.string() }),
  groups: z.array(pastGroup),
});
export type PastResults = z.infer<typeof pastResults>;
