/**
 * Merging attachments and their removals. Attachment ids are never reused and an attachment never
 * changes, so the add and the removal of one id are ordered: the removal is always the newer, and wins
 * on either side (a removed attachment is not brought back by an older bundle). A removal that names
 * an attachment here with other bytes or another owner is not applied but reported.
 */
import type { Attachment, AttachmentRemoval } from '../model/attachment';

export interface AttachmentMergePlan {
  /** incoming attachments new here */
  add: Attachment[];
  /** attachments here that were removed on the other machine */
  remove: { local: Attachment; removal: AttachmentRemoval }[];
  /** removals to remember (applied or not yet met), so that they travel on */
  removalsToStore: AttachmentRemoval[];
  /** removals not applied: the attachment here is not the one removed */
  conflicts: { local: Attachment; removal: AttachmentRemoval }[];
}

export function planAttachmentMerge(
  local: { attachments: readonly Attachment[]; removals: readonly AttachmentRemoval[] },
  incoming: { attachments?: readonly Attachment[] | undefined; removals?: readonly AttachmentRemoval[] | undefined },
): AttachmentMergePlan {
  const plan: AttachmentMergePlan = { add: [], remove: [], removalsToStore: [], conflicts: [] };
  const here = new Map(local.attachments.map((a) => [a.id, a]));
  const gone = new Set(local.removals.map((r) => r.id));
  const removedThere = new Set<string>();
  for (const r of incoming.removals ?? []) {
    removedThere.add(r.id);
    if (gone.has(r.id)) continue;
    gone.add(r.id);
    const mine = here.get(r.id);
    if (mine && (mine.hash !== r.hash || mine.ownerId !== r.ownerId)) {
      plan.conflicts.push({ local: mine, removal: r });
      gone.delete(r.id);
      continue;
    }
    if (mine) plan.remove.push({ local: mine, removal: r });
    plan.removalsToStore.push(r);
  }
  for (const a of incoming.attachments ?? []) {
    if (here.has(a.id) || gone.has(a.id) || removedThere.has(a.id)) continue;
    here.set(a.id, a);
    plan.add.push(a);
  }
  return plan;
}
