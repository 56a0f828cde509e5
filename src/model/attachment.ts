/**
 * Evidence attached to a finding, a veto entry or an appeal: a file stored once by its content hash,
 * and each use of it by an owner (the finding's, entry's or appeal's id). Bundles carry the uses in an
 * optional `attachments` list and the bytes beside the JSON in a zip container.
 */
import * as z from 'zod';

/** "sha256:" and 64 lower-case hex digits: the file's name in storage and in the zip container. */
export const FILE_HASH = /^sha256:[0-9a-f]{64}$/;

/** Largest single file (10 MB): a full-page screenshot or a scanned letter, not a video. */
export const MAX_FILE_BYTES = 10 * 1024 * 1024;
/** Largest total of distinct files per assessment (500 MB): ~2,000 screenshots, well inside a browser's quota. */
export const MAX_ASSESSMENT_BYTES = 500 * 1024 * 1024;

/** Kinds of file accepted: screenshots and photos, and PDF documents. */
export const ATTACHMENT_TYPES = ['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'application/pdf'] as const;
export type AttachmentType = (typeof ATTACHMENT_TYPES)[number];

export const isImageType = (type: string): boolean => type.startsWith('image/');

export const attachment = z.strictObject({
  id: z.string().min(1).max(200),
  /** the finding id, veto entry id or appeal id the file belongs to */
  ownerId: z.string().min(1).max(200),
  hash: z.string().regex(FILE_HASH, '应为 sha256: 加 64 位十六进制数字'),
  name: z.string().min(1).max(255),
  type: z.enum(ATTACHMENT_TYPES),
  size: z.number().int().nonnegative().max(MAX_FILE_BYTES),
});
export type Attachment = z.infer<typeof attachment>;

/**
 * An attachment removed (a tombstone): carried in bundles so that a removal on one machine reaches the
 * others. Attachment ids are never reused, so a removal always comes after the add of the same id.
 */
export const attachmentRemoval = z.strictObject({
  id: z.string().min(1).max(200),
  ownerId: z.string().min(1).max(200),
  /** the unit the owner belonged to, when known: a unit's own bundle carries only its removals */
  unitId: z.string().min(1).max(200).optional(),
  /**
   * the assessor whose finding or veto entry held the file, when it was an assessor's: the server lets
   * an assessor record only removals that name themselves here
   */
  assessorId: z.string().min(1).max(200).optional(),
  hash: z.string().regex(FILE_HASH, '应为 sha256: 加 64 位十六进制数字'),
  name: z.string().min(1).max(255),
  removedAt: z.string().min(1),
  removedBy: z.string().min(1),
});
export type AttachmentRemoval = z.infer<typeof attachmentRemoval>;
