/**
 * A unit's self-assessment (自评) as a server document `self:<unitId>`: what the unit filled in on its
 * copy, the assessment and the rule set it is pinned to. The unit writes it in its own database; it
 * reaches the assessment's database through the unit databases' copying (unitDb.ts), where the office
 * reads it as a returned result. Its material files travel with it as the document's `files` and CouchDB
 * attachments (docs.ts, attachments.ts), each owned by the indicator's key as in a result file.
 */
import * as z from 'zod';
import { selfItem } from '../../model/selfAssessment';

export const selfDocData = z.strictObject({
  /** the office's assessment, not the unit's copy of it */
  assessmentId: z.string().min(1).max(200),
  unitId: z.string().min(1).max(200),
  ruleSetHash: z.string().regex(/^sha256:[0-9a-f]{64}$/, '应为 sha256: 加 64 位十六进制数字'),
  items: z.array(selfItem),
  updatedAt: z.string().min(1),
  updatedBy: z.string(),
});
export type SelfDocData = z.infer<typeof selfDocData>;

export const selfDocId = (unitId: string): string => `self:${unitId}`;
