/**
 * A unit's appeal (申诉) during 征求意见: against findings or whole cells of its sheet, with the unit's
 * reason and evidence, and the office's decision. Upheld, the finding is withdrawn or changed by a new
 * revision of the entry (so the score follows like any edit); rejected, it stays and the reply says why.
 * An appeal carries a revision like an entry, so copies on several machines merge.
 */
import * as z from 'zod';

const id = z.string().min(1).max(200);

export const appealTarget = z.strictObject({
  /** the entry (one assessor's cell) appealed against */
  entryId: id,
  node: z.string().min(1),
  objectId: z.string().optional(),
  /** one finding of a deduction or penalty entry; absent: the whole cell */
  findingId: z.string().min(1).optional(),
  /** the finding or cell as it read when appealed (an upheld appeal withdraws it from the sheet) */
  text: z.string().optional(),
});
export type AppealTarget = z.infer<typeof appealTarget>;

export const appealDecision = z.strictObject({
  outcome: z.enum(['upheld', 'rejected']),
  /** the office's reply to the unit; for an upheld appeal also the reason of the revision */
  reply: z.string().trim().min(1, '须填写处理意见'),
  decidedAt: z.string().min(1),
  decidedBy: z.string().min(1),
});
export type AppealDecision = z.infer<typeof appealDecision>;

export const appeal = z.strictObject({
  id,
  unitId: id,
  targets: z.array(appealTarget).min(1, '须至少选择一项被申诉的问题或评分项'),
  /** who in the unit raised it (name, post, phone as they gave it) */
  appellant: z.string().trim().min(1, '须填写申诉人'),
  /** when the unit raised it (ISO date or date-time) */
  filedAt: z.string().min(1),
  reason: z.string().trim().min(1, '须填写申诉理由'),
  /** links and notes the unit gave as evidence */
  links: z.array(z.string().min(1)).default([]),
  /** ids of attached files (attachments store), for evidence kept as files */
  attachmentIds: z.array(id).default([]),
  decision: appealDecision.optional(),
  rev: z.number().int().positive().default(1),
  updatedAt: z.string().optional(),
  updatedBy: z.string().optional(),
});
export type Appeal = z.infer<typeof appeal>;
export type AppealInput = z.input<typeof appeal>;

export type AppealStatus = 'open' | AppealDecision['outcome'];

export const appealStatus = (a: Pick<Appeal, 'decision'>): AppealStatus => a.decision?.outcome ?? 'open';
