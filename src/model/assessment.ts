/**
 * The assessment bundle: one JSON file that carries a whole assessment (or one assessor's sheets) between
 * machines. Versioned; rule sets travel with it and are pinned by content hash.
 */
import * as z from 'zod';
import { ruleSetSchema } from './ruleSet';
import { assessor, entryRemoval, scoreEntry, unit } from './entries';
import { appeal } from './appeal';
import { stage } from './stage';
import { attachment, attachmentRemoval } from './attachment';

export const BUNDLE_TYPE = 'zwgk-assessment-bundle';
/** the version files are written in; every earlier one is still read (src/formats/bundle.ts) */
export const BUNDLE_VERSION = 2;

export const assessmentGroup = z.strictObject({
  key: z.string().min(1),
  name: z.string().min(1),
  ruleSetId: z.string().min(1),
  /** contentHash() of the rule set the group is scored with */
  ruleSetHash: z.string().regex(/^sha256:[0-9a-f]{64}$/, 'a content hash "sha256:<64 hex>"'),
});

export const assessment = z.strictObject({
  id: z.string().min(1),
  name: z.string().min(1),
  year: z.number().int().min(2000).max(2100),
  status: z.enum(['open', 'locked']).default('open'),
  /** the year's stage (absent: follows from `status`, see model/stage.ts) */
  stage: stage.optional(),
  groups: z.array(assessmentGroup).min(1),
});
export type Assessment = z.infer<typeof assessment>;

export const bundleSchema = z.strictObject({
  type: z.literal(BUNDLE_TYPE),
  /** 1: entries as one list; 2: entries packed per unit × assessor in the file (read back as one list) */
  schemaVersion: z.literal([1, 2]),
  exportedAt: z.string(),
  exportedBy: z.string().optional(),
  /** "full": the whole assessment; "assessor": one assessor's sheets for merging */
  scope: z.discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('full') }),
    z.strictObject({ kind: z.literal('assessor'), assessorId: z.string().min(1) }),
  ]),
  assessment,
  ruleSets: z.array(ruleSetSchema).min(1),
  units: z.array(unit),
  assessors: z.array(assessor),
  entries: z.array(scoreEntry),
  /** entries deleted (absent: none); a deletion travels like an edit */
  removals: z.array(entryRemoval).optional(),
  /** units' appeals and their decisions (absent: none); they merge like entries, by revision */
  appeals: z.array(appeal).optional(),
  /** files attached to findings and veto entries (absent: none); the bytes travel in a zip container */
  attachments: z.array(attachment).optional(),
  /** attachments removed (absent: none): a removal travels like an add */
  attachmentRemovals: z.array(attachmentRemoval).optional(),
});
export type Bundle = z.infer<typeof bundleSchema>;
export type BundleInput = z.input<typeof bundleSchema>;
