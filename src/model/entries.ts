/**
 * What assessors enter: units (with their group, class and objects) and score entries with findings.
 * One entry is one assessor's input for one unit × node (× object). The engine reads these; the bundle
 * format and the database store them.
 */
import * as z from 'zod';

const id = z.string().min(1).max(200);

export const unitObject = z.strictObject({
  id,
  name: z.string().min(1),
  /** the kind of object (website, newMedia) that matches a per-object node's `perObject.kind` */
  kind: z.string().min(1),
  url: z.string().optional(),
});
export type UnitObject = z.infer<typeof unitObject>;

export const unit = z.strictObject({
  id,
  name: z.string().min(1),
  shortName: z.string().optional(),
  group: z.string().min(1),
  unitClass: z.string().optional(),
  objects: z.array(unitObject).default([]),
});
export type Unit = z.infer<typeof unit>;
export type UnitInput = z.input<typeof unit>;

export const finding = z.strictObject({
  id,
  /** check point key of the deduction item; absent uses the item's perFinding or explicit points */
  checkpoint: z.string().optional(),
  count: z.number().int().positive().default(1),
  /** explicit deduction for this finding (overrides the check point's unit deduction) */
  points: z.number().finite().positive().optional(),
  reason: z.string().min(1, '扣分须填写原因'),
  evidence: z.string().optional(),
});
export type Finding = z.infer<typeof finding>;

export const scoreEntry = z.strictObject({
  id,
  unitId: id,
  /** leaf node key, or a veto key */
  node: z.string().min(1),
  assessorId: id,
  objectId: z.string().optional(),
  /** points, bonus: points given; ratio: measured percent */
  value: z.number().finite().optional(),
  /** checklist: item key → achieved */
  checks: z.record(z.string(), z.boolean()).optional(),
  /** deduction, penalty */
  findings: z.array(finding).optional(),
  /** veto: triggered */
  triggered: z.boolean().optional(),
  /** this node does not apply to this unit (any node, leaf or group) */
  notApplicable: z.boolean().optional(),
  note: z.string().optional(),
  rev: z.number().int().nonnegative().default(1),
  updatedAt: z.string().optional(),
  updatedBy: z.string().optional(),
});
export type ScoreEntry = z.infer<typeof scoreEntry>;
export type ScoreEntryInput = z.input<typeof scoreEntry>;

/**
 * An entry that was deleted: its cell and a revision above the last one it had. Kept and carried in
 * bundles, so that a deletion reaches the other copies of the assessment and an older copy of the
 * entry does not bring it back.
 */
export const entryRemoval = z.strictObject({
  id,
  unitId: id,
  node: z.string().min(1),
  assessorId: id,
  objectId: z.string().optional(),
  rev: z.number().int().positive(),
  removedAt: z.string(),
  removedBy: z.string().optional(),
});
export type EntryRemoval = z.infer<typeof entryRemoval>;

export const assessor = z.strictObject({
  id,
  name: z.string().min(1),
  /** node keys this assessor owns (for the "owner" aggregation) */
  owns: z.array(z.string()).default([]),
});
export type Assessor = z.infer<typeof assessor>;
