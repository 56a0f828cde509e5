/**
 * Self-assessment (自评): the office sends a unit a package (its rule set, the unit, the indicators it
 * reports on); the unit returns a result (a self score and an explanation per indicator, with files).
 * Both are versioned JSON; a result with files travels as a zip (result.json beside files/<hash>).
 */
import * as z from 'zod';
import { ruleSetSchema } from './ruleSet';
import { unit } from './entries';
import { attachment } from './attachment';

export const SELF_PACKAGE_TYPE = 'zwgk-self-assessment-package';
export const SELF_RESULT_TYPE = 'zwgk-self-assessment-result';
export const SELF_VERSION = 1;

const id = z.string().min(1).max(200);
const hash = z.string().regex(/^sha256:[0-9a-f]{64}$/, '应为 sha256: 加 64 位十六进制数字');

/** A leaf the unit scores itself on, with its place in the tree so the form reads like the scheme. */
export const selfIndicator = z.strictObject({
  key: z.string().min(1),
  name: z.string().min(1),
  max: z.number().finite().nonnegative(),
  /** names of its ancestors below the root, outermost first */
  path: z.array(z.string()),
});
export type SelfIndicator = z.infer<typeof selfIndicator>;

export const selfPackageSchema = z.strictObject({
  type: z.literal(SELF_PACKAGE_TYPE),
  schemaVersion: z.literal(SELF_VERSION),
  exportedAt: z.string(),
  exportedBy: z.string().optional(),
  assessment: z.strictObject({ id, name: z.string().min(1), year: z.number().int().min(2000).max(2100) }),
  group: z.strictObject({ key: z.string().min(1), name: z.string().min(1) }),
  /** contentHash() of the rule set: the result comes back pinned to it */
  ruleSetHash: hash,
  ruleSet: ruleSetSchema,
  unit,
  indicators: z.array(selfIndicator).min(1, '至少要有一项自评指标'),
});
export type SelfPackage = z.infer<typeof selfPackageSchema>;

/** One indicator as the unit assessed itself: points (absent: not scored yet) and what it says. */
export const selfItem = z.strictObject({
  node: z.string().min(1),
  score: z.number().finite().nonnegative().optional(),
  explanation: z.string().max(5000, '说明不超过 5000 字').optional(),
});
export type SelfItem = z.infer<typeof selfItem>;

export const selfResultSchema = z.strictObject({
  type: z.literal(SELF_RESULT_TYPE),
  schemaVersion: z.literal(SELF_VERSION),
  exportedAt: z.string(),
  exportedBy: z.string().optional(),
  assessmentId: id,
  unitId: id,
  unitName: z.string().min(1),
  ruleSetHash: hash,
  items: z.array(selfItem),
  /** supporting material; `ownerId` is the indicator's key */
  attachments: z.array(attachment).optional(),
});
export type SelfResult = z.infer<typeof selfResultSchema>;
