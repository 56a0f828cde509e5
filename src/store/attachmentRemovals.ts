/**
 * Removed attachments remembered per assessment, so that removals travel in bundles. Database version 5
 * has no store of their own: they are kept as one list per assessment in `meta` (a few hundred rows at
 * most), written in the transaction of the removal, deleted with the assessment.
 */
import { attachmentRemoval, type AttachmentRemoval } from '../model/attachment';
import type { KaoheDb } from './database';

export const attachmentRemovalsKey = (assessmentId: string): string => `attachmentRemovals:${assessmentId}`;

/** The assessment's removals by id; rows that do not read as removals are left out. */
export async function loadAttachmentRemovals(db: KaoheDb, assessmentId: string): Promise<AttachmentRemoval[]> {
  const value = (await db.meta.get(attachmentRemovalsKey(assessmentId)))?.value;
  if (!Array.isArray(value)) return [];
  return value.flatMap((v) => {
    const parsed = attachmentRemoval.safeParse(v);
    return parsed.success ? [parsed.data] : [];
  });
}

/** Adds removals (an id already there keeps its first removal); call inside a transaction with `meta`. */
export async function storeAttachmentRemovals(db: KaoheDb, assessmentId: string, removals: readonly AttachmentRemoval[]): Promise<void> {
  if (removals.length === 0) return;
  const known = await loadAttachmentRemovals(db, assessmentId);
  const ids = new Set(known.map((r) => r.id));
  const added = removals.filter((r) => !ids.has(r.id) && ids.add(r.id));
  if (added.length === 0) return;
  const all = [...known, ...added].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  await db.meta.put({ key: attachmentRemovalsKey(assessmentId), value: all });
}

/**
 * Removals refused here whose refusal is already in the audit log, by removal: a refusal is logged once,
 * however often the same removal comes again (a refused removal is not kept, so every merge of the same
 * file, and every pull of its document, meets it anew).
 */
export const refusedRemovalsKey = (assessmentId: string): string => `refusedRemovals:${assessmentId}`;

const refusalKey = (r: AttachmentRemoval): string => [r.id, r.removedAt, r.assessorId ?? ''].join('|');

/** The removals among `removals` not logged as refused before, now remembered; call inside a transaction with `meta`. */
export async function newRefusals<T extends { removal: AttachmentRemoval }>(db: KaoheDb, assessmentId: string, refusals: readonly T[]): Promise<T[]> {
  if (refusals.length === 0) return [];
  const value = (await db.meta.get(refusedRemovalsKey(assessmentId)))?.value;
  const known = new Set(Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);
  const fresh = refusals.filter((c) => {
    const key = refusalKey(c.removal);
    return !known.has(key) && known.add(key);
  });
  if (fresh.length > 0) await db.meta.put({ key: refusedRemovalsKey(assessmentId), value: [...known].sort() });
  return fresh;
}
